"""client.instances: every method's request (URL, query, body) and result.

Request bodies are compared with Trove's API reference samples where one
exists (tests/unit/samples).
"""

import copy

import pytest

from troveclient_osc import exceptions
from troveclient_osc.v1 import flavors as v1_flavors
from troveclient_osc.v1 import instances as v1_instances
from tests.unit import fakes

ID = '7de1bed8-6983-4d46-9a52-0abfbb0d27a2'
INSTANCE_URL = fakes.url('/instances/%s' % ID)
ACTION_URL = INSTANCE_URL + '/action'
MGMT_ACTION_URL = fakes.url('/mgmt/instances/%s/action' % ID)
SHOW = fakes.sample('instance-show-response')


@pytest.fixture
def created(rm):
    """POST /instances answered with Trove's create sample."""
    return rm.post(fakes.url('/instances'),
                   json=fakes.sample('instance-create-response'))


def sent(rm):
    return rm.last_request.json()


# -- create ----------------------------------------------------------------

def test_create_with_the_spec_arguments_sends_the_spec_body(tc, rm, created):
    databases = [{'name': 'my_db', 'character_set': 'latin2',
                  'collate': 'latin2_general_ci'}]
    users = [{'name': 'jsmith', 'password': '12345',
              'databases': [{'name': 'my_db'}]}]
    instance = tc.instances.create('My Instance', '1', {'size': 1},
                                   databases, users, datastore='mysql',
                                   datastore_version='5.6-104')
    assert created.call_count == 1
    assert rm.last_request.method == 'POST'
    assert sent(rm) == {'instance': {
        'name': 'My Instance', 'flavorRef': '1', 'volume': {'size': 1},
        'databases': databases, 'users': users,
        'datastore': {'type': 'mysql', 'version': '5.6-104'}}}
    assert isinstance(instance, v1_instances.Instance)
    assert instance.id == 'b76a6a76-748b-4064-adec-4c9e6c9abd68'
    assert instance.status == 'BUILD'


def test_create_reproduces_the_api_reference_request(tc, rm, created):
    expected = fakes.sample('instance-create-request')
    spec = copy.deepcopy(expected['instance'])
    tc.instances.create(
        spec['name'], spec['flavorRef'], spec['volume']['size'],
        databases=spec['databases'], users=spec['users'],
        datastore='mysql', datastore_version='5.7', nics=spec['nics'],
        is_public=True, allowed_cidrs=['202.78.240.0/24'])
    expected['instance']['flavorRef'] = '1'  # Trove takes either form
    assert sent(rm) == expected


def test_create_sends_every_optional_field(tc, rm, created):
    tc.instances.create(
        'db1', 'd2', {'size': 5}, volume_type='ssd',
        databases=['plain', {'name': 'cs', 'character_set': 'utf8mb4',
                             'collate': 'utf8mb4_general_ci'}],
        users=[{'name': 'u1', 'password': 'p:ss', 'host': '10.0.0.%',
                'databases': ['plain', {'name': 'cs'}]}],
        restore_point='3f3e2b6e-5f0b-4f4b-9b8b-2b6c4a4d1e01',
        availability_zone='az-2', datastore='mysql',
        datastore_version='8.0', datastore_version_number='8.0.36',
        nics=[{'network_id': 'net-1', 'subnet_id': 'sub-1',
               'ip_address': '10.0.0.9'}],
        configuration='2aa51628-5c42-4086-8682-137caffd2ba6',
        modules=['mod-1', 'mod-2'], locality='soft-anti-affinity',
        region_name='EAST',
        access={'is_public': False, 'allowed_cidrs': ['10.0.0.0/8']})
    assert sent(rm) == {'instance': {
        'name': 'db1', 'flavorRef': 'd2',
        'volume': {'size': 5, 'type': 'ssd'},
        'databases': [{'name': 'plain'},
                      {'name': 'cs', 'character_set': 'utf8mb4',
                       'collate': 'utf8mb4_general_ci'}],
        'users': [{'name': 'u1', 'password': 'p:ss', 'host': '10.0.0.%',
                   'databases': [{'name': 'plain'}, {'name': 'cs'}]}],
        'restorePoint': {
            'backupRef': '3f3e2b6e-5f0b-4f4b-9b8b-2b6c4a4d1e01'},
        'availability_zone': 'az-2',
        'datastore': {'type': 'mysql', 'version': '8.0',
                      'version_number': '8.0.36'},
        'nics': [{'network_id': 'net-1', 'subnet_id': 'sub-1',
                  'ip_address': '10.0.0.9'}],
        'configuration': '2aa51628-5c42-4086-8682-137caffd2ba6',
        'modules': [{'id': 'mod-1'}, {'id': 'mod-2'}],
        'locality': 'soft-anti-affinity',
        'region_name': 'EAST',
        'access': {'is_public': False, 'allowed_cidrs': ['10.0.0.0/8']}}}


