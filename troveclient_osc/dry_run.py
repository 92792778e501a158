"""Dry runs: what a client would send, without changing anything.

::

    with tc.dry_run() as plan:
        tc.instances.force_delete("orders")
    for request in plan:
        print(request.method, request.path, request.body)

Inside the block, the client's one request funnel
(:meth:`troveclient_osc.http.HTTPClient.request`) still sends what changes
nothing (GET, HEAD, OPTIONS): the scans that look names up and the reads a
call makes first, the same requests as a real run. A request that would
change something (POST, PUT, PATCH, DELETE) is not sent: it is recorded in
the :class:`Plan`, as a :class:`Request` whose body has every secret masked
(:func:`troveclient_osc.masking.redact`: user passwords and any key that
holds a secret word), and the call goes on as if Trove had accepted it
without a word (the funnel answers it with ``(None, None)``). A call that
sends several changes (``force_delete``: reset the status, then delete)
records each of them.

A dry run never makes up what Trove would answer. A call that needs that
answer ends at the change it follows, with :class:`Stopped`:

* a change whose answer the call reads: ``instances.create`` returns the
  instance Trove answers with;
* a read of what the dry run has changed, whose answer would be the state
  before the change: the configuration group kept after ``update``,
  ``upgrade`` and ``detach_replica`` is looked for again, ``datastore_versions.
  create`` reads the new version back.

The ``with`` block takes :class:`Stopped`: the block ends there, and
``plan.stopped`` says where. A call on many targets (``act_on_many``) keeps
it as the outcome's ``error`` of the target it stopped, and goes on with the
others. ``Stopped`` is no :class:`~troveclient_osc.exceptions.ClientException`:
nothing failed.

While the block runs, every call on the client, from every thread, is part of
the dry run; the client sends changes again once it ends.
"""

from __future__ import annotations

import contextlib
import threading
import urllib.parse
from collections.abc import Iterator, Mapping
from typing import Any

from troveclient_osc import masking

#: The methods a dry run sends: they change nothing.
READS = frozenset(('GET', 'HEAD', 'OPTIONS'))


class Request:
    """A request a dry run did not send.

    :ivar method: ``POST``, ``PUT``, ``PATCH`` or ``DELETE``
    :ivar path: the path under the database endpoint, with its query
        (``/instances/<id>/action``)
    :ivar body: the JSON body, every secret in it masked (``'***'``), or
        None without a body
    :ivar ident: the ID the path names (``<id>`` of ``/instances/<id>`` or
        ``/mgmt/instances/<id>/action``), None for a request on a collection
        (a create)
    :ivar name: the name a create gives (its body's ``{"<kind>": {"name":
        ...}}``), else None
    :ivar about: what the caller said the request is about
        (:meth:`Plan.about`), else None
    """

    __slots__ = ('method', 'path', 'body', 'ident', 'name', 'about')

    def __init__(self, method: str, path: str, body: Any,
                 ident: str | None = None, name: str | None = None,
                 about: str | None = None) -> None:
        self.method = method
        self.path = path
        self.body = body
        self.ident = ident
        self.name = name
        self.about = about

    def __repr__(self) -> str:
        # the body is masked already
        return '<Request %s %s %r>' % (self.method, self.path, self.body)


class Stopped(Exception):
    """A dry run got as far as it can: what the call does next depends on
    what Trove would answer to a change it did not send.

    :ivar request: that change (recorded in the plan)
    """

    def __init__(self, request: Request, why: str) -> None:
        super().__init__('Dry run: %s %s was not sent; %s'
                         % (request.method, request.path, why))
        self.request = request


def _related(one: list[str], other: list[str]) -> bool:
    """Whether two paths are about the same thing: the same, or one
    within the other (an instance and its action, a collection and a new
    member)."""
    size = min(len(one), len(other))
    return one[:size] == other[:size]


class Plan:
    """What a dry run would have sent, in the order the calls made the
    requests: a sequence of :class:`Request`.

    Safe to fill from the threads a call on many targets sends from.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[Request] = []
        self._changed: list[list[str]] = []
        self._stops: list[Stopped] = []
        self._about = threading.local()

    @property
    def requests(self) -> list[Request]:
        """The requests not sent, in order (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def stopped(self) -> Stopped | None:
        """The first :class:`Stopped` of the dry run, or None when every
        call went to its end."""
        with self._lock:
            return self._stops[0] if self._stops else None

    def __iter__(self) -> Iterator[Request]:
        return iter(self.requests)

    def __len__(self) -> int:
        with self._lock:
            return len(self._requests)

    def __repr__(self) -> str:
        return '<Plan of %d requests>' % len(self)

    @contextlib.contextmanager
    def about(self, label: object) -> Iterator[None]:
        """Inside, the requests recorded in this thread are about
        ``label`` (their :attr:`Request.about`): a call on many targets
        says which target each request is for."""
        before = getattr(self._about, 'label', None)
        self._about.label = str(label)
        try:
            yield
        finally:
            self._about.label = before

    def take(self, method: str, path: str, json: Any = None,
             params: Mapping[str, Any] | None = None,
             expect: str | None = None) -> bool:
        """The funnel's question for each request of a dry run: True when
        the request is recorded and must not be sent (a change), False when
        it is sent as usual (a read).

        :param expect: the key the caller reads in the answer; a change
            whose answer is read ends the call
        :raises Stopped: the call needs an answer the dry run cannot give
            (see the module's docstring)
        """
        from troveclient_osc import http

        method = method.upper()
        parts = http.path_parts(path)
        if method in READS:
            with self._lock:
                changed = next((request for request, done in zip(
                    self._requests, self._changed)
                    if _related(parts, done)), None)
            if changed is not None:
                self._stop(Stopped(changed, 'the call reads %s %s next, '
                                   'whose answer depends on it'
                                   % (method, path.split('?')[0])))
            return False
        if params:
            path += '?' + urllib.parse.urlencode(params, doseq=True)
        _collection, name, ident = http._subject(path, json)
        request = Request(method, path, masking.redact(json), ident, name,
                          getattr(self._about, 'label', None))
        with self._lock:
            self._requests.append(request)
            self._changed.append(parts)
        if expect is not None:
            self._stop(Stopped(request, "the call reads Trove's answer to "
                               'it'))
        return True

    def _stop(self, stop: Stopped) -> None:
        with self._lock:
            self._stops.append(stop)
        raise stop
