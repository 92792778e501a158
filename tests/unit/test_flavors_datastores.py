"""client.flavors, client.datastores and client.datastore_versions."""

import pytest

from troveclient_osc import exceptions
from troveclient_osc.v1 import datastores as v1_datastores
from troveclient_osc.v1 import flavors as v1_flavors
from tests.unit import fakes

FLAVORS = {'flavors': [
    fakes.flavor_body(1, 'm1.tiny', ram=512),
    fakes.flavor_body(2, 'm1.small', ram=2048),
    fakes.flavor_body('d2', 'ds2G', ram=2048, vcpus=2),
    fakes.flavor_body('5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f', 'uuid-named'),
]}
DS = '3bf89e46-c3ed-4db6-a423-6e6709ec21ef'
VERSION = '4eb0179d-fe11-4556-9422-5267d2fc7625'
MGMT_VERSION = '385fa391-f6f1-4444-9d80-7dc3b2188fa3'


def requests_made(rm):
    return [(r.method, r.url[len(fakes.ENDPOINT):]) for r in
            rm.request_history]


# -- flavors -----------------------------------------------------------------

def test_flavor_list_gives_every_field(tc, rm):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    flavors = tc.flavors.list()
    assert requests_made(rm) == [('GET', '/flavors')]
    assert [f.name for f in flavors] == ['m1.tiny', 'm1.small', 'ds2G',
                                         'uuid-named']
    tiny, _small, ds2g, _uuid = flavors
    assert (tiny.id, tiny.str_id, tiny.ram, tiny.vcpus, tiny.disk) == (
        1, '1', 512, 1, 10)
    # python-troveclient's id: the str_id of a flavor whose ID is not an
    # integer (Trove says null); to_dict() keeps Trove's null (issue 21).
    assert ds2g.id == 'd2' and ds2g.str_id == 'd2'
    assert ds2g.to_dict()['id'] is None
    assert [f.flavor_ref for f in flavors] == [
        '1', '2', 'd2', '5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f']
    assert flavors.next is None


@pytest.mark.parametrize('ref,path', [
    (1, '/flavors/1'), ('2', '/flavors/2'),
    ('5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f',
     '/flavors/5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f'),
])
def test_flavor_get_is_one_get(tc, rm, ref, path):
    rm.get(fakes.url(path), json={'flavor': fakes.flavor_body(ref, 'f')})
    flavor = tc.flavors.get(ref)
    assert requests_made(rm) == [('GET', path)]
    assert flavor.flavor_ref == str(ref)


def test_flavor_get_of_a_string_id_or_a_name_lists_first(tc, rm):
    # Neither an integer nor UUID-like: looked up in the list (IDs first),
    # never put in a URL as it was given (issue 23).
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    rm.get(fakes.url('/flavors/d2'), json={
        'flavor': fakes.flavor_body('d2', 'ds2G')})
    assert tc.flavors.get('d2').name == 'ds2G'
    assert tc.flavors.get('ds2G').flavor_ref == 'd2'
    assert requests_made(rm) == [('GET', '/flavors'), ('GET', '/flavors/d2')
                                 ] * 2


def test_flavor_get_of_a_flavor_uses_its_str_id(tc, rm):
    rm.get(fakes.url('/flavors/d2'), json={
        'flavor': fakes.flavor_body('d2', 'ds2G-renamed')})
    flavor = v1_flavors.Flavor(tc.flavors, fakes.flavor_body('d2', 'ds2G'))
    assert tc.flavors.get(flavor).name == 'ds2G-renamed'
    assert flavor.get() is flavor
    assert flavor.name == 'ds2G-renamed'
    assert requests_made(rm) == [('GET', '/flavors/d2')] * 2


def test_flavor_get_missing_is_not_found(tc, rm):
    # Trove's refusal of the ID costs one list, for a flavor named 999.
    rm.get(fakes.url('/flavors/999'), status_code=404, json=fakes.fault(
        'itemNotFound', 404, 'Resource 999 cannot be found.'))
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    with pytest.raises(exceptions.NotFound,
                       match="No flavor with a name or ID of '999'"):
        tc.flavors.get(999)
    assert requests_made(rm) == [('GET', '/flavors/999'), ('GET', '/flavors')]