@pytest.mark.parametrize('store', [{}, {'datastore': 'mysql'}])
def test_create_refuses_a_version_number_without_the_version(
        tc, rm, created, store):
    # Trove drops the number when no version is given and creates the
    # instance on the default version.
    with pytest.raises(exceptions.ValidationError) as info:
        tc.instances.create('db1', '1', 1, datastore_version_number='5.7',
                            **store)
    assert str(info.value) == ("A datastore version number ('5.7') needs "
                               'the datastore version (name) it tells apart')
    assert rm.call_count == 0


def test_create_replicas_sends_the_source_and_count(tc, rm, created):
    tc.instances.create('replica', replica_of=ID, replica_count=3)
    assert sent(rm) == {'instance': {'name': 'replica', 'replica_of': ID,
                                     'replica_count': 3}}


@pytest.mark.parametrize('locality', v1_instances.LOCALITIES)
def test_create_accepts_every_locality(tc, rm, created, locality):
    tc.instances.create('db', '1', 1, locality=locality)
    assert sent(rm)['instance']['locality'] == locality


@pytest.mark.parametrize('volume,expected', [
    (1, {'size': 1}), ('2', {'size': 2}), (' 3 ', {'size': 3}),
    ({'size': '4', 'type': 'fast'}, {'size': 4, 'type': 'fast'}),
])
def test_create_volume_size_is_sent_as_an_integer(tc, rm, created, volume,
                                                  expected):
    tc.instances.create('db', '1', volume)
    assert sent(rm)['instance']['volume'] == expected


def test_create_accepts_objects_for_references(tc, rm, created):
    flavor = v1_flavors.Flavor(tc.flavors, fakes.flavor_body('d2', 'large'))
    backup = type('Backup', (), {'id': 'b-1'})()
    tc.instances.create('db', flavor, 1, restorePoint=backup,
                        replica_of=None, modules=[type('M', (), {
                            'id': 'm-1'})()])
    body = sent(rm)['instance']
    assert body['flavorRef'] == 'd2'
    assert body['restorePoint'] == {'backupRef': 'b-1'}
    assert body['modules'] == [{'id': 'm-1'}]


def test_create_takes_a_single_name_or_id_as_one_item(tc, rm, created):
    # Iterating a bare string would send one item per character.
    tc.instances.create('db', '1', 1, databases='my_db', modules='mod-1',
                        allowed_cidrs='10.0.0.0/8')
    body = sent(rm)['instance']
    assert body['databases'] == [{'name': 'my_db'}]
    assert body['modules'] == [{'id': 'mod-1'}]
    assert body['access'] == {'allowed_cidrs': ['10.0.0.0/8']}


def test_create_takes_a_single_database_mapping_as_one_item(tc, rm,
                                                            created):
    tc.instances.create('db', '1', 1, databases={'name': 'my_db',
                                                 'collate': 'x'})
    assert sent(rm)['instance']['databases'] == [{'name': 'my_db',
                                                  'collate': 'x'}]


def test_create_sends_only_what_was_given(tc, rm, created):
    tc.instances.create('bare')
    assert sent(rm) == {'instance': {'name': 'bare'}}


@pytest.mark.parametrize('kwargs,message', [
    ({'name': ''}, 'non-empty name'),
    ({'name': '   '}, 'non-empty name'),
    ({'name': None}, 'non-empty name'),
    ({'volume': 0}, 'volume size'),
    ({'volume': -1}, 'volume size'),
    ({'volume': 'abc'}, 'volume size'),
    ({'volume': True}, 'volume size'),
    ({'volume': 1.5}, 'volume size'),
    ({'volume': {'type': 'ssd'}}, 'needs a size'),
    ({'volume': None, 'volume_type': 'ssd'}, 'needs a volume size'),
    ({'databases': [{'character_set': 'utf8'}]}, 'non-empty name'),
    ({'databases': ['']}, 'non-empty name'),
    ({'users': [{'name': 'u'}]}, 'non-empty password'),
    ({'users': [{'name': 'u', 'password': '  '}]}, 'non-empty password'),
    ({'users': [{'password': 'x'}]}, 'needs a name'),
    ({'users': ['u:p']}, 'mapping'),
    ({'users': [{'name': 'u', 'password': 'p', 'databases': [{}]}]},
     'non-empty name'),
    ({'nics': [{'port-ids': 'x'}]}, 'Unknown NIC key'),
    # Trove 26's schema has no port-id and takes a single NIC.
    ({'nics': [{'port-id': 'x'}]}, 'Unknown NIC key'),
    ({'nics': [{'net-id': 'a'}, {'net-id': 'b'}]}, 'one network'),
    ({'nics': [{}]}, 'non-empty mapping'),
    ({'locality': 'near'}, 'Invalid locality'),
    ({'replica_count': 0}, 'replica count'),
    ({'replica_count': 4}, 'at most 3'),
    ({'allowed_cidrs': ['10.0.0.0/33']}, 'Invalid CIDR'),
    ({'allowed_cidrs': ['not-a-net']}, 'Invalid CIDR'),
])
def test_create_refuses_bad_arguments_before_any_call(tc, rm, kwargs,
                                                      message):
    args = {'name': 'db', 'flavor_id': '1', 'volume': 1}
    args.update(kwargs)
    with pytest.raises(exceptions.ValidationError, match=message):
        tc.instances.create(**args)
    assert rm.call_count == 0


