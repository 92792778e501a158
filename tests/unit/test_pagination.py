"""Listing page by page, walking all pages, and finding by name or ID.

fakes.InstanceListing serves /instances like Trove: pages of at most 20,
keyset by ID, each page shown newest first, and a ``next`` link written
with https:// and Trove's own host. Only the link's marker may be used.
"""

import math
import urllib.parse

import pytest

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc.v1 import instances as v1_instances
from tests.unit import fakes


def bodies(count, **extra):
    return [fakes.instance_body(n, **extra) for n in range(1, count + 1)]


def paths(rm):
    return [(r.method, urllib.parse.urlsplit(r.url).path.rsplit(
        '/v1.0/' + fakes.PROJECT, 1)[-1], r.query) for r in rm.request_history]


@pytest.mark.parametrize('count', [0, 1, 19, 20, 21, 40, 45])
def test_list_all_returns_every_instance_once(tc, rm, count):
    listing = fakes.InstanceListing(bodies(count)).register(rm)
    found = [i.id for i in tc.instances.list_all()]
    assert sorted(found) == [fakes.instance_id(n)
                             for n in range(1, count + 1)]
    assert len(set(found)) == count
    assert listing.calls == max(1, math.ceil(count / 20))
    assert all(isinstance(i, v1_instances.Instance)
               for i in tc.instances.list_all())


def test_list_all_follows_the_marker_of_each_next_link(tc, rm):
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    list(tc.instances.list_all())
    assert listing.markers == [None, fakes.instance_id(20),
                               fakes.instance_id(40)]
    # Never the link itself: it is https:// on Trove's idea of its host.
    assert {r.scheme for r in rm.request_history} == {'http'}
    assert {r.netloc for r in rm.request_history} == {
        'trove.example.com:8779'}


def test_list_all_does_not_take_the_last_item_shown_as_the_marker(tc, rm):
    # Trove shows a page newest first; its last item is not the largest ID.
    listing = fakes.InstanceListing(bodies(30)).register(rm)
    first = tc.instances.list()
    assert first[-1].id != fakes.instance_id(20)
    assert first.next == fakes.instance_id(20)
    assert len(list(tc.instances.list_all())) == 30
    assert listing.calls == 3


@pytest.mark.parametrize('count,sizes,nexts', [
    (0, [0], [True]),
    (1, [1], [True]),
    (20, [20], [True]),
    (21, [20, 1], [False, True]),
    (45, [20, 20, 5], [False, False, True]),
])
def test_list_gives_pages_of_at_most_20_with_next(tc, rm, count, sizes,
                                                  nexts):
    fakes.InstanceListing(bodies(count)).register(rm)
    page = tc.instances.list()
    seen_sizes, seen_nexts = [len(page)], [page.next is None]
    while page.next is not None:
        page = tc.instances.list(marker=page.next)
        seen_sizes.append(len(page))
        seen_nexts.append(page.next is None)
    assert (seen_sizes, seen_nexts) == (sizes, nexts)
    assert isinstance(page, base.Page) and isinstance(page, list)


def test_list_all_is_lazy(tc, rm):
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    walk = tc.instances.list_all()
    assert listing.calls == 0
    first = next(walk)
    assert listing.calls == 1
    assert first.id.startswith('0000')


def test_list_all_keeps_the_query_on_every_page(tc, rm):
    listing = fakes.InstanceListing(bodies(30)).register(rm)
    list(tc.instances.list_all(include_clustered=True, detailed=True,
                               limit=7))
    assert listing.calls == 5
    assert [q for _m, _p, q in paths(rm)][1] == (
        'include_clustered=true&limit=7&marker=%s' % fakes.instance_id(7))
    for method, path, query in paths(rm):
        assert (method, path) == ('GET', '/instances/detail')
        assert 'include_clustered=true' in query
        assert 'limit=7' in query