def test_flavor_find_by_integer_id_is_one_get(tc, rm):
    rm.get(fakes.url('/flavors/2'), json={
        'flavor': fakes.flavor_body(2, 'm1.small')})
    assert tc.flavors.find('2').name == 'm1.small'
    assert requests_made(rm) == [('GET', '/flavors/2')]


def test_flavor_find_by_uuid_id_is_one_get(tc, rm):
    ident = '5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f'
    rm.get(fakes.url('/flavors/' + ident), json={
        'flavor': fakes.flavor_body(ident, 'uuid-named')})
    assert tc.flavors.find(ident).name == 'uuid-named'
    assert rm.call_count == 1


@pytest.mark.parametrize('value,name', [
    ('m1.small', 'm1.small'), ('d2', 'ds2G'), ('ds2G', 'ds2G'),
])
def test_flavor_find_by_name_or_string_id_is_one_list(tc, rm, value, name):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    assert tc.flavors.find(value).name == name
    assert requests_made(rm) == [('GET', '/flavors')]


def test_flavor_find_of_a_number_that_is_a_name(tc, rm):
    rm.get(fakes.url('/flavors/42'), status_code=404, json=fakes.fault(
        'itemNotFound', 404, 'Resource 42 cannot be found.'))
    rm.get(fakes.url('/flavors'), json={'flavors': [
        fakes.flavor_body('abc', '42')]})
    assert tc.flavors.find('42').str_id == 'abc'
    assert requests_made(rm) == [('GET', '/flavors/42'), ('GET', '/flavors')]


def test_flavor_find_nothing_is_not_found(tc, rm):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    with pytest.raises(exceptions.NotFound) as info:
        tc.flavors.find('m9.huge')
    assert str(info.value) == "No flavor with a name or ID of 'm9.huge' " \
                              "exists."


def test_flavor_find_none_does_not_match_a_null_id(tc, rm):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    with pytest.raises(exceptions.NotFound):
        tc.flavors.find('None')


# with_ref: a request that takes a flavor, in the fewest round trips

UNKNOWN_77 = fakes.fault('badRequest', 400, 'Resource 77 cannot be found.')


INSTANCE = fakes.instance_id(1)


def resize(tc, rm, *answers):
    """tc.instances.resize_instance through with_ref; the refs sent."""
    action = rm.post(fakes.url('/instances/%s/action' % INSTANCE),
                     list(answers))
    return action, lambda ref: tc.instances.resize_instance(INSTANCE, ref)


@pytest.mark.parametrize('value', [
    '2', '5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f'])
def test_with_ref_sends_an_id_as_given_without_a_lookup(tc, rm, value):
    action, call = resize(tc, rm, {'status_code': 202})
    tc.flavors.with_ref(value, call)
    assert requests_made(rm) == [('POST', '/instances/%s/action' % INSTANCE)]
    assert action.last_request.json() == {'resize': {'flavorRef': value}}


def test_with_ref_looks_a_name_up_first(tc, rm):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    action, call = resize(tc, rm, {'status_code': 202})
    tc.flavors.with_ref('ds2G', call)
    assert requests_made(rm) == [('GET', '/flavors'),
                                 ('POST', '/instances/%s/action' % INSTANCE)]
    assert action.last_request.json() == {'resize': {'flavorRef': 'd2'}}


def test_with_ref_tries_an_unknown_id_as_a_name_and_sends_again(tc, rm):
    rm.get(fakes.url('/flavors'), json={'flavors': [
        fakes.flavor_body('abc', '77')]})
    action, call = resize(tc, rm, {'status_code': 400, 'json': UNKNOWN_77},
                          {'status_code': 202})
    tc.flavors.with_ref('77', call)
    assert requests_made(rm) == [('POST', '/instances/%s/action' % INSTANCE),
                                 ('GET', '/flavors'),
                                 ('POST', '/instances/%s/action' % INSTANCE)]
    assert [r.json()['resize']['flavorRef'] for r in action.request_history
            ] == ['77', 'abc']


