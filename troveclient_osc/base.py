"""Resources, managers and pages: the shape every v1 API object shares.

A :class:`Resource` carries every field of the response body as an attribute
and never fetches anything behind the caller's back: reading an attribute is
free, and ``get()`` is the one explicit refresh.

A :class:`Manager` holds the operations common to every collection: one GET
by ID, one page of a list (a :class:`Page`, a list with ``.next``), a
generator over all pages, and ``find`` by name or ID and every call on a
resource through the one lookup (:mod:`troveclient_osc.lookup`: an ID as
given, else a name), with the manager's listing and its kind's rules.
"""

import copy
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import (TYPE_CHECKING, Annotated, Any, Generic, NoReturn,
                    TypeAlias, TypeVar)

from troveclient_osc import batch
from troveclient_osc import checks
from troveclient_osc import exceptions

if TYPE_CHECKING:
    from troveclient_osc import lookup

# Trove caps pages at 20 items (``instances_page_size``); a walk over all
# pages stops, with an error, after this many pages.
MAX_PAGES = 1000
# The longest name or ID quoted in a message, and the most IDs listed, so
# that an error stays one short line whatever the caller typed.
MAX_SHOWN = 80
MAX_SHOWN_IDS = 3

_HEX = frozenset('0123456789abcdefABCDEF')
_UUID_GROUPS = (8, 4, 4, 4, 12)

_R = TypeVar('_R', bound='Resource')
_T = TypeVar('_T')


class _Absence:
    """The mark :data:`MaybeAbsent` puts on an attribute's type."""

    def __repr__(self) -> str:
        return 'maybe absent'


_ABSENT = _Absence()

#: The type of a resource's attribute that some bodies leave out: a field
#: that a Trove release, a view (the listing, an administrator's) or a state
#: (an instance without a fault) may not send. ``MaybeAbsent[str]`` is
#: ``str`` to a type checker; at run time the attribute is then missing
#: (``AttributeError``, ``hasattr()`` is False), never None: read it with
#: ``hasattr()`` first or ``getattr(resource, name, default)``.
MaybeAbsent: TypeAlias = Annotated[_T, _ABSENT]


def is_uuid_like(value: object) -> bool:
    """True for a canonical or dash-less UUID string.

    Five groups of 8, 4, 4, 4 and 12 hexadecimal digits, each dash between
    them optional. Checked without a regular expression, whose compilation
    at import was a third of this module's import time.
    """
    if not isinstance(value, str) or not 32 <= len(value) <= 36:
        return False
    at = 0
    for number, size in enumerate(_UUID_GROUPS):
        if number and value[at:at + 1] == '-':
            at += 1
        group = value[at:at + size]
        if len(group) != size or not _HEX.issuperset(group):
            return False
        at += size
    return at == len(value)


def escaped(value: object) -> str:
    """``value`` as text with every character that is not printable (a
    control character such as ESC, BEL or a line break, or an invisible
    format character) written as its Python escape (``\\x1b``, ``\\n``,
    ``\\u202e``): what a terminal receives is then only what it shows.
    The space is kept. The rule is :func:`troveclient_osc.exceptions.
    printable`, which every error message follows too."""
    return exceptions.printable(value)


def shown(value: object) -> str:
    """``value`` as text for a message: :func:`escaped` (a name holding a
    line break must not break the message's line), and cut to
    :data:`MAX_SHOWN` characters."""
    text = escaped(value)
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN - 3] + '...'
    return text


def shown_ids(resources: Sequence['Resource']) -> str:
    """The IDs of ``resources`` for a message about several matches: the
    first :data:`MAX_SHOWN_IDS`, then how many more there are."""
    ids = ', '.join(r._ref() for r in resources[:MAX_SHOWN_IDS])
    if len(resources) > MAX_SHOWN_IDS:
        ids += ' and %d more' % (len(resources) - MAX_SHOWN_IDS)
    return ids


def check_limit(limit: object) -> int | None:
    """``limit`` as a positive integer, or None when not given.

    Checked before any request: Trove answers 500 to a limit of 0, a
    negative one or one that is not a number.
    """
    if limit is None:
        return None
    # checks.positive_int's rule, with the value quoted as a listing's
    # limit has always been
    number = checks.integer(limit)
    if number is None or number < 1:
        raise exceptions.ValidationError(
            "Invalid limit '%s': must be a positive integer" % shown(limit))
    return number


