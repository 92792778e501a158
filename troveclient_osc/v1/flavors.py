"""Flavors: the compute sizes a database instance can be given."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from troveclient_osc import base
from troveclient_osc import exceptions

T = TypeVar('T')


class Flavor(base.Resource):
    """A flavor. ``id`` is None for non-integer IDs; ``str_id`` always set."""

    human_name = 'flavor'
    manager: FlavorManager

    def get(self) -> Flavor:
        """Refresh this flavor in place (one GET)."""
        fresh = self.manager.get(self.flavor_ref)
        self._update(fresh._data)
        return self

    def _ref(self) -> str:
        return self.flavor_ref

    @property
    def flavor_ref(self) -> str:
        """The ID to use in requests: ``str_id``, else ``id``."""
        ref = self._data.get('str_id')
        return str(ref if ref not in (None, '') else self._data.get('id'))


class FlavorManager(base.Manager[Flavor]):
    """``client.flavors``: list, get and find flavors."""

    resource_class = Flavor
    key = 'flavor'
    collection_key = 'flavors'

    def list(self) -> base.Page[Flavor]:
        """All flavors (the API does not paginate them)."""
        return self._page('/flavors', collection=True)

    def list_datastore_version_associated_flavors(
            self, datastore: str | base.Resource,
            version_id: str | base.Resource) -> base.Page[Flavor]:
        """The flavors usable with a datastore version.

        :param datastore: the datastore's name or ID
        :param version_id: the version's ID
        """
        return self._page('/datastores/%s/versions/%s/flavors'
                          % (base.quote(base.getid(datastore)),
                             base.quote(base.getid(version_id))))

    def get(self, flavor: str | Flavor) -> Flavor:
        """One flavor by ID (``str_id`` for non-integer IDs); one GET."""
        ref = flavor.flavor_ref if isinstance(flavor, Flavor) else flavor
        return self._get('/flavors/%s' % base.quote(ref))

    def with_ref(self, name_or_id: str | Flavor,
                 action: Callable[[str], T]) -> T:
        """Return ``action(ref)`` with the ID of the flavor named or given.

        For a request that takes a flavor (instance create, resize) in the
        fewest round trips: an integer or UUID-like value goes into
        ``action`` as it is, with no lookup, so the request itself is the
        only one. Only if Trove answers that it has no such flavor (HTTP 400
        or 404 "Resource <value> cannot be found.") is the value looked up
        as a name (one list) and ``action`` called again with the ID found:
        Trove refused the first request, so nothing is done twice. Any other
        value is looked up first, as :meth:`find` does.

        :raises NotFound: no flavor has this name or ID
        """
        value = self._check_name_or_id(name_or_id)
        if isinstance(value, Flavor):
            return action(value.flavor_ref)
        if value.isdigit() or base.is_uuid_like(value):
            try:
                return action(value)
            except (exceptions.BadRequest, exceptions.NotFound) as exc:
                if exc.message.strip() != (
                        'Resource %s cannot be found.' % value):
                    raise
            flavors = self.list()
            return action(self._find_in_scan(value, flavors).flavor_ref)
        return action(self.find(value).flavor_ref)

    def find(self, name_or_id: str | Flavor) -> Flavor:
        """One flavor by ID or name.

        An integer or UUID-like value is tried as an ID first (one GET); a
        name costs one list. Raises NotFound, or NoUniqueMatch for a name
        shared by several flavors.
        """
        value = self._check_name_or_id(name_or_id)
        if isinstance(value, Flavor):
            return value
        if value.isdigit() or base.is_uuid_like(value):
            try:
                return self.get(value)
            except exceptions.NotFound:
                pass
        flavors = self.list()
        by_ref = [f for f in flavors if f.flavor_ref == value]
        if by_ref:
            return by_ref[0]
        return self._find_in_scan(value, flavors)