@pytest.mark.parametrize('status', [400, 404])
def test_with_ref_of_an_id_no_flavor_has_is_not_found(tc, rm, status):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    action, call = resize(tc, rm, {'status_code': status, 'json': fakes.fault(
        'badRequest', status, 'Resource 77 cannot be found.')})
    with pytest.raises(exceptions.NotFound) as info:
        tc.flavors.with_ref('77', call)
    assert str(info.value) == "No flavor with a name or ID of '77' exists."
    assert action.call_count == 1


def test_with_ref_passes_other_refusals_on_without_a_lookup(tc, rm):
    action, call = resize(tc, rm, {'status_code': 400, 'json': fakes.fault(
        'badRequest', 400, 'Resource 78 cannot be found.')})
    with pytest.raises(exceptions.BadRequest,
                       match='Resource 78 cannot be found'):
        tc.flavors.with_ref('77', call)
    assert requests_made(rm) == [('POST', '/instances/%s/action' % INSTANCE)]


@pytest.mark.parametrize('value', [
    '2', '5f1d0a5c-6f0a-4b8e-9c55-1a2b3c4d5e6f'])
def test_with_ref_keeps_the_refusal_when_the_list_has_that_very_id(
        tc, rm, value):
    # The refusal was about something else: sending the same ID again
    # would only be refused again.
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    action, call = resize(tc, rm, {'status_code': 400, 'json': fakes.fault(
        'badRequest', 400, 'Resource %s cannot be found.' % value)})
    with pytest.raises(exceptions.BadRequest) as info:
        tc.flavors.with_ref(value, call)
    assert str(info.value) == 'Resource %s cannot be found. (HTTP 400)' % value
    assert requests_made(rm) == [('POST', '/instances/%s/action' % INSTANCE),
                                 ('GET', '/flavors')]


def test_with_ref_of_a_name_no_flavor_has_sends_nothing(tc, rm):
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    action, call = resize(tc, rm, {'status_code': 202})
    with pytest.raises(exceptions.NotFound) as info:
        tc.flavors.with_ref('m9.huge', call)
    assert str(info.value) == "No flavor with a name or ID of 'm9.huge' " \
                              "exists."
    assert requests_made(rm) == [('GET', '/flavors')]


def test_with_ref_of_a_shared_name_is_no_unique_match(tc, rm):
    rm.get(fakes.url('/flavors'), json={'flavors': [
        fakes.flavor_body('a1', 'same'), fakes.flavor_body('a2', 'same')]})
    action, call = resize(tc, rm, {'status_code': 202})
    with pytest.raises(exceptions.NoUniqueMatch, match='a1, a2'):
        tc.flavors.with_ref('same', call)
    assert action.call_count == 0


def test_with_ref_of_a_flavor_uses_its_str_id(tc, rm):
    action, call = resize(tc, rm, {'status_code': 202})
    tc.flavors.with_ref(v1_flavors.Flavor(tc.flavors, fakes.flavor_body(
        'd2', 'ds2G')), call)
    assert action.last_request.json() == {'resize': {'flavorRef': 'd2'}}


def test_flavor_find_ambiguous_name_is_no_unique_match(tc, rm):
    rm.get(fakes.url('/flavors'), json={'flavors': [
        fakes.flavor_body('a1', 'same'), fakes.flavor_body('a2', 'same')]})
    with pytest.raises(exceptions.NoUniqueMatch) as info:
        tc.flavors.find('same')
    # Their IDs are null (not integers): the IDs to use are the str_ids.
    assert str(info.value) == (
        "More than one flavor exists with the name 'same'. Use one of the "
        "IDs: a1, a2.")


def test_flavors_of_a_datastore_version(tc, rm):
    path = '/datastores/mysql/versions/%s/flavors' % VERSION
    rm.get(fakes.url(path), json=FLAVORS)
    flavors = tc.flavors.list_datastore_version_associated_flavors(
        'mysql', VERSION)
    assert requests_made(rm) == [('GET', path)]
    assert len(flavors) == 4


# -- datastores --------------------------------------------------------------

def test_datastore_list_gives_every_field(tc, rm):
    sample = fakes.sample('datastore-list-response')
    rm.get(fakes.url('/datastores'), json=sample)
    stores = tc.datastores.list()
    assert requests_made(rm) == [('GET', '/datastores')]
    assert [d.name for d in stores] == ['mariadb', 'mysql', 'postgresql']
    mysql = stores[1]
    assert mysql.id == DS
    assert mysql.default_version == 'b3d5c099-dbd5-4518-baa3-7c7c195671bf'
    assert mysql.versions[0]['name'] == '5.7'
    assert mysql.to_dict() == sample['datastores'][1]
    assert not hasattr(stores[2], 'default_version')


