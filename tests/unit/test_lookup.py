"""The one "ID, else name" lookup (troveclient_osc.lookup), by its rules.

These drive the lookup of a small manager of "widgets" that sends nothing:
its GET by ID and its listing are recorded, and an action is any callable.
What is pinned is what the rules decide and what each decision costs (GETs
by ID, walks of the listing, calls of the action), whatever the kind of
resource; the kinds' own rules are pinned at the end. The requests each
kind really sends are pinned at the HTTP boundary (test_many_instances,
compat/test_names_everywhere, test_flavors_datastores).
"""

import threading

import pytest

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc import lookup

UUID_A = '11111111-1111-4111-8111-111111111111'
UUID_B = '22222222-2222-4222-8222-222222222222'
UUID_C = '33333333-3333-4333-8333-333333333333'
UUID_NAMED = 'aaaaaaaa-0000-4000-8000-00000000000a'


class Widget(base.Resource):
    human_name = 'widget'


class Widgets(base.Manager[Widget]):
    """Widgets by ID in ``store``; ``walks`` has the scope of each walk of
    the listing, ``shown`` the ID of each GET."""

    resource_class = Widget

    def __init__(self, *bodies):
        super().__init__(api=None)
        self.store = {body['id']: body for body in bodies}
        self.walks = []
        self.shown = []
        self.lock = threading.Lock()

    def _listing(self, scope=lookup.OWN):
        with self.lock:
            self.walks.append(scope)
        return [Widget(self, body) for body in self.store.values()]

    def _show(self, ident):
        ident = base.getid(ident)
        with self.lock:
            self.shown.append(ident)
        if ident not in self.store:
            raise exceptions.NotFound('Widget %s could not be found.'
                                      % ident, http_status=404)
        return Widget(self, self.store[ident])


def widget(ident, name):
    return {'id': ident, 'name': name}


class Action:
    """An action that records what it was given and answers like Trove:
    404 for an ID the manager does not have."""

    def __init__(self, manager, refuse=None):
        self.manager = manager
        self.given = []
        self.refuse = refuse
        self.lock = threading.Lock()

    def __call__(self, target):
        with self.lock:
            self.given.append(target)
        ident = base.getid(target)
        if self.refuse is not None:
            raise self.refuse
        if ident not in self.manager.store:
            raise exceptions.NotFound('Widget %s could not be found.'
                                      % ident, http_status=404)
        return 'done %s' % ident


@pytest.fixture
def widgets():
    return Widgets(widget(UUID_A, 'alpha'), widget(UUID_B, 'beta'),
                   widget(UUID_C, UUID_NAMED), widget('d1', 'twin'),
                   widget('d2', 'twin'))


def look(manager, rules=None):
    return lookup.Lookup(manager, rules)


# -- what is sent as it is, what is looked up -------------------------------

def test_an_id_goes_into_the_action_as_it_is_and_nothing_else_is_asked(
        widgets):
    action = Action(widgets)
    assert look(widgets).act_on(UUID_A, action) == 'done %s' % UUID_A
    assert action.given == [UUID_A]
    assert isinstance(action.given[0], lookup.Given)
    assert widgets.walks == [] and widgets.shown == []


def test_a_name_is_looked_up_by_one_walk_before_the_action(widgets):
    action = Action(widgets)
    assert look(widgets).act_on('alpha', action) == 'done %s' % UUID_A
    assert widgets.walks == [lookup.OWN]
    assert [w.id for w in action.given] == [UUID_A]
    assert isinstance(action.given[0], Widget)  # the rules' given
    assert widgets.shown == []


def test_names_given_together_share_one_walk(widgets):
    action = Action(widgets)
    outcomes = look(widgets).act_on_many(['alpha', 'beta', UUID_C],
                                         action, concurrency=1)
    assert [o.ok for o in outcomes] == [True] * 3
    assert widgets.walks == [lookup.OWN]
    assert [base.getid(t) for t in action.given] == [UUID_A, UUID_B,
                                                     UUID_C]


def test_a_refused_id_is_looked_up_as_a_name_in_the_same_walk(widgets):
    action = Action(widgets)
    outcomes = look(widgets).act_on_many(['alpha', UUID_NAMED], action,
                                         concurrency=1)
    assert [o.ok for o in outcomes] == [True, True]
    assert outcomes[1].id == UUID_C
    assert widgets.walks == [lookup.OWN]  # one walk serves both
    # the action on the ID as given, refused; then on the one named so
    assert [base.getid(t) for t in action.given] == [UUID_A, UUID_NAMED,
                                                     UUID_C]


def test_refused_ids_alone_cost_one_walk_together(widgets):
    action = Action(widgets)
    gone = '99999999-9999-4999-8999-999999999999'
    outcomes = look(widgets).act_on_many([UUID_NAMED, gone], action)
    assert outcomes[0].ok and outcomes[0].id == UUID_C
    assert isinstance(outcomes[1].error, exceptions.NoMatch)
    assert widgets.walks == [lookup.OWN]


