"""python-troveclient 8.11.0's public calls, replayed at the HTTP boundary.

The calls and the requests they must send are taken from python-troveclient's
source and its unit tests (troveclient/tests/test_instances.py,
test_datastores.py, test_management.py): each case is a call as written for
python-troveclient, with ``troveclient`` replaced by ``troveclient_osc``,
and either the requests python-troveclient sent for it (method, path,
query, body), which this library must send too, or the error it raises
instead, before sending anything.

Requests are compared as Trove reads them (:func:`as_trove_reads`): a query
flag is the same in any case (Trove lower-cases it), and an absent
``include_clustered`` is ``include_clustered=False``, which
python-troveclient always sent; a ``flavorRef`` is the same as a number or a
string. The IDs are Trove's (UUIDs): python-troveclient's tests used any
string, which this library takes for a name (see test_names_everywhere).
"""

import dataclasses
import warnings
from collections.abc import Callable
from typing import Any

import pytest

from troveclient_osc import exceptions
from troveclient_osc.v1 import datastores as v1_datastores
from troveclient_osc.v1 import instances as v1_instances
from tests.unit.compat import trove as fake
from tests.unit.compat.trove import CONFIGURATION, INSTANCE, MODULE, VERSION

ACTION = '/instances/%s/action' % INSTANCE
ONE = '/instances/%s' % INSTANCE
MGMT_ACTION = '/mgmt/instances/%s/action' % INSTANCE


@dataclasses.dataclass
class Case:
    """One call: the requests it sends, or the error it raises first."""

    id: str
    call: Callable[[Any], Any]
    sends: list = dataclasses.field(default_factory=list)
    raises: type | None = None
    match: str | None = None


def request(method, path, query=None, body=None):
    return (method, path, query or {}, body)


def as_trove_reads(sent):
    """Requests as Trove reads them (see the module's docstring)."""
    result = []
    for method, path, query, body in sent:
        query = {key: [value.lower() if value.lower() in ('true', 'false')
                       else value for value in values]
                 for key, values in query.items()}
        if query.get('include_clustered') == ['false']:
            del query['include_clustered']
        if isinstance(body, dict):
            body = _flavor_ref_as_text(body)
        result.append((method, path, query, body))
    return result


def _flavor_ref_as_text(body):
    if not isinstance(body, dict):
        return body
    return {key: (str(value) if key == 'flavorRef'
                  else _flavor_ref_as_text(value))
            for key, value in body.items()}


# Before a change that an older Trove detaches the configuration group on,
# the GET that reads the instance to know its group (issue 22), which
# python-troveclient did not send.
READ_FIRST = request('GET', ONE)


def instance(tc):
    """An Instance as a listing or a get returns it."""
    return v1_instances.Instance(tc.instances, {
        'id': INSTANCE, 'name': 'web-1', 'status': 'ACTIVE'})


CREATE_BODY = {'instance': {
    'name': 'test-name', 'flavorRef': 103, 'volume': {'size': 1},
    'databases': [{'name': 'db1'}, {'name': 'db2'}],
    'users': [{'name': 'u1', 'password': 'p1'}],
    'datastore': {'type': 'datastore', 'version': 'datastore-version'},
    'nics': [{'net-id': '000'}], 'replica_of': fake.OTHER,
    'replica_count': 2, 'modules': [{'id': MODULE}],
    'locality': 'affinity', 'access': {'is_public': True}}}