def test_datastore_list_pages(tc, rm):
    rm.get(fakes.url('/datastores'), json={'datastores': [], 'links': [
        {'rel': 'next', 'href': 'https://h/datastores?marker=ds9'}]})
    page = tc.datastores.list(limit=1, marker='ds0')
    assert rm.last_request.query == 'limit=1&marker=ds0'
    assert page.next == 'ds9'


@pytest.mark.parametrize('ref', ['postgresql', DS])
def test_datastore_get_by_name_or_id_is_one_get(tc, rm, ref):
    rm.get(fakes.url('/datastores/' + ref),
           json=fakes.sample('datastore-show-response'))
    assert tc.datastores.get(ref).name == 'postgresql'
    assert requests_made(rm) == [('GET', '/datastores/' + ref)]


def test_datastore_find_is_one_get(tc, rm):
    rm.get(fakes.url('/datastores/postgresql'),
           json=fakes.sample('datastore-show-response'))
    assert tc.datastores.find('postgresql').versions[0]['name'] == '12'
    assert rm.call_count == 1


def test_datastore_find_missing_is_not_found(tc, rm):
    rm.get(fakes.url('/datastores/nosuch'), status_code=404, json=fakes.fault(
        'itemNotFound', 404, "Datastore 'nosuch' cannot be found."))
    with pytest.raises(exceptions.NotFound) as info:
        tc.datastores.find('nosuch')
    assert str(info.value) == (
        "No datastore with a name or ID of 'nosuch' exists.")


def test_datastore_delete(tc, rm):
    rm.delete(fakes.url('/datastores/' + DS), status_code=202)
    rm.get(fakes.url('/datastores/' + DS), json={'datastore': {
        'id': DS, 'name': 'mysql'}})
    tc.datastores.delete(DS)
    tc.datastores.get(DS).delete()
    assert requests_made(rm) == [('DELETE', '/datastores/' + DS),
                                 ('GET', '/datastores/' + DS),
                                 ('DELETE', '/datastores/' + DS)]


# -- datastore versions ------------------------------------------------------

def test_version_list_of_a_datastore(tc, rm):
    rm.get(fakes.url('/datastores/postgresql/versions'),
           json=fakes.sample('datastore-version-list-response'))
    versions = tc.datastore_versions.list('postgresql')
    assert [(v.id, v.name, v.datastore) for v in versions] == [
        (VERSION, '12', 'cc9ee471-e781-43bf-a796-423c5d549997')]
    tc.datastore_versions.list('postgresql', limit=5, marker='m')
    assert rm.last_request.query == 'limit=5&marker=m'


def test_version_get_by_datastore_and_name(tc, rm):
    rm.get(fakes.url('/datastores/mysql/versions/5.7'),
           json=fakes.sample('datastore-version-show-response'))
    version = tc.datastore_versions.get('mysql', '5.7')
    assert requests_made(rm) == [('GET', '/datastores/mysql/versions/5.7')]
    assert version.image_tags == ['trove']
    assert version.active is True


def test_version_get_by_uuid_and_refresh(tc, rm):
    ident = '800774c4-0505-4ae7-8cf9-aae131e065ae'
    rm.get(fakes.url('/datastores/versions/' + ident),
           json=fakes.sample('datastore-version-show-response'))
    version = tc.datastore_versions.get_by_uuid(ident)
    assert version.get() is version
    assert requests_made(rm) == [('GET', '/datastores/versions/' + ident)] * 2


def test_version_find_with_a_datastore_is_one_get(tc, rm):
    rm.get(fakes.url('/datastores/mysql/versions/5.7'),
           json=fakes.sample('datastore-version-show-response'))
    assert tc.datastore_versions.find('5.7', datastore='mysql').name == '5.7'
    assert rm.call_count == 1


def test_version_find_by_uuid_alone_is_one_get(tc, rm):
    rm.get(fakes.url('/datastores/versions/' + VERSION),
           json=fakes.sample('datastore-version-show-response'))
    tc.datastore_versions.find(VERSION)
    assert requests_made(rm) == [('GET', '/datastores/versions/' + VERSION)]