def test_list_all_of_every_project_walks_the_mgmt_listing(tc, rm):
    pages = [{'instances': bodies(2), 'links': [{
        'rel': 'next', 'href': 'https://x/mgmt/instances?marker=m1'}]},
        {'instances': [fakes.instance_body(3)]}]
    rm.get(fakes.url('/mgmt/instances'), [{'json': p} for p in pages])
    assert len(list(tc.instances.list_all(all_projects=True))) == 3
    assert [q for _m, _p, q in paths(rm)] == [
        'deleted=false', 'deleted=false&marker=m1']


class RepeatingListing(fakes.InstanceListing):
    """A broken server: its next link always carries the same marker."""

    def next_marker(self, page, rest):
        return fakes.instance_id(5)


def test_repeated_marker_stops_with_endless_pagination(tc, rm):
    listing = RepeatingListing(bodies(45)).register(rm)
    with pytest.raises(exceptions.EndlessPagination) as info:
        list(tc.instances.list_all())
    assert listing.calls == 2
    assert 'Endless pagination loop detected' in str(info.value)
    assert isinstance(info.value, exceptions.InvalidResponse)


def test_marker_cycle_stops_with_endless_pagination(tc, rm):
    link = 'https://127.0.0.1/v1.0/p/instances?marker=%s'
    rm.get(fakes.url('/instances'), [
        {'json': {'instances': [fakes.instance_body(1)], 'links': [
            {'rel': 'next', 'href': link % 'A'}]}},
        {'json': {'instances': [fakes.instance_body(2)], 'links': [
            {'rel': 'next', 'href': link % 'B'}]}},
        {'json': {'instances': [fakes.instance_body(3)], 'links': [
            {'rel': 'next', 'href': link % 'A'}]}},
        {'json': {'instances': []}}])
    with pytest.raises(exceptions.EndlessPagination):
        list(tc.instances.list_all())
    assert rm.call_count == 3


def test_list_all_stops_after_the_page_limit(tc, rm):
    count = iter(range(1, 10 ** 6))

    def endless(request, context):
        return {'instances': [], 'links': [{
            'rel': 'next',
            'href': 'https://h/instances?marker=m%d' % next(count)}]}

    rm.get(fakes.url('/instances'), json=endless)
    with pytest.raises(exceptions.EndlessPagination,
                       match='after %d pages' % base.MAX_PAGES):
        list(tc.instances.list_all())
    assert rm.call_count == base.MAX_PAGES


# base.Markers: the one place where a walk's markers are checked (the
# library's list_all and the CLI's --limit walk both use it)

def test_markers_go_on_until_a_page_has_no_next():
    walk = base.Markers('things')
    assert walk.marker is None
    assert walk.follow('a') is True
    assert walk.marker == 'a'
    assert walk.follow(None) is False
    assert walk.pages == 2


def test_markers_refuse_the_marker_the_walk_started_after():
    walk = base.Markers('things', marker='start')
    with pytest.raises(exceptions.EndlessPagination,
                       match="marker 'start' twice for things"):
        walk.follow('start')


def test_markers_stop_at_the_page_limit_with_the_marker_to_go_on_from():
    walk = base.Markers('things', max_pages=2)
    assert walk.follow('a') is True
    with pytest.raises(exceptions.TooManyPages,
                       match='things after 2 pages') as info:
        walk.follow('b')
    assert info.value.marker == 'b'


def test_markers_need_room_for_one_page():
    with pytest.raises(ValueError, match='at least 1'):
        base.Markers('things', max_pages=0)


def test_markers_quote_a_long_marker_shortened():
    walk = base.Markers('things')
    walk.follow('x' * 500)
    with pytest.raises(exceptions.EndlessPagination) as info:
        walk.follow('x' * 500)
    assert len(str(info.value)) < 200


def test_markers_end_on_the_last_page_even_at_the_page_limit():
    walk = base.Markers('things', max_pages=1)
    assert walk.follow(None) is False


def test_next_link_to_another_host_only_lends_its_marker(tc, rm):
    rm.get(fakes.url('/instances'), [
        {'json': {'instances': bodies(1), 'links': [
            {'rel': 'next',
             'href': 'https://evil.example/steal?marker=m2&limit=1'}]}},
        {'json': {'instances': []}}])
    list(tc.instances.list_all())
    assert {r.netloc for r in rm.request_history} == {
        'trove.example.com:8779'}
    assert rm.request_history[1].query == 'marker=m2'


