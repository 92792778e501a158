"""``openstack database flavor ...`` and ``openstack datastore ...``.

The local Trove has the fake nova's flavors (``1`` to ``12`` and
``custom``) and the datastores ``mysql`` (5.6-104, 5.7, 8.0; default 8.0)
and ``postgresql`` (13). Other people's throwaway datastores may come and
go while these run, so lists are checked for what must be in them.
"""

import json
import re

import pytest

from tests.functional import utils

FLAVOR_HEADERS = ['ID', 'Name', 'RAM', 'vCPUs', 'Disk', 'Ephemeral']
# python-troveclient's IDs: Trove's numbers, else the string
FLAVOR_IDS = list(range(1, 13)) + ['custom']
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                  r'[0-9a-f]{12}$')
IMAGE = '7d3b5f7c-0000-4000-8000-00000000abcd'


@pytest.fixture(scope='module')
def ids(local_trove):
    """The IDs of mysql, its 5.7 and postgresql 13 (new on every start)."""
    project = utils.new_project(local_trove)
    client = utils.Cloud(local_trove, project).client
    return {
        'mysql': client.datastores.find('mysql').id,
        'mysql 5.7': client.datastore_versions.find('5.7',
                                                    datastore='mysql').id,
        'mysql 8.0': client.datastore_versions.find('8.0',
                                                    datastore='mysql').id,
        'postgresql 13': client.datastore_versions.find(
            '13', datastore='postgresql').id,
    }


def test_flavor_list_and_its_datastore_filters(cloud, ids):
    plain, by_store, by_version, by_version_id = cloud.run_many(
        ('database', 'flavor', 'list', '-f', 'json'),
        # python-troveclient's option names, then ours
        ('database', 'flavor', 'list', '--datastore-type', 'mysql', '-f',
         'json'),
        ('--debug', 'database', 'flavor', 'list', '--datastore', 'mysql',
         '--datastore-version', '5.7', '-f', 'json'),
        ('database', 'flavor', 'list', '--datastore-version-id',
         ids['postgresql 13'], '-f', 'json'))

    rows = json.loads(plain.stdout)
    assert [row['ID'] for row in rows] == FLAVOR_IDS
    for row in rows:
        assert list(row) == FLAVOR_HEADERS
    assert rows[0] == {'ID': 1, 'Name': 'm1.tiny', 'RAM': 512,
                       'vCPUs': 10, 'Disk': 0, 'Ephemeral': 0}
    # the fake nova lets every flavor serve every version
    for proc in (by_store, by_version, by_version_id):
        assert json.loads(proc.stdout) == rows
    # ... but the filtered lists did ask the datastore version
    assert ('command: database flavor list -> '
            'troveclient_osc.osc.v1.flavors.ListDatabaseFlavors'
            in by_version.stderr)
    assert ('GET %s/%s/datastores/%s/versions/%s/flavors'
            % (cloud.info['trove_url'], cloud.project_id, ids['mysql'],
               ids['mysql 5.7'])) in by_version.stderr


def test_flavor_show_by_name_and_by_id(cloud):
    by_name, by_id, custom = cloud.json_many(
        ('database', 'flavor', 'show', 'm1.small'),
        ('database', 'flavor', 'show', '2'),
        ('database', 'flavor', 'show', 'custom'))

    assert by_name == by_id == {'id': 2, 'name': 'm1.small', 'ram': 2048,
                                'vcpus': 10, 'disk': 20, 'ephemeral': 0,
                                'local_storage': ''}
    assert custom['id'] == 'custom'
    assert custom['name'] == 'custom.small'