def test_version_find_by_name_needs_the_datastore(tc, rm):
    with pytest.raises(exceptions.ValidationError,
                       match='give its datastore'):
        tc.datastore_versions.find('5.7')
    assert rm.call_count == 0


def test_version_find_missing_is_not_found(tc, rm):
    rm.get(fakes.url('/datastores/mysql/versions/9.9'), status_code=404,
           json=fakes.fault('itemNotFound', 404,
                            'DBDatastoreVersion Not Found'))
    rm.get(fakes.url('/datastores/mysql'),
           json=fakes.sample('datastore-show-response'))
    with pytest.raises(exceptions.NotFound) as info:
        tc.datastore_versions.find('9.9', datastore='mysql')
    assert str(info.value) == (
        "No datastore version with a name or ID of '9.9' exists.")


MISSING_DATASTORE = fakes.fault('itemNotFound', 404,
                                "Datastore 'nosuch' cannot be found.")


@pytest.mark.parametrize('version', ['5.7', VERSION])
def test_version_find_in_a_missing_datastore_says_the_datastore_is_missing(
        tc, rm, version):
    # Trove answers 404 for a missing datastore as for a missing version:
    # the datastore is looked up (one more GET, on failure only) to say
    # which of the two is missing.
    rm.get(fakes.url('/datastores/nosuch/versions/' + version),
           status_code=404, json=MISSING_DATASTORE)
    rm.get(fakes.url('/datastores/nosuch'), status_code=404,
           json=MISSING_DATASTORE)
    with pytest.raises(exceptions.NotFound) as info:
        tc.datastore_versions.find(version, datastore='nosuch')
    assert str(info.value) == (
        "No datastore with a name or ID of 'nosuch' exists.")
    assert requests_made(rm) == [
        ('GET', '/datastores/nosuch/versions/' + version),
        ('GET', '/datastores/nosuch')]


def test_version_found_in_its_datastore_is_still_one_get(tc, rm):
    rm.get(fakes.url('/datastores/mysql/versions/5.7'),
           json=fakes.sample('datastore-version-show-response'))
    tc.datastore_versions.find('5.7', datastore='mysql')
    assert requests_made(rm) == [('GET', '/datastores/mysql/versions/5.7')]


def test_version_mgmt_list_and_show(tc, rm):
    rm.get(fakes.url('/mgmt/datastore-versions'),
           json=fakes.sample('datastore-version-mgmt-list-response'))
    rm.get(fakes.url('/mgmt/datastore-versions/' + MGMT_VERSION),
           json=fakes.sample('datastore-version-mgmt-show-response'))
    versions = tc.datastore_versions.list_all()
    assert [v.datastore_name for v in versions] == ['mariadb', 'postgresql']
    shown = tc.datastore_versions.get_mgmt(MGMT_VERSION)
    assert shown.image == '42706631-3b76-4d1c-95c9-6a85e72eebda'
    assert shown == versions[0]


def test_version_create_posts_the_reference_body_and_reads_it_back(tc, rm):
    created = {'id': 'new-id', 'name': 'test', 'datastore_name': 'mysql',
               'version': '5.7.30', 'image_tags': ['trove']}
    rm.post(fakes.url('/mgmt/datastore-versions'), status_code=202)
    rm.get(fakes.url('/mgmt/datastore-versions'), json={'versions': [
        dict(created, id='other', version='5.7.29'),
        dict(created, id='elsewhere', datastore_name='mariadb'),
        created]})
    version = tc.datastore_versions.create('test', 'mysql', 'mysql',
                                           image_tags=['trove'],
                                           version='5.7.30')
    assert requests_made(rm) == [('POST', '/mgmt/datastore-versions'),
                                 ('GET', '/mgmt/datastore-versions')]
    assert rm.request_history[0].json() == fakes.sample(
        'datastore-version-create-request')
    assert version.id == 'new-id'


