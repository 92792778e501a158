"""The real ``openstack``, python-troveclient 8.11.0 installed too, in each
order of the two packages' entry points (the ``openstack`` fixture).

Every ``openstack`` command starts; ``database instance``/``flavor`` and
``datastore`` commands are troveclient-osc's; python-troveclient's other
commands still work, with python-troveclient's client; no traceback and
no warning on stderr.
"""

import json
import re
from pathlib import Path

import pytest

OPTION = '--os-database-api-version'
OURS = ('database_instance_list', 'datastore_list')
THEIRS_ONLY = 'database_backup_list'
_WARNING = re.compile(r'warn', re.IGNORECASE)


def assert_clean(done):
    """Exit 0 and nothing alarming on stderr: no traceback, no warning."""
    assert done.returncode == 0, done.stderr
    assert 'Traceback' not in done.stderr, done.stderr
    warnings = [line for line in done.stderr.splitlines()
                if _WARNING.search(line)]
    assert warnings == [], done.stderr


def _words(name):
    return name.split('_')


def _listed(option, text):
    return re.search(r'(?<![\w-])%s(?![\w-])' % re.escape(option), text)


@pytest.fixture(scope='module')
def probe(openstack):
    return openstack.probe(*(OURS + (THEIRS_ONLY,)))


@pytest.fixture(scope='module')
def helps(openstack):
    """What ``openstack --help`` and a few commands' ``--help`` did."""
    commands = {name: _words(name) + ['--help']
                for name in OURS + (THEIRS_ONLY, 'server_list')}
    commands[None] = ['--help']
    return openstack.run_all(commands)


@pytest.fixture(scope='module')
def listings(openstack, local_cloud):
    """Our listings with --long, which python-troveclient's commands would
    refuse (exit 2), and python-troveclient's backup list, all against the
    local Trove."""
    commands = {name: _words(name) + ['--long', '-f', 'json']
                for name in OURS}
    commands[THEIRS_ONLY] = _words(THEIRS_ONLY) + ['-f', 'json']
    return openstack.run_all(commands, cloud=local_cloud)


def test_the_order_is_the_one_asked_for(openstack, probe):
    """OpenStackClient loads the two plugin modules in the order of
    PYTHONPATH, each from its own directory."""
    expected = openstack.expected_plugins
    assert [name for name, _file in probe['plugins']] == list(expected)
    for name, file in probe['plugins']:
        assert Path(expected[name]) in Path(file).parents, file


def test_openstack_help_starts(helps):
    done = helps[None]
    assert_clean(done)
    assert len(re.findall(r'(?m)^\s+%s ' % OPTION, done.stdout)) == 1
    for name in OURS + (THEIRS_ONLY, 'server_list'):
        assert ' '.join(_words(name)) in done.stdout, name


def test_a_command_of_another_service_starts(helps):
    done = helps['server_list']
    assert_clean(done)
    assert done.stdout.startswith('usage: openstack server list')


@pytest.mark.parametrize('name', OURS)
def test_our_command_is_the_one_that_runs(helps, probe, name):
    options = probe['options'][name]
    ours_only = set(options['troveclient_osc']) - set(options['troveclient'])
    assert ours_only, 'the two %s commands take the same options' % name
    done = helps[name]
    assert_clean(done)
    assert [option for option in sorted(ours_only)
            if not _listed(option, done.stdout)] == []
    theirs_only = set(options['troveclient']) - set(options['troveclient_osc'])
    assert [option for option in sorted(theirs_only)
            if _listed(option, done.stdout)] == []


def test_their_command_still_starts(helps, probe):
    done = helps[THEIRS_ONLY]
    assert_clean(done)
    assert done.stdout.startswith('usage: openstack database backup list')
    assert list(probe['options'][THEIRS_ONLY]) == ['troveclient']
    options = probe['options'][THEIRS_ONLY]['troveclient']
    assert [option for option in options
            if not _listed(option, done.stdout)] == []


# -- against the local Trove -------------------------------------------------

@pytest.mark.parametrize('name', OURS)
def test_our_command_lists_from_the_local_trove(listings, probe, name):
    options = probe['options'][name]
    assert '--long' in options['troveclient_osc']
    assert '--long' not in options['troveclient']
    done = listings[name]
    assert_clean(done)
    assert isinstance(json.loads(done.stdout), list)
    if name == 'datastore_list':
        assert json.loads(done.stdout) != []


def test_their_command_uses_their_client_on_the_local_trove(listings):
    done = listings[THEIRS_ONLY]
    assert_clean(done)
    assert isinstance(json.loads(done.stdout), list)


# Every command both packages have: python-troveclient 8.11.0's names.
SHARED = (
    'database_flavor_list', 'database_flavor_show',
    'database_instance_create', 'database_instance_delete',
    'database_instance_detach', 'database_instance_eject',
    'database_instance_force_delete', 'database_instance_list',
    'database_instance_promote', 'database_instance_reboot',
    'database_instance_rebuild', 'database_instance_reset_status',
    'database_instance_resize_flavor', 'database_instance_resize_volume',
    'database_instance_restart', 'database_instance_show',
    'database_instance_update', 'database_instance_upgrade',
    'datastore_delete', 'datastore_list', 'datastore_show',
    'datastore_version_create', 'datastore_version_delete',
    'datastore_version_list', 'datastore_version_set',
    'datastore_version_show')


def test_every_option_of_python_troveclient_is_accepted(openstack):
    # Issue 21 item 4: its spellings keep working (hidden where they are
    # not ours), e.g. --include_clustered and --detach_replica_source.
    options = openstack.probe(*SHARED)['options']
    assert sorted(options) == sorted(SHARED)
    missing = {name: sorted(set(found['troveclient']) -
                            set(found['troveclient_osc']))
               for name, found in options.items()}
    assert {name: gone for name, gone in missing.items() if gone} == {}