def getid(obj: Any) -> Any:
    """The ID of a resource, or the value itself when it is already one."""
    return getattr(obj, 'id', obj)


def in_path(value: str) -> bool:
    """True when Trove reads ``value`` back whole from one segment of a
    URL path: it has no ``/`` (which the server decodes before routing)
    and is not a dot segment."""
    return '/' not in value and value not in ('.', '..')


def quote(value: object) -> str:
    """One path segment, percent-encoded: ``/``, ``?``, ``#``, ``%`` too.

    ``.`` and ``..`` are refused: they are dot segments, which the URL
    parser removes (``/instances/..`` becomes ``/``) and percent-encoding
    cannot protect, since requests decodes ``%2E`` back to ``.``.
    """
    if value is None or value == '':
        raise exceptions.ValidationError('An empty name or ID was given')
    text = str(value)
    if text in ('.', '..'):
        raise exceptions.ValidationError(
            "'%s' cannot be used as a name or ID in a request" % text)
    return urllib.parse.quote(text, safe='')


class Page(list[_R]):
    """One page of a listing.

    :ivar next: the marker for the next page (pass it as ``marker=``), or
        None on the last page
    :ivar links: the ``links`` of the answer as Trove sent them (a list of
        ``{"rel": ..., "href": ...}``), as python-troveclient's pages have
        them; only ``next`` is followed, never a link
    """

    def __init__(self, items: Iterable[_R] = (),
                 next: str | None = None,
                 links: Iterable[Mapping[str, Any]] | None = None) -> None:
        super().__init__(items)
        self.next = next
        self.links = [dict(link) for link in links or ()
                      if isinstance(link, Mapping)]


class Matches(Page[_R]):
    """The items of a listing that a filter kept, at most as many as asked
    for (:func:`matching`).

    :ivar next: the marker to go on from, after the last item kept; None
        when no item after it is kept: the listing ends, or what follows
        does not match
    :ivar capped: True when the walk stopped at the page limit
        (:data:`MAX_PAGES`): ``next`` is then where to go on from, and
        whether more items match is not known
    """

    def __init__(self, items: Iterable[_R] = (), next: str | None = None,
                 capped: bool = False) -> None:
        super().__init__(items, next=next)
        self.capped = capped


class Markers:
    """The markers of one walk through a listing, checked in one place.

    Each page's ``next`` marker goes through :meth:`follow`, which refuses
    a marker the walk has already been given (the server would send the
    same pages for ever) and ends the walk after ``max_pages`` pages
    (:data:`MAX_PAGES` by default); each page's items may go through
    :meth:`check`, which refuses pages that repeat or overlap.

    :param what: what is listed, for the messages
    :param marker: the marker the walk starts after, if any
    :ivar marker: the marker of the next page to ask for
    """

    def __init__(self, what: str, marker: str | None = None,
                 max_pages: int | None = None) -> None:
        self.what = what
        self.marker = marker
        self.max_pages = MAX_PAGES if max_pages is None else max_pages
        if self.max_pages < 1:
            raise ValueError('max_pages must be at least 1, not %r'
                             % (max_pages,))
        self.pages = 0
        self._seen: set[str] = (
            {marker} if marker is not None else set())
        self._items: set[str] = set()

    def check(self, page: Iterable[Any],
              ident: Callable[[Any], str | None]) -> None:
        """Check the items of the page just read against the walk's
        earlier pages: Trove pages by ID (``id > marker``), so an ID seen
        before means pages that repeat or overlap, and a listing that is
        not what the server holds: EndlessPagination (an InvalidResponse),
        never an item counted twice (or a name called ambiguous).
        """
        for item in page:
            key = ident(item)
            if key is None:
                continue
            if key in self._items:
                raise exceptions.EndlessPagination(
                    "Endless pagination loop detected: page %d of %s "
                    "repeats the item '%s' of an earlier page"
                    % (self.pages + 1, self.what, shown(key)))
            self._items.add(key)

    def follow(self, next_marker: str | None) -> bool:
        """Go on to ``next_marker``, the ``next`` of the page just read.

        :returns: False when there is no next page, else True
        :raises EndlessPagination: the marker was given before
        :raises TooManyPages: ``max_pages`` pages were read; its ``marker``
            is where to go on from
        """
        self.pages += 1
        if next_marker is None:
            return False
        if next_marker in self._seen:
            raise exceptions.EndlessPagination(
                "Endless pagination loop detected: the server sent the "
                "marker '%s' twice for %s" % (shown(next_marker), self.what))
        if self.pages >= self.max_pages:
            raise exceptions.TooManyPages(
                'Stopped listing %s after %d pages: the server kept sending '
                'next links' % (self.what, self.pages), marker=next_marker)
        self._seen.add(next_marker)
        self.marker = next_marker
        return True