@pytest.mark.parametrize('links', [
    None, [], 'next', [{'rel': 'self', 'href': 'https://h/?marker=x'}],
    [{'rel': 'next'}], [{'rel': 'next', 'href': 'https://h/instances'}],
    [{'rel': 'next', 'href': 'https://h/instances?marker='}],
    [None, 5],
])
def test_missing_or_odd_links_mean_the_last_page(tc, rm, links):
    body = {'instances': bodies(2)}
    if links is not None:
        body['links'] = links
    rm.get(fakes.url('/instances'), json=body)
    page = tc.instances.list()
    assert page.next is None
    assert len(list(tc.instances.list_all())) == 2


def test_a_bad_page_in_the_middle_is_an_invalid_response(tc, rm):
    rm.get(fakes.url('/instances'), [
        {'json': {'instances': bodies(1), 'links': [
            {'rel': 'next', 'href': 'https://h/instances?marker=m'}]}},
        {'json': {'instances': None}}])
    walk = tc.instances.list_all()
    assert next(walk).id == fakes.instance_id(1)
    with pytest.raises(exceptions.InvalidResponse, match="missing "
                                                         "'instances'"):
        next(walk)


# -- list_matching: the walk behind 'instance list --limit/--marker' ---------

def named(*names):
    """Instance bodies 1, 2, ... with these names."""
    return [fakes.instance_body(n, name=name)
            for n, name in enumerate(names, 1)]


def limits_and_markers(listing, rm):
    return [(urllib.parse.parse_qs(r.query).get('limit', [None])[0], marker)
            for r, marker in zip(rm.request_history, listing.markers)]


def test_list_matching_without_a_filter_is_trove_s_page_and_marker(tc, rm):
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    found = tc.instances.list_matching(limit=5)
    assert sorted(i.id for i in found) == [fakes.instance_id(n)
                                           for n in range(1, 6)]
    assert (found.next, found.capped) == (fakes.instance_id(5), False)
    assert listing.calls == 1


def test_list_matching_reads_whole_pages_and_cuts_at_the_last_kept(
        tc, rm):
    listing = fakes.InstanceListing(
        named('a', 'b', 'a', 'b', 'b', 'a', 'b')).register(rm)
    found = tc.instances.list_matching(lambda i: i.name == 'a', limit=2)
    # the two with the lowest IDs (Trove's marker order), shown in the
    # page's order
    assert sorted(i.id for i in found) == [fakes.instance_id(1),
                                           fakes.instance_id(3)]
    # One page at Trove's size: the limit is reached at instance 3, whose
    # ID is where to go on from, and the same page has another 'a'.
    assert limits_and_markers(listing, rm) == [(None, None)]
    assert found.next == fakes.instance_id(3)


def test_list_matching_finds_a_late_match_in_few_requests(tc, rm):
    # '--name x --limit 1' with x the 45th instance: three pages of 20,
    # not one request per instance.
    listing = fakes.InstanceListing(
        named(*['other'] * 44, 'x')).register(rm)
    found = tc.instances.list_matching(lambda i: i.name == 'x', limit=1)
    assert ([i.name for i in found], found.next) == (['x'], None)
    assert listing.calls == 3


def test_list_matching_has_no_next_when_nothing_more_matches(tc, rm):
    # Issue 23 item 12: '--name dup --limit 1' with one 'dup' and more
    # instances after it said more were available.
    listing = fakes.InstanceListing(
        named('dup', *['other'] * 44)).register(rm)
    found = tc.instances.list_matching(lambda i: i.name == 'dup', limit=1)
    assert [i.name for i in found] == ['dup']
    assert found.next is None
    # the first page (20 instances: 'dup' and 19 others), then the 25
    # others in pages of 20: no 'dup' there
    assert listing.markers == [None, fakes.instance_id(20),
                               fakes.instance_id(40)]