INSTANCE_CASES = [
    # -- create (test_instances.InstancesTest.test_create) ----------------
    Case('create', lambda tc: tc.instances.create(
        'test-name', 103, {'size': 1}, [{'name': 'db1'}, {'name': 'db2'}],
        [{'name': 'u1', 'password': 'p1'}], datastore='datastore',
        datastore_version='datastore-version', nics=[{'net-id': '000'}],
        replica_of=fake.OTHER, replica_count=2, modules=[MODULE],
        locality='affinity', access={'is_public': True}),
        [request('POST', '/instances', body=CREATE_BODY)]),
    Case('create-restorePoint', lambda tc: tc.instances.create(
        'n', '1', {'size': 1}, restorePoint={'backupRef': 'b1'},
        availability_zone='nova', configuration=CONFIGURATION,
        region_name='RegionOne', datastore_version_number='5.7.29',
        datastore='mysql', datastore_version='5.7'),
        [request('POST', '/instances', body={'instance': {
            'name': 'n', 'flavorRef': '1', 'volume': {'size': 1},
            'restorePoint': {'backupRef': 'b1'},
            'availability_zone': 'nova', 'configuration': CONFIGURATION,
            'region_name': 'RegionOne', 'datastore': {
                'type': 'mysql', 'version': '5.7',
                'version_number': '5.7.29'}}})]),
    # Trove refuses these: python-troveclient sent them (its test's
    # values), this library refuses them first.
    Case('create-volume-not-a-size', lambda tc: tc.instances.create(
        'test-name', 103, 'test-volume'),
        raises=exceptions.ValidationError, match='volume size'),
    Case('create-users-not-mappings', lambda tc: tc.instances.create(
        'test-name', 103, 1, None, ['u1', 'u2']),
        raises=exceptions.ValidationError, match='user'),
    Case('create-replica-count-4', lambda tc: tc.instances.create(
        'test-name', 103, 1, replica_of=fake.OTHER, replica_count=4),
        raises=exceptions.ValidationError, match='at most 3'),
    # -- list (test_list, test_detailed_list) -----------------------------
    Case('list', lambda tc: tc.instances.list(),
         [request('GET', '/instances',
                  {'include_clustered': ['False']})]),
    Case('list-limit-marker', lambda tc: tc.instances.list(5, 'm1'),
         [request('GET', '/instances', {
             'limit': ['5'], 'marker': ['m1'],
             'include_clustered': ['False']})]),
    Case('list-clustered', lambda tc: tc.instances.list(
        include_clustered=True),
        [request('GET', '/instances', {'include_clustered': ['True']})]),
    Case('list-detailed', lambda tc: tc.instances.list(5, 'm1',
                                                       detailed=True),
         [request('GET', '/instances/detail', {
             'limit': ['5'], 'marker': ['m1'],
             'include_clustered': ['False']})]),
    # -- one instance ------------------------------------------------------
    Case('get', lambda tc: tc.instances.get(INSTANCE),
         [request('GET', ONE)]),
    Case('get-object', lambda tc: tc.instances.get(instance(tc)),
         [request('GET', ONE)]),
    Case('delete', lambda tc: tc.instances.delete(INSTANCE),
         [request('DELETE', ONE)]),
    Case('delete-object', lambda tc: tc.instances.delete(instance(tc)),
         [request('DELETE', ONE)]),
    Case('reset_status', lambda tc: tc.instances.reset_status(INSTANCE),
         [request('POST', ACTION, body={'reset_status': {}})]),
    Case('force_delete', lambda tc: tc.instances.force_delete(INSTANCE),
         [request('POST', ACTION, body={'reset_status': {}}),
          request('DELETE', ONE)]),
    Case('resize_volume', lambda tc: tc.instances.resize_volume(
        INSTANCE, 1024),
        [request('POST', ACTION, body={'resize': {'volume': {
            'size': 1024}}})]),
    Case('resize_instance', lambda tc: tc.instances.resize_instance(
        INSTANCE, 103),
        [request('POST', ACTION, body={'resize': {'flavorRef': 103}})]),
    Case('restart', lambda tc: tc.instances.restart(INSTANCE),
         [request('POST', ACTION, body={'restart': {}})]),
    Case('promote_to_replica_source',
         lambda tc: tc.instances.promote_to_replica_source(INSTANCE),
         [request('POST', ACTION, body={'promote_to_replica_source': {}})]),
    Case('eject_replica_source',
         lambda tc: tc.instances.eject_replica_source(INSTANCE),
         [request('POST', ACTION, body={'eject_replica_source': {}})]),
    Case('upgrade', lambda tc: tc.instances.upgrade(INSTANCE, '5.6'),
         [READ_FIRST, request('PATCH', ONE, body={'instance': {
             'datastore_version': '5.6'}})]),
    Case('configuration', lambda tc: tc.instances.configuration(INSTANCE),
         [request('GET', ONE + '/configuration')]),
    Case('backups', lambda tc: tc.instances.backups(INSTANCE),
         [request('GET', ONE + '/backups')]),
    Case('backups-limit-marker', lambda tc: tc.instances.backups(
        INSTANCE, 10, 'b0'),
        [request('GET', ONE + '/backups', {'limit': ['10'],
                                           'marker': ['b0']})]),
    # -- update (python-troveclient's order: configuration, name, ...) ----
    Case('update-configuration', lambda tc: tc.instances.update(
        INSTANCE, CONFIGURATION),
        [request('PUT', ONE, body={'instance': {
            'configuration': CONFIGURATION}})]),
    Case('update-name', lambda tc: tc.instances.update(
        INSTANCE, None, 'new-name'),
        [READ_FIRST,
         request('PUT', ONE, body={'instance': {'name': 'new-name'}})]),
    Case('update-detach-replica', lambda tc: tc.instances.update(
        INSTANCE, None, None, True),
        [READ_FIRST,
         request('PUT', ONE, body={'instance': {'replica_of': None}})]),
    Case('update-remove-configuration', lambda tc: tc.instances.update(
        INSTANCE, None, None, False, True),
        [request('PUT', ONE, body={'instance': {'configuration': None}})]),
    Case('update-access', lambda tc: tc.instances.update(
        INSTANCE, None, None, False, False, False, ['10.0.0.0/8']),
        [READ_FIRST, request('PUT', ONE, body={'instance': {'access': {
            'is_public': False, 'allowed_cidrs': ['10.0.0.0/8']}}})]),
    # python-troveclient sent {"instance": {}}, which Trove reads as
    # "detach the configuration group".
    Case('update-nothing', lambda tc: tc.instances.update(INSTANCE),
         raises=exceptions.ArgumentMissing, match='Nothing to update'),
    Case('update-attach-and-detach', lambda tc: tc.instances.update(
        INSTANCE, CONFIGURATION, remove_configuration=True),
        raises=exceptions.ArgumentsConflict),
    # -- modify (test_modify): deprecated there already -------------------
    Case('modify', lambda tc: tc.instances.modify(INSTANCE, CONFIGURATION),
         [request('PUT', ONE, body={'instance': {
             'configuration': CONFIGURATION}})]),
    Case('modify-without-configuration', lambda tc: tc.instances.modify(
        INSTANCE), raises=exceptions.NotSupported,
        match=r'update\(instance, remove_configuration=True\)'),
    # -- guest logs --------------------------------------------------------
    Case('log_list', lambda tc: tc.instances.log_list(INSTANCE),
         [request('GET', ONE + '/log')]),
    Case('log_show', lambda tc: tc.instances.log_show(INSTANCE, 'general'),
         [request('POST', ONE + '/log', body={'name': 'general'})]),
    Case('log_action-enable', lambda tc: tc.instances.log_action(
        INSTANCE, 'general', enable=True),
        [request('POST', ONE + '/log', body={'name': 'general',
                                             'enable': 1})]),
    Case('log_action-all', lambda tc: tc.instances.log_action(
        INSTANCE, 'general', None, True, True, True),
        [request('POST', ONE + '/log', body={
            'name': 'general', 'disable': 1, 'publish': 1, 'discard': 1})]),
    # -- the resource's own calls (test_instances.InstanceTest) -----------
    Case('Instance.delete', lambda tc: instance(tc).delete(),
         [request('DELETE', ONE)]),
    Case('Instance.restart', lambda tc: instance(tc).restart(),
         [request('POST', ACTION, body={'restart': {}})]),
    Case('Instance.force_delete', lambda tc: instance(tc).force_delete(),
         [request('POST', ACTION, body={'reset_status': {}}),
          request('DELETE', ONE)]),
    # python-troveclient's called a manager method it did not have (edit);
    # this one detaches the replica.
    Case('Instance.detach_replica', lambda tc: instance(tc).detach_replica(),
         [READ_FIRST,
          request('PATCH', ONE, body={'instance': {'replica_of': None}})]),
] + [
    # -- modules and TLS: not here yet; refused before sending -----------
    Case(name, lambda tc, name=name, args=args: getattr(tc.instances, name)(
        INSTANCE, *args), raises=exceptions.NotSupported,
        match="python-troveclient's client")
    for name, args in (('modules', ()), ('module_query', ()),
                       ('module_retrieve', ()), ('module_apply', ([MODULE],)),
                       ('module_remove', (MODULE,)), ('ssl_show', ()),
                       ('ssl_enable', ('enforced', 'ref')),
                       ('ssl_disable', ()), ('ssl_rollback', ()))
]