def checked_pages(read: Callable[[str | None], Page[_R]], what: str,
                  marker: str | None = None,
                  ident: Callable[[_R], str | None] | None = None,
                  max_pages: int | None = None) -> Iterator[Page[_R]]:
    """Yield the pages of one walk, from ``marker`` on, each checked.

    ``read(marker)`` reads the page after ``marker`` (None: the first).
    Every page's ``next`` goes through :meth:`Markers.follow` and, with
    ``ident``, every page's items through :meth:`Markers.check`, before
    the next page is read: the one walk of every listing.

    :raises EndlessPagination: a marker or an item came back
    :raises TooManyPages: after ``max_pages`` pages (:data:`MAX_PAGES`)
    """
    walk = Markers(what, marker, max_pages)
    while True:
        page = read(walk.marker)
        if ident is not None:
            walk.check(page, ident)
        yield page
        if not walk.follow(page.next):
            return


def matching(read: Callable[[int | None, str | None], Page[_R]],
             keep: Callable[[_R], bool] | None, limit: int | None,
             marker: str | None, what: str,
             ident: Callable[[_R], str | None] | None = None) -> Matches[_R]:
    """Up to ``limit`` items that ``keep`` accepts, from ``marker`` on
    (every item when ``keep`` is None), in one :func:`checked_pages` walk.

    ``read(limit, marker)`` reads a page. Without ``keep``, each request
    asks for no more items than are still missing, so that a page is never
    cut and the marker to go on from is the server's own: no request more
    than the items shown need.

    With ``keep``, the pages are read at the server's size. When ``ident``
    gives an item's marker (a Trove listing goes on after the item whose
    ID is the marker), the walk stops at the ``limit``-th item kept, and
    the marker to go on from is that item's; ``next`` is set only when
    more items that ``keep`` accepts follow: the rest of that page, then
    the pages after, are read until one holds such an item or the listing
    ends (no request more when the page already has one or the server has
    no more, at most the rest of the listing otherwise). Without
    ``ident``, each request asks for what is still missing, as without
    ``keep``.
    """
    limit = check_limit(limit)
    accepts: Callable[[_R], bool] = keep or (lambda item: True)
    found: list[_R] = []
    full = False
    cut: str | None = None

    def read_after(at: str | None) -> Page[_R]:
        whole_pages = full or (keep is not None and ident is not None)
        want = None if whole_pages or limit is None else limit - len(found)
        return read(want, at)

    try:
        for page in checked_pages(read_after, what, marker, ident):
            if full:
                if any(accepts(item) for item in page):
                    return Matches(found, next=cut)
                continue
            kept = [item for item in page if accepts(item)]
            room = None if limit is None else limit - len(found)
            if room is None or len(kept) < room:
                found.extend(kept)
                continue
            if ident is None or keep is None:
                found.extend(kept[:room])
                if keep is None or page.next is None:
                    return Matches(found, next=page.next)
                full, cut = True, page.next
                continue
            # The page's items are in the server's display order, not by
            # marker: the ``room`` kept with the lowest IDs come first.
            by_id = sorted(kept, key=lambda item: ident(item) or '')
            taken = {id(item) for item in by_id[:room]}
            found.extend(item for item in kept if id(item) in taken)
            cut = ident(by_id[room - 1])
            if len(kept) > room or page.next is None:
                return Matches(found, next=cut if len(kept) > room
                               else None)
            full = True
    except exceptions.TooManyPages as error:
        return Matches(found, next=cut if full else error.marker,
                       capped=True)
    return Matches(found)


