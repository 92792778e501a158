"""python-troveclient's positional orders, one test each: every argument
given by position lands where python-troveclient put it, or the call is
refused before anything is sent (issue 21: a new meaning gets a new name).
"""

import pytest

from troveclient_osc import exceptions
from troveclient_osc.v1 import instances as v1_instances
from tests.unit.compat import trove as fake
from tests.unit.compat.test_guest_logs import RecordingSwift
from tests.unit.compat.trove import CONFIGURATION, INSTANCE, VERSION

ONE = '/instances/%s' % INSTANCE


@pytest.fixture
def trove(rm):
    return fake.Trove(rm)


def only(trove):
    (request,) = trove.sent()
    return request


def changed(trove):
    """The change sent: the last request. Before it, at most the GET that
    reads an instance given by ID, to keep its configuration group (issue
    22)."""
    *before, request = trove.sent()
    assert [method for method, _path, _query, _body in before] in (
        [], ['GET'])
    return request


def test_update_instance_configuration_name_detach_remove_public_cidrs(
        tc, trove):
    # update(instance, configuration=None, name=None,
    #        detach_replica_source=False, remove_configuration=False,
    #        is_public=None, allowed_cidrs=None)
    tc.instances.update(INSTANCE, CONFIGURATION, 'new-name')
    assert changed(trove) == ('PUT', ONE, {}, {'instance': {
        'configuration': CONFIGURATION, 'name': 'new-name'}})
    tc.instances.update(INSTANCE, None, None, True)
    assert changed(trove)[3] == {'instance': {'replica_of': None}}
    tc.instances.update(INSTANCE, None, None, False, True)
    assert changed(trove)[3] == {'instance': {'configuration': None}}
    tc.instances.update(INSTANCE, None, None, False, False, True,
                        ['10.0.0.0/8'])
    assert changed(trove)[3] == {'instance': {'access': {
        'is_public': True, 'allowed_cidrs': ['10.0.0.0/8']}}}


def test_update_with_a_configuration_second_never_renames(tc, trove):
    # The bug of issue 21: update(inst, cfg_id) renamed the instance to
    # the group's ID.
    tc.instances.update(INSTANCE, CONFIGURATION)
    body = only(trove)[3]['instance']
    assert body == {'configuration': CONFIGURATION}
    assert 'name' not in body


def test_create_takes_python_troveclients_18_positional_arguments(
        tc, trove):
    # create(name, flavor_id, volume, databases, users, restorePoint,
    #        availability_zone, datastore, datastore_version, nics,
    #        configuration, replica_of, replica_count, modules, locality,
    #        region_name, access, datastore_version_number)
    tc.instances.create(
        'n', '1', {'size': 2}, [{'name': 'db'}],
        [{'name': 'u', 'password': 'p'}], {'backupRef': 'b1'}, 'nova',
        'mysql', '5.7', [{'net-id': 'net'}], CONFIGURATION, None, None,
        [fake.MODULE], None, 'RegionOne', {'is_public': False}, '5.7.29')
    assert only(trove)[3] == {'instance': {
        'name': 'n', 'flavorRef': '1', 'volume': {'size': 2},
        'databases': [{'name': 'db'}],
        'users': [{'name': 'u', 'password': 'p'}],
        'restorePoint': {'backupRef': 'b1'}, 'availability_zone': 'nova',
        'datastore': {'type': 'mysql', 'version': '5.7',
                      'version_number': '5.7.29'},
        'nics': [{'net-id': 'net'}], 'configuration': CONFIGURATION,
        'modules': [{'id': fake.MODULE}], 'region_name': 'RegionOne',
        'access': {'is_public': False}}}


def test_create_replica_arguments_by_position(tc, trove):
    tc.instances.create('n', '1', 1, None, None, None, None, None, None,
                        None, None, fake.OTHER, 2, None, 'anti-affinity')
    body = only(trove)[3]['instance']
    assert (body['replica_of'], body['replica_count'], body['locality']) == (
        fake.OTHER, 2, 'anti-affinity')


def test_create_refuses_an_argument_given_twice_or_too_many(tc, trove):
    with pytest.raises(TypeError, match="multiple values for argument "
                                        "'availability_zone'"):
        tc.instances.create('n', '1', 1, None, None, None, 'nova',
                            availability_zone='other')
    with pytest.raises(TypeError, match='at most 18'):
        tc.instances.create('n', '1', 1, None, None, *([None] * 14))
    assert trove.sent() == []


def test_list_limit_marker_include_clustered_detailed(tc, trove):
    tc.instances.list(5, 'm', True, True)
    assert only(trove) == ('GET', '/instances/detail', {
        'limit': ['5'], 'marker': ['m'], 'include_clustered': ['true']},
        None)


def test_backups_instance_limit_marker(tc, trove):
    tc.instances.backups(INSTANCE, 3, 'b0')
    assert only(trove)[:3] == ('GET', ONE + '/backups', {
        'limit': ['3'], 'marker': ['b0']})


def test_resize_volume_and_resize_instance_and_upgrade(tc, trove):
    tc.instances.resize_volume(INSTANCE, 8)
    assert only(trove)[3] == {'resize': {'volume': {'size': 8}}}
    tc.instances.resize_instance(INSTANCE, '7')
    assert only(trove)[3] == {'resize': {'flavorRef': '7'}}
    tc.instances.upgrade(INSTANCE, '8.0')
    assert changed(trove)[3] == {'instance': {'datastore_version': '8.0'}}