def test_create_body_is_what_create_sends_and_sends_nothing(tc, rm,
                                                            created):
    args = ('db', '1', 2, ['app'], [{'name': 'u', 'password': 'p'}])
    options = dict(datastore='mysql', datastore_version='5.7',
                   nics=[{'network-id': 'n1'}], is_public=True)
    body = v1_instances.create_body(*args, **options)
    assert rm.call_count == 0
    tc.instances.create(*args, **options)
    assert sent(rm) == {'instance': body}
    assert body['nics'] == [{'network_id': 'n1'}]


@pytest.mark.parametrize('alias,keyword', [
    ({'restorePoint': 'b-1'}, {'restore_point': 'b-1'}),
    ({'access': {'is_public': True, 'allowed_cidrs': ['10.0.0.0/8']}},
     {'is_public': True, 'allowed_cidrs': ['10.0.0.0/8']}),
    ({'access': {'is_public': False}, 'allowed_cidrs': '10.0.0.0/8'},
     {'is_public': False, 'allowed_cidrs': ['10.0.0.0/8']}),
])
def test_create_takes_the_old_spellings_as_aliases(alias, keyword):
    assert (v1_instances.create_body('db', '1', **alias) ==
            v1_instances.create_body('db', '1', **keyword))


def test_create_keyword_wins_over_its_alias():
    body = v1_instances.create_body('db', restore_point='new',
                                    restorePoint='old')
    assert body['restorePoint'] == {'backupRef': 'new'}


def test_create_refuses_an_unknown_keyword_or_access_key(tc, rm):
    with pytest.raises(TypeError, match="unexpected keyword argument "
                       "'flavor'"):
        tc.instances.create('db', flavor='1')
    with pytest.raises(exceptions.ValidationError,
                       match='Unknown access key.*public'):
        tc.instances.create('db', '1', access={'public': True})
    assert rm.call_count == 0


@pytest.mark.parametrize('kwargs,argument,needs', [
    ({'volume_type': 'ssd'}, 'volume_type', ('volume',)),
    ({'datastore_version_number': '5.7'}, 'datastore_version_number',
     ('datastore_version',)),
])
def test_create_says_which_keyword_needs_which(kwargs, argument, needs):
    with pytest.raises(exceptions.ArgumentMissing) as info:
        v1_instances.create_body('db', '1', **kwargs)
    assert (info.value.argument, info.value.needs) == (argument, needs)


def test_create_error_about_a_password_never_shows_it(tc, rm):
    with pytest.raises(exceptions.ValidationError) as info:
        tc.instances.create('db', '1', 1, users=[
            {'name': 'u1', 'password': ''}, {'name': '', 'password': 'sec'}])
    assert "User 'u1' needs a non-empty password" == str(info.value)
    with pytest.raises(exceptions.ValidationError) as info:
        tc.instances.create('db', '1', 1, users=[
            {'name': ' ', 'password': 'very-secret'}])
    assert 'very-secret' not in str(info.value)


def test_create_keeps_duplicate_cidrs_out(tc, rm, created):
    tc.instances.create('db', '1', 1,
                        allowed_cidrs=['10.0.0.0/8', '10.0.0.0/8'])
    assert sent(rm)['instance']['access'] == {
        'allowed_cidrs': ['10.0.0.0/8']}


def test_create_does_not_change_the_callers_arguments(tc, rm, created):
    users = [{'name': 'u', 'password': 'p', 'databases': ['a']}]
    volume = {'size': '2'}
    before = copy.deepcopy((users, volume))
    tc.instances.create('db', '1', volume, users=users, volume_type='x')
    assert (users, volume) == before


def test_create_is_not_repeated_when_the_server_is_busy(tc, rm):
    rm.post(fakes.url('/instances'), status_code=503,
            headers={'Retry-After': '1'})
    with pytest.raises(exceptions.ServiceUnavailable):
        tc.instances.create('db', '1', 1)
    assert rm.call_count == 1


