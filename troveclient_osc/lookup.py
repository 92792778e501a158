"""The one "ID, else name" lookup: what a name or ID given to a call means.

Every call of the library that takes a resource takes the resource, its ID
or its name, and this module decides, once for every call, what is sent:

1. A resource of the kind asked for is acted on as it is, by its ID.
2. A value that the kind's :class:`Rules` call ID-like (an instance's UUID,
   a flavor's number, ...) is sent as it is: the action's own request is
   the only one. Only if Trove refuses it (:meth:`Rules.refuses`: a 404
   about that ID) is it looked up as a name, in the listing; if the
   listing has a resource with that very ID, the refusal was about
   something else and stays the error.
3. Any other value is a name, and never goes into a URL: it is looked up
   by one walk of the listing (all pages), before anything is sent. Names
   given together are looked up in that one walk, and so are the IDs
   Trove refused.
4. One match is the resource; none is :class:`~troveclient_osc.exceptions.
   NoMatch` (a ``NotFound`` with no HTTP status), several
   :class:`~troveclient_osc.exceptions.NoUniqueMatch`, naming their IDs.
5. A resource named twice (by its name and by its ID, say) is acted on
   once: the later target's outcome shares the first's (``same_as``).
6. Names are looked up in a :class:`Scope`: the caller's project
   (:data:`OWN`) unless the call is told one project or every project
   (:data:`EVERY`, the administrator's listing). An administrator's calls
   that only an administrator may make (reboot, rebuild, reset status,
   force delete) look in every project unless told otherwise: "does not
   exist" is then never said of an instance that ``list(all_projects=
   True)`` shows.

What differs from one kind of resource to another is the kind's
:class:`Rules` (:data:`UUIDS`, :data:`FLAVORS`, :data:`NAMES_IN_URL`),
and its manager's ``_listing(scope)`` (what a name is looked up in) and
``_show(id)`` (the GET of one by its ID). :class:`Lookup` is the lookup of
one manager; ``base.Manager._lookup()`` makes it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from troveclient_osc import base
from troveclient_osc import batch
from troveclient_osc import exceptions
from troveclient_osc import trove_messages

_R = TypeVar('_R', bound=base.Resource)
_T = TypeVar('_T')
_F = TypeVar('_F', bound=Callable[..., Any])


class Scope:
    """Where names are looked up (and a wait on many polls): the caller's
    project, one project, or every project.

    Only an administrator may look beyond the project of its token: the
    other scopes walk Trove's administrator listing (``/mgmt/instances``).
    Resources other than instances belong to no project, and their
    lookups take no scope.

    :ivar project_id: the one project, or None
    :ivar all_projects: every project
    """

    __slots__ = ('project_id', 'all_projects')

    def __init__(self, project_id: str | None = None,
                 all_projects: bool = False) -> None:
        if project_id is not None and not str(project_id).strip():
            raise exceptions.ValidationError(
                'A project ID must not be empty')
        self.project_id = None if project_id is None else str(project_id)
        self.all_projects = bool(all_projects) and project_id is None

    @classmethod
    def of(cls, all_projects: bool | None = None,
           project_id: str | None = None,
           default: Scope | None = None) -> Scope:
        """The scope of a call's ``all_projects`` and ``project_id``
        arguments, as ``instances.list`` reads them: a project ID is that
        project (``all_projects`` then says nothing more), True every
        project, False the caller's own, and None (not given) the call's
        ``default`` (the caller's own project unless said)."""
        if project_id is not None:
            return cls(project_id)
        if all_projects is None:
            return default if default is not None else OWN
        return EVERY if all_projects else OWN

    @property
    def own(self) -> bool:
        """True for the caller's own project."""
        return self.project_id is None and not self.all_projects

    def where(self) -> str:
        """What a message adds about the scope: `` in project '<ID>'`` for
        one project, nothing for the caller's or every project (nothing
        has the name anywhere)."""
        if self.project_id is not None:
            return " in project '%s'" % base.shown(self.project_id)
        return ''

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scope):
            return NotImplemented
        return (self.project_id, self.all_projects) == (
            other.project_id, other.all_projects)

    def __hash__(self) -> int:
        return hash((self.project_id, self.all_projects))

    def __repr__(self) -> str:
        if self.project_id is not None:
            return 'Scope(project_id=%r)' % self.project_id
        return 'EVERY' if self.all_projects else 'OWN'


