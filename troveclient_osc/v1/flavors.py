"""Flavors: the compute sizes a database instance can be given."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from troveclient_osc import base
from troveclient_osc import lookup
from troveclient_osc.base import MaybeAbsent

if TYPE_CHECKING:
    from troveclient_osc.v1 import bodies

T = TypeVar('T')


class Flavor(base.Resource):
    """A flavor. ``id`` is its ID as python-troveclient gives it: Trove's
    integer ``id``, else (for an ID that is not an integer, which Trove
    shows as ``null``) the string ``str_id``; ``to_dict()`` keeps Trove's
    fields as they came."""

    human_name = 'flavor'
    manager: FlavorManager

    # Trove's fields (trove/flavor/views.py), but id, the property below.
    name: str
    #: MB of memory
    ram: int
    vcpus: int
    #: GB of root disk
    disk: int
    #: GB of ephemeral disk
    ephemeral: int
    #: the ID as text, for every flavor
    str_id: str
    links: list[bodies.Link]
    #: the ephemeral GB, from a Trove that gives instances no volumes
    local_storage: MaybeAbsent[int]

    @property
    def id(self) -> int | str | None:
        ident = self._data.get('id')
        return self._data.get('str_id') if ident is None else ident

    @id.setter
    def id(self, value: int | str | None) -> None:
        self._data['id'] = value

    def _ref(self) -> str:
        return self.flavor_ref

    @property
    def flavor_ref(self) -> str:
        """The ID to use in requests: ``str_id``, else ``id``."""
        return str(self._match_ref())

    def _match_ref(self) -> str | None:
        """``str_id``, else ``id``, as text; None when neither is set."""
        ref = self._data.get('str_id')
        if ref in (None, ''):
            ref = self._data.get('id')
        return None if ref is None else str(ref)


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
        :param version_id: the version's ID (or name)
        """
        from troveclient_osc.v1 import datastores

        versions = datastores.DatastoreVersionManager(self.api)
        path = versions._versions_path(datastore)
        return self._page('%s/%s/flavors' % (path, base.quote(base.getid(
            versions._in_path(version_id, path)))))

    def get(self, flavor: str | int | Flavor) -> Flavor:
        """One flavor by ID (``str_id`` for non-integer IDs) or name.

        An integer or UUID-like value is an ID: one GET (only if Trove
        answers that it has no such flavor is it looked up as a name, as
        :meth:`with_ref` does). A name costs one list, then that GET.
        """
        return self._act_on(flavor, self._show)

    def _show(self, flavor: str | int | Flavor) -> Flavor:
        """One GET of the flavor with this ID; no lookup."""
        ref = flavor.flavor_ref if isinstance(flavor, Flavor) else flavor
        return self._get('/flavors/%s' % base.quote(ref))

    # The lookup (troveclient_osc.lookup) with the flavors' rules: an
    # integer or UUID-like value is an ID, matched and sent by str_id, else
    # id; a name is looked up in the one list.
    lookup_rules = lookup.FLAVORS

    def _listing(self, scope: lookup.Scope = lookup.OWN
                 ) -> base.Page[Flavor]:
        """What a name is looked up in: :meth:`list`, one request."""
        return self.list()

    def with_ref(self, name_or_id: str | Flavor,
                 action: Callable[[str], T]) -> T:
        """Return ``action(ref)`` with the ID of the flavor named or given.

        For a request that takes a flavor (instance create, resize) in the
        fewest round trips: an integer or UUID-like value goes into
        ``action`` as it is, with no lookup, so the request itself is the
        only one. Only if Trove answers that it has no such flavor (HTTP 400
        or 404 "Resource <value> cannot be found.") is the value looked up
        as a name (one list) and ``action`` called again with the ID found:
        Trove refused the first request, so nothing is done twice. If the
        list has the flavor with that very ID, Trove's answer stays the
        error. Any other value is looked up first, by one list. The same
        lookup as ``InstanceManager.act_on``, with the flavor's rules.

        :raises NotFound: no flavor has this name or ID
        :raises NoUniqueMatch: several flavors have that name
        """
        return self._act_on(name_or_id, action)

    def find(self, name_or_id: str | int | Flavor | None = None,
             **attrs: Any) -> Flavor:
        """One flavor by ID or name.

        An integer or UUID-like value is tried as an ID first (one GET); a
        name costs one list. Raises NotFound, or NoUniqueMatch for a name
        shared by several flavors. python-troveclient's
        ``find(name='m1.small')`` works too: the one listed flavor with
        those attributes, read again by its ID.
        """
        if name_or_id is None or attrs:
            return self._find_by_attrs(attrs, self.list, name_or_id)
        return self._lookup().find(name_or_id)