# -- reading ---------------------------------------------------------------

def test_get_sends_one_get_and_returns_every_field(tc, rm):
    rm.get(INSTANCE_URL, json=SHOW)
    instance = tc.instances.get(ID)
    assert rm.call_count == 1
    assert rm.last_request.method == 'GET'
    assert instance.to_dict() == SHOW['instance']
    assert instance.name == 'test'
    assert instance.status == 'ACTIVE'
    assert instance.operating_status == 'HEALTHY'
    assert instance.flavor == {'id': '6'}
    assert instance.volume['used'] == 0.12
    assert instance.ip == ['10.1.0.62', '172.24.5.114']
    assert instance.addresses[1]['address'] == '172.24.5.114'


def test_get_accepts_an_instance_object(tc, rm):
    rm.get(INSTANCE_URL, json=SHOW)
    first = tc.instances.get(ID)
    assert tc.instances.get(first) == first
    assert rm.call_count == 2


def test_get_missing_instance_is_not_found(tc, rm):
    # Trove's 404 for the ID costs one scan, for an instance named so
    # (issue 21: names everywhere); none is.
    rm.get(INSTANCE_URL, status_code=404, json=fakes.fault(
        'itemNotFound', 404, 'Resource %s cannot be found.' % ID))
    listing = fakes.InstanceListing([fakes.instance_body(1)]).register(rm)
    with pytest.raises(exceptions.NotFound) as info:
        tc.instances.get(ID)
    assert str(info.value) == \
        "No database instance with a name or ID of '%s' exists." % ID
    assert listing.calls == 1
    assert rm.call_count == 2


@pytest.mark.parametrize('kwargs,path,query', [
    ({}, '/instances', ''),
    ({'limit': 5}, '/instances', 'limit=5'),
    ({'marker': 'abc', 'limit': 5}, '/instances', 'limit=5&marker=abc'),
    ({'include_clustered': True}, '/instances', 'include_clustered=true'),
    ({'detailed': True}, '/instances/detail', ''),
    ({'all_projects': True}, '/mgmt/instances', 'deleted=false'),
    ({'project_id': 'p2'}, '/mgmt/instances',
     'deleted=false&project_id=p2'),
])
def test_list_requests_one_page(tc, rm, kwargs, path, query):
    rm.get(fakes.url(path), json=fakes.sample('instance-list-response'))
    page = tc.instances.list(**kwargs)
    assert rm.call_count == 1
    assert rm.last_request.path == fakes.url(path).split(':8779')[1]
    assert rm.last_request.query == query
    assert [i.id for i in page] == [ID]
    assert page.next is None


def test_list_detail_and_mgmt_samples_become_instances(tc, rm):
    rm.get(fakes.url('/instances/detail'),
           json=fakes.sample('instance-list-detail-response'))
    rm.get(fakes.url('/mgmt/instances'),
           json=fakes.sample('instance-mgmt-list-response'))
    detailed = tc.instances.list(detailed=True)
    assert detailed[0].to_dict() == fakes.sample(
        'instance-list-detail-response')['instances'][0]
    mgmt = tc.instances.list(all_projects=True)
    assert mgmt[0].to_dict() == fakes.sample(
        'instance-mgmt-list-response')['instances'][0]


def test_list_next_is_the_marker_of_the_next_link(tc, rm):
    body = fakes.sample('instance-list-response')
    body['links'] = [{'rel': 'next', 'href': 'https://127.0.0.1:8779/v1.0/'
                      'p/instances?limit=20&marker=' + ID}]
    rm.get(fakes.url('/instances'), json=body)
    page = tc.instances.list()
    assert page.next == ID
    assert rm.call_count == 1  # the link itself is never requested


def test_list_skips_items_that_are_not_objects(tc, rm):
    rm.get(fakes.url('/instances'),
           json={'instances': [None, 'x', fakes.instance_body(1)]})
    assert [i.id for i in tc.instances.list()] == [fakes.instance_id(1)]


@pytest.mark.parametrize('body,message', [
    ({'instance': []}, "'instance' is list, not an object"),
    ({'instance': None}, "missing 'instance'"),
    ({'instances': [SHOW]}, "missing 'instance'"),
    ([SHOW], "missing 'instance'"),
])
def test_get_with_a_malformed_body_is_one_clear_error(tc, rm, body,
                                                      message):
    rm.get(INSTANCE_URL, json=body)
    with pytest.raises(exceptions.InvalidResponse) as info:
        tc.instances.get(ID)
    assert str(info.value).startswith(
        'Unexpected response format from %s: %s' % (INSTANCE_URL, message))