FLAVOR_AND_DATASTORE_CASES = [
    Case('flavors.list', lambda tc: tc.flavors.list(),
         [request('GET', '/flavors')]),
    Case('flavors.get', lambda tc: tc.flavors.get(1),
         [request('GET', '/flavors/1')]),
    Case('flavors.get-uuid', lambda tc: tc.flavors.get(MODULE),
         [request('GET', '/flavors/' + MODULE)]),
    Case('flavors.list_datastore_version_associated_flavors',
         lambda tc: tc.flavors.list_datastore_version_associated_flavors(
             'mysql', VERSION),
         [request('GET', '/datastores/mysql/versions/%s/flavors' % VERSION)]),
    Case('flavors.find', lambda tc: tc.flavors.find(name='m1.tiny'),
         [request('GET', '/flavors'), request('GET', '/flavors/1')]),
    Case('flavors.findall', lambda tc: tc.flavors.findall(ram=1024),
         [request('GET', '/flavors'), request('GET', '/flavors/1'),
          request('GET', '/flavors/d2')]),
    Case('datastores.list', lambda tc: tc.datastores.list(),
         [request('GET', '/datastores')]),
    Case('datastores.list-limit-marker',
         lambda tc: tc.datastores.list('test-limit', 'test-marker'),
         raises=exceptions.ValidationError, match="Invalid limit"),
    Case('datastores.list-limit', lambda tc: tc.datastores.list(2, 'm'),
         [request('GET', '/datastores', {'limit': ['2'], 'marker': ['m']})]),
    Case('datastores.get', lambda tc: tc.datastores.get('mysql'),
         [request('GET', '/datastores/mysql')]),
    Case('datastores.delete', lambda tc: tc.datastores.delete('mysql'),
         [request('DELETE', '/datastores/mysql')]),
    Case('datastores.find', lambda tc: tc.datastores.find(name='mysql'),
         [request('GET', '/datastores'),
          request('GET', '/datastores/ds-mysql')]),
    Case('datastore_versions.list',
         lambda tc: tc.datastore_versions.list('datastore1', 2, 'm'),
         [request('GET', '/datastores/datastore1/versions',
                  {'limit': ['2'], 'marker': ['m']})]),
    Case('datastore_versions.get',
         lambda tc: tc.datastore_versions.get('datastore1',
                                              'datastore_version1'),
         [request('GET', '/datastores/datastore1/versions/'
                  'datastore_version1')]),
    Case('datastore_versions.get_by_uuid',
         lambda tc: tc.datastore_versions.get_by_uuid(VERSION),
         [request('GET', '/datastores/versions/' + VERSION)]),
    # python-troveclient sent a name where only an ID goes (Trove: 404).
    Case('datastore_versions.get_by_uuid-name',
         lambda tc: tc.datastore_versions.get_by_uuid('datastore_version1'),
         raises=exceptions.ValidationError,
         match=r"not an ID; give its datastore"),
    # python-troveclient's PUT /mgmt/datastores/<d>/versions/<v>: no such
    # route in Trove.
    Case('datastore_versions.update', lambda tc: tc.datastore_versions.update(
        'mysql', '5.7', 'public'), raises=exceptions.NotSupported,
        match='a route Trove does not have'),
    Case('datastore_versions.update-keywords',
         lambda tc: tc.datastore_versions.update(
             datastore='mysql', datastore_version='5.7',
             visibility='private'),
         raises=exceptions.NotSupported, match='visibility'),
    Case('DatastoreVersion.update', lambda tc: v1_datastores.DatastoreVersion(
        tc.datastore_versions, fake.version_body()).update('public'),
        raises=exceptions.NotSupported, match='visibility'),
]

