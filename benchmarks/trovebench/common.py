"""What every module of the benchmark shares."""

import os
from pathlib import Path

THEIRS = 'python-troveclient==8.11.0'
OSC = 'python-openstackclient'
PAGE = 20                       # Trove's instances_page_size
REPO = Path(__file__).resolve().parent.parent.parent
WHO = ('ours', 'theirs')
LABEL = {'ours': 'troveclient-osc', 'theirs': 'python-troveclient'}


class Failure(Exception):
    """Stops the benchmark with one clear message."""


def say(message=''):
    print(message, flush=True)


def cache_dir():
    """Where the virtualenvs and the results are kept."""
    cache = os.environ.get('TROVECLIENT_OSC_CACHE')
    return (Path(cache).expanduser() if cache
            else Path.home() / '.cache' / 'troveclient-osc')


def clean_env(**extra):
    """The environment of every child: no OS_*, PYTHON* or proxy settings
    of the caller's, so both clients run under the same conditions."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('OS_', 'PYTHON', 'VIRTUAL_ENV'))
           and k.lower() not in ('http_proxy', 'https_proxy', 'all_proxy',
                                 'no_proxy')}
    env['NO_PROXY'] = env['no_proxy'] = '127.0.0.1,localhost'
    env.update(extra)
    return env