@pytest.mark.parametrize('body', [{'instances': None}, {}, {'instance': []}])
def test_list_with_a_malformed_body_is_one_clear_error(tc, rm, body):
    rm.get(fakes.url('/instances'), json=body)
    with pytest.raises(exceptions.InvalidResponse) as info:
        tc.instances.list()
    assert str(info.value).startswith(
        "Unexpected response format from %s: missing 'instances'"
        % fakes.url('/instances'))


def test_create_answered_with_truncated_json_is_not_repeated(tc, rm):
    rm.post(fakes.url('/instances'), text='{"instance": {"id": "b76a',
            headers={'x-openstack-request-id': 'req-cut'})
    with pytest.raises(exceptions.InvalidResponse) as info:
        tc.instances.create('db', '1', 1)
    assert str(info.value) == (
        'Invalid JSON in response from %s (HTTP 200) (Request-ID: req-cut)'
        % fakes.url('/instances'))
    assert rm.call_count == 1


# -- statuses --------------------------------------------------------------

@pytest.mark.parametrize('status', v1_instances.STATUSES)
def test_check_status_takes_every_status_trove_gives_in_any_case(status):
    for typed in (status, status.lower(), status.title()):
        assert v1_instances.check_status(typed) == status


@pytest.mark.parametrize('status', [
    # a typo; operating statuses, never an instance's status; what Trove
    # 19.0.1-26.0.0 cannot give (LOGGING: see STATUSES); not ASCII (a
    # dotless i is I in upper case); spaces; not text
    'ACTVE', 'HEALTHY', 'BLOCKED', 'FAILED', 'LOGGING', 'act\u0131ve',
    ' ACTIVE', '', None, 1])
def test_check_status_refuses_what_trove_never_gives(status):
    # Issue 23 item 8: 'list --status ACTVE' listed nothing, exit 0.
    with pytest.raises(exceptions.ValidationError) as caught:
        v1_instances.check_status(status)
    assert str(caught.value) == (
        "Invalid status '%s': must be one of ACTIVE, BACKUP, BUILD, DETACH, "
        "EJECT, ERROR, PROMOTE, REBOOT, RESIZE, RESTART_REQUIRED, SHUTDOWN, "
        "UNKNOWN, UPGRADE (in any case)" % status)


# -- deleting and actions --------------------------------------------------

def test_delete_sends_one_delete(tc, rm):
    rm.delete(INSTANCE_URL, status_code=202)
    assert tc.instances.delete(ID) is None
    assert rm.call_count == 1
    assert rm.last_request.method == 'DELETE'
    assert rm.last_request.body is None


def test_delete_of_an_instance_that_is_building_is_unprocessable(tc, rm):
    rm.delete(INSTANCE_URL, status_code=422, json=fakes.fault(
        'unprocessableEntity', 422,
        'Instance %s is not ready. (Status is BUILD).' % ID))
    with pytest.raises(exceptions.UnprocessableEntity,
                       match='not ready'):
        tc.instances.delete(ID)


def test_force_delete_resets_the_status_then_deletes(tc, rm):
    rm.post(ACTION_URL, status_code=202)
    rm.delete(INSTANCE_URL, status_code=202)
    tc.instances.force_delete(ID)
    assert [(r.method, r.url) for r in rm.request_history] == [
        ('POST', ACTION_URL), ('DELETE', INSTANCE_URL)]
    assert rm.request_history[0].json() == fakes.sample(
        'instance-action-reset-status-request')


def test_force_delete_does_not_delete_when_the_reset_fails(tc, rm):
    rm.post(ACTION_URL, status_code=403, json=fakes.fault(
        'forbidden', 403, 'Policy does not allow it.'))
    with pytest.raises(exceptions.Forbidden):
        tc.instances.force_delete(ID)
    assert rm.call_count == 1


@pytest.mark.parametrize('call,args,sample', [
    ('reset_status', (), 'instance-action-reset-status-request'),
    ('restart', (), 'instance-action-restart-request'),
    ('resize_instance', ('2',), 'instance-action-resize-request'),
    ('resize_instance', (2,), 'instance-action-resize-request'),
    ('resize_volume', (4,), 'instance-action-resize-volume-request'),
    ('resize_volume', ('4',), 'instance-action-resize-volume-request'),
    ('promote_to_replica_source', (),
     'instance-action-promote-replica-request'),
    ('eject_replica_source', (), 'instance-action-eject-replica-request'),
])
def test_action_posts_the_reference_body(tc, rm, call, args, sample):
    rm.post(ACTION_URL, status_code=202)
    assert getattr(tc.instances, call)(ID, *args) is None
    assert rm.call_count == 1
    assert rm.last_request.json() == fakes.sample(sample)