MANAGEMENT_CASES = [
    # test_management.ManagementTest
    Case('mgmt_instances.show', lambda tc: tc.mgmt_instances.show(INSTANCE),
         [request('GET', '/mgmt/instances/' + INSTANCE)]),
    Case('mgmt_instances.list-deleted',
         lambda tc: tc.mgmt_instances.list(deleted=True),
         [request('GET', '/mgmt/instances', {'deleted': ['True']})]),
    Case('mgmt_instances.list-limit-marker',
         lambda tc: tc.mgmt_instances.list(deleted=False, limit=10,
                                           marker='foo'),
         [request('GET', '/mgmt/instances', {
             'deleted': ['False'], 'limit': ['10'], 'marker': ['foo']})]),
    Case('mgmt_instances.index', lambda tc: tc.mgmt_instances.index(
        deleted=True), [request('GET', '/mgmt/instances',
                                {'deleted': ['True']})]),
    Case('mgmt_instances.list-project',
         lambda tc: tc.mgmt_instances.list(project_id='p1'),
         [request('GET', '/mgmt/instances', {'deleted': ['False'],
                                             'project_id': ['p1']})]),
    # Trove's listing ignores other filters: it would list everything.
    Case('mgmt_instances.list-unknown-filter',
         lambda tc: tc.mgmt_instances.list(status='ERROR'),
         raises=exceptions.ValidationError, match='no filter status'),
    Case('mgmt_instances.root_enabled_history',
         lambda tc: tc.mgmt_instances.root_enabled_history(INSTANCE),
         [request('GET', '/mgmt/instances/%s/root' % INSTANCE)]),
    Case('mgmt_instances.stop', lambda tc: tc.mgmt_instances.stop(INSTANCE),
         [request('POST', MGMT_ACTION, body={'stop': {}})]),
    Case('mgmt_instances.reboot',
         lambda tc: tc.mgmt_instances.reboot(INSTANCE),
         [request('POST', MGMT_ACTION, body={'reboot': {}})]),
    Case('mgmt_instances.migrate',
         lambda tc: tc.mgmt_instances.migrate(INSTANCE),
         [request('POST', MGMT_ACTION, body={'migrate': {}})]),
    Case('mgmt_instances.migrate-host',
         lambda tc: tc.mgmt_instances.migrate(INSTANCE, host='hostname2'),
         [request('POST', MGMT_ACTION, body={'migrate': {
             'host': 'hostname2'}})]),
    Case('mgmt_instances.reset_task_status',
         lambda tc: tc.mgmt_instances.reset_task_status(INSTANCE),
         [request('POST', MGMT_ACTION, body={'reset-task-status': {}})]),
    Case('mgmt_instances.rebuild',
         lambda tc: tc.mgmt_instances.rebuild(INSTANCE, 'image-1'),
         [request('POST', MGMT_ACTION, body={'rebuild': {
             'image_id': 'image-1'}})]),
    # Trove's admin actions have no 'update' (python-troveclient: 400).
    Case('mgmt_instances.update',
         lambda tc: tc.mgmt_instances.update(INSTANCE),
         raises=exceptions.NotSupported, match="no longer has"),
    Case('instances.reboot', lambda tc: tc.instances.reboot(INSTANCE),
         [request('POST', MGMT_ACTION, body={'reboot': {}})]),
    Case('instances.rebuild', lambda tc: tc.instances.rebuild(INSTANCE,
                                                              'image-1'),
         [request('POST', MGMT_ACTION, body={'rebuild': {
             'image_id': 'image-1'}})]),
    # test_management.MgmtDatastoreVersionsTest
    Case('mgmt_ds_versions.create', lambda tc: tc.mgmt_ds_versions.create(
        'ds-version1', 'mysql', 'mysql', 'image-id', ['mysql-server-5.5'],
        'registry-ext', 'repl-strategy', 'true', 'true'),
        [request('POST', '/mgmt/datastore-versions', body={'version': {
            'name': 'ds-version1', 'datastore_name': 'mysql',
            'datastore_manager': 'mysql', 'image_tags': [],
            'packages': ['mysql-server-5.5'], 'active': True,
            'default': True, 'image': 'image-id',
            'registry_ext': 'registry-ext',
            'repl_strategy': 'repl-strategy'}})]),
    Case('mgmt_ds_versions.get', lambda tc: tc.mgmt_ds_versions.get(VERSION),
         [request('GET', '/mgmt/datastore-versions/' + VERSION)]),
    Case('mgmt_ds_versions.list', lambda tc: tc.mgmt_ds_versions.list(),
         [request('GET', '/mgmt/datastore-versions')]),
    Case('mgmt_ds_versions.list-limit-marker',
         lambda tc: tc.mgmt_ds_versions.list(limit=10, marker='foo'),
         [request('GET', '/mgmt/datastore-versions',
                  {'limit': ['10'], 'marker': ['foo']})]),
    Case('mgmt_ds_versions.delete',
         lambda tc: tc.mgmt_ds_versions.delete(VERSION),
         [request('DELETE', '/mgmt/datastore-versions/' + VERSION)]),
    Case('mgmt_ds_versions.edit', lambda tc: tc.mgmt_ds_versions.edit(
        VERSION, 'mysql', 'image-2', ['pkg'], 'ext', 'strategy', 'false',
        'true', ['tag'], 'new-name'),
        # the rename first: Trove makes the default by the version's name
        [request('PATCH', '/mgmt/datastore-versions/' + VERSION,
                 body={'name': 'new-name'}),
         request('PATCH', '/mgmt/datastore-versions/' + VERSION, body={
             'datastore_manager': 'mysql', 'image': 'image-2',
             'packages': ['pkg'], 'registry_ext': 'ext',
             'repl_strategy': 'strategy', 'active': False, 'default': True,
             'image_tags': ['tag']})]),
    # The tags and packages as the body builders check them: a string is
    # one tag or package, stripped.
    Case('mgmt_ds_versions.create-tag-string',
         lambda tc: tc.mgmt_ds_versions.create(
             'ds-version1', 'mysql', 'mysql', 'image-id', 'mysql-server',
             image_tags=' trove '),
         [request('POST', '/mgmt/datastore-versions', body={'version': {
             'name': 'ds-version1', 'datastore_name': 'mysql',
             'datastore_manager': 'mysql', 'image': 'image-id',
             'image_tags': ['trove'], 'packages': ['mysql-server'],
             'active': True, 'default': False}})]),
    Case('mgmt_ds_versions.edit-package-string',
         lambda tc: tc.mgmt_ds_versions.edit(VERSION,
                                             packages='mysql-server'),
         [request('PATCH', '/mgmt/datastore-versions/' + VERSION,
                  body={'packages': ['mysql-server']})]),
    Case('mgmt_ds_versions.edit-image',
         lambda tc: tc.mgmt_ds_versions.edit(VERSION, image='image-2'),
         [request('PATCH', '/mgmt/datastore-versions/' + VERSION,
                  body={'image': 'image-2'})]),
    # python-troveclient sent an empty PATCH.
    Case('mgmt_ds_versions.edit-nothing',
         lambda tc: tc.mgmt_ds_versions.edit(VERSION),
         raises=exceptions.ValidationError, match='Nothing to change'),
]

