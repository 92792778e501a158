"""Guest logs: what an instance's database writes, published to Swift.

Trove lists an instance's logs and acts on them (enable, disable, publish,
discard); a published log is a set of objects in a Swift container, which
:func:`lines` reads back as python-troveclient's ``log_generator`` did.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from troveclient_osc import base
from troveclient_osc import exceptions

if TYPE_CHECKING:
    from troveclient_osc import http


class DatastoreLog(base.Resource):
    """A log of an instance's database; its attributes are the fields of
    Trove's body (``GuestLogView`` in trove/instance/views.py), declared
    below for type checkers."""

    human_name = 'guest log'

    #: ``general``, ``slow_query``, ``guest``, ...
    name: str
    #: ``USER`` or ``SYS``
    type: str
    #: ``Disabled``, ``Enabled``, ``Ready``, ``Published``, ``Partial``, ...
    status: str
    #: bytes published (text in the API reference's samples)
    published: int | str
    #: bytes not published yet
    pending: int | str
    #: the Swift container (``"None"`` before anything is published)
    container: str
    #: the objects' prefix in the container (``"None"`` likewise)
    prefix: str
    metafile: str

    def get(self) -> DatastoreLog:
        raise exceptions.NotSupported(
            'A guest log is read again with instances.log_show(instance, '
            'log_name)')

    def __repr__(self) -> str:
        return '<DatastoreLog: %s>' % self._data.get('name')


class ObjectReader(Protocol):
    """What :func:`lines` reads of Swift: these three methods of
    python-swiftclient's ``Connection``, which may be given instead."""

    def get_container(self, container: str, prefix: str | None = None
                      ) -> tuple[Any, list[dict[str, Any]]]:
        ...

    def head_object(self, container: str, obj: str) -> Any:
        ...

    def get_object(self, container: str, obj: str) -> tuple[Any, bytes]:
        ...


class ObjectStore:
    """Swift, read through the client's keystoneauth1 session: the
    catalog's ``object-store`` endpoint in the region and interface of the
    database endpoint, each request bounded by the client's timeout."""

    def __init__(self, api: http.HTTPClient) -> None:
        from keystoneauth1 import adapter

        self._adapter = adapter.Adapter(
            api.session, service_type='object-store',
            interface=api.adapter.interface,
            region_name=api.adapter.region_name)
        self._timeout = api.timeout

    def _request(self, method: str, path: str,
                 params: dict[str, str] | None = None) -> Any:
        from keystoneauth1 import exceptions as ksa

        try:
            response = self._adapter.request(
                path, method, params=params, raise_exc=False,
                timeout=self._timeout, log=False)
        except ksa.EndpointNotFound:
            raise exceptions.EndpointNotFound(
                'No object-store (Swift) endpoint in the catalog: guest '
                'logs are published there') from None
        except ksa.ConnectionError as exc:
            raise exceptions.ConnectionError(
                'Unable to reach the object store: %s' % exc) from None
        if response.status_code == 404:
            raise exceptions.GuestLogNotFoundError(
                'The object store has no %s' % path, http_status=404,
                method=method, url=response.url)
        if response.status_code >= 400:
            raise exceptions.from_response(response, method, response.url)
        return response

    def get_container(self, container: str, prefix: str | None = None
                      ) -> tuple[Any, list[dict[str, Any]]]:
        params = {'format': 'json'}
        if prefix:
            params['prefix'] = prefix
        response = self._request(
            'GET', '/' + urllib.parse.quote(container, safe=''), params)
        listing = response.json() if response.content else []
        return response.headers, list(listing)

    def head_object(self, container: str, obj: str) -> Any:
        return self._request('HEAD', self._object(container, obj)).headers

    def get_object(self, container: str, obj: str) -> tuple[Any, bytes]:
        response = self._request('GET', self._object(container, obj))
        return response.headers, response.content

    @staticmethod
    def _object(container: str, obj: str) -> str:
        return '/%s/%s' % (urllib.parse.quote(container, safe=''),
                           urllib.parse.quote(obj))


def published(log: DatastoreLog) -> tuple[str, str]:
    """The Swift container and object prefix of a published log.

    :raises GuestLogNotFoundError: nothing of it is published (Trove says
        ``None`` for both)
    """
    container = log._data.get('container')
    prefix = log._data.get('prefix')
    if container in (None, '', 'None'):
        error = exceptions.GuestLogNotFoundError(
            "Nothing of the guest log '%s' is published; publish it with "
            'instances.log_action(instance, log_name, publish=True)'
            % base.shown(log._data.get('name')))
        error.http_status = None  # nothing was asked of Swift
        raise error
    return str(container), str(prefix or '')


def lines(swift: ObjectReader, container: str, prefix: str,
          count: int) -> Iterator[str]:
    """The text of a published log, as python-troveclient's
    ``log_generator`` yields it: the last ``count`` lines first (at most),
    then each later part whole; with ``count`` 0, every part, oldest
    first."""
    _head, parts = swift.get_container(container, prefix=prefix)
    parts = [part for part in parts if isinstance(part, dict)]
    shown = sorted(parts, key=lambda part: str(part.get('last_modified')))
    if count and shown:
        # The newest parts, back to the one that holds the count-th line
        # from the end; each part says in its metadata how many it has.
        wanted, newest_first, shown = count, shown[::-1], []
        for part in newest_first:
            headers = swift.head_object(container, part['name'])
            in_part = int(headers.get('x-object-meta-lines') or 0)
            shown.insert(0, part)
            if in_part >= wanted:
                break
            wanted -= in_part
        else:
            wanted = count
        first = shown.pop(0)
        _headers, text = swift.get_object(container, first['name'])
        yield '\n'.join(text.decode().splitlines()[-wanted:]) + '\n'
    for part in shown:
        _headers, text = swift.get_object(container, part['name'])
        yield text.decode()
