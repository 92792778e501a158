"""Where the local cloud keeps its things, which ports it uses, and the
small helpers every part of ``tools/local-trove`` shares.

Standard library only: ``tools/local-trove`` runs with the system python.
"""

import contextlib
import fcntl
import json
import os
from pathlib import Path

TROVE_REQUIREMENTS = ('trove==26.0.0',)
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
        cache = os.environ.get('TROVECLIENT_OSC_CACHE')
        self.cache = Path(cache).expanduser() if cache else (
            Path.home() / '.cache' / 'troveclient-osc')
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
        """While running, the ports it runs on win over the environment."""
        recorded = read_json(self.state_json)
        if recorded:
            self.trove_port = recorded.get('trove_port', self.trove_port)
            self.keystone_port = recorded.get('keystone_port',
                                              self.keystone_port)

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