def test_list_matching_on_the_last_page_reads_no_further(tc, rm):
    listing = fakes.InstanceListing(named('other', 'dup')).register(rm)
    found = tc.instances.list_matching(lambda i: i.name == 'dup', limit=1)
    assert ([i.name for i in found], found.next) == (['dup'], None)
    # one page holds both, and it is the last
    assert listing.calls == 1


def test_list_matching_goes_on_from_a_marker_to_the_end(tc, rm):
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    found = tc.instances.list_matching(
        lambda i: i.name.endswith('5'), marker=fakes.instance_id(10))
    assert sorted(i.name for i in found) == [
        'instance-15', 'instance-25', 'instance-35', 'instance-45']
    assert found.next is None
    assert listing.calls == 2
    assert listing.markers[0] == fakes.instance_id(10)


def test_list_matching_refuses_pages_that_overlap(tc, rm):
    # Issue 25's leftover: the overlap check of list_all applies here too.
    link = [{'rel': 'next', 'href': 'https://h/instances?marker=m1'}]
    rm.get(fakes.url('/instances'), [
        {'json': {'instances': bodies(2), 'links': link}},
        {'json': {'instances': [fakes.instance_body(2)]}}])
    with pytest.raises(exceptions.EndlessPagination,
                       match='repeats the item'):
        tc.instances.list_matching(limit=5)
    assert rm.call_count == 2


def test_list_matching_stops_at_the_page_limit_with_what_it_found(
        tc, rm, monkeypatch):
    monkeypatch.setattr(base, 'MAX_PAGES', 3)
    listing = fakes.InstanceListing(
        named('dup', *['other'] * 99), page_size=1).register(rm)
    found = tc.instances.list_matching(lambda i: i.name == 'dup', limit=1)
    assert [i.name for i in found] == ['dup']
    # More may match after the third page: where to go on from is the
    # marker after the instance found.
    assert (found.next, found.capped) == (fakes.instance_id(1), True)
    assert listing.calls == 3


def test_list_matching_refuses_a_bad_limit_unsent(tc, rm):
    with pytest.raises(exceptions.ValidationError, match='Invalid limit'):
        tc.instances.list_matching(limit=0)
    assert rm.request_history == []


# -- find --------------------------------------------------------------------

def test_find_by_uuid_is_exactly_one_get(tc, rm):
    ident = fakes.instance_id(7)
    rm.get(fakes.url('/instances/%s' % ident),
           json={'instance': fakes.instance_body(7)})
    assert tc.instances.find(ident).id == ident
    assert paths(rm) == [('GET', '/instances/%s' % ident, '')]


def test_find_by_name_on_a_later_page_is_one_scan_and_nothing_more(tc, rm):
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    found = tc.instances.find('instance-44')
    assert found.id == fakes.instance_id(44)
    assert found.status == 'ACTIVE'  # as listed: no extra GET
    assert listing.calls == 3
    assert {p for _m, p, _q in paths(rm)} == {'/instances/detail'}


def test_find_by_name_scans_every_page_even_after_a_match(tc, rm):
    # A second match may be on a later page: the answer must be unique.
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    tc.instances.find('instance-01')
    assert listing.calls == 3


def test_find_nothing_is_not_found_after_one_scan(tc, rm):
    listing = fakes.InstanceListing(bodies(45)).register(rm)
    with pytest.raises(exceptions.NotFound) as info:
        tc.instances.find('nope')
    assert str(info.value) == (
        "No database instance with a name or ID of 'nope' exists.")
    assert isinstance(info.value, exceptions.NoMatch)
    assert listing.calls == 3


def test_find_several_is_no_unique_match_listing_the_ids(tc, rm):
    instances = bodies(45)
    instances[3]['name'] = instances[41]['name'] = 'dup'
    listing = fakes.InstanceListing(instances).register(rm)
    with pytest.raises(exceptions.NoUniqueMatch) as info:
        tc.instances.find('dup')
    assert str(info.value) == (
        "More than one database instance exists with the name 'dup'. Use "
        "one of the IDs: %s, %s." % (fakes.instance_id(4),
                                     fakes.instance_id(42)))
    assert listing.calls == 3
    assert [m for m, _p, _q in paths(rm)] == ['GET'] * 3