#: the caller's own project: the project of its token
OWN = Scope()
#: every project (an administrator's)
EVERY = Scope(all_projects=True)


def every_project(method: _F) -> _F:
    """Mark a manager's call that only an administrator may make, whose
    lookup is in every project: ``act_on`` and ``act_on_many`` given it as
    their action, and not told a scope, look names up in every project
    (:data:`EVERY`) as well, as the call does when called alone (it passes
    ``scope=EVERY`` to its own lookup)."""
    setattr(method, 'lookup_scope', EVERY)
    return method


def scope_of(action: object, all_projects: bool | None = None,
             project_id: str | None = None) -> Scope:
    """The scope a lookup for ``action`` uses: the one ``all_projects``
    and ``project_id`` say (:meth:`Scope.of`), else the one ``action``
    has (:func:`every_project`), else the caller's project."""
    marked = getattr(action, 'lookup_scope', None)
    return Scope.of(all_projects, project_id,
                    default=marked if isinstance(marked, Scope) else OWN)


class Rules:
    """How a kind of resource is named: the hooks of the lookup.

    These are the rules of resources whose IDs are UUIDs (instances,
    configuration groups, datastore versions by ID): a UUID-like value is
    an ID, Trove refuses an ID with a 404 about it, a resource is
    matched by its ``id`` and acted on as it is.
    """

    #: Trove reads a name from the URL as well as an ID (datastores and
    #: their versions), so a name is sent as it is too, and Trove's 404
    #: already says that nothing has that name or ID
    names_in_url = False

    def id_like(self, value: str) -> bool:
        """True when ``value`` may be an ID, so is sent as it is."""
        return base.is_uuid_like(value)

    def refuses(self, error: BaseException, value: str) -> bool:
        """True when ``error``, from an action given the ID ``value``, is
        Trove saying that it has nothing with that ID, so that ``value``
        is looked up as a name: a 404 from the server, unless its message
        names another resource ("Resource <other> cannot be found.", a
        flavor or a version the action was given). A :class:`NoMatch` is
        a lookup inside the action that failed, not Trove's answer."""
        if isinstance(error, exceptions.NoMatch) or not isinstance(
                error, exceptions.NotFound):
            return False
        return not trove_messages.names_other_missing(error.message, value)

    def ident(self, resource: base.Resource) -> str | None:
        """The ID a name or ID is matched with, as text (None when missing
        or null, which matches nothing)."""
        ident = resource._data.get('id')
        return None if ident is None else str(ident)

    def given(self, resource: base.Resource) -> Any:
        """What an action is given for a resource found by name."""
        return resource


class FlavorRules(Rules):
    """A flavor's ID is an integer or a UUID; Trove refuses one it does not
    know with a 400 or 404 "Resource <ID> cannot be found."; a flavor is
    matched and sent by ``str_id``, else ``id``."""

    def id_like(self, value: str) -> bool:
        return value.isdigit() or base.is_uuid_like(value)

    def refuses(self, error: BaseException, value: str) -> bool:
        return (isinstance(error, (exceptions.BadRequest,
                                   exceptions.NotFound))
                and not isinstance(error, exceptions.NoMatch)
                and trove_messages.names_missing(error.message, value))

    def ident(self, resource: base.Resource) -> str | None:
        flavor: Any = resource
        ref: str | None = flavor._match_ref()
        return ref

    def given(self, resource: base.Resource) -> Any:
        flavor: Any = resource
        return flavor.flavor_ref


class NamesInUrlRules(Rules):
    """Trove finds the resource by its name or its ID in the URL
    (datastores, the versions of a datastore): any value it can read back
    from a path segment (:func:`~troveclient_osc.base.in_path`) is sent as
    it is, and its 404 is final; another name (one with a ``/``) is looked
    up in the listing."""

    names_in_url = True

    def id_like(self, value: str) -> bool:
        return base.in_path(value)

    def refuses(self, error: BaseException, value: str) -> bool:
        return False


#: the rules of instances, configuration groups and datastore versions
#: by ID: UUIDs are IDs
UUIDS = Rules()
#: the rules of flavors
FLAVORS = FlavorRules()
#: the rules of datastores and of the versions of one datastore
NAMES_IN_URL = NamesInUrlRules()