def test_datastore_and_version_list_and_show(cloud, ids):
    (listed, long_listed, shown, versions, long_versions, version,
     version_by_id) = cloud.json_many(
        ('datastore', 'list'),
        ('datastore', 'list', '--long'),
        ('datastore', 'show', 'mysql'),
        ('datastore', 'version', 'list', 'mysql'),
        ('datastore', 'version', 'list', ids['mysql'], '--long'),
        ('datastore', 'version', 'show', '5.7', '--datastore', 'mysql'),
        ('datastore', 'version', 'show', ids['mysql 5.7']))

    by_name = {row['Name']: row for row in listed}
    assert by_name['mysql'] == {'ID': ids['mysql'], 'Name': 'mysql'}
    assert 'postgresql' in by_name
    for row in listed:
        assert list(row) == ['ID', 'Name']
    mysql = {row['Name']: row for row in long_listed}['mysql']
    assert list(mysql) == ['ID', 'Name', 'Default Version', 'Versions']
    assert mysql['Default Version'] == '8.0'
    assert [v['name'] for v in mysql['Versions']] == ['5.6-104', '5.7',
                                                      '8.0']
    assert all(UUID.match(v['id']) for v in mysql['Versions'])

    assert shown['id'] == ids['mysql']
    assert shown['name'] == 'mysql'
    assert shown['default_version'] == '8.0'
    assert shown['default_version_id'] == ids['mysql 8.0']
    assert shown['versions'] == mysql['Versions']

    assert versions == [{'ID': v['id'], 'Name': v['name'],
                         'Version': v['version']}
                        for v in mysql['Versions']]
    assert [list(row) for row in long_versions] == [
        ['ID', 'Name', 'Version', 'Active', 'Default']] * 3
    assert [(row['Name'], row['Active'], row['Default'])
            for row in long_versions] == [('5.6-104', True, False),
                                          ('5.7', True, False),
                                          ('8.0', True, True)]

    assert version == version_by_id
    assert version['id'] == ids['mysql 5.7']
    assert version['name'] == '5.7'
    assert version['datastore_id'] == version['datastore'] == ids['mysql']
    # Issue 22 item 3: from the datastore (one more GET), as --long says
    assert (version['datastore_name'], version['active'],
            version['default']) == ('mysql', True, False)
    default = cloud.json('datastore', 'version', 'show', ids['mysql 8.0'])
    assert (default['datastore_name'], default['active'],
            default['default']) == ('mysql', True, True)


def test_flavor_and_datastore_lookups_that_fail(cloud):
    cases = [
        (('database', 'flavor', 'show', '999'),
         ["No flavor with a name or ID of '999' exists."]),
        (('database', 'flavor', 'list', '--datastore', 'nosql'),
         ["No datastore with a name or ID of 'nosql' exists."]),
        (('datastore', 'show', 'nosql'),
         ["No datastore with a name or ID of 'nosql' exists."]),
        (('datastore', 'version', 'show', '9.9', '--datastore', 'mysql'),
         ["Datastore version '9.9' cannot be found.", '(HTTP 400)']),
        (('datastore', 'version', 'show', '5.7'),
         ["Datastore version '5.7' is not an ID"]),
        # only an admin may
        (('datastore', 'version', 'create', '1.0', utils.unique('ft-ds'),
          'mysql', IMAGE),
         ['User does not have admin privileges', '(HTTP 401)']),
    ]

    procs = cloud.run_many(*[args for args, _fragments in cases],
                           check=False)

    for proc, (_args, fragments) in zip(procs, cases):
        utils.assert_fails(proc, *fragments)