def test_find_unknown_uuid_falls_back_to_names(tc, rm):
    # An instance may be named like a UUID; a 404 by ID is not the end.
    ident = '11111111-2222-4333-8444-555555555555'
    rm.get(fakes.url('/instances/%s' % ident), status_code=404,
           json=fakes.fault('itemNotFound', 404, 'Not found.'))
    listing = fakes.InstanceListing(bodies(3) + [
        fakes.instance_body(99, name=ident)]).register(rm)
    assert tc.instances.find(ident).id == fakes.instance_id(99)
    assert listing.calls == 1


def test_find_unknown_uuid_is_not_found(tc, rm):
    ident = '11111111-2222-4333-8444-555555555555'
    rm.get(fakes.url('/instances/%s' % ident), status_code=404,
           json=fakes.fault('itemNotFound', 404,
                            'Resource %s cannot be found.' % ident))
    fakes.InstanceListing(bodies(3)).register(rm)
    with pytest.raises(exceptions.NotFound, match='No database instance'):
        tc.instances.find(ident)


def test_find_by_an_id_that_is_not_a_uuid_scans_for_it(tc, rm):
    instances = bodies(3)
    instances[1]['id'] = 'FAKE_odd-id'
    fakes.InstanceListing(instances).register(rm)
    assert tc.instances.find('FAKE_odd-id').name == 'instance-02'


def test_find_prefers_an_id_match_over_a_name_match(tc, rm):
    instances = bodies(3)
    instances[0]['id'] = 'shared'
    instances[2]['name'] = 'shared'
    fakes.InstanceListing(instances).register(rm)
    assert tc.instances.find('shared').name == 'instance-01'


def test_find_in_every_project_scans_the_mgmt_listing(tc, rm):
    rm.get(fakes.url('/mgmt/instances'),
           json={'instances': bodies(2)})
    assert tc.instances.find('instance-02', all_projects=True).id == \
        fakes.instance_id(2)
    assert paths(rm) == [('GET', '/mgmt/instances', 'deleted=false')]


def test_find_of_an_instance_object_returns_it_without_a_call(tc, rm):
    instance = v1_instances.Instance(tc.instances, fakes.instance_body(1))
    assert tc.instances.find(instance) is instance
    assert rm.call_count == 0


def test_find_fails_on_endless_pagination_instead_of_looping(tc, rm):
    RepeatingListing(bodies(45)).register(rm)
    with pytest.raises(exceptions.EndlessPagination):
        tc.instances.find('missing')
    assert rm.call_count == 2


# -- the page size a caller asks for -----------------------------------------

LISTINGS = {
    'instances.list': lambda tc, limit: tc.instances.list(limit=limit),
    'instances.list_all': lambda tc, limit: tc.instances.list_all(
        limit=limit),
    'datastores.list': lambda tc, limit: tc.datastores.list(limit=limit),
    'datastore_versions.list': lambda tc, limit:
        tc.datastore_versions.list('mysql', limit=limit),
    'configurations.list': lambda tc, limit: tc.configurations.list(
        limit=limit),
}


@pytest.mark.parametrize('call', sorted(LISTINGS))
@pytest.mark.parametrize('limit', [0, -1, 'abc', '', 1.5, True, '2.0'])
def test_a_limit_that_is_not_a_positive_integer_is_refused_unsent(
        tc, rm, call, limit):
    # Trove answers 500 to these; the library says what is wrong instead,
    # when called (list_all too, not at its first item), sending nothing.
    with pytest.raises(exceptions.ValidationError) as caught:
        LISTINGS[call](tc, limit)
    assert str(caught.value) == (
        "Invalid limit '%s': must be a positive integer" % limit)
    assert rm.request_history == []


@pytest.mark.parametrize('limit, sent', [(1, '1'), ('5', '5'), (25, '25')])
def test_a_positive_limit_is_sent_as_an_integer(tc, rm, limit, sent):
    fakes.InstanceListing(bodies(3)).register(rm)
    list(tc.instances.list_all(limit=limit))
    assert urllib.parse.parse_qs(rm.last_request.query)['limit'] == [sent]
