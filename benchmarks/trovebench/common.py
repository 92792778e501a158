"""What every module of the benchmark shares."""

import os
import sys
from pathlib import Path

THEIRS = 'python-troveclient==8.11.0'
OSC = 'python-openstackclient'
PAGE = 20                       # Trove's instances_page_size
REPO = Path(__file__).resolve().parent.parent.parent
sys.path.append(str(REPO / 'tools'))
import cached_venv  # noqa: E402  (tools/cached_venv.py)
WHO = ('ours', 'theirs')
LABEL = {'ours': 'troveclient-osc', 'theirs': 'python-troveclient'}


class Failure(Exception):
    """Stops the benchmark with one clear message."""


def say(message=''):
    print(message, flush=True)


#: Where the virtualenvs and the results are kept.
cache_dir = cached_venv.cache_dir


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