def test_admin_datastore_version_create_set_delete(admin_cloud, cloud):
    store = utils.unique('ft-store')
    try:
        created = admin_cloud.json(
            'datastore', 'version', 'create', '1.0', store, 'mysql', IMAGE,
            '--enable', '--version-number', '1.0.1')
        assert UUID.match(created['id'])
        assert created == dict(
            created, name='1.0', version='1.0.1', datastore_name=store,
            datastore_manager='mysql', active=True, default=False,
            image=IMAGE, image_tags=[], packages='')
        assert UUID.match(created['datastore_id'])

        refused, _set = utils.parallel(
            # not by a non-admin
            lambda: cloud.run('datastore', 'delete', store, check=False),
            lambda: admin_cloud.run(
                'datastore', 'version', 'set', '1.0', '--datastore', store,
                '--version-name', '1.1', '--default', '--image-tag',
                'trove', '--image-tags', 'mysql'))
        # one datastore: its error alone (issue 23, item 13)
        utils.assert_fails(refused, "Policy doesn't allow datastore:delete "
                           'to be performed. (HTTP 403)')
        # (Trove makes no inactive version the default: a second PATCH)
        admin_cloud.run('datastore', 'version', 'set', created['id'],
                        '--disable')
        shown, listed, datastore = admin_cloud.json_many(
            ('datastore', 'version', 'show', created['id']),
            ('datastore', 'version', 'list', store, '--long'),
            ('datastore', 'show', store))
        assert (shown['name'], shown['active'], shown['image_tags']) == (
            '1.1', False, ['trove', 'mysql'])
        # Issue 15 item 11: show had fewer columns than create, and the
        # packages were [] in one and "" in the other; they are Trove's
        # text, as python-troveclient printed it (issue 21 item 4).
        assert list(shown) == list(created)
        assert shown['packages'] == created['packages'] == ''
        # Issue 22 item 3: the admin's show says it is the default
        assert (shown['default'], shown['datastore_name']) == (True, store)
        assert listed == [{'ID': created['id'], 'Name': '1.1',
                           'Version': '1.0.1', 'Active': False,
                           'Default': True}]
        assert datastore['default_version_id'] == created['id']

        admin_cloud.run('datastore', 'version', 'delete', '1.1',
                        '--datastore', store)
        admin_cloud.run('datastore', 'delete', store)
        utils.assert_fails(
            admin_cloud.run('datastore', 'show', store, check=False),
            "No datastore with a name or ID of '%s' exists." % store)
    finally:
        _remove_datastore(admin_cloud, store)


def _remove_datastore(admin_cloud, name):
    """Delete a test's datastore and its versions, if still there."""
    from troveclient_osc import exceptions
    versions = admin_cloud.client.datastore_versions
    try:
        for version in versions.list_all():
            if version.to_dict().get('datastore_name') == name:
                versions.delete(version.id)
        admin_cloud.client.datastores.delete(name)
    except exceptions.NotFound:
        pass


def test_a_version_name_two_versions_share_asks_for_the_id(admin_cloud):
    # Issue 15 item 13: Trove's "specify both the name and version number"
    # was shown by commands that have no version number option.
    store = utils.unique('ft-twins')
    try:
        for number in ('1.0.1', '1.0.2'):
            admin_cloud.run('datastore', 'version', 'create', '1.0', store,
                            'mysql', IMAGE, '--active', '--version-number',
                            number)
        show, flavors = admin_cloud.run_many(
            ('datastore', 'version', 'show', '1.0', '--datastore', store),
            ('database', 'flavor', 'list', '--datastore', store,
             '--datastore-version', '1.0'), check=False)
        for proc in (show, flavors):
            line = utils.assert_fails(
                proc, "Datastore '%s' has several versions named '1.0': "
                "give the ID of the one you mean (see 'openstack datastore "
                "version list %s --long')" % (store, store))
            assert 'version number' not in line
    finally:
        _remove_datastore(admin_cloud, store)


def test_a_rename_with_default_works_when_the_old_name_is_shared(
        admin_cloud):
    # Issue 23 item 11: Trove makes a version the default by its name; sent
    # with the rename, or before it, that is the old name, which the other
    # '1.0' shares ("specify both the name and version number"). The rename
    # goes first.
    store = utils.unique('ft-rename')
    try:
        created = [admin_cloud.json(
            'datastore', 'version', 'create', '1.0', store, 'mysql', IMAGE,
            '--enable', '--version-number', number)
            for number in ('1.0.1', '1.0.2')]
        admin_cloud.run('datastore', 'version', 'set', created[0]['id'],
                        '--version-name', '1.0-first', '--default')
        listed, datastore = admin_cloud.json_many(
            ('datastore', 'version', 'list', store, '--long'),
            ('datastore', 'show', store))
        assert sorted((v['Name'], v['Version'], v['Default'])
                      for v in listed) == [
            ('1.0', '1.0.2', False), ('1.0-first', '1.0.1', True)]
        assert datastore['default_version_id'] == created[0]['id']
    finally:
        _remove_datastore(admin_cloud, store)
