"""``openstack database instance list`` and ``show`` against 45 instances.

Trove answers at most 20 instances a request, so 45 make three pages. The
instances are made once for the module (the ``paged`` fixture) and only
read here.
"""

import json
import re

import pytest

from tests.functional import utils

HEADERS = ['ID', 'Name', 'Datastore', 'Datastore Version', 'Status',
           'Operating Status', 'Public', 'Addresses', 'Flavor ID', 'Size',
           'Role']
LONG_HEADERS = HEADERS + ['Region', 'Created', 'Updated', 'Fault']
ADMIN_HEADERS = ['Server ID', 'Tenant ID']
MARKER = re.compile(r'^More database instances are available: continue '
                    r'with --marker (\S+)$')


def _names(rows):
    return sorted(row['Name'] for row in rows)


@pytest.mark.releases
def test_list_shows_every_page(paged):
    rows = paged.json('database', 'instance', 'list')

    assert len(rows) == utils.PAGED_COUNT
    assert _names(rows) == sorted(paged.by_name)
    assert len({row['ID'] for row in rows}) == utils.PAGED_COUNT
    for row in rows:
        assert list(row) == HEADERS
        instance = paged.by_name[row['Name']]
        assert row['ID'] == instance.id
        assert row['Public'] is False
        assert row['Role'] == ''
        # none in fake mode: python-troveclient's '' (issue 21 item 4)
        assert row['Addresses'] == ''
    by_name = {row['Name']: row for row in rows}
    assert by_name['page-03'] == dict(
        by_name['page-03'], Datastore='mysql', Status='ACTIVE', Size=1,
        **{'Datastore Version': '5.7', 'Flavor ID': '2',
           'Operating Status': 'HEALTHY'})
    assert by_name['page-05']['Datastore'] == 'postgresql'
    assert by_name['page-05']['Datastore Version'] == '13'
    assert by_name['page-05']['Flavor ID'] == '1'
    assert by_name[utils.PAGED_FAILED]['Status'] == 'ERROR'


def test_list_limit_prints_the_marker_and_marker_continues(paged):
    first = paged.run('database', 'instance', 'list', '--limit', '20',
                      '-f', 'json')
    rows = json.loads(first.stdout)
    assert len(rows) == 20
    match = MARKER.match(first.stderr.strip())
    assert match, first.stderr
    marker = match.group(1)

    rest = paged.run('database', 'instance', 'list', '--limit', '30',
                     '--marker', marker, '-f', 'json')
    more = json.loads(rest.stdout)
    assert rest.stderr == ''  # the last page: no marker to continue with
    assert len(more) == utils.PAGED_COUNT - 20
    assert sorted(_names(rows) + _names(more)) == sorted(paged.by_name)


def test_list_limit_with_a_filter_prints_the_marker_only_if_more_match(
        paged):
    # Issue 23 item 12: '--name <name> --limit 1' said more instances were
    # available when no other had that name. The instance Trove lists
    # first has more pages after it: the marker was printed for them.
    first = min(paged.by_name.values(), key=lambda i: i.id)
    postgres = sorted(i.id for i in paged.by_name.values()
                      if i.datastore['type'] == 'postgresql')
    by_name, failed, eight = paged.run_many(
        ('database', 'instance', 'list', '--name', first.name, '--limit', '1',
         '-f', 'value', '-c', 'ID'),
        ('database', 'instance', 'list', '--status', 'error', '--limit', '1',
         '-f', 'value', '-c', 'Name'),
        ('database', 'instance', 'list', '--datastore', 'postgresql',
         '--limit', '8', '-f', 'value', '-c', 'ID'))

    assert (by_name.stdout, by_name.stderr) == (first.id + '\n', '')
    assert (failed.stdout, failed.stderr) == (utils.PAGED_FAILED + '\n', '')
    assert sorted(eight.stdout.split()) == postgres[:8]
    match = MARKER.match(eight.stderr.strip())
    assert match, eight.stderr
    # the marker is the one after the eighth: the ninth follows
    rest = paged.run('database', 'instance', 'list', '--datastore',
                     'postgresql', '--limit', '8', '--marker', match.group(1),
                     '-f', 'value', '-c', 'ID')
    assert (rest.stdout.split(), rest.stderr) == (postgres[8:], '')