@pytest.mark.parametrize('call,args,sample', [
    ('reboot', (), 'instance-mgmt-action-reboot-request'),
    ('rebuild', ('3e50414a-8532-4646-982c-a66fe8f0411b',),
     'instance-mgmt-action-rebuild-instance-request'),
])
def test_mgmt_action_posts_the_reference_body(tc, rm, call, args, sample):
    rm.post(MGMT_ACTION_URL, status_code=202)
    getattr(tc.instances, call)(ID, *args)
    assert rm.last_request.json() == fakes.sample(sample)


def test_resize_instance_sends_a_flavor_objects_id(tc, rm):
    rm.post(ACTION_URL, status_code=202)
    tc.instances.resize_instance(ID, v1_flavors.Flavor(
        tc.flavors, fakes.flavor_body('m1.small-id', 'm1.small')))
    assert rm.last_request.json() == {
        'resize': {'flavorRef': 'm1.small-id'}}


@pytest.mark.parametrize('call,args', [
    ('resize_volume', (0,)),
    ('resize_volume', ('big',)),
    ('rebuild', ('',)),
    ('rebuild', (None,)),
])
def test_action_with_a_bad_argument_sends_nothing(tc, rm, call, args):
    with pytest.raises(exceptions.ValidationError):
        getattr(tc.instances, call)(ID, *args)
    assert rm.call_count == 0


def test_action_on_a_post_is_not_repeated_after_503(tc, rm):
    rm.post(ACTION_URL, status_code=503)
    with pytest.raises(exceptions.ServiceUnavailable):
        tc.instances.restart(ID)
    assert rm.call_count == 1


# act_on: an action on an instance named or given, in the fewest round trips

DETAIL_URL = fakes.url('/instances/detail')
OTHER = 'b76a6a76-748b-4064-adec-4c9e6c9abd68'
# Trove's answer to an action on an instance it does not have.
NO_SUCH = fakes.fault('itemNotFound', 404,
                      'Resource %s cannot be found.' % ID)


def listed(*pairs):
    """A detailed listing of instances with these (id, name) pairs."""
    body = fakes.sample('instance-list-detail-response')['instances'][0]
    return {'instances': [dict(body, id=ident, name=name)
                          for ident, name in pairs]}


def requests_sent(rm):
    return [(r.method, r.url) for r in rm.request_history]


def test_act_on_an_id_sends_the_action_alone(tc, rm):
    rm.post(ACTION_URL, status_code=202)
    assert tc.instances.act_on(ID, tc.instances.restart) is None
    assert requests_sent(rm) == [('POST', ACTION_URL)]


def test_act_on_an_instance_object_acts_on_its_id_without_a_lookup(tc, rm):
    rm.post(ACTION_URL, status_code=202)
    instance = v1_instances.Instance(tc.instances, dict(SHOW['instance']))
    seen = []
    tc.instances.act_on(instance, seen.append)
    assert seen == [instance]
    tc.instances.act_on(instance, tc.instances.restart)
    assert requests_sent(rm) == [('POST', ACTION_URL)]


def test_act_on_a_name_scans_once_then_acts_on_the_match(tc, rm):
    rm.get(DETAIL_URL, json=listed((OTHER, 'other'), (ID, 'orders')))
    rm.post(ACTION_URL, status_code=202)
    tc.instances.act_on('orders', tc.instances.restart)
    assert requests_sent(rm) == [('GET', DETAIL_URL), ('POST', ACTION_URL)]


def test_act_on_an_unknown_id_scans_without_a_get_by_id(tc, rm):
    # The action's 404 already says no instance has this ID: the listing
    # is scanned (an instance may be named like an ID), and nothing more.
    rm.post(ACTION_URL, status_code=404, json=NO_SUCH)
    rm.get(DETAIL_URL, json=listed((OTHER, 'other')))
    with pytest.raises(exceptions.NotFound,
                       match="No database instance with a name or ID "
                       "of '%s' exists" % ID):
        tc.instances.act_on(ID, tc.instances.restart)
    assert requests_sent(rm) == [('POST', ACTION_URL), ('GET', DETAIL_URL)]


def test_act_on_an_id_that_is_a_name_acts_on_the_named_instance(tc, rm):
    rm.post(ACTION_URL, status_code=404, json=NO_SUCH)
    rm.get(DETAIL_URL, json=listed((OTHER, ID)))
    other_action = fakes.url('/instances/%s/action' % OTHER)
    rm.post(other_action, status_code=202)
    tc.instances.act_on(ID, tc.instances.restart)
    assert requests_sent(rm) == [('POST', ACTION_URL), ('GET', DETAIL_URL),
                                 ('POST', other_action)]


