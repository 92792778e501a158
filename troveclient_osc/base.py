"""Resources, managers and pages: the shape every v1 API object shares.

A :class:`Resource` carries every field of the response body as an attribute
and never fetches anything behind the caller's back: reading an attribute is
free, and ``get()`` is the one explicit refresh.

A :class:`Manager` holds the operations common to every collection: one GET
by ID, one page of a list (a :class:`Page`, a list with ``.next``), a
generator over all pages, and ``find`` by name or ID.
"""

import copy
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from troveclient_osc import exceptions

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


def shown(value: object) -> str:
    """``value`` as text for a message: control characters escaped (a name
    holding a line break must not break the message's line), and cut to
    :data:`MAX_SHOWN` characters."""
    text = ''.join(char if char.isprintable() or char == ' '
                   else repr(char)[1:-1] for char in str(value))
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN - 3] + '...'
    return text


def check_limit(limit: object) -> int | None:
    """``limit`` as a positive integer, or None when not given.

    Checked before any request: Trove answers 500 to a limit of 0, a
    negative one or one that is not a number.
    """
    if limit is None:
        return None
    if not isinstance(limit, bool):
        try:
            number = int(str(limit).strip())
        except ValueError:
            number = None
        if number is not None and number >= 1:
            return number
    raise exceptions.ValidationError(
        "Invalid limit '%s': must be a positive integer" % shown(limit))


def getid(obj: Any) -> Any:
    """The ID of a resource, or the value itself when it is already one."""
    return getattr(obj, 'id', obj)


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
    """

    def __init__(self, items: Iterable[_R] = (),
                 next: str | None = None) -> None:
        super().__init__(items)
        self.next = next


class Markers:
    """The markers of one walk through a listing, checked in one place.

    Each page's ``next`` marker goes through :meth:`follow`, which refuses
    a marker the walk has already been given (the server would send the
    same pages for ever) and ends the walk after ``max_pages`` pages
    (:data:`MAX_PAGES` by default).

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


def id_is(resource: 'Resource', value: object) -> bool:
    """True when ``resource`` has an ID and it is ``value``.

    A missing or null ID (Trove shows ``"id": null`` for flavors whose ID is
    not an integer) matches nothing, not the string ``'None'``.
    """
    ident = resource._data.get('id')
    return ident is not None and str(ident) == value


