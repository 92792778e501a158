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

import trove.cmd  # noqa: F401  (eventlet monkey patching, as trove-manage)

# name -> (manager, versions, default version); image ids are arbitrary
# (the fake glance accepts any id) but fixed, to keep listings stable.
DATASTORES = {
    'mysql': ('mysql', ['5.7', '8.0'], '8.0'),
    'postgresql': ('postgresql', ['13'], '13'),
}
IMAGE_IDS = {
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


SQLITE_INT_MAX = 2 ** 63 - 1


def _validation_rules(manager, out_dir):
    """Trove's own configuration-parameter rules for a manager, with
    min/max clamped to sqlite's INTEGER range (MySQL's rules contain
    2**64 - 4096, which sqlite rejects)."""
    import json

    import trove
    path = os.path.join(os.path.dirname(trove.__file__), 'templates',
                        manager, 'validation-rules.json')
    try:
        with open(path) as handle:
            rules = json.load(handle)
    except (OSError, ValueError) as exc:
        raise SetupError('cannot read %s: %s' % (path, exc))
    for rule in rules.get('configuration-parameters', []):
        for key in ('min', 'max'):
            if isinstance(rule.get(key), int):
                rule[key] = max(-SQLITE_INT_MAX,
                                min(rule[key], SQLITE_INT_MAX))
    out = os.path.join(out_dir, 'validation-rules-%s.json' % manager)
    with open(out, 'w') as handle:
        json.dump(rules, handle, indent=1)
    return out


def register_datastores(commands, state_dir):
    from trove.configuration import models as config_models
    from trove.datastore import models

    for name, (manager, versions, default) in DATASTORES.items():
        commands.datastore_update(name, '')
        for version in versions:
            commands.datastore_version_update(
                name, version, manager, IMAGE_IDS[(name, version)],
                '', 1, None, None)
            # Configuration groups need the parameter rules loaded,
            # otherwise "Configuration groups are not supported".
            commands.db_load_datastore_config_parameters(
                name, version, _validation_rules(manager, state_dir))
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
            params = config_models.DatastoreConfigurationParameters \
                .load_parameters(ds_version.id)
            if not list(params):
                raise SetupError('no configuration parameters for %s %s'
                                 % (name, version))


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
        register_datastores(commands, os.path.dirname(db_path))
    except SetupError as exc:
        sys.stderr.write('setup failed: %s\n' % exc)
        return 1
    print('database ready: datastores %s' % ', '.join(
        '%s %s (default %s)' % (n, '/'.join(v), d)
        for n, (_m, v, d) in DATASTORES.items()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