def test_a_refusal_of_an_id_the_listing_has_stays_the_error(widgets):
    refusal = exceptions.NotFound('Configuration group c not found.',
                                  http_status=404)
    action = Action(widgets, refuse=refusal)
    with pytest.raises(exceptions.NotFound) as info:
        look(widgets).act_on(UUID_A, action)
    assert info.value is refusal
    assert widgets.walks == [lookup.OWN]
    assert len(action.given) == 1  # not sent again


def test_a_refusal_about_another_resource_is_no_lookup(widgets):
    refusal = exceptions.NotFound('Resource 77 cannot be found.',
                                  http_status=404)
    with pytest.raises(exceptions.NotFound) as info:
        look(widgets).act_on(UUID_A, Action(widgets, refuse=refusal))
    assert info.value is refusal
    assert widgets.walks == []


def test_a_no_match_raised_inside_the_action_is_no_lookup(widgets):
    inner = exceptions.NoMatch("No flavor with a name or ID of 'x' exists.")
    with pytest.raises(exceptions.NoMatch):
        look(widgets).act_on(UUID_A, Action(widgets, refuse=inner))
    assert widgets.walks == []


def test_lookup_looks_ids_up_in_the_walk_too(widgets):
    action = Action(widgets)
    outcomes = look(widgets).act_on_many([UUID_B, UUID_A], action,
                                         lookup=True)
    assert isinstance(outcomes[0].instance, Widget)
    assert [o.instance.name for o in outcomes] == ['beta', 'alpha']
    assert widgets.walks == [lookup.OWN] and widgets.shown == []


def test_a_resource_goes_into_the_action_as_it_is(widgets):
    action = Action(widgets)
    given = Widget(widgets, widget(UUID_B, 'beta'))
    look(widgets).act_on(given, action)
    assert action.given == [given]
    assert widgets.walks == [] and widgets.shown == []


def test_another_kind_of_resource_is_taken_by_its_id(widgets):
    class Other(base.Resource):
        pass

    action = Action(widgets)
    look(widgets).act_on(Other(None, {'id': UUID_A}), action)
    assert action.given == [UUID_A]


def test_a_given_id_handed_on_is_sent_at_once(widgets):
    sent = []
    look(widgets).act_on(lookup.Given(UUID_NAMED, Widget), sent.append)
    assert sent == [UUID_NAMED]
    assert widgets.walks == []


def test_a_given_id_of_another_kind_is_looked_up_as_any_value(widgets):
    look(widgets).act_on(lookup.Given('beta', base.Resource), Action(
        widgets))
    assert widgets.walks == [lookup.OWN]


# -- what a lookup finds ------------------------------------------------------

def test_no_match_is_a_not_found_without_a_status(widgets):
    with pytest.raises(exceptions.NoMatch) as info:
        look(widgets).act_on('gamma', Action(widgets))
    assert isinstance(info.value, exceptions.NotFound)
    assert info.value.http_status is None
    assert str(info.value) == "No widget with a name or ID of 'gamma' exists."


def test_a_shared_name_is_no_unique_match_naming_the_ids(widgets):
    action = Action(widgets)
    with pytest.raises(exceptions.NoUniqueMatch) as info:
        look(widgets).act_on('twin', action)
    assert str(info.value) == ("More than one widget exists with the name "
                               "'twin'. Use one of the IDs: d1, d2.")
    assert action.given == []


def test_a_name_shared_by_many_names_three_ids_and_counts_the_rest():
    many = Widgets(*[widget('w%d' % n, 'same') for n in range(5)])
    with pytest.raises(exceptions.NoUniqueMatch, match=r'w0, w1, w2 and 2 '
                       r'more\.$'):
        look(many).find('same')


def test_an_id_match_wins_over_a_name_match():
    tricky = Widgets(widget('x1', 'x2'), widget('x2', 'other'))
    found = look(tricky).find_in('x2', tricky._listing())
    assert found.id == 'x2'


def test_an_empty_target_fails_alone_and_nothing_is_sent(widgets):
    action = Action(widgets)
    outcomes = look(widgets).act_on_many(['', '  ', None, UUID_A], action)
    assert [type(o.error) for o in outcomes[:3]] == [
        exceptions.ValidationError] * 3
    assert outcomes[3].ok
    assert action.given == [UUID_A]


def test_a_walk_that_fails_fails_the_names_and_not_the_ids(widgets):
    refused = exceptions.Forbidden('Policy does not allow it.',
                                   http_status=403)

    def listing(scope):
        raise refused

    action = Action(widgets)
    outcomes = lookup.Lookup(widgets, listing=listing).act_on_many(
        ['alpha', UUID_B], action)
    assert outcomes[0].error is refused
    assert outcomes[1].ok