def test_modify_instance_configuration(tc, trove):
    with pytest.warns(DeprecationWarning):
        tc.instances.modify(INSTANCE, CONFIGURATION)
    assert only(trove)[3] == {'instance': {'configuration': CONFIGURATION}}


def test_log_action_instance_name_enable_disable_publish_discard(
        tc, trove):
    tc.instances.log_action(INSTANCE, 'slow_query', None, None, True, True)
    assert only(trove)[3] == {'name': 'slow_query', 'publish': 1,
                              'discard': 1}
    tc.instances.log_action(INSTANCE, 'slow_query', True)
    assert only(trove)[3] == {'name': 'slow_query', 'enable': 1}
    tc.instances.log_action(INSTANCE, 'slow_query', False, True)
    assert only(trove)[3] == {'name': 'slow_query', 'disable': 1}


def test_log_generator_instance_name_lines_swift(tc, trove):
    swift = RecordingSwift()
    generate = tc.instances.log_generator(INSTANCE, 'general', 0, swift)
    assert trove.sent() == []  # nothing until the generator runs
    with pytest.raises(exceptions.GuestLogNotFoundError):
        list(generate())
    assert swift.calls == []


def test_rebuild_and_mgmt_calls_take_the_instance_first(tc, trove):
    tc.instances.rebuild(INSTANCE, 'image-1')
    assert only(trove)[3] == {'rebuild': {'image_id': 'image-1'}}
    tc.mgmt_instances.rebuild(INSTANCE, 'image-2')
    assert only(trove)[3] == {'rebuild': {'image_id': 'image-2'}}
    tc.mgmt_instances.migrate(INSTANCE, 'host-2')
    assert only(trove)[3] == {'migrate': {'host': 'host-2'}}


def test_mgmt_instances_list_limit_marker_deleted(tc, trove):
    tc.mgmt_instances.list(10, 'm', True)
    assert only(trove)[:3] == ('GET', '/mgmt/instances', {
        'limit': ['10'], 'marker': ['m'], 'deleted': ['true']})


def test_flavors_of_datastore_then_version(tc, trove):
    tc.flavors.list_datastore_version_associated_flavors('mysql', VERSION)
    assert only(trove)[1] == '/datastores/mysql/versions/%s/flavors' % (
        VERSION)


def test_datastores_list_limit_marker(tc, trove):
    tc.datastores.list(2, 'm')
    assert only(trove)[2] == {'limit': ['2'], 'marker': ['m']}


def test_datastore_versions_list_and_get_take_the_datastore_first(
        tc, trove):
    tc.datastore_versions.list('mysql', 2, 'm')
    assert only(trove)[1:3] == ('/datastores/mysql/versions', {
        'limit': ['2'], 'marker': ['m']})
    tc.datastore_versions.get('mysql', '5.7')
    assert only(trove)[1] == '/datastores/mysql/versions/5.7'


def test_datastore_versions_update_of_three_positional_arguments_is_refused(
        tc, trove):
    # update(datastore, datastore_version, visibility): it would have sent
    # our PATCH with name=<version> and image=<visibility>.
    with pytest.raises(exceptions.NotSupported) as info:
        tc.datastore_versions.update('mysql', '5.7', 'public')
    assert 'PUT /mgmt/datastores/<datastore>/versions/<version>' in str(
        info.value)
    assert 'update(version_id, name=...' in str(info.value)
    with pytest.raises(exceptions.NotSupported):
        tc.datastore_versions.update(VERSION, 'new-name')
    assert trove.sent() == []


def test_mgmt_ds_versions_create_and_edit_orders(tc, trove):
    # create(name, datastore_name, datastore_manager, image, packages,
    #        registry_ext, repl_strategy, active, default, image_tags,
    #        version)
    tc.mgmt_ds_versions.create('v', 'mysql', 'mysql', None, ['p'], 'r', 's',
                               'false', 'false', ['t'], '5.7.1')
    assert only(trove)[3] == {'version': {
        'name': 'v', 'datastore_name': 'mysql', 'datastore_manager': 'mysql',
        'image_tags': ['t'], 'packages': ['p'], 'active': False,
        'default': False, 'registry_ext': 'r', 'repl_strategy': 's',
        'version': '5.7.1'}}
    # edit(id, datastore_manager, image, packages, registry_ext,
    #      repl_strategy, active, default, image_tags, name)
    tc.mgmt_ds_versions.edit(VERSION, None, None, None, None, None, 'true')
    assert only(trove)[3] == {'active': True}


def test_http_error_message_details_response_request_id_url_method():
    error = exceptions.BadRequest('m', 'd', 'r', 'req', 'u', 'POST', 400)
    assert (error.details, error.response, error.request_id, error.url,
            error.method) == ('d', 'r', 'req', 'u', 'POST')


def test_instance_manager_keeps_its_positional_api():
    # create_body and update_body are this library's own: unchanged.
    assert v1_instances.update_body('n', CONFIGURATION) == {
        'name': 'n', 'configuration': CONFIGURATION}