class Given(str):
    """An ID :meth:`Lookup.act_on_many` hands its action as it was given.

    A str like any other to the action; a call of a manager of that
    ``kind`` of resource that receives it sends it as it is
    (:meth:`Lookup.act_on`), and leaves a refusal to the lookup that
    handed it on.
    """

    kind: type

    def __new__(cls, value: str, kind: type) -> Given:
        given = super().__new__(cls, value)
        given.kind = kind
        return given


def _same(value: _T) -> _T:
    return value


class Lookup(Generic[_R]):
    """The lookup of one manager's resources.

    :param manager: the manager: its ``resource_class``, ``human_name``,
        ``_show`` and, unless ``listing`` is given, ``_listing``
    :param rules: the kind's :class:`Rules` (by default the manager's
        ``lookup_rules``)
    :param listing: what names are looked up in, for a scope (by default
        the manager's ``_listing``)
    """

    def __init__(self, manager: base.Manager[_R],
                 rules: Rules | None = None,
                 listing: Callable[[Scope], Iterable[_R]] | None = None
                 ) -> None:
        self.manager = manager
        self.rules = rules or manager._rules()
        self.listing = listing or manager._listing
        self.kind: type[_R] = manager.resource_class

    # -- one value ---------------------------------------------------------

    def check(self, value: object) -> _R | str:
        """A resource of this kind as it is; any other value as text
        (another kind of resource by its ID), refused when empty."""
        if isinstance(value, self.kind):
            return value
        if isinstance(value, base.Resource):
            value = base.getid(value)
        if value is None or not str(value).strip():
            raise exceptions.ValidationError(
                'A name or ID must not be empty')
        return str(value)

    def not_found(self, value: object, scope: Scope = OWN
                  ) -> exceptions.NoMatch:
        """The error of a name or ID that nothing has."""
        return exceptions.NoMatch(
            "No %s with a name or ID of '%s' exists%s."
            % (self.manager.human_name, base.shown(value), scope.where()))

    def find(self, value: object, scope: Scope = OWN) -> _R:
        """The one resource ``value`` is or names.

        An ID-like value costs one GET; if Trove answers 404, the value is
        looked up as a name (unless Trove reads names from the URL: then
        nothing has it). Any other value costs one walk of the listing,
        and the match is returned as listed.

        :raises NoMatch: nothing has that name or ID
        :raises NoUniqueMatch: several resources have that name
        """
        found = self.check(value)
        if not isinstance(found, str):
            return found
        if self.rules.id_like(found):
            try:
                return self.manager._show(found)
            except exceptions.NoMatch:
                raise
            except exceptions.NotFound:
                if self.rules.names_in_url:
                    raise self.not_found(found, scope) from None
        return self.find_in(found, self.listing(scope), scope)

    def find_in(self, value: str, items: Iterable[_R],
                scope: Scope = OWN) -> _R:
        """``value`` looked up in ``items`` (one pass): IDs first, then
        names."""
        return self._pick(value, self._matches((value,), items)[value],
                          scope)

    def find_all_in(self, values: Iterable[str], items: Iterable[_R],
                    scope: Scope = OWN
                    ) -> dict[str, _R | exceptions.ClientException]:
        """Every one of ``values`` looked up in ``items`` in one pass: a
        dict of each value to the resource it names, or to the error that
        :meth:`find_in` would raise for it alone."""
        found: dict[str, _R | exceptions.ClientException] = {}
        for value, matches in self._matches(values, items).items():
            try:
                found[value] = self._pick(value, matches, scope)
            except exceptions.ClientException as error:
                found[value] = error
        return found

    def _matches(self, values: Iterable[str], items: Iterable[_R]
                 ) -> dict[str, list[_R]]:
        """``{value: [items whose ID or name is value]}``, in one pass
        over ``items`` (each item costs a dict look-up, whatever the
        number of values)."""
        matches: dict[str, list[_R]] = {value: [] for value in values}
        for item in items:
            ident = self.rules.ident(item)
            name = item._data.get('name')
            if ident in matches:
                matches[ident].append(item)
            if isinstance(name, str) and name != ident and name in matches:
                matches[name].append(item)
        return matches

    def _pick(self, value: str, candidates: Iterable[_R],
              scope: Scope) -> _R:
        """The one candidate whose ID, else whose name, is ``value``."""
        by_id = [c for c in candidates if self.rules.ident(c) == value]
        if by_id:
            return by_id[0]
        by_name = [c for c in candidates if c._data.get('name') == value]
        if not by_name:
            raise self.not_found(value, scope)
        if len(by_name) > 1:
            raise exceptions.NoUniqueMatch(
                "More than one %s exists%s with the name '%s'. Use one of "
                'the IDs: %s.' % (self.manager.human_name, scope.where(),
                                  base.shown(value), base.shown_ids(by_name)))
        return by_name[0]

    # -- acting --------------------------------------------------------------

    def act_on(self, value: object, action: Callable[[Any], _T],
               scope: Scope = OWN) -> _T:
        """``action`` on the one resource ``value`` names or is, by
        :meth:`act_on_many`: its result, or the error that ended it.

        Given an ID that an outer :meth:`act_on_many` hands on (a
        :class:`Given`), it sends the request at once: that outer lookup
        is the one that looks the ID up if Trove refuses it, once for all
        its targets.
        """
        if isinstance(value, Given) and value.kind is self.kind:
            return action(str(value))
        (outcome,) = self.act_on_many([self.check(value)], action, scope)
        if outcome.error is not None:
            raise outcome.error
        result: _T = outcome.result
        return result

    def act_on_many(self, targets: Iterable[object],
                    action: Callable[[Any], object], scope: Scope = OWN,
                    concurrency: int | None = None,
                    lookup: bool = False) -> batch.Outcomes:
        """Call ``action`` on each target; never stop: one outcome each.

        The rules of this module: what is ID-like (unless ``lookup``,
        which looks every target up) goes into ``action`` as it is, every
        other value is looked up first, all of them in one walk of the
        listing, and the IDs Trove refuses are then looked up in that same
        listing (walked then if there were no names) and acted on again
        with what was found. ``action`` is given the ID as given (a
        :class:`Given`) or the rules' ``given`` of the resource found; the
        calls run ``concurrency`` at a time. ``outcomes.scope`` is
        ``scope``.
        """
        concurrency = batch.check_concurrency(concurrency)
        outcomes, names, listing = self._resolved(targets, scope, lookup)
        firsts: dict[str, batch.Outcome] = {}
        acted = self._first_of_each(outcomes, [
            number for number, outcome in enumerate(outcomes)
            if outcome.ok], firsts)
        refused = self._call_each(outcomes, acted, action, concurrency)
        if refused:
            # Most likely nothing has these IDs; a GET of each would only
            # say so again, so they are looked up as names, in the listing
            # already walked if there is one.
            self._resolve(outcomes, refused, scope, listing, refused=True)
            self._call_each(outcomes, self._first_of_each(
                outcomes, [n for n in refused if outcomes[n].ok], firsts),
                action, concurrency)
        for outcome in outcomes:
            if outcome.same_as is not None:
                outcome.result = outcome.same_as.result
                outcome.error = outcome.same_as.error
        return outcomes

    def resolve(self, targets: Iterable[object], scope: Scope = OWN,
                lookup: bool = False) -> batch.Outcomes:
        """What each target stands for, by the rules of :meth:`act_on_many`
        with no action: each ``outcome.instance`` is the ID as given (not
        checked: nothing is sent for it) or the resource found by name, in
        one walk of the listing for every name; a name that matches
        nothing or several resources is that outcome's error. A resource
        named twice is resolved once (``same_as``)."""
        outcomes, _names, _listing = self._resolved(targets, scope, lookup)
        self._first_of_each(outcomes, [
            number for number, outcome in enumerate(outcomes)
            if outcome.ok], {})
        for outcome in outcomes:
            if outcome.same_as is not None:
                outcome.error = outcome.same_as.error
        return outcomes

    def _resolved(self, targets: Iterable[object], scope: Scope,
                  lookup: bool) -> tuple[batch.Outcomes, list[int],
                                         list[_R] | Exception | None]:
        """The outcomes of ``targets``, each checked, and the names among
        them (every value with ``lookup``) looked up in one walk of the
        listing: the outcomes, the numbers of the names, and the listing
        walked (or the error that ended its walk; None if not walked).

        With ``lookup``, one ID-like target alone is read by its ID (one
        GET, as :meth:`find`), where a walk would read every page."""
        outcomes = batch.Outcomes(batch.Outcome(t) for t in targets)
        outcomes.scope = scope
        if lookup and len(outcomes) == 1 and self._read_alone(outcomes[0]):
            return outcomes, [], None
        names: list[int] = []
        for number, outcome in enumerate(outcomes):
            try:
                value = self.check(outcome.target)
            except exceptions.ClientException as error:
                outcome.error = error
                continue
            outcome.instance = value
            if isinstance(value, str) and (lookup or
                                           not self.rules.id_like(value)):
                names.append(number)
        listing = None
        if names:
            # One walk of the listing for every name, before any action.
            listing = self._resolve(outcomes, names, scope, None)
        return outcomes, names, listing

    def _read_alone(self, outcome: batch.Outcome) -> bool:
        """Read the one target of a lookup by its ID if it may be one: True
        when that settled it (the resource, or the error of the GET), False
        when it is to be looked up in the listing (not ID-like, or Trove
        has nothing with that ID: it may be a name)."""
        try:
            value = self.check(outcome.target)
        except exceptions.ClientException:
            return False
        if not isinstance(value, str) or not self.rules.id_like(value) \
                or self.rules.names_in_url:
            return False
        try:
            outcome.instance = self.manager._show(value)
        except exceptions.NotFound:
            return False
        except exceptions.ClientException as error:
            outcome.instance, outcome.error = value, error
        return True

    def _first_of_each(self, outcomes: batch.Outcomes, numbers: list[int],
                       firsts: dict[str, batch.Outcome]) -> list[int]:
        """The numbers of the outcomes to act on: one per resource, however
        it was named. A later target that resolved to a resource already
        in ``firsts`` (by its ID as given, or its ID as found) shares that
        outcome (``same_as``) and is not acted on again."""
        kept = []
        for number in numbers:
            outcome = outcomes[number]
            value = outcome.instance
            key = (self.rules.ident(value) if isinstance(value, self.kind)
                   else str(value))
            first = firsts.get(key) if key is not None else None
            if first is not None and first is not outcome:
                outcome.same_as = first
                continue
            if key is not None:
                firsts[key] = outcome
            kept.append(number)
        return kept

    def _resolve(self, outcomes: batch.Outcomes, numbers: list[int],
                 scope: Scope, listing: list[_R] | Exception | None,
                 refused: bool = False) -> list[_R] | Exception:
        """Look the ``instance`` of ``outcomes[numbers]`` up in ``listing``
        (walked now when None) in one pass; return the listing, or the
        error that ended its walk (the error of each of them, then).

        With ``refused``, each of them was an ID whose action Trove
        refused: a resource found with this very ID means the refusal was
        about something else (a resource the action needs), which stays
        the error; one found by name replaces it.
        """
        if listing is None:
            try:
                listing = list(self.listing(scope))
            except exceptions.ClientException as error:
                listing = error
        if isinstance(listing, Exception):
            for number in numbers:
                outcomes[number].error = listing
            return listing
        found = self.find_all_in(
            [outcomes[n].instance for n in numbers], listing, scope)
        for number in numbers:
            outcome = outcomes[number]
            match = found[outcome.instance]
            if isinstance(match, Exception):
                outcome.error = match
            elif refused and self.rules.ident(match) == outcome.instance:
                continue  # it exists: the refusal was not about it
            else:
                outcome.instance = match
                outcome.error = None
        return listing

    def _call_each(self, outcomes: batch.Outcomes, numbers: list[int],
                   action: Callable[[Any], object],
                   concurrency: int) -> list[int]:
        """``action`` on what each ``outcomes[numbers]`` stands for,
        ``concurrency`` at a time; return the numbers of the IDs given as
        they are whose action Trove refused (:meth:`Rules.refuses`; their
        error is set, as for any other failure)."""
        given = [outcomes[n].instance for n in numbers]
        results = batch.run(
            [functools.partial(action, Given(value, self.kind)
                               if isinstance(value, str)
                               else self.rules.given(value))
             for value in given], concurrency)
        refused: list[int] = []
        for number, value, result in zip(numbers, given, results):
            outcome = outcomes[number]
            if isinstance(result, Exception):
                outcome.error = result
                if isinstance(value, str) and self.rules.refuses(result,
                                                                 value):
                    refused.append(number)
            else:
                outcome.result = result
        return refused


def matching(attrs: Mapping[str, Any],
             scan: Callable[[], Iterable[_R]]) -> list[_R]:
    """python-troveclient's ``find(**attrs)`` and ``findall(**attrs)``: the
    items of ``scan()`` whose attributes equal ``attrs`` (none given is
    refused before the scan)."""
    if not attrs:
        raise exceptions.ValidationError(
            'Give a name or ID, or attributes to match')
    return [item for item in scan()
            if all(name in item._data and getattr(item, name) == value
                   for name, value in attrs.items())]