def test_a_resource_named_twice_is_acted_on_once(widgets):
    action = Action(widgets)
    outcomes = look(widgets).act_on_many(['alpha', UUID_A, UUID_A],
                                         action, concurrency=1)
    assert len(action.given) == 1
    assert outcomes[1].same_as is outcomes[0]
    assert outcomes[2].same_as is outcomes[0]
    assert [o.result for o in outcomes] == ['done %s' % UUID_A] * 3
    assert len(outcomes.distinct) == 1


def test_resolve_looks_names_up_and_sends_nothing(widgets):
    outcomes = look(widgets).resolve(['alpha', UUID_B, 'gamma', UUID_B])
    assert outcomes[0].instance.id == UUID_A
    assert outcomes[1].instance == UUID_B  # as given, not checked
    assert isinstance(outcomes[2].error, exceptions.NoMatch)
    assert outcomes[3].same_as is outcomes[1]
    assert widgets.walks == [lookup.OWN] and widgets.shown == []


def test_ids_alone_resolve_without_a_walk(widgets):
    outcomes = look(widgets).resolve([UUID_A, UUID_B])
    assert [o.instance for o in outcomes] == [UUID_A, UUID_B]
    assert widgets.walks == []


# -- find ---------------------------------------------------------------------

def test_find_an_id_is_one_get(widgets):
    assert look(widgets).find(UUID_B).name == 'beta'
    assert widgets.shown == [UUID_B] and widgets.walks == []


def test_find_an_id_nothing_has_is_then_looked_up_as_a_name(widgets):
    assert look(widgets).find(UUID_NAMED).id == UUID_C
    assert widgets.shown == [UUID_NAMED] and widgets.walks == [lookup.OWN]


def test_find_a_name_is_one_walk_and_the_match_as_listed(widgets):
    assert look(widgets).find('beta').id == UUID_B
    assert widgets.shown == [] and widgets.walks == [lookup.OWN]


def test_find_a_resource_is_that_resource(widgets):
    given = Widget(widgets, widget(UUID_A, 'alpha'))
    assert look(widgets).find(given) is given
    assert widgets.shown == [] and widgets.walks == []


def test_where_trove_reads_names_in_the_url_its_404_is_final(widgets):
    with pytest.raises(exceptions.NoMatch,
                       match="No widget with a name or ID of 'gamma'"):
        look(widgets, lookup.NAMES_IN_URL).find('gamma')
    assert widgets.shown == ['gamma'] and widgets.walks == []


def test_where_trove_reads_names_in_the_url_a_slash_is_looked_up(widgets):
    widgets.store['s'] = widget('s', 'a/b')
    assert look(widgets, lookup.NAMES_IN_URL).find('a/b').id == 's'
    assert widgets.shown == [] and widgets.walks == [lookup.OWN]


# -- scopes -------------------------------------------------------------------

def test_the_walk_is_of_the_scope_asked_for(widgets):
    project = lookup.Scope('p-1')
    look(widgets).act_on_many(['alpha'], Action(widgets), project)
    look(widgets).find('beta', lookup.EVERY)
    assert widgets.walks == [project, lookup.EVERY]


def test_the_outcomes_keep_their_scope(widgets):
    outcomes = look(widgets).act_on_many(['alpha'], Action(widgets),
                                         lookup.EVERY)
    assert outcomes.scope == lookup.EVERY
    assert outcomes.distinct.scope == lookup.EVERY


def test_a_scope_of_one_project_says_so_when_nothing_matches(widgets):
    with pytest.raises(exceptions.NoMatch) as info:
        look(widgets).find('gamma', lookup.Scope('p-1'))
    assert str(info.value) == ("No widget with a name or ID of 'gamma' "
                               "exists in project 'p-1'.")
    with pytest.raises(exceptions.NoUniqueMatch,
                       match="exists in project 'p-1' with the name"):
        look(widgets).find('twin', lookup.Scope('p-1'))


@pytest.mark.parametrize('all_projects,project_id,default,scope', [
    (None, None, None, lookup.OWN),
    (None, None, lookup.EVERY, lookup.EVERY),
    (False, None, lookup.EVERY, lookup.OWN),
    (True, None, None, lookup.EVERY),
    (None, 'p', None, lookup.Scope('p')),
    # a project ID is that project, as instances.list reads them
    (True, 'p', lookup.EVERY, lookup.Scope('p')),
])
def test_a_scope_from_the_arguments_of_a_call(all_projects, project_id,
                                              default, scope):
    assert lookup.Scope.of(all_projects, project_id, default) == scope


def test_an_empty_project_is_refused():
    with pytest.raises(exceptions.ValidationError):
        lookup.Scope(' ')


