"""Create the local Trove database: schema, datastores, versions.

Run with the Trove virtualenv's python:

    python -m local_trove.setup_db --config-file <state>/trove.conf

This runs trove-manage's own ``Commands`` (``db_sync``,
``datastore_update``, ``datastore_version_update``) in one process rather
than eight ``trove-manage`` invocations: each of those pays ~2 s of
imports, which alone would blow the 15 s ``start`` budget.

Exit status 0 on success; on failure a one-line reason on stderr, exit 1.
"""

import os
import sqlite3
import sys
import warnings

# eventlet announces its deprecation on import: noise in every log.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

# eventlet monkey patching first, as trove-manage does
import trove.cmd  # noqa: F401,E402

# name -> (manager, versions, default version); image ids are arbitrary
# (the fake glance accepts any id) but fixed, to keep listings stable.
DATASTORES = {
    # 5.6-104 is the version the user's spec (using the client
    # programmatically) creates its example instance with.
    'mysql': ('mysql', ['5.6-104', '5.7', '8.0'], '8.0'),
    'postgresql': ('postgresql', ['13'], '13'),
}
IMAGE_IDS = {
    ('mysql', '5.6-104'): '5a7f1c3e-0000-4000-8000-000000000056',
    ('mysql', '5.7'): '5a7f1c3e-0000-4000-8000-000000000057',
    ('mysql', '8.0'): '5a7f1c3e-0000-4000-8000-000000000080',
    ('postgresql', '13'): '5a7f1c3e-0000-4000-8000-000000000013',
}
# The only failure tolerated from db_sync: its last step (set nova tags
# on existing servers) needs nova >= 2.26, which the fake nova is not.
KNOWN_NOVA_TAGS_FAILURE = 'Minimal Nova API version 2.26 is required'


class SetupError(Exception):
    pass


def _sqlite_path(connection):
    prefix = 'sqlite:///'
    if not connection.startswith(prefix):
        raise SetupError('[database] connection must be sqlite: %s'
                         % connection)
    return connection[len(prefix):]


def enable_wal(path):
    """WAL journal: otherwise a read left open (GET /datastores) makes later
    writes fail with 'database is locked' (500).  Persistent in the file."""
    con = sqlite3.connect(path)
    try:
        mode = con.execute('PRAGMA journal_mode=WAL').fetchone()[0]
    finally:
        con.close()
    if mode.lower() != 'wal':
        raise SetupError('could not switch %s to WAL (got %s)' % (path, mode))


def db_sync(commands):
    try:
        commands.db_sync()
    except SystemExit as exc:
        if KNOWN_NOVA_TAGS_FAILURE not in str(exc):
            raise SetupError('trove-manage db_sync failed: %s' % exc)
        print('db_sync: schema complete; skipped the nova-tags upgrade task '
              '(the fake nova is not >= 2.26)')


def load_config_parameters(db_path, version_ids):
    """Load Trove's own configuration-parameter rules
    (``templates/<manager>/validation-rules.json``) for each datastore
    version, so configuration groups work (without rules: "Configuration
    groups are not supported for this datastore").

    The rows ``trove-manage db_load_datastore_config_parameters`` would
    write, but in one sqlite transaction: the command re-reflects the
    whole schema on every call (~1 s each), and binds min/max as integers,
    which overflows sqlite for MySQL's 2**64 - 4096 (the columns are
    strings)."""
    import json
    import uuid

    import trove
    rows = []
    for (manager, version_id) in version_ids:
        path = os.path.join(os.path.dirname(trove.__file__), 'templates',
                            manager, 'validation-rules.json')
        try:
            with open(path) as handle:
                rules = json.load(handle)['configuration-parameters']
        except (OSError, ValueError, KeyError) as exc:
            raise SetupError('cannot read %s: %s' % (path, exc))
        for rule in rules:
            rows.append((
                str(uuid.uuid4()), rule['name'], version_id,
                1 if rule.get('restart_required') else 0,
                None if rule.get('max') is None else str(rule['max']),
                None if rule.get('min') is None else str(rule['min']),
                rule['type']))
    con = sqlite3.connect(db_path, timeout=30)
    try:
        with con:
            con.executemany(
                'INSERT INTO datastore_configuration_parameters (id, name, '
                'datastore_version_id, restart_required, max_size, '
                'min_size, data_type) VALUES (?, ?, ?, ?, ?, ?, ?)', rows)
    finally:
        con.close()
    return len(rows)


def register_datastores(commands):
    """trove-manage datastore_update / datastore_version_update; returns
    [(manager, version id)]."""
    from trove.datastore import models

    version_ids = []
    for name, (manager, versions, default) in DATASTORES.items():
        commands.datastore_update(name, '')
        for version in versions:
            commands.datastore_version_update(
                name, version, manager, IMAGE_IDS[(name, version)],
                '', 1, None, None)
        commands.datastore_update(name, default)
        # trove-manage prints and swallows errors: check the result.
        datastore = models.Datastore.load(name)
        default_version = models.DatastoreVersion.load_by_uuid(
            datastore.default_version_id)
        if default_version.name != default:
            raise SetupError('datastore %s: default version is %s, not %s'
                             % (name, default_version.name, default))
        for version in versions:
            ds_version = models.DatastoreVersion.load(datastore, version)
            version_ids.append((manager, ds_version.id))
    return version_ids


def main():
    from oslo_log import log as logging
    from trove.cmd import manage
    from trove.common import cfg

    from local_trove import compat

    conf = cfg.CONF
    compat.register_opts(conf)
    cfg.parse_args(sys.argv)
    logging.setup(conf, None)
    compat.apply(conf)
    try:
        db_path = _sqlite_path(conf.database.connection)
        enable_wal(db_path)
        commands = manage.Commands()
        db_sync(commands)
        version_ids = register_datastores(commands)
        count = load_config_parameters(db_path, version_ids)
    except SetupError as exc:
        sys.stderr.write('setup failed: %s\n' % exc)
        return 1
    print('database ready: datastores %s; %d configuration parameters'
          % (', '.join('%s %s (default %s)' % (n, '/'.join(v), d)
                       for n, (_m, v, d) in DATASTORES.items()), count))
    return 0


if __name__ == '__main__':
    sys.exit(main())