class Resource:
    """An API object: every field of its body is an attribute.

    Fields whose names clash with this class's methods are still in
    :meth:`to_dict`. ``repr`` shows only the ID and name, never secrets.
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

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes that are not set: there is no lazy
        # loading (a hidden GET per attribute is exactly what we avoid).
        raise AttributeError('%s has no attribute %r'
                             % (type(self).__name__, name))

    def _ref(self) -> str:
        """The ID to show a user, who will give it back to the API."""
        return str(self._data.get('id'))

    def to_dict(self) -> dict[Any, Any]:
        """A deep copy of the resource's fields as the API returned them."""
        data = copy.deepcopy(self._data)
        for name in self._fields:  # reflect attributes set by the caller
            data[name] = copy.deepcopy(getattr(self, name))
        return data

    def get(self: _R) -> _R:
        """Refresh this object in place from the server (one GET)."""
        fresh = self.manager.get(self.id)
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
    #: e.g. 'instance' and 'instances': the keys of show and list bodies
    key: str | None = None
    collection_key: str | None = None

    if TYPE_CHECKING:
        # Every concrete manager has one (a GET by ID); Resource.get() and
        # the find by UUID use it.
        def get(self, ident: Any) -> _R:
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
        _resp, body = self.api.get(path, params=query or None, expect=key,
                                   expect_type=list, collection=collection)
        items = [self._make(item) for item in body[key]
                 if isinstance(item, dict)]
        return Page(items, next=marker_from_links(body.get('links')))

    def _pages(self, path: str, params: Mapping[str, Any] | None = None,
               key: str | None = None, limit: object = None,
               max_pages: int | None = None,
               collection: bool = False) -> Iterator[Page[_R]]:
        """Yield every page after another, following ``next`` markers.

        Stops with :class:`EndlessPagination` when the server repeats a
        marker, or with :class:`TooManyPages` (which has the marker to go
        on from) after ``max_pages`` pages, :data:`MAX_PAGES` by default.
        """
        walk = Markers(path, max_pages=max_pages)
        while True:
            page = self._page(path, limit=limit, marker=walk.marker,
                              params=params, key=key, collection=collection)
            yield page
            if not walk.follow(page.next):
                return

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

    def _not_found(self, value: object) -> exceptions.NotFound:
        error = exceptions.NotFound(
            "No %s with a name or ID of '%s' exists."
            % (self.human_name, shown(value)))
        error.http_status = None
        return error

    def _pick(self, value: str, candidates: Iterable[_R]) -> _R:
        """The one candidate whose ID or name is ``value``."""
        by_id = [c for c in candidates if id_is(c, value)]
        if by_id:
            return by_id[0]
        by_name = [c for c in candidates if c._data.get('name') == value]
        if not by_name:
            raise self._not_found(value)
        if len(by_name) > 1:
            ids = ', '.join(c._ref() for c in by_name[:MAX_SHOWN_IDS])
            if len(by_name) > MAX_SHOWN_IDS:
                ids += ' and %d more' % (len(by_name) - MAX_SHOWN_IDS)
            raise exceptions.NoUniqueMatch(
                "More than one %s exists with the name '%s'. Use one of the "
                "IDs: %s." % (self.human_name, shown(value), ids))
        return by_name[0]

    def _find_by_id_or_scan(self, value: str,
                            scan: Callable[[], Iterable[_R]]) -> _R:
        """A UUID-like ``value`` by one GET; otherwise (or when that GET
        finds nothing, as a name may look like a UUID) one pass over
        ``scan()``, the listing, matching names and IDs."""
        if is_uuid_like(value):
            try:
                return self.get(value)
            except exceptions.NotFound:
                pass
        return self._find_in_scan(value, scan())

    def _find_in_scan(self, value: str, items: Iterable[_R]) -> _R:
        """Scan ``items`` once for ``value``, keeping only what matches."""
        return self._pick(value, self._matches_in_scan((value,),
                                                       items)[value])

    def _find_all_in_scan(self, values: Iterable[str], items: Iterable[_R]
                          ) -> dict[str, _R | exceptions.ClientException]:
        """Scan ``items`` once for every one of ``values`` at a time.

        The lookup of :meth:`_find_in_scan` for many names and IDs in one
        pass: a dict of each value to the resource it names, or to the
        error (:class:`NotFound`, :class:`NoUniqueMatch`) that
        :meth:`_find_in_scan` would raise for it alone.
        """
        found: dict[str, Any] = {}
        for value, matches in self._matches_in_scan(values, items).items():
            try:
                found[value] = self._pick(value, matches)
            except exceptions.ClientException as error:
                found[value] = error
        return found

    @staticmethod
    def _matches_in_scan(values: Iterable[str], items: Iterable[Any]
                         ) -> dict[str, list[Any]]:
        """``{value: [items whose ID or name is value]}``, in one pass over
        ``items`` (each item costs a dict look-up, whatever the number of
        values)."""
        matches: dict[str, list[Any]] = {value: [] for value in values}
        for item in items:
            ident = item._data.get('id')
            name = item._data.get('name')
            ident = None if ident is None else str(ident)
            if ident in matches:
                matches[ident].append(item)
            if isinstance(name, str) and name != ident and name in matches:
                matches[name].append(item)
        return matches

    def _check_name_or_id(self, value: object) -> _R | str:
        """A resource of this manager's kind as it is; any other value as
        text (another kind of resource by its ID), refused when empty."""
        if isinstance(value, self.resource_class):
            return value
        if isinstance(value, Resource):
            value = getid(value)
        if value is None or not str(value).strip():
            raise exceptions.ValidationError(
                'A name or ID must not be empty')
        return str(value)