def test_an_administrators_call_looks_in_every_project_unless_told():
    @lookup.every_project
    def reboot(target):
        pass

    assert lookup.scope_of(reboot) == lookup.EVERY
    assert lookup.scope_of(reboot, all_projects=False) == lookup.OWN
    assert lookup.scope_of(reboot, project_id='p') == lookup.Scope('p')
    assert lookup.scope_of(lambda target: None) == lookup.OWN


# -- the kinds' rules ---------------------------------------------------------

@pytest.mark.parametrize('value,like', [
    (UUID_A, True), (UUID_A.replace('-', ''), True), ('alpha', False),
    ('7', False), ('', False)])
def test_uuids_are_the_ids_of_instances(value, like):
    assert lookup.UUIDS.id_like(value) is like


@pytest.mark.parametrize('value,like', [
    ('7', True), (UUID_A, True), ('m1.small', False), ('-1', False)])
def test_integers_and_uuids_are_the_ids_of_flavors(value, like):
    assert lookup.FLAVORS.id_like(value) is like


@pytest.mark.parametrize('value,like', [
    ('mysql', True), (UUID_A, True), ('a/b', False), ('..', False)])
def test_what_a_url_path_takes_back_is_an_id_where_names_are_in_urls(
        value, like):
    assert lookup.NAMES_IN_URL.id_like(value) is like


@pytest.mark.parametrize('error,refused', [
    (exceptions.NotFound('Instance x could not be found.', http_status=404),
     True),
    (exceptions.NotFound('Resource x cannot be found.', http_status=404),
     True),
    (exceptions.NotFound('Resource 77 cannot be found.', http_status=404),
     False),
    (exceptions.NoMatch("No flavor with a name or ID of 'x' exists."),
     False),
    (exceptions.BadRequest('Resource x cannot be found.', http_status=400),
     False),
    (exceptions.Conflict('busy', http_status=409), False),
])
def test_trove_refuses_an_instance_id_with_a_404_about_it(error, refused):
    assert lookup.UUIDS.refuses(error, 'x') is refused


@pytest.mark.parametrize('error,refused', [
    (exceptions.BadRequest('Resource x cannot be found.', http_status=400),
     True),
    (exceptions.NotFound('Resource x cannot be found.', http_status=404),
     True),
    (exceptions.NotFound('Flavor x could not be found.', http_status=404),
     False),
    (exceptions.NotFound('Resource y cannot be found.', http_status=404),
     False),
])
def test_trove_refuses_a_flavor_id_with_its_own_words(error, refused):
    assert lookup.FLAVORS.refuses(error, 'x') is refused


def test_trove_never_refuses_a_name_it_reads_in_the_url():
    error = exceptions.NotFound('Datastore x cannot be found.',
                                http_status=404)
    assert lookup.NAMES_IN_URL.refuses(error, 'x') is False


def test_a_flavor_is_matched_and_sent_by_str_id_else_id():
    from troveclient_osc.v1 import flavors

    manager = flavors.FlavorManager(api=None)
    by_str = flavors.Flavor(manager, {'id': None, 'str_id': 'abc'})
    by_int = flavors.Flavor(manager, {'id': 7, 'str_id': ''})
    assert lookup.FLAVORS.ident(by_str) == 'abc'
    assert lookup.FLAVORS.ident(by_int) == '7'
    assert lookup.FLAVORS.given(by_int) == '7'
    assert lookup.UUIDS.ident(Widget(None, {'id': None})) is None


def test_matching_refuses_no_attributes_before_any_walk(widgets):
    with pytest.raises(exceptions.ValidationError):
        lookup.matching({}, widgets._listing)
    assert widgets.walks == []
    assert [w.id for w in lookup.matching({'name': 'twin'},
                                          widgets._listing)] == ['d1', 'd2']


def test_one_id_to_look_up_is_read_by_its_id_not_by_a_walk(widgets):
    action = Action(widgets)
    outcomes = look(widgets).act_on_many([UUID_B], action, lookup=True)
    assert outcomes[0].instance.name == 'beta'
    assert widgets.shown == [UUID_B] and widgets.walks == []
    # an ID nothing has may be a name: then the walk
    outcomes = look(widgets).act_on_many([UUID_NAMED], action, lookup=True)
    assert outcomes[0].instance.id == UUID_C
    assert widgets.shown == [UUID_B, UUID_NAMED]
    assert widgets.walks == [lookup.OWN]


def test_one_id_whose_read_fails_fails_alone(widgets):
    def show(ident):
        raise exceptions.ServiceUnavailable('busy', http_status=503)

    widgets._show = show
    action = Action(widgets)
    outcomes = look(widgets).act_on_many([UUID_B], action, lookup=True)
    assert isinstance(outcomes[0].error, exceptions.ServiceUnavailable)
    assert action.given == [] and widgets.walks == []
