"""The Trove API server of the local cloud: its database set-up and its
process (``local_trove.launcher``, in Trove's virtualenv)."""

import contextlib
import os
import shutil
import time
from pathlib import Path

from local_trove import identity
from local_trove import processes
from local_trove import settings
from local_trove.settings import Failure

SETUP_TIMEOUT = 180         # seconds for schema + datastores
START_TIMEOUT = 60          # seconds for the API to answer


def fresh_state(cfg):
    """Fake servers, volumes and guests live in Trove's process memory: a
    kept database would show ghosts. Wipe Trove's and Keystone's state;
    keep the previous logs as ``*.1``."""
    cfg.state.mkdir(parents=True, exist_ok=True)
    for db in (cfg.db, cfg.keystone_db):
        for suffix in ('', '-wal', '-shm', '-journal'):
            with contextlib.suppress(FileNotFoundError):
                Path(str(db) + suffix).unlink()
    for keys in identity.TEMPLATE_FILES[1:]:
        shutil.rmtree(cfg.state / keys, ignore_errors=True)
    for log in (cfg.trove_log, cfg.keystone_log, cfg.setup_log):
        if log.exists():
            os.replace(log, str(log) + '.1')


def setup_database(cfg, venv, env):
    """Schema, datastores and configuration parameters, in one process
    (``local_trove.setup_db``)."""
    processes.run_logged(
        [venv.python, '-m', 'local_trove.setup_db', '--config-file',
         cfg.trove_conf], cfg.setup_log, env, cfg.state, SETUP_TIMEOUT,
        'Database setup (trove-manage db_sync and datastores)')


def start(cfg, venv, env):
    return processes.spawn(cfg, 'trove', [
        str(venv.python), '-m', 'local_trove.launcher', '--config-file',
        str(cfg.trove_conf)], cfg.trove_log, env)


def healthy(cfg, token=None, project_id=None):
    """API up, the token validated at Keystone, database readable, fake
    nova answering."""
    if token is None:
        user, project, _role, password = settings.DEMO
        token, project_id = identity.sign_in(cfg, user, project, password)
        if token is None:
            return False
    status, _headers, body = identity.request(
        'GET', '%s/%s/flavors' % (cfg.trove_url, project_id), token=token,
        timeout=5.0)
    if status != 200 or not isinstance(body, dict):
        return False
    return {'1', '2'} <= {f.get('str_id') for f in body.get('flavors', [])}


def wait_until_up(cfg, proc):
    user, project, _role, password = settings.DEMO
    token, project_id = identity.sign_in(cfg, user, project, password)
    if token is None:
        raise Failure('user %s cannot sign in to the local Keystone; see %s'
                      % (user, cfg.keystone_log))
    deadline = time.monotonic() + START_TIMEOUT
    while not healthy(cfg, token, project_id):
        rc = proc.poll()
        if rc is not None:
            raise Failure('The Trove API exited (status %s) during start-up. '
                          'Last lines of %s:\n%s'
                          % (rc, cfg.trove_log, processes.tail(cfg.trove_log)))
        if time.monotonic() > deadline:
            raise Failure('The Trove API did not answer within %d s. '
                          'See %s:\n%s' % (START_TIMEOUT, cfg.trove_log,
                                           processes.tail(cfg.trove_log)))
        time.sleep(0.1)