def test_act_on_an_existing_instance_keeps_a_404_about_something_else(
        tc, rm):
    # Trove also answers 404 for a resource the action needs; the scan
    # finds the instance itself, so the action is not sent again.
    rm.post(ACTION_URL, status_code=404, json=fakes.fault(
        'itemNotFound', 404, 'Configuration group cfg-1 not found.'))
    rm.get(DETAIL_URL, json=listed((ID, 'orders')))
    with pytest.raises(exceptions.NotFound,
                       match='Configuration group cfg-1 not found') as info:
        tc.instances.act_on(ID, tc.instances.restart)
    assert info.value.http_status == 404
    assert requests_sent(rm) == [('POST', ACTION_URL), ('GET', DETAIL_URL)]


def test_act_on_an_unknown_id_of_every_project_scans_the_admin_listing(
        tc, rm):
    mgmt = fakes.url('/mgmt/instances?deleted=false')
    rm.post(MGMT_ACTION_URL, status_code=404, json=NO_SUCH)
    rm.get(mgmt, json=listed((OTHER, ID)))
    other_action = fakes.url('/mgmt/instances/%s/action' % OTHER)
    rm.post(other_action, status_code=202)
    tc.instances.act_on(ID, tc.instances.reboot, all_projects=True)
    assert requests_sent(rm) == [('POST', MGMT_ACTION_URL), ('GET', mgmt),
                                 ('POST', other_action)]


def test_act_on_all_projects_scans_the_admin_listing(tc, rm):
    mgmt = fakes.url('/mgmt/instances?deleted=false')
    rm.get(mgmt, json=listed((ID, 'orders')))
    rm.post(MGMT_ACTION_URL, status_code=202)
    tc.instances.act_on('orders', tc.instances.reboot, all_projects=True)
    assert requests_sent(rm) == [('GET', mgmt), ('POST', MGMT_ACTION_URL)]


def test_act_on_does_not_scan_after_another_error(tc, rm):
    rm.post(ACTION_URL, status_code=409, json=fakes.fault(
        'conflict', 409, 'Instance is busy.'))
    with pytest.raises(exceptions.Conflict):
        tc.instances.act_on(ID, tc.instances.restart)
    assert rm.call_count == 1


def test_act_on_keeps_a_lookup_failure_inside_the_action(tc, rm):
    # An unknown flavor found missing inside the action is not this
    # instance's 404: no scan of the instances.
    def resize(target):
        raise tc.flavors._not_found('huge')
    with pytest.raises(exceptions.NotFound, match="No flavor .* 'huge'"):
        tc.instances.act_on(ID, resize)
    assert rm.call_count == 0


def test_act_on_an_ambiguous_name_acts_on_nothing(tc, rm):
    rm.get(DETAIL_URL, json=listed((ID, 'orders'), (OTHER, 'orders')))
    with pytest.raises(exceptions.NoUniqueMatch):
        tc.instances.act_on('orders', tc.instances.restart)
    assert requests_sent(rm) == [('GET', DETAIL_URL)]


# -- updating --------------------------------------------------------------

@pytest.mark.parametrize('kwargs,sample', [
    ({'name': 'sample_instance'}, 'instance-patch-update-name-request'),
    ({'configuration': '2aa51628-5c42-4086-8682-137caffd2ba6'},
     'instance-put-attach-config-group-request'),
    ({'remove_configuration': True},
     'instance-put-detach-config-group-request-2'),
    ({'detach_replica_source': True},
     'instance-patch-detach-replica-request'),
    ({'is_public': True, 'allowed_cidrs': ['10.0.0.0/24']},
     'instance-update-access-request'),
])
def test_update_puts_the_reference_body(tc, rm, kwargs, sample):
    # A change that does not name a group reads the instance first, to
    # keep its group (it has none here: nothing more).
    rm.get(INSTANCE_URL, json=SHOW)
    rm.put(INSTANCE_URL, status_code=202)
    assert tc.instances.update(ID, **kwargs) is None
    assert [r.method for r in rm.request_history] == (
        ['PUT'] if 'config-group' in sample else ['GET', 'PUT'])
    assert rm.last_request.json() == fakes.sample(sample)


def test_update_renames_and_changes_one_more_thing_at_once(tc, rm):
    rm.put(INSTANCE_URL, status_code=202)
    tc.instances.update(ID, name='new', configuration='cfg-1')
    assert rm.last_request.json() == {'instance': {
        'name': 'new', 'configuration': 'cfg-1'}}


def test_update_with_nothing_to_change_never_sends_an_empty_body(tc, rm):
    # Trove reads {"instance": {}} as "detach the configuration group".
    with pytest.raises(exceptions.ValidationError,
                       match='Nothing to update'):
        tc.instances.update(ID)
    with pytest.raises(exceptions.ValidationError):
        tc.instances.update(ID, name=None, configuration=None,
                            remove_configuration=False,
                            detach_replica_source=False)
    assert rm.call_count == 0