def marker_from_links(links: object) -> str | None:
    """The ``marker`` of the ``next`` link, or None.

    Only the marker is taken from the link. The link itself is never
    requested: Trove writes it with ``https://`` whatever the endpoint, and a
    link to another host must not receive the token.
    """
    if not isinstance(links, list):
        return None
    for link in links:
        if isinstance(link, dict) and link.get('rel') == 'next':
            query = urllib.parse.urlsplit(str(link.get('href', ''))).query
            markers = urllib.parse.parse_qs(query).get('marker')
            if markers and markers[0]:
                return markers[0]
    return None


class _ReadOnly(dict[Any, Any]):
    """A dict that refuses changes: a resource's ``_info``."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("A resource's _info is read-only; to_dict() returns "
                        'a copy to change')

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse


class Resource:
    """An API object: every field of its body is an attribute.

    Fields whose names clash with this class's methods are still in
    :meth:`to_dict`. ``repr`` shows only the ID and name, never secrets.

    Each kind of resource declares the fields Trove sends, with their types,
    so that a type checker rejects a misspelt attribute. A field a resource
    does not declare (one that a newer Trove adds) is an attribute all the
    same at run time; a type checker sees it through :meth:`to_dict`
    (``resource.to_dict()["new_field"]``, of type ``Any``). A field missing
    from the body is a missing attribute (``AttributeError``), declared or
    not: reading one never sends a request.
    """

    #: the words used in messages, e.g. "database instance"
    human_name = 'resource'

    def __init__(self, manager: 'Manager[Any]', info: object) -> None:
        self.manager = manager
        self._fields: tuple[str, ...] = ()
        self._update(info)

    def _update(self, info: object) -> None:
        for name in self._fields:
            self.__dict__.pop(name, None)
        data: dict[Any, Any] = (copy.deepcopy(info) if isinstance(info, dict)
                                else {})
        info = data
        self._data = data
        self._fields = tuple(k for k in info
                             if isinstance(k, str) and k.isidentifier()
                             and not hasattr(type(self), k)
                             and k not in ('manager', '_data', '_fields'))
        for name in self._fields:
            setattr(self, name, info[name])

    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            # Only reached for attributes that are not set: there is no
            # lazy loading (a hidden GET per attribute is exactly what we
            # avoid).
            raise AttributeError('%s has no attribute %r'
                                 % (type(self).__name__, name))

    def _ref(self) -> str:
        """The ID to show a user, who will give it back to the API."""
        return str(self._data.get('id'))

    @property
    def _info(self) -> Mapping[Any, Any]:
        """The body the API returned for this resource, read-only (a copy:
        changing what it holds changes nothing here).

        python-troveclient's resources have it; :meth:`to_dict` is the
        copy to change.
        """
        return _ReadOnly(copy.deepcopy(self._data))

    def to_dict(self) -> dict[Any, Any]:
        """A deep copy of the resource's fields as the API returned them."""
        data = copy.deepcopy(self._data)
        for name in self._fields:  # reflect attributes set by the caller
            data[name] = copy.deepcopy(getattr(self, name))
        return data

    def get(self: _R) -> _R:
        """Refresh this object in place from the server (one GET)."""
        fresh = self.manager._show(self)
        self._update(fresh._data)
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Resource) or type(other) is not type(self):
            return NotImplemented
        own = self._data.get('id')
        if own is None:
            return self._data == other._data
        same: bool = own == other._data.get('id')
        return same

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._data.get('id')))

    def __repr__(self) -> str:
        parts = []
        for key in ('id', 'name'):
            if self._data.get(key) is not None:
                parts.append('%s=%r' % (key, self._data[key]))
        return '<%s %s>' % (type(self).__name__, ' '.join(parts))