CASES = INSTANCE_CASES + FLAVOR_AND_DATASTORE_CASES + MANAGEMENT_CASES


@pytest.mark.parametrize('case', CASES, ids=[case.id for case in CASES])
def test_python_troveclient_call_sends_its_request_or_nothing(tc, rm, case):
    trove = fake.Trove(rm)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        if case.raises is None:
            case.call(tc)
        else:
            with pytest.raises(case.raises, match=case.match):
                case.call(tc)
    sent = trove.sent()
    if case.raises is not None:
        assert sent == []
    else:
        assert as_trove_reads(sent) == as_trove_reads(case.sends)


def test_every_call_of_the_replay_is_a_public_call_of_python_troveclient():
    # The replayed managers' public calls of python-troveclient 8.11.0,
    # from its source; each is replayed above at least once.
    expected = {
        'instances': {'create', 'modify', 'update', 'upgrade', 'list',
                      'get', 'backups', 'delete', 'reset_status',
                      'force_delete', 'resize_volume', 'resize_instance',
                      'restart', 'configuration',
                      'promote_to_replica_source', 'eject_replica_source',
                      'modules', 'module_query', 'module_retrieve',
                      'module_apply', 'module_remove', 'log_list',
                      'log_show', 'log_action', 'ssl_show', 'ssl_enable',
                      'ssl_disable', 'ssl_rollback'},
        'flavors': {'list', 'get',
                    'list_datastore_version_associated_flavors', 'find',
                    'findall'},
        'datastores': {'list', 'get', 'delete', 'find'},
        'datastore_versions': {'list', 'get', 'get_by_uuid', 'update'},
        'mgmt_instances': {'show', 'list', 'index', 'root_enabled_history',
                           'stop', 'reboot', 'migrate', 'update',
                           'reset_task_status', 'rebuild'},
        'mgmt_ds_versions': {'list', 'get', 'create', 'edit', 'delete'},
    }
    replayed = {}
    for case in CASES:
        manager, _sep, call = case.id.partition('.')
        if not call:
            manager, call = 'instances', case.id
        replayed.setdefault(manager, set()).add(call.split('-')[0])
    for manager, calls in expected.items():
        assert calls <= replayed[manager], (manager, calls - replayed[manager])


