"""Fixtures of the coexistence tests: the real ``openstack`` with
python-troveclient 8.11.0 installed next to troveclient-osc, each order of
their entry points.

Every test in this directory is marked ``coexistence`` (``-m 'not
coexistence'`` leaves them out). The virtualenv (see venv.py) is built on
first use, from PyPI, and cached; the tests that talk to a cloud use the
local Trove. When either is missing the tests are skipped, unless
``TROVECLIENT_OSC_FUNCTIONAL=required`` (set by ``tools/run-tests`` and so
by CI), where that is a failure.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.coexistence import venv

HERE = Path(__file__).resolve().parent
LOCAL_TROVE = venv.REPO / 'tools' / 'local-trove'
RUN_TIMEOUT = 120           # seconds for one openstack command
# Building the virtualenv happens in the first test's setup.
BUILD_TIMEOUT = 2 * venv.INSTALL_TIMEOUT

# Which package's entry points are found first: the directory of each on
# PYTHONPATH, in that order.
ORDERS = {
    'troveclient-osc-first': ('ours', 'theirs'),
    'python-troveclient-first': ('theirs', 'ours'),
}
# python-troveclient without troveclient-osc: what its users have today,
# for the comparisons of what the commands print.
THEIRS_ALONE = 'python-troveclient-alone'
PACKAGES = dict(ORDERS, **{THEIRS_ALONE: ('theirs',)})
PLUGIN_MODULES = {'ours': 'troveclient_osc.plugin',
                  'theirs': 'troveclient.osc.plugin'}


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.coexistence)
            item.add_marker(pytest.mark.timeout(BUILD_TIMEOUT))


def _unavailable(why):
    if os.environ.get('TROVECLIENT_OSC_FUNCTIONAL') == 'required':
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope='session')
def coexist_venv():
    """(venv.Layout, troveclient-osc's directory) for this working tree."""
    try:
        layout = venv.ensure_venv(say=lambda msg: print(msg, file=sys.stderr))
        return layout, venv.ensure_ours(layout)
    except (venv.Failure, OSError) as exc:
        _unavailable('the coexistence virtualenv could not be built: %s'
                     % exc)


# The probe runs in the coexistence virtualenv, with a test's PYTHONPATH:
# which database plugin modules OpenStackClient loaded, in its order, and
# the options of every implementation of the given commands.
_PROBE = r'''
import json, sys
from importlib import metadata
from openstackclient.common import clientmanager

plugins = [[m.__name__, m.__file__] for m in clientmanager.PLUGIN_MODULES
           if m.API_NAME == 'database']
options = {}
for group in ('openstack.database.v1', 'openstack.extension'):
    for ep in metadata.entry_points(group=group):
        if ep.name not in sys.argv[1:]:
            continue
        cls = ep.load()
        parser = cls(None, None).get_parser('openstack')
        options.setdefault(ep.name, {})[ep.module.split('.')[0]] = sorted(
            s for a in parser._actions for s in a.option_strings)
print(json.dumps({'plugins': plugins, 'options': options}))
'''


class Openstack:
    """The coexistence virtualenv's ``openstack``, one entry-point order."""

    def __init__(self, layout, ours, order, home):
        self.layout = layout
        self.order = order
        dirs = {'ours': str(ours), 'theirs': str(layout.theirs)}
        # {plugin module: the directory it must come from}, in the order
        # OpenStackClient must load them.
        self.expected_plugins = {PLUGIN_MODULES[who]: dirs[who]
                                 for who in PACKAGES[order]}
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(('OS_', 'PYTHON', 'VIRTUAL_ENV'))}
        home.mkdir(parents=True, exist_ok=True)
        env.update(
            PYTHONPATH=os.pathsep.join(dirs[who]
                                       for who in PACKAGES[order]),
            # No clouds.yaml of the user's, and stevedore's entry-point cache
            # (keyed by sys.path) of this session only.
            HOME=str(home), XDG_CACHE_HOME=str(home / 'cache'),
            XDG_CONFIG_HOME=str(home / 'config'), COLUMNS='200')
        self.env = env
        # Not the repository: ``python -c`` would import troveclient_osc
        # from the current directory.
        self.cwd = str(home)

    def __call__(self, *args, cloud=None, env=None):
        return self.run_all({None: args}, cloud=cloud, env=env)[None]

    def run_all(self, commands, cloud=None, env=None):
        """{key: CompletedProcess} for {key: openstack arguments}, run at
        the same time (each one is mostly OpenStackClient starting).

        ``cloud``: the local Trove's clouds.yaml and cloud (``local_cloud``);
        ``env``: variables to set besides (``OS_*`` of another project).
        """
        env = dict(self.env, **(env or {}))
        if cloud is not None:
            env.update(OS_CLIENT_CONFIG_FILE=cloud['clouds_yaml'],
                       OS_CLOUD=cloud['cloud'])
        started = {}
        try:
            for key, args in commands.items():
                argv = [str(self.layout.openstack)] + list(args)
                started[key] = (argv, subprocess.Popen(
                    argv, env=env, cwd=self.cwd, text=True,
                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE))
            done = {}
            for key, (argv, process) in started.items():
                out, err = process.communicate(timeout=RUN_TIMEOUT)
                done[key] = subprocess.CompletedProcess(
                    argv, process.returncode, out, err)
            return done
        finally:
            for _argv, process in started.values():
                if process.poll() is None:
                    process.kill()
                    process.wait()

    def probe(self, *command_names):
        done = subprocess.run(
            [str(self.layout.python), '-c', _PROBE] + list(command_names),
            env=self.env, cwd=self.cwd, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=RUN_TIMEOUT)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


@pytest.fixture(scope='module', params=sorted(ORDERS))
def openstack(request, coexist_venv, tmp_path_factory):
    layout, ours = coexist_venv
    return Openstack(layout, ours, request.param,
                     tmp_path_factory.mktemp('home-' + request.param))


@pytest.fixture(scope='module')
def theirs_alone(coexist_venv, tmp_path_factory):
    """python-troveclient's ``openstack``, without troveclient-osc."""
    layout, ours = coexist_venv
    return Openstack(layout, ours, THEIRS_ALONE,
                     tmp_path_factory.mktemp('home-' + THEIRS_ALONE))


@pytest.fixture(scope='session')
def local_cloud():
    """What ``tools/local-trove env --json`` says about the local Trove."""
    try:
        info = json.loads(subprocess.run(
            [sys.executable, str(LOCAL_TROVE), 'env', '--json'],
            capture_output=True, text=True, timeout=30, check=True).stdout)
        status = subprocess.run([sys.executable, str(LOCAL_TROVE), 'status'],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        _unavailable('tools/local-trove env failed: %s' % exc)
    if status.returncode != 0:
        _unavailable('the local Trove is not running (tools/local-trove '
                     'start): %s' % (status.stdout + status.stderr).strip())
    return info
