"""The shapes of the dicts Trove nests in its bodies, for type checkers.

A resource's attribute that holds a dict (an instance's ``volume``,
``flavor``, ``datastore``, ``fault``, ...) is one of these TypedDicts: a
type checker knows its keys, and a misspelt key (``volume["sise"]``) is an
error. At run time they are plain dicts, exactly as Trove sent them, with
whatever keys it sent: a key declared here may be missing (``NotRequired``),
and a key a newer Trove adds is there too, read (as ``Any``) through
``resource.to_dict()``: ``instance.to_dict()["volume"]["new_key"]``.

Taken from Trove's views (``trove/instance/views.py``,
``trove/extensions/mgmt/instances/views.py``, ``trove/datastore/views.py``,
``trove/backup/views.py``) of the releases from 19.0.1 (2023.1) to 26.0.0,
and from the samples of its API reference. A key is ``NotRequired`` when a
release, a view or a state may leave it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from typing_extensions import NotRequired


class Link(TypedDict):
    """One of the ``links`` of a body (never followed by this library)."""

    href: str
    #: ``self`` or ``bookmark`` (a link of one of the API reference's
    #: samples has none)
    rel: NotRequired[str]


class InstanceFlavor(TypedDict):
    """An instance's ``flavor``."""

    #: the flavor's ID, always as a string (``"6"``, or a UUID)
    id: str
    links: NotRequired[list[Link]]


class InstanceDatastore(TypedDict):
    """An instance's ``datastore``: the datastore's and the version's
    names (both None when the instance has no datastore version)."""

    type: str | None
    version: str | None
    #: the version's number (its ``version``), in the detailed views
    version_number: NotRequired[str | None]


class Volume(TypedDict):
    """An instance's ``volume``: its size and, in the detailed views, how
    much of it is used, in GB. An administrator's show
    (``mgmt_instances.show``) has Cinder's details too; there ``volume``
    can be ``{"id": ...}`` alone, or null for an instance without one."""

    size: int
    #: null in an administrator's show before the guest reports it
    used: NotRequired[float | None]
    #: Trove 26 and later
    used_percent: NotRequired[float]
    # An administrator's show (MgmtInstanceDetailView):
    id: NotRequired[str]
    status: NotRequired[str]
    total: NotRequired[float | None]
    availability_zone: NotRequired[str | None]
    created_at: NotRequired[str]
    attachments: NotRequired[list[dict[str, Any]]]


class LocalStorage(TypedDict):
    """An instance's ``local_storage``: the GB used on an instance
    without a volume (detailed views)."""

    used: float


class Fault(TypedDict):
    """An instance's ``fault``: why it went into ERROR."""

    message: str
    #: when the fault was recorded
    created: str
    details: str | None


class Access(TypedDict):
    """An instance's ``access``: whether it is reachable from outside and
    from where (``{}`` when Trove has nothing to say)."""

    is_public: NotRequired[bool]
    allowed_cidrs: NotRequired[list[str]]


class Address(TypedDict):
    """One of an instance's ``addresses``."""

    address: str
    #: ``private`` or ``public``
    type: str
    #: the network's ID (private addresses)
    network: NotRequired[str]


class InstanceRef(TypedDict):
    """Another instance: an instance's ``replica_of``, or one of its
    ``replicas``."""

    id: str
    links: list[Link]


class ConfigurationRef(TypedDict):
    """An instance's ``configuration`` in the detailed views: the
    configuration group attached to it."""

    id: str
    name: str
    links: list[Link]


class Server(TypedDict):
    """An instance's ``server`` in the administrator's views: the Nova
    server under it (``{"id": ...}`` alone when Nova does not have it)."""

    id: str
    name: NotRequired[str]
    status: NotRequired[str]
    tenant_id: NotRequired[str]
    host: NotRequired[str]
    deleted: NotRequired[bool]
    deleted_at: NotRequired[str | None]
    local_id: NotRequired[Any]
    #: the server's addresses as the compute client gives them (an
    #: administrator's show): Nova's, by network name; a list of
    #: ``{"address": ..., "type": ..., "network": ...}`` from the fake Nova
    #: of Trove's fake mode
    addresses: NotRequired[dict[str, list[dict[str, Any]]]
                           | list[dict[str, Any]]]


class GuestStatus(TypedDict):
    """An instance's ``guest_status`` (an administrator's show)."""

    state_description: str


class VersionSummary(TypedDict):
    """One of a datastore's ``versions``. The fields after ``links`` are
    an administrator's."""

    id: str
    name: str
    links: list[Link]
    #: the version's number; missing in the API reference's samples
    version: NotRequired[str | None]
    active: NotRequired[bool]
    #: as stored: comma-separated package names
    packages: NotRequired[str | None]
    #: the Glance image's ID
    image: NotRequired[str | None]
    image_tags: NotRequired[list[str]]
    #: Trove 22 and later
    registry_ext: NotRequired[str | None]
    #: Trove 22 and later
    repl_strategy: NotRequired[str | None]


class BackupDatastore(TypedDict):
    """A backup's ``datastore``: names and the version's ID."""

    type: str
    version: str
    version_id: str