def test_list_status_trove_never_gives_is_a_usage_error(paged):
    # Issue 23 item 8: '--status ACTVE' listed nothing, exit 0.
    proc = paged.run('database', 'instance', 'list', '--status', 'ACTVE',
                     check=False)
    utils.assert_usage_error(
        proc, "argument --status: Invalid status 'ACTVE': must be one of "
        "ACTIVE, BACKUP, BUILD, DETACH, EJECT, ERROR, PROMOTE, REBOOT, "
        "RESIZE, RESTART_REQUIRED, SHUTDOWN, UNKNOWN, UPGRADE (in any case)")


def test_list_long_adds_the_detail_columns(paged):
    rows = paged.json('database', 'instance', 'list', '--long')

    assert len(rows) == utils.PAGED_COUNT
    for row in rows:
        assert list(row) == LONG_HEADERS
        assert row['Region'] == 'RegionOne'
        assert re.match(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d', row['Created'])
        assert row['Updated'] >= row['Created']
    faults = {row['Name']: row['Fault'] for row in rows}
    assert faults.pop(utils.PAGED_FAILED) == \
        'Service not active, status: failed to spawn'
    assert set(faults.values()) == {''}


def test_list_filters(paged):
    pg = paged.client.datastores.find('postgresql').id
    by_name, by_status, by_store, by_store_id, by_flavor = paged.json_many(
        ('database', 'instance', 'list', '--name', 'page-07'),
        ('database', 'instance', 'list', '--status', 'error'),
        ('database', 'instance', 'list', '--datastore', 'postgresql',
         '--status', 'ACTIVE'),
        ('database', 'instance', 'list', '--datastore', pg,
         '--flavor', 'm1.small'),
        ('database', 'instance', 'list', '--flavor', '2'))

    assert [row['ID'] for row in by_name] == [paged.by_name['page-07'].id]
    assert _names(by_status) == [utils.PAGED_FAILED]
    assert _names(by_store) == ['page-%02d' % n for n in range(0, 45, 5)]
    assert {row['Datastore'] for row in by_store} == {'postgresql'}
    assert _names(by_store_id) == ['page-%02d' % n for n in range(0, 45, 15)]
    assert _names(by_flavor) == ['page-%02d' % n for n in range(0, 45, 3)]
    assert {row['Flavor ID'] for row in by_flavor} == {'2'}


def test_list_filters_name_or_id_of_something_that_exists(paged):
    # Issue 15 item 8: a misspelt --datastore listed nothing, with exit 0,
    # while a misspelt --flavor was an error. Both are errors now.
    store, flavor, unused = paged.run_many(
        ('database', 'instance', 'list', '--datastore', 'mysq'),
        ('database', 'instance', 'list', '--flavor', 'm1.tin'),
        ('database', 'instance', 'list', '--datastore', 'mysql',
         '--name', 'no-such-instance', '-f', 'json'),
        check=False)

    utils.assert_fails(store, "No datastore with a name or ID of 'mysq' "
                       "exists.")
    utils.assert_fails(flavor, "No flavor with a name or ID of 'm1.tin' "
                       "exists.")
    assert (unused.returncode, json.loads(unused.stdout)) == (0, [])


def _third_page_instance(paged):
    """An instance that Trove lists on the third page, and its pages."""
    instances = paged.client.instances
    first = instances.list()
    second = instances.list(marker=first.next)
    third = instances.list(marker=second.next)
    assert (len(first), len(second), len(third)) == (20, 20, 5)
    assert third.next is None
    return third[0], {i.id for i in first} | {i.id for i in second}


@pytest.mark.releases
def test_show_by_id_and_by_a_name_on_the_third_page(paged):
    wanted, earlier = _third_page_instance(paged)
    assert wanted.id not in earlier

    by_name, by_id = paged.json_many(
        ('database', 'instance', 'show', wanted.name),
        ('database', 'instance', 'show', wanted.id))

    # the guest's heartbeat moves service_status_updated between the two
    for shown in (by_id, by_name):
        shown.pop('service_status_updated')
    # Issue 22 item 2: a name is shown as its ID is, the volume's used
    # space included (one scan, then one GET by the ID found), where the
    # detailed listing has no used space.
    assert by_name == by_id
    assert set(by_id) | {'service_status_updated'} == utils.SHOW_KEYS
    assert by_id['id'] == wanted.id
    assert by_id['name'] == wanted.name
    # python-troveclient's volume and volume_used; the object beside them
    assert by_id['volume'] == 1
    assert isinstance(by_id['volume_used'], float)
    assert by_id['volume_details'] == {'size': 1,
                                       'used': by_id['volume_used']}
    assert 'used' not in wanted.volume
    assert by_id['public'] is False
    assert by_id['region'] == 'RegionOne'
    assert by_id['created'] <= by_id['updated']


def test_admin_lists_one_project_or_every_project(paged, admin_cloud,
                                                  cloud):
    # A project whose only instance is deleted: Trove's admin listing
    # includes deleted instances unless asked not to.
    gone = cloud.create_instance(utils.unique('gone'))
    cloud.client.instances.delete(gone)
    cloud.wait_gone([gone])

    by_project, by_project_id, everything, emptied = admin_cloud.json_many(
        ('database', 'instance', 'list', '--project', paged.project),
        ('database', 'instance', 'list', '--project-id', paged.project_id),
        ('database', 'instance', 'list', '--all-projects'),
        ('database', 'instance', 'list', '--project', cloud.project))

    for rows in (by_project, by_project_id):
        assert _names(rows) == sorted(paged.by_name)
        for row in rows:
            assert list(row) == HEADERS + ADMIN_HEADERS
            assert row['Tenant ID'] == paged.project_id
            assert row['Server ID']
    ours = [row for row in everything
            if row['Tenant ID'] == paged.project_id]
    assert _names(ours) == sorted(paged.by_name)
    assert list(everything[0]) == HEADERS + ADMIN_HEADERS
    assert gone.id not in {row['ID'] for row in everything}
    assert emptied == []


def test_non_admin_cannot_list_other_projects(paged):
    proc = paged.run('database', 'instance', 'list', '--all-projects',
                     check=False)
    utils.assert_fails(proc, 'User does not have admin privileges',
                       'HTTP 401')


def test_show_has_every_column_whatever_the_state(paged):
    # Issue 15 item 11: '-c fault' (or addresses, replica_of) failed with
    # "No recognized column names" on an instance that had none.
    active = paged.by_name['page-01']
    failed = paged.by_name[utils.PAGED_FAILED]
    picked, ok, broken, listed = paged.run_many(
        ('database', 'instance', 'show', active.id, '-c', 'fault', '-c',
         'addresses', '-c', 'replica_of', '-f', 'json'),
        ('database', 'instance', 'show', active.id, '-f', 'json'),
        ('database', 'instance', 'show', failed.id, '-f', 'json'),
        ('database', 'instance', 'show', 'page-02', '-f', 'json'))

    # python-troveclient's '' for no addresses
    assert json.loads(picked.stdout) == {'fault': '', 'addresses': '',
                                         'replica_of': ''}
    ok, broken, listed = (json.loads(proc.stdout)
                          for proc in (ok, broken, listed))
    assert set(ok) == set(broken) == set(listed) == utils.SHOW_KEYS
    assert broken['fault'] == 'Service not active, status: failed to spawn'
    assert (ok['fault'], ok['replicas'], ok['tenant_id']) == ('', '', '')