def test_version_create_with_an_image_and_every_option(tc, rm):
    rm.post(fakes.url('/mgmt/datastore-versions'), status_code=202)
    rm.get(fakes.url('/mgmt/datastore-versions'), json={'versions': [
        {'id': 'v', 'name': '8.0', 'datastore_name': 'mysql'}]})
    tc.datastore_versions.create(
        '8.0', 'mysql', 'mysql', image='img-1', packages=['a', 'b'],
        active=False, default=True, registry_ext='x.Manager',
        repl_strategy='x.Strategy')
    assert rm.request_history[0].json() == {'version': {
        'name': '8.0', 'datastore_name': 'mysql',
        'datastore_manager': 'mysql', 'image': 'img-1',
        'packages': ['a', 'b'], 'active': False, 'default': True,
        'registry_ext': 'x.Manager', 'repl_strategy': 'x.Strategy'}}


def test_version_create_without_image_sends_nothing(tc, rm):
    with pytest.raises(exceptions.ValidationError, match='image'):
        tc.datastore_versions.create('8.0', 'mysql', 'mysql')
    assert rm.call_count == 0


def test_version_create_that_cannot_be_read_back_is_invalid(tc, rm):
    rm.post(fakes.url('/mgmt/datastore-versions'), status_code=202)
    rm.get(fakes.url('/mgmt/datastore-versions'), json={'versions': []})
    with pytest.raises(exceptions.InvalidResponse, match='read back'):
        tc.datastore_versions.create('8.0', 'mysql', 'mysql', image='i')
    assert [m for m, _p in requests_made(rm)] == ['POST', 'GET']


def test_version_update_patches_only_the_given_fields(tc, rm):
    path = '/mgmt/datastore-versions/' + MGMT_VERSION
    rm.patch(fakes.url(path), status_code=202)
    tc.datastore_versions.update(
        MGMT_VERSION, name='new name',
        image='42706631-3b76-4d1c-95c9-6a85e72eebda', active=True)
    assert requests_made(rm) == [('PATCH', path)]
    assert rm.last_request.json() == fakes.sample(
        'datastore-version-mgmt-patch-request')
    tc.datastore_versions.update(MGMT_VERSION, default=False,
                                 image_tags=[], packages=('p',))
    assert rm.last_request.json() == {'default': False, 'image_tags': [],
                                      'packages': ['p']}


@pytest.mark.parametrize('default', [True, False])
def test_version_rename_with_default_sends_the_rename_first(tc, rm,
                                                            default):
    # Trove makes a version the default by its name, after the rename in
    # the same request: by the old name, which another version may share
    # (issue 23). The rename goes alone, first.
    path = '/mgmt/datastore-versions/' + MGMT_VERSION
    rm.patch(fakes.url(path), status_code=202)
    tc.datastore_versions.update(MGMT_VERSION, default=default,
                                 name='8.0-new', active=True)
    assert [r.json() for r in rm.request_history] == [
        {'name': '8.0-new'}, {'default': default, 'active': True}]


def test_version_update_with_nothing_sends_nothing(tc, rm):
    with pytest.raises(exceptions.ValidationError, match='Nothing'):
        tc.datastore_versions.update(MGMT_VERSION)
    assert rm.call_count == 0


def test_version_delete(tc, rm):
    path = '/mgmt/datastore-versions/' + MGMT_VERSION
    rm.delete(fakes.url(path), status_code=202)
    tc.datastore_versions.delete(MGMT_VERSION)
    version = v1_datastores.DatastoreVersion(tc.datastore_versions,
                                             {'id': MGMT_VERSION})
    version.delete()
    assert requests_made(rm) == [('DELETE', path)] * 2


def test_flavor_find_of_another_kind_of_resource_looks_up_its_id(tc, rm):
    # A resource of another kind names nothing here but its ID: it is
    # looked up as that ID (one GET), not used as the flavor itself.
    rm.get(fakes.url('/flavors/%s' % DS), status_code=404,
           json={'itemNotFound': {'code': 404, 'message': 'not found'}})
    rm.get(fakes.url('/flavors'), json=FLAVORS)
    datastore = v1_datastores.Datastore(tc.datastores,
                                        {'id': DS, 'name': 'mysql'})
    with pytest.raises(exceptions.NotFound) as caught:
        tc.flavors.find(datastore)
    assert DS in str(caught.value)
    assert requests_made(rm) == [('GET', '/flavors/%s' % DS),
                                 ('GET', '/flavors')]