class Manager(Generic[_R]):
    """Operations shared by every collection of resources."""

    resource_class: type[_R]
    #: how this kind of resource is named (the lookup's hooks); None for
    #: :data:`troveclient_osc.lookup.UUIDS`
    lookup_rules: 'lookup.Rules | None' = None
    #: e.g. 'instance' and 'instances': the keys of show and list bodies
    key: str | None = None
    collection_key: str | None = None

    if TYPE_CHECKING:
        # Every concrete manager has one: the GET of a resource by its ID
        # (or of the resource given), with no lookup. Resource.get(), the
        # finds and the public get, through the lookup, use it.
        def _show(self, ident: Any) -> _R:
            ...

    def __init__(self, api: Any) -> None:
        #: the :class:`troveclient_osc.http.HTTPClient`
        self.api = api

    @property
    def human_name(self) -> str:
        return self.resource_class.human_name

    def _make(self, info: object) -> _R:
        return self.resource_class(self, info)

    def _get(self, path: str, key: str | None = None) -> _R:
        key = key or self.key
        _resp, body = self.api.get(path, expect=key)
        return self._make(body[key])

    def _page(self, path: str, limit: object = None,
              marker: str | None = None,
              params: Mapping[str, Any] | None = None,
              key: str | None = None,
              collection: bool = False) -> Page[_R]:
        """One page: ``limit`` items at most after ``marker``.

        ``collection``: ``path`` is a top-level collection, which always
        exists (a 404 then means the endpoint is wrong); not one within a
        resource the caller named (the versions of a datastore).
        """
        key = key or self.collection_key
        query = dict(params or {})
        limit = check_limit(limit)
        if limit is not None:
            query['limit'] = limit
        if marker is not None:
            query['marker'] = marker
        resp, body = self.api.get(path, params=query or None, expect=key,
                                  expect_type=list, collection=collection)
        items = self._checked([self._make(item) for item in body[key]
                               if isinstance(item, dict)], resp)
        links = body.get('links')
        return Page(items, next=marker_from_links(links),
                    links=links if isinstance(links, list) else None)

    def _checked(self, items: list[_R], resp: Any) -> list[_R]:
        """The items of one page, each once (a repeated ID is dropped).

        An item without an ID (:meth:`_ident` None) is not an item of the
        API: nothing could be matched with it, acted on or waited for, and
        a name it holds would be reported missing. It makes the page an
        InvalidResponse.
        """
        kept: dict[str, _R] = {}
        for item in items:
            ident = self._ident(item)
            if ident is None:
                url = getattr(resp, 'url', None)
                raise exceptions.InvalidResponse(
                    'Unexpected response format from %s: a %s without an ID'
                    % (url, self.human_name), url=url,
                    http_status=getattr(resp, 'status_code', None),
                    request_id=exceptions.request_id_of(resp))
            kept.setdefault(ident, item)
        return list(kept.values())

    def _pages(self, path: str, params: Mapping[str, Any] | None = None,
               key: str | None = None, limit: object = None,
               max_pages: int | None = None,
               collection: bool = False) -> Iterator[Page[_R]]:
        """Yield every page after another, following ``next`` markers.

        Stops with :class:`EndlessPagination` when the server repeats a
        marker, or with :class:`TooManyPages` (which has the marker to go
        on from) after ``max_pages`` pages, :data:`MAX_PAGES` by default.
        """
        return checked_pages(
            lambda marker: self._page(path, limit=limit, marker=marker,
                                      params=params, key=key,
                                      collection=collection),
            path, ident=self._ident, max_pages=max_pages)

    def _iter(self, path: str, params: Mapping[str, Any] | None = None,
              key: str | None = None, limit: object = None,
              collection: bool = False) -> Iterator[_R]:
        """A generator over the items of every page; a bad ``limit`` is
        refused now, not at the first ``next()``."""
        limit = check_limit(limit)
        return (item for page in self._pages(path, params=params, key=key,
                                             limit=limit,
                                             collection=collection)
                for item in page)

    # -- the one lookup: troveclient_osc.lookup --------------------------
    # A manager says what a name is looked up in (_listing) and which
    # rules its kind follows (lookup_rules); the lookup does the rest.

    def _listing(self, scope: 'lookup.Scope') -> Iterable[_R]:
        """What a name is looked up in: every resource, in one walk (of
        the projects of ``scope``, for a kind that has projects)."""
        raise NotImplementedError('%s has no listing to look names up in'
                                  % type(self).__name__)

    def _rules(self) -> 'lookup.Rules':
        """The rules of this kind of resource (:attr:`lookup_rules`)."""
        from troveclient_osc import lookup

        return self.lookup_rules or lookup.UUIDS

    def _ident(self, resource: _R) -> str | None:
        """The ID a resource is matched, counted and waited for by: its
        kind's rules say (:meth:`lookup.Rules.ident`)."""
        return self._rules().ident(resource)

    def _lookup(self, rules: 'lookup.Rules | None' = None,
                listing: 'Callable[[lookup.Scope], Iterable[_R]] | None'
                = None) -> 'lookup.Lookup[_R]':
        """The lookup of this manager's resources (its rules and its
        listing, unless others are given)."""
        from troveclient_osc import lookup

        return lookup.Lookup(self, rules, listing)

    def _act_on(self, name_or_id: object, action: Callable[[Any], _T],
                all_projects: bool | None = None,
                scope: 'lookup.Scope | None' = None) -> _T:
        """``action`` on the one resource ``name_or_id`` names or is: its
        result, or the error that ended it (:meth:`lookup.Lookup.act_on`).

        Every public method of a manager that takes a resource goes through
        here with its own request as ``action``, so that every one of them
        takes a name.
        """
        from troveclient_osc import lookup

        return self._lookup().act_on(
            name_or_id, action,
            scope or lookup.scope_of(action, all_projects))

    def _act_on_many(self, targets: Iterable[object],
                     action: Callable[[Any], object],
                     all_projects: bool | None = None,
                     concurrency: int | None = None,
                     lookup: bool = False,
                     scope: 'lookup.Scope | None' = None) -> batch.Outcomes:
        """``action`` on each target, one outcome each
        (:meth:`lookup.Lookup.act_on_many`)."""
        from troveclient_osc import lookup as lookups

        return self._lookup().act_on_many(
            targets, action, scope or lookups.scope_of(action, all_projects),
            concurrency=concurrency, lookup=lookup)

    def _not_found(self, value: object) -> exceptions.NoMatch:
        """The error of a name or ID that none of these resources has."""
        return self._lookup().not_found(value)

    def _check_name_or_id(self, value: object) -> _R | str:
        """A resource of this manager's kind as it is; any other value as
        text (another kind of resource by its ID), refused when empty."""
        return self._lookup().check(value)

    def findall(self, **attrs: Any) -> list[_R]:
        """python-troveclient's ``findall(**attrs)``: every resource whose
        attributes equal ``attrs`` (``findall(status='ERROR')``), each read
        again by its ID: one walk of the listing, then one GET each."""
        from troveclient_osc import lookup

        return self._findall(attrs, lambda: self._listing(lookup.OWN))

    def _find_by_attrs(self, attrs: Mapping[str, Any],
                       scan: Callable[[], Iterable[_R]],
                       name_or_id: object = None) -> _R:
        """python-troveclient's ``find(**attrs)``: the one resource of
        ``scan()`` whose attributes equal ``attrs``, read again by its ID.

        :raises NoMatch: none matches
        :raises NoUniqueMatch: several match (none is read again)
        """
        from troveclient_osc import lookup

        if name_or_id is not None:
            raise TypeError('find() takes a name or ID, or attributes to '
                            'match, not both')
        found = lookup.matching(attrs, scan)
        wanted = shown(', '.join('%s=%r' % item for item in attrs.items()))
        if not found:
            raise exceptions.NoMatch(
                'No %s matching %s exists.' % (self.human_name, wanted))
        if len(found) > 1:
            raise exceptions.NoUniqueMatch(
                'More than one %s matches %s: %s'
                % (self.human_name, wanted, shown_ids(found)))
        return self._show(found[0])

    def _findall(self, attrs: Mapping[str, Any],
                 scan: Callable[[], Iterable[_R]]) -> list[_R]:
        """python-troveclient's ``findall(**attrs)``: every resource of
        ``scan()`` whose attributes equal ``attrs``, each read again by its
        ID (one GET each, as there)."""
        from troveclient_osc import lookup

        return [self._show(item) for item in lookup.matching(attrs, scan)]