@pytest.mark.parametrize('kwargs', [
    {'configuration': 'c', 'remove_configuration': True},
    {'configuration': 'c', 'is_public': True},
    {'detach_replica_source': True, 'allowed_cidrs': ['10.0.0.0/8']},
    {'name': 'n', 'remove_configuration': True,
     'detach_replica_source': True},
])
def test_update_refuses_two_changes_at_once(tc, rm, kwargs):
    with pytest.raises(exceptions.ValidationError, match='Only one of'):
        tc.instances.update(ID, **kwargs)
    assert rm.call_count == 0


def test_update_conflict_names_the_keywords_of_each_change(tc, rm):
    with pytest.raises(exceptions.ArgumentsConflict) as info:
        tc.instances.update(ID, name='n', configuration='c',
                            allowed_cidrs=['10.0.0.0/8'])
    assert info.value.arguments == (('configuration',),
                                    ('is_public', 'allowed_cidrs'))
    assert info.value.besides == ('name',)
    assert str(info.value) == ('Only one of configuration, access can be '
                               'changed at a time (with or without a new '
                               'name)')


def test_update_with_nothing_names_every_keyword_it_needs_one_of(tc, rm):
    with pytest.raises(exceptions.ArgumentMissing) as info:
        tc.instances.update(ID)
    assert info.value.argument is None
    assert info.value.needs == ('name', 'configuration',
                                'remove_configuration',
                                'detach_replica_source', 'is_public',
                                'allowed_cidrs')


def test_update_body_is_what_update_sends(tc, rm):
    rm.put(INSTANCE_URL, status_code=202)
    tc.instances.update(tc.instances._make(SHOW['instance']), name='n',
                        is_public=False)
    assert sent(rm) == {'instance': v1_instances.update_body(
        name='n', is_public=False)}
    assert rm.call_count == 1


@pytest.mark.parametrize('name', ['', '  '])
def test_update_refuses_an_empty_new_name(tc, rm, name):
    with pytest.raises(exceptions.ValidationError):
        tc.instances.update(ID, name=name)
    assert rm.call_count == 0


def test_modify_attaches_a_configuration(tc, rm):
    rm.put(INSTANCE_URL, status_code=202)
    tc.instances.modify(ID, configuration='2aa51628-5c42-4086-8682-'
                                          '137caffd2ba6')
    assert rm.last_request.json() == fakes.sample(
        'instance-put-attach-config-group-request')
    with pytest.raises(exceptions.ValidationError):
        tc.instances.modify(ID)
    assert rm.call_count == 1


def test_detach_replica_patches_the_reference_body(tc, rm):
    rm.get(INSTANCE_URL, json=SHOW)
    rm.patch(INSTANCE_URL, status_code=202)
    assert tc.instances.detach_replica(ID) is None
    assert rm.last_request.method == 'PATCH'
    assert rm.last_request.json() == fakes.sample(
        'instance-patch-detach-replica-request')


def test_upgrade_patches_the_reference_body(tc, rm):
    # (the instance is read first: the version it runs, its group)
    rm.get(INSTANCE_URL, json=SHOW)
    rm.patch(INSTANCE_URL, status_code=202)
    assert tc.instances.upgrade(ID, 'sample_datastore_version') is None
    assert rm.last_request.json() == fakes.sample(
        'instance-patch-upgrade-datastore-version-request')
    with pytest.raises(exceptions.ValidationError):
        tc.instances.upgrade(ID, '')
    assert [r.method for r in rm.request_history] == ['GET', 'PATCH']


def test_patch_is_not_repeated_after_503(tc, rm):
    rm.get(INSTANCE_URL, json=SHOW)
    rm.patch(INSTANCE_URL, status_code=503)
    with pytest.raises(exceptions.ServiceUnavailable):
        tc.instances.upgrade(ID, '8.0')
    assert [r.method for r in rm.request_history] == ['GET', 'PATCH']


# -- the Instance object ---------------------------------------------------

def test_instance_methods_act_on_that_instance(tc, rm):
    rm.get(INSTANCE_URL, json=SHOW)
    rm.delete(INSTANCE_URL, status_code=202)
    rm.post(ACTION_URL, status_code=202)
    rm.patch(INSTANCE_URL, status_code=202)
    instance = tc.instances.get(ID)
    instance.restart()
    instance.detach_replica()
    instance.force_delete()
    instance.delete()
    assert [(r.method, r.url) for r in rm.request_history] == [
        ('GET', INSTANCE_URL), ('POST', ACTION_URL),
        ('PATCH', INSTANCE_URL), ('POST', ACTION_URL),
        ('DELETE', INSTANCE_URL), ('DELETE', INSTANCE_URL)]
    assert rm.request_history[1].json() == {'restart': {}}
    assert rm.request_history[3].json() == {'reset_status': {}}
