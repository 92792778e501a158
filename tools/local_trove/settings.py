"""Where the local cloud keeps its things, which ports it uses, and the
small helpers every part of ``tools/local-trove`` shares.

Standard library only: ``tools/local-trove`` runs with the system python.
"""

import contextlib
import fcntl
import json
import os
from pathlib import Path

import cached_venv

KEYSTONE_REQUIREMENTS = ('keystone==30.0.0', 'gunicorn==27.0.1')
DEFAULT_TROVE_PORT = 8779
DEFAULT_KEYSTONE_PORT = 5000
REGION = 'RegionOne'
#: The spec's region; the catalog has the database endpoint there too.
OTHER_REGION = 'EAST'

#: The users ``start`` provisions: (user, project, role, password).
DEMO = ('demo', 'demo', 'member', 'local-password')
ADMIN = ('admin', 'admin', 'admin', 'local-password')
TROVE_SERVICE = ('trove', 'service', 'service', 'local-service-password')

TOOLS_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = TOOLS_DIR.parent
#: Each older release's upper-constraints.txt from openstack/requirements,
#: unchanged (see constraints/README.rst).
CONSTRAINTS_DIR = Path(__file__).resolve().parent / 'constraints'


class Release:
    """A Trove release the local cloud can run: its trove version, the
    Python it runs on and the packages besides trove it needs.

    An older release is installed with its OpenStack release's
    upper-constraints (the library versions it was tested with): without
    them pip picks today's libraries (SQLAlchemy 2.1, oslo.context 6.5,
    ...) and an old trove breaks.
    """

    def __init__(self, name, trove, python=None, extras=()):
        self.name = name            # the OpenStack release, '2024.1'
        self.trove = trove          # '21.1.0'
        self.python = python        # '3.11'; None: the python we run with
        self.extras = tuple(extras)

    @property
    def newest(self):
        return self is RELEASES[NEWEST]

    @property
    def constraints(self):
        """The upper-constraints file, or None for the newest release."""
        if self.newest:
            return None
        return CONSTRAINTS_DIR / ('upper-constraints-%s.txt' % self.name)

    @property
    def requirements(self):
        return ('trove==%s' % self.trove,) + self.extras

    @property
    def venv_name(self):
        """``trove`` for the newest (its cache is ``trove-venv``), else
        ``trove-<release>``."""
        return 'trove' if self.newest else 'trove-%s' % self.name

    def __str__(self):
        return 'Trove %s (OpenStack %s)' % (self.trove, self.name)


#: The releases, oldest first. 2023.1's fake guest agent imports
#: trove.tests.util, which imports proboscis and tenacity (test
#: requirements of trove, pinned in its constraints).
RELEASES = {release.name: release for release in (
    Release('2023.1', '19.0.1', '3.10', extras=('proboscis', 'tenacity')),
    Release('2024.1', '21.1.0', '3.11'),
    Release('2025.1', '23.1.0', '3.11'),
    Release('2026.1', '25.1.0', '3.12'),
    Release('2026.2', '26.0.0'),
)}
#: What ``start`` runs unless TROVE_LOCAL_TROVE_RELEASE says otherwise.
NEWEST = '2026.2'


def release_from_env():
    """The release TROVE_LOCAL_TROVE_RELEASE names (an OpenStack release
    or a trove version), else the newest."""
    wanted = os.environ.get('TROVE_LOCAL_TROVE_RELEASE', '').strip()
    if not wanted:
        return RELEASES[NEWEST]
    for release in RELEASES.values():
        if wanted in (release.name, release.trove):
            return release
    raise Failure('TROVE_LOCAL_TROVE_RELEASE=%r is not a release this tool '
                  'can run; use one of %s (or the trove version: %s)'
                  % (wanted, ', '.join(RELEASES),
                     ', '.join(r.trove for r in RELEASES.values())))


class Failure(Exception):
    """An expected failure: printed as one clear message, exit 1."""


def say(msg=''):
    print(msg, flush=True)


def me():
    """How the user ran us, for the hints we print."""
    try:
        return os.path.relpath(TOOLS_DIR / 'local-trove')
    except ValueError:
        return str(TOOLS_DIR / 'local-trove')


def read_json(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def file_lock(path, what):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, 'w') as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say('Waiting for another local-trove %s to finish...' % what)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _port_from_env(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise Failure('%s=%r is not a TCP port number' % (name, value))
    return port


class Settings:
    """Paths, ports and switches, from the environment."""

    def __init__(self):
        self.cache = cached_venv.cache_dir()
        state = os.environ.get('TROVE_LOCAL_STATE')
        self.state = (Path(state).expanduser().resolve() if state
                      else REPO_DIR / '.local-trove')
        s = self.state
        self.trove_conf = s / 'trove.conf'
        self.paste_ini = s / 'api-paste.ini'
        self.db = s / 'trove.sqlite'
        self.keystone_conf = s / 'keystone.conf'
        self.keystone_db = s / 'keystone.sqlite'
        self.clouds_yaml = s / 'clouds.yaml'
        self.trove_log = s / 'trove.log'
        self.keystone_log = s / 'keystone.log'
        self.setup_log = s / 'setup.log'
        self.state_json = s / 'state.json'
        self.lock = s / '.lock'

        self.trove_port = _port_from_env('TROVE_LOCAL_TROVE_PORT',
                                         DEFAULT_TROVE_PORT)
        self.keystone_port = _port_from_env('TROVE_LOCAL_KEYSTONE_PORT',
                                            DEFAULT_KEYSTONE_PORT)
        self.release = release_from_env()
        # The catalog's database URL, when something (the benchmark's
        # counting proxy) stands in front of Trove.
        self.catalog_trove_url = os.environ.get(
            'TROVE_LOCAL_CATALOG_TROVE_URL', '')
        self.debug = os.environ.get('TROVE_LOCAL_DEBUG', '') not in (
            '', '0', 'false', 'no')
        # Seconds Trove's keystonemiddleware trusts a token it validated:
        # short, so that a revoked token is refused soon after.
        self.token_cache_time = os.environ.get(
            'TROVE_LOCAL_TOKEN_CACHE_TIME', '2')

    def pid_file(self, name):
        return self.state / ('%s.pid' % name)

    def use_recorded_ports(self):
        """While running, the ports and the release it runs win over the
        environment."""
        recorded = read_json(self.state_json)
        if recorded:
            self.trove_port = recorded.get('trove_port', self.trove_port)
            self.keystone_port = recorded.get('keystone_port',
                                              self.keystone_port)
            # (state files of before the release was recorded: the newest)
            self.release = RELEASES.get(recorded.get('trove_release'),
                                        RELEASES[NEWEST])

    @property
    def keystone_url(self):
        return 'http://127.0.0.1:%d' % self.keystone_port

    @property
    def auth_url(self):
        return self.keystone_url + '/v3'

    @property
    def trove_url(self):
        return 'http://127.0.0.1:%d/v1.0' % self.trove_port

    @property
    def catalog_database_url(self):
        """The database endpoint in the catalog, before Keystone puts the
        project ID in."""
        base = (self.catalog_trove_url or self.trove_url).rstrip('/')
        return base + '/$(tenant_id)s'
