"""client.instances.list_filter: the filters of a listing Trove does not
apply (name, status, datastore, flavor), with the datastore and the flavor
by name or ID through the one lookup; requests pinned at the HTTP
boundary."""

import pytest

from troveclient_osc import exceptions
from tests.unit import fakes

DS_ID = '11111111-2222-4333-8444-555555555555'


def body(number, **extra):
    return fakes.instance_body(number, **extra)


LISTED = [body(1), body(2, status='ERROR'),
          body(3, datastore={'type': 'postgresql', 'version': '12'}),
          body(4, flavor={'id': '7'}), body(5, deleted=True)]


def kept(tc, keep):
    """The numbers of the instances of LISTED that ``keep`` keeps."""
    return [int(instance.id[:8], 16)
            for instance in map(tc.instances._make, LISTED)
            if keep(instance)]


def test_name_and_status_cost_nothing(tc, rm):
    assert kept(tc, tc.instances.list_filter(status='error')) == [2]
    assert kept(tc, tc.instances.list_filter(name='instance-01')) == [1]
    assert kept(tc, tc.instances.list_filter()) == [1, 2, 3, 4]  # not deleted
    assert rm.call_count == 0


def test_a_datastore_name_some_instance_has_costs_nothing(tc, rm):
    keep = tc.instances.list_filter(datastore='postgresql')
    assert kept(tc, keep) == [3]
    keep.check()
    assert rm.call_count == 0


def test_a_datastore_name_no_instance_has_is_looked_up_after(tc, rm):
    rm.get(fakes.url('/datastores/mysq'), status_code=404,
           json=fakes.fault('itemNotFound', 404,
                            "Datastore 'mysq' cannot be found."))
    keep = tc.instances.list_filter(datastore='mysq')
    assert kept(tc, keep) == []
    with pytest.raises(exceptions.NoMatch,
                       match="No datastore with a name or ID of 'mysq'"):
        keep.check()
    assert rm.call_count == 1


def test_a_datastore_id_is_read_once_for_its_name(tc, rm):
    rm.get(fakes.url('/datastores/' + DS_ID),
           json={'datastore': {'id': DS_ID, 'name': 'mysql'}})
    keep = tc.instances.list_filter(datastore=DS_ID)
    assert kept(tc, keep) == [1, 2, 4]
    keep.check()
    assert rm.call_count == 1


@pytest.mark.parametrize('given,asked', [
    ('big', [fakes.url('/flavors')]),
    ('7', [fakes.url('/flavors/7')])])
def test_a_flavor_is_looked_up_once(tc, rm, given, asked):
    rm.get(fakes.url('/flavors'),
           json={'flavors': [fakes.flavor_body(7, 'big')]})
    rm.get(fakes.url('/flavors/7'),
           json={'flavor': fakes.flavor_body(7, 'big')})
    assert kept(tc, tc.instances.list_filter(flavor=given)) == [4]
    assert [r.url for r in rm.request_history] == asked


def test_an_unknown_flavor_is_no_match_before_any_listing(tc, rm):
    rm.get(fakes.url('/flavors'), json={'flavors': []})
    with pytest.raises(exceptions.NoMatch,
                       match="No flavor with a name or ID of 'huge'"):
        tc.instances.list_filter(flavor='huge')
    assert rm.call_count == 1


def test_a_status_trove_never_gives_is_refused_before_anything(tc, rm):
    # Issue 23 item 8: it would keep nothing, and the listing would look
    # empty; refused before the flavor is looked up.
    with pytest.raises(exceptions.ValidationError,
                       match="Invalid status 'ACTVE': must be one of "):
        tc.instances.list_filter(status='ACTVE', flavor='huge')
    assert rm.call_count == 0


def test_list_filter_and_list_matching_give_the_marker_only_for_more(tc,
                                                                     rm):
    listing = fakes.InstanceListing(
        [body(1, name='dup')] + [body(n) for n in range(2, 30)]).register(rm)
    found = tc.instances.list_matching(tc.instances.list_filter(name='dup'),
                                       limit=1)
    assert ([i.name for i in found], found.next) == (['dup'], None)
    assert listing.calls == 2  # 29 instances in pages of 20


def test_a_filter_narrows_when_something_is_asked_for(tc, rm):
    rm.get(fakes.url('/flavors/7'), json={'flavor': {'id': 7, 'name': 'big',
                                                     'str_id': '7'}})
    assert not tc.instances.list_filter().narrows
    for asked in ({'name': 'x'}, {'status': 'active'},
                  {'datastore': 'mysql'}, {'flavor': '7'}):
        assert tc.instances.list_filter(**asked).narrows, asked