def test_instance_status_names_are_python_troveclients():
    assert {name: getattr(v1_instances.InstanceStatus, name) for name in (
        'ACTIVE', 'BLOCKED', 'BUILD', 'FAILED', 'REBOOT', 'RESIZE',
        'SHUTDOWN', 'RESTART_REQUIRED', 'PROMOTING', 'EJECTING', 'LOGGING')
    } == {'ACTIVE': 'ACTIVE', 'BLOCKED': 'BLOCKED', 'BUILD': 'BUILD',
          'FAILED': 'FAILED', 'REBOOT': 'REBOOT', 'RESIZE': 'RESIZE',
          'SHUTDOWN': 'SHUTDOWN', 'RESTART_REQUIRED': 'RESTART_REQUIRED',
          'PROMOTING': 'PROMOTING', 'EJECTING': 'EJECTING',
          'LOGGING': 'LOGGING'}
    assert (v1_instances.REBOOT_SOFT, v1_instances.REBOOT_HARD) == (
        'SOFT', 'HARD')


def test_modify_is_deprecated_and_says_what_to_call():
    # python-troveclient: "This method is deprecated, use update instead."
    with pytest.warns(DeprecationWarning, match=r'instances.update'):
        with pytest.raises(exceptions.NotSupported):
            v1_instances.InstanceManager(None).modify(INSTANCE)
