"""Database instances: create, list, find, act on and wait for them."""

from __future__ import annotations

import builtins
import ipaddress
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict, TypeVar

from troveclient_osc import base
from troveclient_osc import batch
from troveclient_osc import checks
from troveclient_osc import exceptions
from troveclient_osc import lookup
from troveclient_osc import waiters
from troveclient_osc.base import MaybeAbsent
from troveclient_osc.v1 import backups as v1_backups
from troveclient_osc.v1 import datastores as v1_datastores
from troveclient_osc.v1 import flavors as v1_flavors
from troveclient_osc.v1 import guest_logs
from troveclient_osc.v1 import keep_configuration

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from troveclient_osc.v1 import bodies

LOCALITIES = ('affinity', 'anti-affinity', 'soft-affinity',
              'soft-anti-affinity')
#: The keys of a NIC: each spelling accepted, with the key Trove 26's schema
#: takes for it. 'net-id' is Trove's old name of 'network_id', sent as it is;
#: the spellings with dashes are the command line's ('v4-fixed-ip' is
#: python-troveclient's); Trove has no 'port-id'. Any other key is refused
#: here, rather than by a 400 from the server.
NIC_KEYS = {'net-id': 'net-id', 'network_id': 'network_id',
            'network-id': 'network_id', 'subnet_id': 'subnet_id',
            'subnet-id': 'subnet_id', 'ip_address': 'ip_address',
            'ip-address': 'ip_address', 'v4-fixed-ip': 'ip_address'}
MAX_REPLICA_COUNT = 3

T = TypeVar('T')
# act_on_many's ``lookup`` argument hides the module there
_scope = lookup.scope_of


class Instance(base.Resource):
    """A database instance.

    Every field of Trove's body is an attribute; those below are declared,
    with their types, for type checkers. A field marked
    :data:`~troveclient_osc.base.MaybeAbsent` is left out by some views
    (the listing sends fewer fields than a show), releases or states (an
    instance without a fault): the attribute is then missing, never None.
    ``get()`` refreshes the instance.

    ``instances.configuration(instance)`` gives an instance that has only
    ``configuration``: the dict of the parameters and their values.
    """

    human_name = 'database instance'
    manager: InstanceManager

    #: the instance's ID (a UUID)
    id: str
    name: str
    #: ``BUILD``, ``ACTIVE``, ``ERROR``, ... (one of :data:`STATUSES`)
    status: str
    #: the database's health (``HEALTHY``, ...); ``""`` while the instance
    #: is busy
    operating_status: str
    links: list[bodies.Link]
    flavor: bodies.InstanceFlavor
    datastore: bodies.InstanceDatastore
    #: the region it runs in
    region: str
    #: missing in the API reference's samples (older Troves)
    access: MaybeAbsent[bodies.Access]
    #: missing where Trove gives instances no volume (null there in
    #: python-troveclient's ``mgmt_instances.show``)
    volume: MaybeAbsent[bodies.Volume]
    #: a Trove with DNS sends the hostname, in place of ``ip`` and
    #: ``addresses``
    hostname: MaybeAbsent[str]
    #: the visible addresses (deprecated by Trove for ``addresses``)
    ip: MaybeAbsent[list[str]]
    addresses: MaybeAbsent[list[bodies.Address]]
    #: the replica source, of a replica
    replica_of: MaybeAbsent[bodies.InstanceRef]
    #: the replicas, of a replica source
    replicas: MaybeAbsent[list[bodies.InstanceRef]]
    # The detailed views: show, create, list(detailed=True).
    created: MaybeAbsent[str]
    updated: MaybeAbsent[str]
    service_status_updated: MaybeAbsent[str]
    #: why it is in ERROR
    fault: MaybeAbsent[bodies.Fault]
    #: the configuration group attached (a show); the parameters and their
    #: values (``instances.configuration()``)
    configuration: MaybeAbsent[bodies.ConfigurationRef | dict[str, Any]]
    locality: MaybeAbsent[str]
    local_storage: MaybeAbsent[bodies.LocalStorage]
    #: the root password, in the answer to a create that enabled root
    password: MaybeAbsent[str]
    cluster_id: MaybeAbsent[str]
    shard_id: MaybeAbsent[str]
    # An administrator's.
    tenant_id: MaybeAbsent[str]
    server_id: MaybeAbsent[str | None]
    volume_id: MaybeAbsent[str | None]
    encrypted_rpc_messaging: MaybeAbsent[bool]
    # An administrator's listing of every project's instances, and
    # mgmt_instances.show.
    server: MaybeAbsent[bodies.Server | None]
    service_status: MaybeAbsent[str | None]
    deleted: MaybeAbsent[bool]
    deleted_at: MaybeAbsent[str | None]
    task_description: MaybeAbsent[str]
    # mgmt_instances.show only.
    root_enabled: MaybeAbsent[str]
    root_enabled_by: MaybeAbsent[str]
    guest_status: MaybeAbsent[bodies.GuestStatus]

    def delete(self) -> None:
        """Delete this instance."""
        self.manager.delete(self)

    def force_delete(self) -> None:
        """Reset this instance's status, then delete it."""
        self.manager.force_delete(self)

    def restart(self) -> None:
        """Restart the database service of this instance."""
        self.manager.restart(self)

    def detach_replica(self) -> str | None:
        """Stop replicating from this instance's replica source (see
        :meth:`InstanceManager.detach_replica`)."""
        return self.manager.detach_replica(self)


#: python-troveclient's kinds of reboot (Trove's reboot has no kind)
REBOOT_SOFT = 'SOFT'
REBOOT_HARD = 'HARD'


#: Every status Trove gives an instance (its ``status``): what the
#: ``status`` property of trove/instance/models.py's ``SimpleInstance`` maps
#: the task, a running backup and the server's status to (``UNKNOWN`` when
#: nothing applies), the same in every release from 19.0.1 (2023.1) to
#: 26.0.0. Its ``InstanceStatus`` also names ``HEALTHY``, ``BLOCKED`` and
#: ``FAILED``, which that property never returns (they are values of
#: ``operating_status``), and ``LOGGING`` is missing: it maps the
#: ``LOGGING`` task to ``InstanceStatus.LOGGING``, which it does not
#: define, and nothing sets that task. See :func:`check_status`.
STATUSES = ('ACTIVE', 'BACKUP', 'BUILD', 'DETACH', 'EJECT', 'ERROR',
            'PROMOTE', 'REBOOT', 'RESIZE', 'RESTART_REQUIRED', 'SHUTDOWN',
            'UNKNOWN', 'UPGRADE')


def check_status(status: object) -> str:
    """``status`` in upper case, when it is one of :data:`STATUSES` in any
    case (``active`` is ``ACTIVE``).

    :raises ValidationError: Trove never gives an instance that status
        (a misspelt ``ACTVE`` would match nothing, and a wait for it
        would never end)
    """
    if (isinstance(status, str) and status.isascii()
            and status.upper() in STATUSES):
        return status.upper()
    raise exceptions.ValidationError(
        "Invalid status '%s': must be one of %s (in any case)"
        % (base.shown(status), ', '.join(STATUSES)))


class InstanceStatus:
    """python-troveclient's names of some of the statuses of an instance
    (every status Trove gives is in :data:`STATUSES`)."""

    ACTIVE = 'ACTIVE'
    BLOCKED = 'BLOCKED'
    BUILD = 'BUILD'
    FAILED = 'FAILED'
    REBOOT = 'REBOOT'
    RESIZE = 'RESIZE'
    SHUTDOWN = 'SHUTDOWN'
    RESTART_REQUIRED = 'RESTART_REQUIRED'
    PROMOTING = 'PROMOTING'
    EJECTING = 'EJECTING'
    LOGGING = 'LOGGING'


def _elsewhere(call: str, what: str) -> Callable[..., NoReturn]:
    """A method python-troveclient's instance manager has and this one
    does not: calling it raises NotSupported, and nothing is sent."""
    def method(self: object, *args: object, **kwargs: object) -> NoReturn:
        raise exceptions.NotSupported(
            'instances.%s() is python-troveclient\'s: troveclient-osc has no '
            'calls about %s yet; use python-troveclient\'s client for them'
            % (call, what))

    method.__name__ = method.__qualname__ = call
    return method


def _line_count(lines: object) -> int:
    count = checks.integer(lines)
    if count is None or count < 0:
        raise exceptions.ValidationError(
            'Invalid number of lines %r: 0 (all) or more' % (lines,))
    return count


#: a wait's ``callback``: called with the instance polled and the seconds
#: elapsed
PollCallback = Callable[[Instance, float], object]
#: a wait for many's ``callback``: the :class:`~troveclient_osc.waiters.Tally`
#: of a poll and the seconds elapsed
TallyCallback = Callable[[waiters.Tally, float], object]


def _items(value: Any) -> list[Any]:
    """``value`` as a list: one name or ID given alone is one item.

    Iterating a bare string would make one item per character.
    """
    if value is None:
        return []
    if isinstance(value, (str, dict)) or not hasattr(value, '__iter__'):
        return [value]
    return list(value)


def _named(items: Any, what: str) -> list[dict[str, Any]]:
    """A list of dicts each with a non-empty 'name' (strings become dicts)."""
    result: list[dict[str, Any]] = []
    for item in _items(items):
        if isinstance(item, str):
            item = {'name': item}
        if not isinstance(item, dict) or not str(item.get('name') or
                                                 '').strip():
            raise exceptions.ValidationError(
                'Every %s needs a non-empty name' % what)
        result.append(dict(item))
    return result


#: Trove's rule for a user's password (trove/common/apischema.py,
#: ``non_empty_string``, the same from Trove 19.0.1 to 26.0.0): 1 to 255
#: characters, an ASCII letter or digit among them, on one line (JSON
#: schema's ``pattern`` is searched without DOTALL).
PASSWORD_MAX_LENGTH = 255
PASSWORD_PATTERN = '^.*[0-9a-zA-Z]+.*$'


def check_password(password: object, user: object) -> str:
    """``password``, the password of ``user``, if Trove takes it
    (:data:`PASSWORD_PATTERN`, at most :data:`PASSWORD_MAX_LENGTH`
    characters); the error never shows it.

    :raises ValidationError: no password, an empty or blank one, or one
        Trove refuses (``'!!!'``, one with a line break, a longer one)
    """
    import re

    if not isinstance(password, str) or not password.strip():
        raise exceptions.ValidationError(
            "User '%s' needs a non-empty password" % base.shown(user))
    if len(password) > PASSWORD_MAX_LENGTH or not re.search(
            PASSWORD_PATTERN, password):
        raise exceptions.ValidationError(
            "The password of user '%s' must have an ASCII letter or digit, "
            'at most %d characters and no line break'
            % (base.shown(user), PASSWORD_MAX_LENGTH))
    return password


def build_users(users: Iterable[Mapping[str, Any]] | None
                ) -> list[dict[str, Any]]:
    """Validate user specs (the password by :func:`check_password`); never
    put a password in an error message."""
    result: list[dict[str, Any]] = []
    for user in users or ():
        if not isinstance(user, dict):
            raise exceptions.ValidationError(
                'Every user must be a mapping with a name and a password')
        user = dict(user)
        name = str(user.get('name') or '')
        if not name.strip():
            raise exceptions.ValidationError('Every user needs a name')
        check_password(user.get('password'), name)
        if 'databases' in user:
            user['databases'] = _named(user['databases'],
                                       'database of user %r' % name)
        result.append(user)
    return result


def build_nics(nics: Iterable[Mapping[str, str]] | None
               ) -> list[dict[str, str]]:
    """The ``nics`` of a create body: one NIC at most, its keys spelled as
    Trove takes them (any spelling of :data:`NIC_KEYS`)."""
    nics = list(nics or ())
    if len(nics) > 1:
        raise exceptions.ValidationError(
            'Trove attaches an instance to one network; %d NICs were given'
            % len(nics))
    trove_keys = ', '.join(dict.fromkeys(NIC_KEYS.values()))
    result: list[dict[str, str]] = []
    for nic in nics:
        if not isinstance(nic, dict) or not nic:
            raise exceptions.ValidationError(
                'Every NIC must be a non-empty mapping of %s' % trove_keys)
        unknown = sorted(set(nic) - set(NIC_KEYS))
        if unknown:
            raise exceptions.ValidationError(
                'Unknown NIC key(s) %s; valid keys are %s'
                % (', '.join(unknown), trove_keys))
        result.append({NIC_KEYS[key]: value for key, value in nic.items()})
    return result


def build_access(is_public: bool | None = None,
                 allowed_cidrs: str | Iterable[str] | None = None
                 ) -> dict[str, Any] | None:
    """The ``access`` object, or None when neither part is given."""
    access: dict[str, Any] = {}
    if is_public is not None:
        access['is_public'] = bool(is_public)
    if allowed_cidrs is not None:
        cidrs: list[str] = []
        for cidr in _items(allowed_cidrs):
            try:
                ipaddress.ip_network(str(cidr), strict=False)
            except ValueError:
                raise exceptions.ValidationError(
                    'Invalid CIDR %r' % (cidr,)) from None
            if str(cidr) not in cidrs:
                cidrs.append(str(cidr))
        access['allowed_cidrs'] = cidrs
    return access or None


class CreateOptions(TypedDict, total=False):
    """The keyword arguments of :func:`create_body` and
    :meth:`InstanceManager.create` after the first five."""

    restore_point: str | base.Resource | Mapping[str, Any] | None
    availability_zone: str | None
    datastore: str | base.Resource | None
    datastore_version: str | None
    nics: Iterable[Mapping[str, str]] | None
    configuration: str | base.Resource | None
    replica_of: str | Instance | None
    replica_count: int | None
    modules: str | base.Resource | Iterable[str | base.Resource] | None
    locality: str | None
    region_name: str | None
    datastore_version_number: str | None
    volume_type: str | None
    is_public: bool | None
    allowed_cidrs: str | Iterable[str] | None
    #: python-troveclient's spelling of ``restore_point``
    restorePoint: str | base.Resource | Mapping[str, Any] | None  # noqa: N815
    #: ``{'is_public': ..., 'allowed_cidrs': [...]}``, python-troveclient's
    #: form of ``is_public`` and ``allowed_cidrs``
    access: Mapping[str, Any] | None


_ACCESS_KEYS = ('is_public', 'allowed_cidrs')
#: python-troveclient's arguments of ``create`` after ``users``, in its
#: order: ``create(name, flavor, volume, databases, users, *args)`` takes
#: them so.
CREATE_POSITIONAL = ('restorePoint', 'availability_zone', 'datastore',
                     'datastore_version', 'nics', 'configuration',
                     'replica_of', 'replica_count', 'modules', 'locality',
                     'region_name', 'access', 'datastore_version_number')


def _positional_options(args: tuple[Any, ...], options: Mapping[str, Any]
                        ) -> Any:
    """``options`` with ``args`` given their names by python-troveclient's
    order (:data:`CREATE_POSITIONAL`)."""
    if len(args) > len(CREATE_POSITIONAL):
        raise TypeError('create() takes at most %d positional arguments'
                        % (5 + len(CREATE_POSITIONAL)))
    given = dict(options)
    for key, value in zip(CREATE_POSITIONAL, args):
        if key in given:
            raise TypeError('create() got multiple values for argument %r'
                            % key)
        given[key] = value
    return given


def _create_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` with the old spellings replaced by their keywords
    (``restorePoint``, ``access``), which win when both are given; an
    unknown keyword is a TypeError, as for any Python call."""
    unknown = sorted(set(options) - set(CreateOptions.__annotations__))
    if unknown:
        raise TypeError('create() got an unexpected keyword argument %r'
                        % unknown[0])
    result = dict(options)
    restore_point = result.pop('restorePoint', None)
    if not result.get('restore_point'):
        result['restore_point'] = restore_point
    access = result.pop('access', None) or {}
    extra = sorted(set(access) - set(_ACCESS_KEYS))
    if extra:
        raise exceptions.ValidationError(
            'Unknown access key(s) %s; valid keys are %s'
            % (', '.join(map(str, extra)), ', '.join(_ACCESS_KEYS)))
    for key in _ACCESS_KEYS:
        if result.get(key) is None and access.get(key) is not None:
            result[key] = access[key]
    return result


def _volume_body(volume: Any, volume_type: str | None
                 ) -> dict[str, Any] | None:
    if volume is None and volume_type is None:
        return None
    if volume is None:
        raise exceptions.ArgumentMissing(
            'A volume type needs a volume size', argument='volume_type',
            needs=('volume',))
    vol = dict(volume) if isinstance(volume, dict) else {'size': volume}
    if 'size' not in vol:
        raise exceptions.ValidationError('The volume needs a size')
    vol['size'] = checks.positive_int(vol['size'], 'volume size')
    if volume_type is not None:
        vol['type'] = volume_type
    return vol


def _datastore_body(datastore: Any, version: str | None,
                    number: str | None) -> dict[str, str] | None:
    if number and not version:
        # Trove reads the number only with a version name; alone it is
        # dropped and the instance made on the default version.
        raise exceptions.ArgumentMissing(
            "A datastore version number ('%s') needs the datastore "
            'version (name) it tells apart' % base.shown(number),
            argument='datastore_version_number',
            needs=('datastore_version',))
    store: dict[str, str] = {}
    if datastore:
        store['type'] = str(datastore if isinstance(datastore, str)
                            else base.getid(datastore))
    if version:
        store['version'] = str(version)
    if number:
        store['version_number'] = str(number)
    return store or None


def _locality(locality: str) -> str:
    if locality not in LOCALITIES:
        raise exceptions.ValidationError(
            'Invalid locality %r: use one of %s'
            % (locality, ', '.join(LOCALITIES)))
    return locality


def _restore_point(backup: Any) -> dict[str, Any]:
    if isinstance(backup, dict):
        return dict(backup)
    return {'backupRef': base.getid(backup)}


def _options_body(given: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a create body that the keyword-only ``options`` of
    :func:`create_body` make (aliases already replaced)."""
    body: dict[str, Any] = {}
    if given.get('restore_point'):
        body['restorePoint'] = _restore_point(given['restore_point'])
    store = _datastore_body(given.get('datastore'),
                            given.get('datastore_version'),
                            given.get('datastore_version_number'))
    if store:
        body['datastore'] = store
    if given.get('nics'):
        body['nics'] = build_nics(given['nics'])
    for key in ('configuration', 'replica_of'):
        if given.get(key):
            body[key] = base.getid(given[key])
    if given.get('replica_count') is not None:
        body['replica_count'] = checks.positive_int(
            given['replica_count'], 'replica count', most=MAX_REPLICA_COUNT)
    if given.get('modules'):
        body['modules'] = [{'id': base.getid(m)}
                           for m in _items(given['modules'])]
    if given.get('locality'):
        body['locality'] = _locality(given['locality'])
    for key in ('availability_zone', 'region_name'):
        if given.get(key):
            body[key] = given[key]
    access = build_access(given.get('is_public'), given.get('allowed_cidrs'))
    if access:
        body['access'] = access
    return body


def create_body(name: str,
                flavor_id: str | int | base.Resource | None = None,
                volume: Mapping[str, Any] | int | str | None = None,
                databases: Iterable[str | Mapping[str, Any]] | None = None,
                users: Iterable[Mapping[str, Any]] | None = None,
                **options: Unpack[CreateOptions]) -> dict[str, Any]:
    """The body :meth:`InstanceManager.create` sends for these arguments,
    checked; nothing is sent. Only what is given goes in.

    :param name: the instance's name
    :param flavor_id: the flavor's ID (a :class:`Flavor` works too)
    :param volume: ``{'size': 1, 'type': 'ssd'}`` or just the size
    :param databases: ``[{'name': 'db', 'character_set': ...,
        'collate': ...}]``
    :param users: ``[{'name': 'u', 'password': 'p', 'host': '%',
        'databases': [{'name': 'db'}]}]``
    :param restore_point: a backup ID to restore
    :param nics: ``[{'network_id': ..., 'subnet_id': ...,
        'ip_address': ...}]``, one NIC at most (other spellings of the
        keys: :data:`NIC_KEYS`)
    :param configuration: a configuration group ID
    :param replica_of: the ID of the instance to replicate
    :param replica_count: how many replicas to create (1-3)
    :param modules: module IDs to apply
    :param locality: affinity, anti-affinity, soft-affinity or
        soft-anti-affinity (for replicas)
    :param datastore_version_number: tells apart versions that share
        the name ``datastore_version``, which it needs
    :param volume_type: the volume's type, which needs ``volume``
    :param is_public: whether the database is reachable from outside
    :param allowed_cidrs: the networks allowed to reach it
    :param availability_zone: the availability zone
    :param datastore: the datastore's name or ID
    :param datastore_version: the version's name or ID
    :param region_name: the region

    The old spellings are accepted too: ``restorePoint`` for
    ``restore_point`` and ``access={'is_public': ..., 'allowed_cidrs':
    [...]}`` for ``is_public`` and ``allowed_cidrs``.

    :raises ValidationError: a bad argument (:class:`~troveclient_osc.
        exceptions.ArgumentMissing` when one needs another)
    """
    if name is None or not str(name).strip():
        raise exceptions.ValidationError(
            'A database instance needs a non-empty name')
    given = _create_options(options)
    body: dict[str, Any] = {'name': str(name)}
    if flavor_id is not None:
        body['flavorRef'] = str(getattr(flavor_id, 'flavor_ref',
                                        base.getid(flavor_id)))
    volume_body = _volume_body(volume, given.get('volume_type'))
    if volume_body:
        body['volume'] = volume_body
    if databases:
        body['databases'] = _named(databases, 'database')
    if users:
        body['users'] = build_users(users)
    body.update(_options_body(given))
    return body


def update_body(name: str | None = None,
                configuration: str | base.Resource | None = None,
                remove_configuration: bool = False,
                detach_replica_source: bool = False,
                is_public: bool | None = None,
                allowed_cidrs: str | Iterable[str] | None = None
                ) -> dict[str, Any]:
    """The body :meth:`InstanceManager.update` sends, checked; nothing is
    sent.

    Trove accepts a new ``name`` together with at most one of: attach a
    ``configuration``, ``remove_configuration``,
    ``detach_replica_source``, new access (``is_public`` and/or
    ``allowed_cidrs``). An update with nothing in it is refused here,
    since Trove reads an empty body as "detach the configuration".

    :raises ArgumentsConflict: more than one change
    :raises ArgumentMissing: nothing to change
    """
    body: dict[str, Any] = {}
    if name is not None:
        if not str(name).strip():
            raise exceptions.ValidationError(
                'The new name must not be empty')
        body['name'] = str(name)
    changes: list[tuple[str, ...]] = []
    if configuration is not None:
        changes.append(('configuration',))
        body['configuration'] = base.getid(configuration)
    if remove_configuration:
        changes.append(('remove_configuration',))
        body['configuration'] = None
    if detach_replica_source:
        changes.append(('detach_replica_source',))
        body['replica_of'] = None
    access = build_access(is_public, allowed_cidrs)
    if access:
        changes.append(('is_public', 'allowed_cidrs'))
        body['access'] = access
    if len(changes) > 1:
        raise exceptions.ArgumentsConflict(
            'Only one of %s can be changed at a time (with or without a '
            'new name)' % ', '.join('access' if len(change) > 1 else change[0]
                                    for change in changes),
            arguments=changes, besides=('name',))
    if not body:
        raise exceptions.ArgumentMissing(
            'Nothing to update: give a name, a configuration, '
            'remove_configuration, detach_replica_source or access',
            argument=None,
            needs=('name', 'configuration', 'remove_configuration',
                   'detach_replica_source', 'is_public', 'allowed_cidrs'))
    return body


def upgrade_body(datastore_version: str | base.Resource,
                 current: Mapping[str, Any] | Instance | None = None
                 ) -> dict[str, Any]:
    """The body :meth:`InstanceManager.upgrade` sends, checked; nothing is
    sent.

    :param datastore_version: the new version: a DatastoreVersion, its
        name or its ID
    :param current: the instance (or its fields) as shown now: an upgrade
        to the version it runs is refused. Trove would run a whole upgrade
        for nothing (restarting the database), or before 2026.1 only
        detach the instance's configuration group.
    :raises ValidationError: no version, or the one the instance runs
    """
    if not datastore_version:
        raise exceptions.ValidationError('A datastore version is required')
    if current is not None and _runs(current, datastore_version):
        data = (current.to_dict() if isinstance(current, base.Resource)
                else current)
        raise exceptions.ValidationError(
            "Database instance '%s' already runs datastore version %s"
            % (base.shown(data.get('name') or data.get('id')),
               base.shown(data['datastore']['version'])))
    return {'datastore_version': str(base.getid(datastore_version))}


def _runs(current: Mapping[str, Any] | Instance,
          version: str | base.Resource) -> bool:
    """Whether the instance runs ``version``: the same name, and the same
    version number when both are known. A version given by ID alone
    cannot be told (the instance shows its version's name)."""
    data = current.to_dict() if isinstance(current, base.Resource) else current
    store = data.get('datastore')
    if not isinstance(store, dict) or not store.get('version'):
        return False
    if isinstance(version, base.Resource):
        wanted = version.to_dict()
        name, number = wanted.get('name'), wanted.get('version')
    elif base.is_uuid_like(version):
        return False
    else:
        name, number = version, None
    return bool(name == store['version'] and (
        not number or not store.get('version_number') or
        number == store['version_number']))


def differences(instance: Instance | Mapping[str, Any],
                body: Mapping[str, Any]) -> list[str]:
    """What ``instance`` has otherwise than the create ``body`` (what
    :func:`create_body` returns) asks: its flavor, volume size, datastore,
    datastore version and replica source, each as ``'<what> <has> (asked
    <asked>)'``; empty when they agree. Only what the body names is
    compared, and only in the form the instance shows it: a datastore or
    a version given by ID is not compared (the instance shows their
    names), nor are users, databases, networks and the rest, which an
    instance does not show.
    """
    data = (instance.to_dict() if isinstance(instance, base.Resource)
            else dict(instance))
    has: dict[str, Any] = {
        'flavor': (data.get('flavor') or {}).get('id'),
        'volume size': (data.get('volume') or {}).get('size'),
        'datastore': (data.get('datastore') or {}).get('type'),
        'datastore version': (data.get('datastore') or {}).get('version'),
        'replica source': (data.get('replica_of') or {}).get('id')}
    store = body.get('datastore') or {}
    asked: dict[str, Any] = {
        'flavor': body.get('flavorRef'),
        'volume size': (body.get('volume') or {}).get('size'),
        'datastore': store.get('type'),
        'datastore version': store.get('version'),
        'replica source': body.get('replica_of')}
    found = []
    for what, wanted in asked.items():
        if wanted is None or (what.startswith('datastore')
                              and base.is_uuid_like(str(wanted))):
            continue
        if str(has[what]) != str(wanted):
            found.append('%s %s (asked %s)' % (
                what, 'none' if has[what] is None else base.shown(has[what]),
                base.shown(wanted)))
    return found


class InstanceManager(base.Manager[Instance]):
    """``client.instances``: everything about database instances."""

    resource_class = Instance
    key = 'instance'
    collection_key = 'instances'

    # -- reading ---------------------------------------------------------

    @staticmethod
    def _list_path(detailed: bool, all_projects: bool,
                   project_id: str | None) -> str:
        if all_projects or project_id:
            return '/mgmt/instances'
        return '/instances/detail' if detailed else '/instances'

    @staticmethod
    def _list_params(include_clustered: bool, project_id: str | None,
                     all_projects: bool = False) -> dict[str, str]:
        params: dict[str, str] = {}
        if all_projects or project_id:
            # The admin listing includes deleted instances unless told not
            # to; they would show up in lists and make names ambiguous.
            params['deleted'] = 'false'
        if include_clustered:
            params['include_clustered'] = 'true'
        if project_id:
            params['project_id'] = project_id
        return params

    def list(self, limit: int | None = None, marker: str | None = None,
             include_clustered: bool = False, detailed: bool = False,
             all_projects: bool = False,
             project_id: str | None = None) -> base.Page[Instance]:
        """One page of instances (20 at most): a list with ``.next``.

        :param limit: at most this many (Trove caps it at 20)
        :param marker: ``.next`` of the previous page
        :param detailed: ask for the detailed view (created, fault, ...)
        :param all_projects: every project's instances (admin)
        :param project_id: one project's instances (admin)
        """
        return self._page(self._list_path(detailed, all_projects, project_id),
                          limit=limit, marker=marker,
                          params=self._list_params(include_clustered,
                                                   project_id, all_projects),
                          collection=True)

    def list_all(self, include_clustered: bool = False,
                 detailed: bool = False, all_projects: bool = False,
                 project_id: str | None = None,
                 limit: int | None = None) -> Iterator[Instance]:
        """A generator over the instances of every page, page by page.

        :raises EndlessPagination: when the server repeats a marker
        """
        return self._iter(self._list_path(detailed, all_projects, project_id),
                          params=self._list_params(include_clustered,
                                                   project_id, all_projects),
                          limit=limit, collection=True)

    def list_matching(self, keep: Callable[[Instance], bool] | None = None,
                      limit: int | None = None, marker: str | None = None,
                      include_clustered: bool = False, detailed: bool = False,
                      all_projects: bool = False,
                      project_id: str | None = None
                      ) -> base.Matches[Instance]:
        """Up to ``limit`` instances that ``keep`` accepts (every instance
        when None), from ``marker`` on: a list whose ``.next`` is the marker
        to go on from, set only when more instances that ``keep`` accepts
        follow.

        Without ``keep``, each request asks for no more instances than are
        still missing, so the marker is Trove's own. With ``keep``, the
        pages are read at Trove's size (20 instances), since a filter may
        keep few of each; the marker to go on from is the ID of the last
        instance kept (Trove lists by ID, after the marker), and it is
        set only when another kept instance follows: in the same page, or
        in the pages after, read until one holds one or the listing ends.
        The pages are checked as :meth:`list_all`'s are; the
        walk stops after ``base.MAX_PAGES`` pages with what it found and
        ``.capped`` True (``.next`` is then where to go on from).

        :raises EndlessPagination: the pages repeat a marker or an instance
        """
        def read(want: int | None, at: str | None) -> base.Page[Instance]:
            return self.list(limit=want, marker=at,
                             include_clustered=include_clustered,
                             detailed=detailed, all_projects=all_projects,
                             project_id=project_id)

        return base.matching(read, keep, limit, marker, 'database instances',
                             ident=self._ident)

    def list_filter(self, name: str | None = None,
                    status: str | None = None,
                    datastore: str | v1_datastores.Datastore | None = None,
                    flavor: str | int | v1_flavors.Flavor | None = None
                    ) -> ListFilter:
        """What keeps the instances of a listing that have this ``name``,
        ``status``, ``datastore`` and ``flavor`` (each only when given;
        both the last by name or ID): a :class:`ListFilter`, for
        ``filter(keep, tc.instances.list_all())``. Call its ``check()``
        after the listing: a datastore that no listed instance has is then
        looked up, so that one that does not exist is a NoMatch rather
        than an empty listing.

        The flavor is looked up now (by the lookup: one GET for an ID, one
        list for a name); a UUID-like datastore is read now (one GET), for
        its name, which listed instances carry; any other datastore costs
        nothing unless ``check()`` has to look it up.

        :raises NoMatch: no flavor (or datastore) has that name or ID
        :raises ValidationError: Trove never gives an instance that status
            (:func:`check_status`); nothing is sent
        """
        return ListFilter(self, name, status, datastore, flavor)

    def get(self, instance: str | Instance) -> Instance:
        """One instance, fully detailed, by ID or name.

        An ID (or an :class:`Instance`) costs one GET; a name one scan of
        the listing, then that GET (see :meth:`act_on`).

        :raises NotFound: no instance has this name or ID
        :raises NoUniqueMatch: several instances have that name
        """
        return self._act_on(instance, self._show)

    def _show(self, instance: str | Instance) -> Instance:
        """One GET of the instance with this ID; no lookup."""
        return self._get(self._path(instance))

    @staticmethod
    def _path(instance: str | Instance, suffix: str = '') -> str:
        """The URL path of the instance with this ID (or of this
        :class:`Instance`), then ``suffix``."""
        return '/instances/%s%s' % (base.quote(base.getid(instance)), suffix)

    def find(self, name_or_id: str | Instance | None = None,
             all_projects: bool = False, project_id: str | None = None,
             **attrs: Any) -> Instance:
        """One instance by name or ID.

        A UUID costs one GET. A name costs one scan of the detailed listing
        over all pages and nothing more: the match is returned as listed.
        The name is looked up in the caller's project, in every project
        with ``all_projects`` or in the project ``project_id`` (an
        administrator's: see :class:`~troveclient_osc.lookup.Scope`).

        python-troveclient's ``find(**attrs)`` works too:
        ``find(name='orders', status='ACTIVE')`` is the one instance of the
        listing with those attributes, read again by its ID (one more GET).

        :raises NoMatch: nothing matches (a NotFound)
        :raises NoUniqueMatch: several instances have that name
        """
        scope = lookup.Scope.of(all_projects, project_id)
        if name_or_id is None or attrs:
            return self._find_by_attrs(
                attrs, lambda: self._listing(scope), name_or_id)
        return self._lookup().find(name_or_id, scope)

    def _listing(self, scope: lookup.Scope = lookup.OWN
                 ) -> Iterator[Instance]:
        """What a name is looked up in: the detailed listing of the
        projects of ``scope``, all pages."""
        return self.list_all(detailed=True, all_projects=scope.all_projects,
                             project_id=scope.project_id)

    def act_on(self, name_or_id: str | Instance,
               action: Callable[[str | Instance], T],
               all_projects: bool | None = None,
               project_id: str | None = None) -> T:
        """Return ``action(instance)`` for the instance named or given.

        For a request on one instance in the fewest round trips: a UUID-like
        value goes into ``action`` as it is, with no lookup, so that request
        is the only one. Only if Trove answers 404 is the value looked up as
        a name (a name may look like an ID), by one scan of the listing and
        no GET, and ``action`` called again with the instance of that name.
        If the scan finds the instance with this very ID, the 404 was about
        something else (a resource the action needs) and is raised as it
        is. Any other value is looked up first, as :meth:`find` does.
        ``action`` gets the ID as given or the :class:`Instance` found; the
        managers' methods take either: ``tc.instances.act_on("orders",
        tc.instances.restart)``.

        Names are looked up in the scope ``all_projects`` and
        ``project_id`` say, as for :meth:`list`; when neither is given, in
        the one ``action`` has: every project for the calls only an
        administrator may make (:meth:`reboot`, :meth:`rebuild`,
        :meth:`reset_status`, :meth:`force_delete`), else the caller's
        project (see :mod:`troveclient_osc.lookup`).

        :raises NoMatch: no instance has this name or ID (a NotFound)
        :raises NoUniqueMatch: several instances have that name
        """
        return self._lookup().act_on(
            name_or_id, action, _scope(action, all_projects, project_id))

    def act_on_many(self,
                    names_or_ids: str | Instance | Iterable[str | Instance],
                    action: Callable[[str | Instance], object],
                    all_projects: bool | None = None,
                    concurrency: int | None = None,
                    lookup: bool = False,
                    project_id: str | None = None) -> batch.Outcomes:
        """Call ``action`` on each instance named or given; never stop.

        :meth:`act_on` for many targets, at the cost of one request per
        target plus one scan of the listing at most: the targets that are
        not UUID-like are looked up together by one walk of the listing
        (all pages) before anything is sent; the UUID-like ones go into
        ``action`` as they are, and only those Trove answers 404 for are
        then looked up as names in that same listing (walked then, if
        there were no names). A name that matches nothing or several
        instances fails that target alone, and nothing is sent for it.
        Names are looked up in the scope of :meth:`act_on`; the outcomes
        keep it (``outcomes.scope``), for :meth:`wait_for_outcomes`.

        The calls of ``action`` run at most ``concurrency`` at a time
        (:data:`~troveclient_osc.batch.DEFAULT_CONCURRENCY` by default),
        each request through the one funnel and its retry rules, so
        ``action`` must be safe to call from several threads (the
        managers' methods are).

        :param lookup: look every target up in the one scan, IDs too, when
            ``action`` needs the instances' fields (their datastore, say)
            rather than their IDs; one target given by ID alone is read by
            its ID instead (one GET)
        :returns: :class:`~troveclient_osc.batch.Outcomes`, one
            :class:`~troveclient_osc.batch.Outcome` per target in the order
            given: ``instance`` is what ``action`` was given (the ID as
            given or the :class:`Instance` found), ``result`` what it
            returned, ``error`` the exception that ended the work on it
            (NoMatch, NoUniqueMatch, an HTTP error, ...)
        """
        return self._lookup().act_on_many(
            _items(names_or_ids), action,
            _scope(action, all_projects, project_id),
            concurrency=concurrency, lookup=lookup)

    # -- creating and deleting -------------------------------------------

    def create(self, name: str,
               flavor_id: str | int | base.Resource | None = None,
               volume: Mapping[str, Any] | int | str | None = None,
               databases: Iterable[str | Mapping[str, Any]] | None = None,
               users: Iterable[Mapping[str, Any]] | None = None,
               *args: Any,
               **options: Unpack[CreateOptions]) -> Instance:
        """Create (boot) a database instance; returns it (status BUILD).

        One POST. The arguments are those of :func:`create_body`, which
        checks them and builds the request body first: a bad argument
        raises ValidationError and nothing is sent. After ``users``, they
        are keywords; given by position, they are python-troveclient's, in
        its order (:data:`CREATE_POSITIONAL`).
        """
        if args:
            options = _positional_options(args, options)
        body = create_body(name, flavor_id, volume, databases, users,
                           **options)
        _resp, reply = self.api.post('/instances', json={'instance': body},
                                     expect='instance')
        return self._make(reply['instance'])

    def find_or_create(self, name: str,
                       flavor_id: str | int | base.Resource | None = None,
                       volume: Mapping[str, Any] | int | str | None = None,
                       databases: Iterable[str | Mapping[str, Any]]
                       | None = None,
                       users: Iterable[Mapping[str, Any]] | None = None,
                       **options: Unpack[CreateOptions]
                       ) -> tuple[Instance, bool]:
        """The one instance of the project named ``name``, or a new one:
        ``(instance, created)``, for a program that must not make a
        second instance when it runs again (``--or-show`` on the command
        line).

        The arguments are those of :meth:`create`, checked first
        (:func:`create_body`): a bad one raises ValidationError and nothing
        is sent. Then one scan of the detailed listing looks for the
        instances with exactly this name:

        * none: :meth:`create` (one POST) makes one: ``(it, True)``;
        * one: ``(it, False)``, as listed (status included: it may be
          ``BUILD``, ``ERROR`` or ``SHUTDOWN`` while it is deleted); it was
          made by someone else's arguments, which may differ from these
          (:func:`differences` says how); nothing is sent;
        * several: NoUniqueMatch, naming their IDs; nothing is sent.

        This is no lock: two programs that call it at the same moment
        may both find none and both create one (Trove does not refuse a
        name twice). Afterwards, ``list_all()`` shows every instance of
        the name; delete the one you do not keep. Only the caller's
        project is looked at.

        :raises NoUniqueMatch: several instances have that name
        """
        body = create_body(name, flavor_id, volume, databases, users,
                           **options)
        same = [instance for instance in self.list_all(detailed=True)
                if instance._data.get('name') == body['name']]
        if len(same) > 1:
            raise exceptions.NoUniqueMatch(
                "More than one database instance exists with the name '%s' "
                '(%s): none was created, and none is chosen'
                % (base.shown(name), base.shown_ids(same)))
        if same:
            return same[0], False
        return self.create(name, flavor_id, volume, databases, users,
                           **options), True

    # Every method below that takes an instance takes an Instance, its ID
    # or its name, looked up by the one lookup (base.Manager._act_on): an
    # ID costs nothing more than the request, a name one scan first.

    def delete(self, instance: str | Instance) -> None:
        """Delete an instance."""
        self._act_on(instance, self._delete)

    def _delete(self, instance: str | Instance) -> None:
        self.api.delete(self._path(instance))

    @lookup.every_project
    def force_delete(self, instance: str | Instance) -> None:
        """Delete an instance stuck in a state that refuses deletion.

        Resets its status first (admin, or the owner where policy allows),
        then deletes it; a name is looked up once, for both, in every
        project unless :meth:`act_on` is told otherwise.
        """
        def reset_and_delete(target: str | Instance) -> None:
            self._post_action(target, {'reset_status': {}})
            self._delete(target)

        self._act_on(instance, reset_and_delete, scope=lookup.EVERY)

    # -- actions ---------------------------------------------------------

    def _action(self, instance: str | Instance, body: Mapping[str, Any],
                scope: lookup.Scope | None = None) -> None:
        self._act_on(instance, lambda target: self._post_action(target, body),
                     scope=scope)

    def _post_action(self, instance: str | Instance,
                     body: Mapping[str, Any]) -> None:
        self.api.post(self._path(instance, '/action'), json=body)

    def _mgmt_action(self, instance: str | Instance,
                     body: Mapping[str, Any]) -> None:
        """An administrator's action: a name is looked up in every
        project."""
        self._act_on(instance, lambda target: self.api.post(
            '/mgmt/instances/%s/action' % base.quote(base.getid(target)),
            json=body), scope=lookup.EVERY)

    @lookup.every_project
    def reset_status(self, instance: str | Instance) -> None:
        """Reset the instance's status to ERROR so it can be deleted
        (admin); a name is looked up in every project unless
        :meth:`act_on` is told otherwise."""
        self._action(instance, {'reset_status': {}}, scope=lookup.EVERY)

    def restart(self, instance: str | Instance) -> None:
        """Restart the database service (not the server)."""
        self._action(instance, {'restart': {}})

    def resize_instance(self, instance: str | Instance,
                        flavor_id: str | int | base.Resource) -> None:
        """Resize the instance to another flavor (ID or Flavor)."""
        ref = getattr(flavor_id, 'flavor_ref', base.getid(flavor_id))
        self._action(instance, {'resize': {'flavorRef': str(ref)}})

    def resize_volume(self, instance: str | Instance,
                      volume_size: int | str) -> None:
        """Grow the instance's volume to ``volume_size`` GB."""
        self._action(instance, {'resize': {'volume': {
            'size': checks.positive_int(volume_size, 'volume size')}}})

    def promote_to_replica_source(self, instance: str | Instance) -> None:
        """Make this replica the replica source."""
        self._action(instance, {'promote_to_replica_source': {}})

    def eject_replica_source(self, instance: str | Instance) -> None:
        """Eject this (failed) replica source from its set."""
        self._action(instance, {'eject_replica_source': {}})

    @lookup.every_project
    def reboot(self, instance: str | Instance) -> None:
        """Reboot the instance's server (admin); a name is looked up in
        every project unless :meth:`act_on` is told otherwise."""
        self._mgmt_action(instance, {'reboot': {}})

    @lookup.every_project
    def rebuild(self, instance: str | Instance, image_id: str) -> None:
        """Rebuild the instance's server from an image (admin); a name is
        looked up as for :meth:`reboot`."""
        if not image_id:
            raise exceptions.ValidationError('An image ID is required')
        self._mgmt_action(instance, {'rebuild': {'image_id': image_id}})

    # -- updating --------------------------------------------------------

    def update(self, instance: str | Instance,
               configuration: str | base.Resource | None = None,
               name: str | None = None,
               detach_replica_source: bool = False,
               remove_configuration: bool = False,
               is_public: bool | None = None,
               allowed_cidrs: str | Iterable[str] | None = None
               ) -> str | None:
        """Change an instance: rename it and/or change one other thing.

        The arguments are python-troveclient's, in its order:
        ``update(instance, configuration, name, ...)``. One PUT of
        :func:`update_body`, which checks them first: a bad combination
        raises ValidationError and nothing is sent.

        The instance's configuration group is kept: Trove before 25.0.0
        (but 23.1.0 and 24.1.0) detaches it on any change that does not
        name a group. If the instance had one, it is read again after the
        change (one GET), and a group Trove detached is attached again,
        with a warning logged (see :mod:`troveclient_osc.v1.
        keep_configuration`). To know whether it has a group, an instance
        given by ID is read first (one GET); an :class:`Instance` from
        ``get``, ``find`` or a detailed listing is taken as it is.

        :returns: the ID of the configuration group attached again, else
            None
        :raises ConfigurationDetached: Trove detached the group and
            refused to attach it again (the change was made)
        """
        body = update_body(name, configuration, remove_configuration,
                           detach_replica_source, is_public, allowed_cidrs)
        return self._act_on(instance, lambda target: keep_configuration.send(
            self, target, self.api.put, body))

    def modify(self, instance: str | Instance,
               configuration: str | base.Resource | None = None) -> None:
        """Attach a configuration group: python-troveclient's old name of
        ``update(instance, configuration)``, deprecated."""
        warnings.warn('instances.modify() is deprecated: use '
                      'instances.update(instance, configuration)',
                      DeprecationWarning, stacklevel=2)
        if configuration is None:
            # python-troveclient sent an empty update, which Trove reads as
            # "detach the configuration group".
            raise exceptions.NotSupported(
                'modify() needs a configuration; to detach one, call '
                'update(instance, remove_configuration=True)')
        self.update(instance, configuration=configuration)

    def detach_replica(self, instance: str | Instance) -> str | None:
        """Stop the instance replicating from its source.

        The configuration group is kept, as by :meth:`update` (and with
        its returns and errors).
        """
        return self._act_on(instance, lambda target: keep_configuration.send(
            self, target, self.api.patch, {'replica_of': None}))

    def upgrade(self, instance: str | Instance,
                datastore_version: str | base.Resource) -> str | None:
        """Upgrade the instance to another version of its datastore.

        An upgrade to the version the instance runs is refused before
        anything is sent (:func:`upgrade_body`). To know that version, an
        instance given by ID is read first (one GET), and a version given
        by ID too. The configuration group is kept, as by :meth:`update`
        (and with its returns and errors); a group Trove detached cannot
        be attached to the new version, so that is a ConfigurationDetached.

        :raises ValidationError: no version, or the one the instance runs
        """
        upgrade_body(datastore_version)
        if isinstance(datastore_version, str) and base.is_uuid_like(
                datastore_version):
            datastore_version = v1_datastores.DatastoreVersionManager(
                self.api).get_by_uuid(datastore_version)
        version = datastore_version

        def upgrade(target: str | Instance) -> str | None:
            before = keep_configuration.shown(self, target)
            return keep_configuration.send(
                self, target, self.api.patch, upgrade_body(version, before),
                before)

        return self._act_on(instance, upgrade)

    # -- what an instance has: backups, configuration, logs --------------

    def backups(self, instance: str | Instance, limit: int | None = None,
                marker: str | None = None
                ) -> base.Page[v1_backups.Backup]:
        """One page of the instance's backups: a list with ``.next``."""
        base.check_limit(limit)
        manager = v1_backups.BackupManager(self.api)
        return self._act_on(instance, lambda target: manager._page(
            self._path(target, '/backups'), limit=limit, marker=marker))

    def configuration(self, instance: str | Instance) -> Instance:
        """What the instance's configuration is: an :class:`Instance` whose
        ``configuration`` maps each parameter to its value; one GET."""
        return self._act_on(instance, lambda target: self._get(
            self._path(target, '/configuration')))

    def log_list(self, instance: str | Instance
                 ) -> builtins.list[guest_logs.DatastoreLog]:
        """The logs of the instance's database (one GET)."""
        def list_logs(target: str | Instance
                      ) -> builtins.list[guest_logs.DatastoreLog]:
            _resp, body = self.api.get(self._path(target, '/log'),
                                       expect='logs', expect_type=list)
            return [guest_logs.DatastoreLog(self, log)
                    for log in body['logs'] if isinstance(log, dict)]

        return self._act_on(instance, list_logs)

    def log_show(self, instance: str | Instance,
                 log_name: str) -> guest_logs.DatastoreLog:
        """One log of the instance's database: its status, and where it
        is published (one POST that changes nothing)."""
        return self.log_action(instance, log_name)

    def log_action(self, instance: str | Instance, log_name: str,
                   enable: bool | None = None, disable: bool | None = None,
                   publish: bool | None = None,
                   discard: bool | None = None) -> guest_logs.DatastoreLog:
        """Turn a log of the instance's database on or off, publish it to
        Swift or discard what was published; returns the log (one POST)."""
        if not log_name or not str(log_name).strip():
            raise exceptions.ValidationError('A log name is required')
        body: dict[str, Any] = {'name': log_name}
        for key, value in (('enable', enable), ('disable', disable),
                           ('publish', publish), ('discard', discard)):
            if value:
                try:
                    body[key] = int(value)
                except (TypeError, ValueError):
                    raise exceptions.ValidationError(
                        'Invalid %s %r: give True or False'
                        % (key, value)) from None

        def act(target: str | Instance) -> guest_logs.DatastoreLog:
            _resp, reply = self.api.post(self._path(target, '/log'),
                                         json=body, expect='log')
            return guest_logs.DatastoreLog(self, reply['log'])

        return self._act_on(instance, act)

    def log_generator(self, instance: str | Instance, log_name: str,
                      lines: int = 50,
                      swift: guest_logs.ObjectReader | None = None
                      ) -> Callable[[], Iterator[str]]:
        """A function that returns a generator of the text of a published
        log: its last ``lines`` lines (0: all of it), then what follows.

        Nothing is sent until the generator runs: then the log is shown
        (one POST), and its parts are read from Swift, through the
        client's session, or through ``swift``, a python-swiftclient
        ``Connection``, when given.

        :raises GuestLogNotFoundError: nothing of the log is published, or
            Swift has none of it
        """
        count = _line_count(lines)
        reader = swift if swift is not None else guest_logs.ObjectStore(
            self.api)

        def generate() -> Iterator[str]:
            container, prefix = guest_logs.published(
                self.log_show(instance, log_name))
            yield from guest_logs.lines(reader, container, prefix, count)

        return generate

    def log_save(self, instance: str | Instance, log_name: str,
                 filename: str | None = None) -> str:
        """Write the whole of a published log to ``filename`` (by default
        ``trove-<instance ID>-<log name>.log``); returns the file's name."""
        shown: list[guest_logs.DatastoreLog] = []

        def show(found: str | Instance) -> str:
            # inside the lookup: an ID Trove refuses is then looked up as
            # a name, and the log shown again for the instance found
            shown.append(self.log_show(found, log_name))
            return str(base.getid(found))

        target = self._act_on(instance, show)
        written = filename or 'trove-%s-%s.log' % (target, log_name)
        container, prefix = guest_logs.published(shown[-1])
        reader = guest_logs.ObjectStore(self.api)
        with open(written, 'w') as stream:
            for text in guest_logs.lines(reader, container, prefix, 0):
                stream.write(text)
        return written

    # python-troveclient's instance calls about modules and TLS, which
    # troveclient-osc does not have yet: each fails before sending.
    modules = _elsewhere('modules', 'modules')
    module_query = _elsewhere('module_query', 'modules')
    module_retrieve = _elsewhere('module_retrieve', 'modules')
    module_apply = _elsewhere('module_apply', 'modules')
    module_remove = _elsewhere('module_remove', 'modules')
    ssl_show = _elsewhere('ssl_show', 'TLS (SSL)')
    ssl_enable = _elsewhere('ssl_enable', 'TLS (SSL)')
    ssl_disable = _elsewhere('ssl_disable', 'TLS (SSL)')
    ssl_rollback = _elsewhere('ssl_rollback', 'TLS (SSL)')

    # -- waiting ---------------------------------------------------------
    # One GET per poll for one instance, one walk of the listing per poll
    # for several; either way the one wait loop of waiters.Waiter, and
    # names looked up by the one lookup, never put in a URL.

    def wait_for_status(self, instance: str | Instance,
                        status: str | Iterable[str] = 'ACTIVE',
                        failures: Iterable[str] = waiters.FAILURE_STATUSES,
                        timeout: float | None = waiters.DEFAULT_TIMEOUT,
                        interval: float = waiters.DEFAULT_INTERVAL,
                        callback: PollCallback | None = None,
                        sleep: Callable[[float], object] | None = None,
                        clock: Callable[[], float] | None = None,
                        all_projects: bool | None = None,
                        project_id: str | None = None) -> Instance:
        """Poll until the instance's status is ``status``; return it.

        Fails at once when a status in ``failures`` is reached, with the
        instance's fault message.

        ``instance`` is an :class:`Instance`, an ID or a name, as for
        every other call (see :meth:`_poll`); a name is looked up in the
        scope ``all_projects`` and ``project_id`` say (the caller's
        project by default), as for :meth:`act_on`.

        :raises ResourceFailure: a failure status was reached
        :raises ResourceGone: the instance disappeared
        :raises WaitTimeout: ``timeout`` seconds passed
        :raises NoMatch: no instance has this name (a NotFound)
        :raises NoUniqueMatch: several instances have that name
        """
        reached: Instance = self._waiter(
            instance, lookup.Scope.of(all_projects, project_id),
            _options(timeout, interval, callback, sleep, clock)
        ).for_status(status, failures)
        return reached

    def wait_for_delete(self, instance: str | Instance,
                        timeout: float | None = waiters.DEFAULT_TIMEOUT,
                        interval: float = waiters.DEFAULT_INTERVAL,
                        callback: PollCallback | None = None,
                        sleep: Callable[[float], object] | None = None,
                        clock: Callable[[], float] | None = None,
                        all_projects: bool | None = None,
                        project_id: str | None = None) -> None:
        """Poll until the instance is gone (GET answers 404).

        An ERROR status does not end this wait: Trove reports ERROR while it
        deletes an instance whose server is neither ACTIVE nor SHUTDOWN (one
        that failed to build, say), and such a deletion goes on and usually
        succeeds. A deletion that is stuck ends in ``WaitTimeout``.

        ``instance`` is an :class:`Instance`, an ID or a name, as for
        every other call (see :meth:`_poll`; the scope of a name as for
        :meth:`wait_for_status`); when no instance has that ID or name, it
        is gone and the wait ends at once.

        :raises WaitTimeout: ``timeout`` seconds passed
        :raises NoUniqueMatch: several instances have that name
        """
        return self._waiter(
            instance, lookup.Scope.of(all_projects, project_id),
            _options(timeout, interval, callback, sleep, clock),
            gone_if_unknown=True).for_delete()

    def _poll(self, instance: str | Instance, scope: lookup.Scope,
              gone_if_unknown: bool = False
              ) -> tuple[str, Callable[[], Instance]]:
        """The ``fetch`` of a wait on ``instance``: one GET per poll.

        The first poll finds the instance as :meth:`get` does, by the one
        lookup: an :class:`Instance` or an ID is polled by ID (only a 404
        then costs one scan of the listing, for a name that looks like an
        ID); any other value is a name, looked up by one scan, and never
        put in a URL. From then on the instance found is polled by its ID,
        and a 404 means it is gone. A name (or an ID) that matches nothing
        is gone too with ``gone_if_unknown`` (a wait for deletion);
        otherwise its NoMatch ends the wait.
        """
        value = self._check_name_or_id(instance)
        found: builtins.list[Instance] = []
        if isinstance(value, Instance):
            found.append(value)
            value = value.id

        def fetch() -> Instance:
            if found:
                return self._show(found[0])
            try:
                first = self._act_on(value, self._show, scope=scope)
            except exceptions.NoMatch as error:
                if gone_if_unknown:
                    # Nothing has this name or ID: it is gone.
                    raise exceptions.NotFound(
                        error.message, http_status=404) from None
                raise
            found.append(first)
            return first

        return str(value), fetch

    def _waiter(self, instance: str | Instance, scope: lookup.Scope,
                options: dict[str, Any],
                gone_if_unknown: bool = False) -> waiters.Waiter:
        value, fetch = self._poll(instance, scope, gone_if_unknown)
        return waiters.Waiter(fetch, describe=self._describe(value),
                              **options)

    def wait_for_outcomes(self, outcomes: batch.Outcomes,
                          status: str | Iterable[str] | None = 'ACTIVE',
                          failures: Iterable[str] | None = None,
                          timeout: float | None = waiters.DEFAULT_TIMEOUT,
                          interval: float = waiters.DEFAULT_INTERVAL,
                          callback: TallyCallback | None = None,
                          sleep: Callable[[float], object] | None = None,
                          clock: Callable[[], float] | None = None,
                          all_projects: bool | None = None,
                          project_id: str | None = None) -> batch.Outcomes:
        """Wait for what an action on instances started: the outcomes of
        :meth:`act_on_many` (or of :meth:`resolve`), updated in place and
        returned.

        Each instance whose action succeeded is waited for, once however
        many targets named it, until its status is ``status`` (or, with
        ``status`` None, until it is gone: a wait for deletion, which an
        ERROR status does not end). Nothing is looked up again: each is
        polled by the ID its outcome has. One instance costs one GET per
        ``interval``, as :meth:`wait_for_status`; several one walk of the
        detailed listing per ``interval``, as :meth:`wait_for_many`, of
        the projects the action looked names up in (``outcomes.scope``),
        unless ``all_projects`` or ``project_id`` say otherwise.

        An instance whose status becomes one of ``failures`` (by default
        ERROR and FAILED for a status, none for a deletion) ends at once,
        with its fault, as does one that is gone while its status is
        waited for; ``timeout`` holds for the whole set. Nothing is raised
        for one instance; the ``callback`` gets a
        :class:`~troveclient_osc.waiters.Tally` and the seconds elapsed
        after each poll, for one instance too.

        :returns: ``outcomes``: each outcome waited for has ``waited``
            True, ``instance`` the instance as last seen, ``result`` the
            instance in ``status`` (None once gone) and ``error`` None, or
            the ResourceFailure, ResourceGone or WaitTimeout that ended its
            wait; one that shares another's (``same_as``) shares its wait
            too; one with an error (its action's, or an earlier wait's) is
            left as it is
        :raises ClientException: what ends every wait at once, as for
            :meth:`wait_for_status` (a wrong endpoint, a refused listing)
        """
        wanted = _statuses(status)
        if failures is None:
            failures = () if wanted is None else waiters.FAILURE_STATUSES
        scope = lookup.Scope.of(all_projects, project_id,
                                default=outcomes.scope or lookup.OWN)
        self._wait(outcomes, wanted, failures, scope, _options(
            timeout, interval, callback, sleep, clock), by_id=True)
        return outcomes

    def resolve(self, names_or_ids: str | Instance | Iterable[str | Instance],
                all_projects: bool | None = None,
                project_id: str | None = None) -> batch.Outcomes:
        """What each of ``names_or_ids`` stands for, without acting on it:
        an ID as given (nothing is sent for it), a name looked up, all of
        them in one walk of the listing (of the scope of :meth:`act_on`).
        The outcomes are :meth:`act_on_many`'s, for
        :meth:`wait_for_outcomes` say: ``instance`` is the ID or the
        :class:`Instance` found, ``error`` the NoMatch or NoUniqueMatch of
        a name that did not resolve."""
        return self._lookup().resolve(
            _items(names_or_ids), lookup.Scope.of(all_projects, project_id))

    def wait_for_many(self,
                      instances: str | Instance | Iterable[str | Instance],
                      status: str | Iterable[str] = 'ACTIVE',
                      failures: Iterable[str] = waiters.FAILURE_STATUSES,
                      timeout: float | None = waiters.DEFAULT_TIMEOUT,
                      interval: float = waiters.DEFAULT_INTERVAL,
                      callback: TallyCallback | None = None,
                      sleep: Callable[[float], object] | None = None,
                      clock: Callable[[], float] | None = None,
                      all_projects: bool = False,
                      project_id: str | None = None) -> batch.Outcomes:
        """Wait until each of ``instances`` has the status ``status``.

        :meth:`wait_for_status` for many instances at the cost of one
        walk of the detailed listing (all pages) per ``interval``, however
        many instances there are. An instance whose status becomes one of
        ``failures`` ends at once, with its fault, as does one that is no
        longer listed, while the others are still waited for;
        ``timeout`` holds for the whole set. Nothing is raised for one
        instance. (To wait for what :meth:`act_on_many` started, give its
        outcomes to :meth:`wait_for_outcomes`.)

        :param instances: :class:`Instance` objects, IDs (what
            :meth:`act_on_many` gives as each outcome's ``instance``) or
            names, which are looked up together by one scan of the listing
            before the first poll (a name that matches nothing or several
            instances is that instance's NoMatch or NoUniqueMatch)
        :param callback: called after each poll with a
            :class:`~troveclient_osc.waiters.Tally` and the seconds elapsed
        :param all_projects: look names up in, and poll, the admin listing
            of every project (for instances of other projects); or
            ``project_id``, of that project
        :returns: :class:`~troveclient_osc.batch.Outcomes` in the order
            given: ``result`` is the instance in that status, ``error`` a
            ResourceFailure, ResourceGone or WaitTimeout
        """
        scope = lookup.Scope.of(all_projects, project_id)
        outcomes = self._lookup().resolve(_items(instances), scope)
        self._wait(outcomes, _statuses(status), failures, scope, _options(
            timeout, interval, callback, sleep, clock))
        return outcomes

    def wait_for_delete_many(
            self, instances: str | Instance | Iterable[str | Instance],
            timeout: float | None = waiters.DEFAULT_TIMEOUT,
            interval: float = waiters.DEFAULT_INTERVAL,
            callback: TallyCallback | None = None,
            sleep: Callable[[float], object] | None = None,
            clock: Callable[[], float] | None = None,
            all_projects: bool = False,
            project_id: str | None = None) -> batch.Outcomes:
        """Wait until each of ``instances`` is gone from the listing.

        :meth:`wait_for_delete` for many instances, one walk of the
        detailed listing per ``interval``; as there, an ERROR status does
        not end the wait. See :meth:`wait_for_many` for the arguments;
        each outcome's ``error`` is None once the instance is gone, else a
        WaitTimeout. A name that matches no instance is gone, as for
        :meth:`wait_for_delete`.
        """
        scope = lookup.Scope.of(all_projects, project_id)
        outcomes = self._lookup().resolve(_items(instances), scope)
        for outcome in outcomes:
            if isinstance(outcome.error, exceptions.NoMatch):
                # no instance of that name: gone
                outcome.error = outcome.instance = None
        self._wait(outcomes, None, (), scope, _options(
            timeout, interval, callback, sleep, clock))
        return outcomes

    def _wait(self, outcomes: batch.Outcomes, wanted: set[str] | None,
              failures: Iterable[str], scope: lookup.Scope,
              options: dict[str, Any], by_id: bool = False) -> None:
        """Wait for the instance of each distinct outcome that is ok, by
        its ID: one GET per poll when it is the only one and ``by_id``,
        else one walk of the listing of ``scope`` per poll; then each
        outcome that shares another's gets its."""
        waited = [outcome for outcome in outcomes.distinct
                  if outcome.ok and outcome.instance is not None]
        if waited:
            idents = [str(outcome.id) for outcome in waited]
            if by_id and len(waited) == 1:
                polled: _Polled = _ById(self, idents[0])
            else:
                polled = _WaitScope(self, scope)
            waiter = waiters.Waiter(polled.listing, describe=(
                self._describe(idents[0]) if isinstance(polled, _ById)
                else '%d %ss' % (len(waited), self.human_name)), **options)
            polled.waiter = waiter
            ended = waiter.for_all(idents, wanted, failures,
                                   describe_one=self._describe,
                                   fetch_one=polled.one)
            for outcome, result in zip(waited, ended):
                outcome.instance = result.instance
                outcome.result = result.result
                outcome.error = result.error
                outcome.waited = True
        for outcome in outcomes:
            first = outcome.same_as
            if first is not None and first.waited:
                outcome.instance, outcome.result = first.instance, first.result
                outcome.error, outcome.waited = first.error, True

    def _wait_pages(self, all_projects: bool, project_id: str | None
                    ) -> Iterator[base.Page[Instance]]:
        """The pages a wait on many polls: the detailed listing of this
        project, of ``project_id`` or of every project (admin)."""
        return self._pages(self._list_path(True, all_projects, project_id),
                           params=self._list_params(False, project_id,
                                                    all_projects),
                           collection=True)

    def _describe(self, ident: str) -> str:
        return '%s %s' % (self.human_name, base.shown(ident))


def _options(timeout: float | None, interval: float,
             callback: Callable[..., object] | None,
             sleep: Callable[[float], object] | None,
             clock: Callable[[], float] | None) -> dict[str, Any]:
    """The keyword arguments of a :class:`~troveclient_osc.waiters.Waiter`
    for the arguments of a wait (``sleep`` and ``clock`` only when
    given)."""
    options: dict[str, Any] = {'timeout': timeout, 'interval': interval,
                               'callback': callback}
    if sleep is not None:
        options['sleep'] = sleep
    if clock is not None:
        options['clock'] = clock
    return options


def _statuses(status: str | Iterable[str] | None) -> set[str] | None:
    """The statuses a wait wants, in capitals; None for a deletion."""
    if status is None:
        return None
    if isinstance(status, str):
        status = (status,)
    return {item.upper() for item in status}


class ListFilter:
    """The filters of a listing of instances that Trove does not apply:
    ``keep(instance)`` is True for an instance to show; see
    :meth:`InstanceManager.list_filter`. A deleted instance (the
    administrator's listing has them) is never kept."""

    def __init__(self, manager: InstanceManager, name: str | None,
                 status: str | None,
                 datastore: str | v1_datastores.Datastore | None,
                 flavor: str | int | v1_flavors.Flavor | None) -> None:
        self._datastores = v1_datastores.DatastoreManager(manager.api)
        self.name = name
        self.status = check_status(status) if status else None
        #: the datastore's name, as listed instances carry it
        self.datastore: str | None = None
        #: whether it is known to exist: read by ID, or the datastore of a
        #: listed instance
        self.datastore_known = False
        if isinstance(datastore, v1_datastores.Datastore) or (
                datastore and lookup.UUIDS.id_like(datastore)):
            self.datastore = str(
                self._datastores.find(datastore)._data.get('name'))
            self.datastore_known = True
        elif datastore:
            self.datastore = str(datastore)
        #: the flavor's IDs as listed instances carry them
        self.flavor: set[str] | None = None
        if flavor is not None:
            found = v1_flavors.FlavorManager(manager.api).find(flavor)
            self.flavor = {found.flavor_ref, str(found._data.get('id'))}

    @property
    def narrows(self) -> bool:
        """Whether a name, status, datastore or flavor is asked for: False
        when the filter keeps every instance but the deleted ones (a walk
        that pages by ``limit`` may then trust Trove's next marker,
        :meth:`InstanceManager.list_matching`)."""
        return (self.name is not None or self.status is not None or
                self.datastore is not None or self.flavor is not None)

    def __call__(self, instance: Instance) -> bool:
        # The fields as attributes: no deep copy per listed instance.
        def field(name: str, default: Any = None) -> Any:
            value = getattr(instance, name, default)
            return default if value is None else value

        if field('deleted') is True:
            return False
        if self.datastore is not None:
            if (field('datastore', {}) or {}).get('type') != self.datastore:
                return False
            self.datastore_known = True
        if self.name is not None and field('name') != self.name:
            return False
        if self.status and str(field('status', '')).upper() != self.status:
            return False
        return self.flavor is None or str(
            (field('flavor', {}) or {}).get('id')) in self.flavor

    def check(self) -> None:
        """Raise NoMatch when the datastore filter names no datastore (one
        GET, only when no listed instance had that datastore)."""
        if self.datastore is not None and not self.datastore_known:
            self._datastores.find(self.datastore)
            self.datastore_known = True


class _Polled:
    """What a wait on instances polls: a "listing" per poll, and the
    answer about one instance that listing does not have."""

    #: the wait under way, which a walk of several pages asks for time
    waiter: waiters.Waiter | None = None

    def listing(self) -> builtins.list[Instance]:
        raise NotImplementedError

    def one(self, ident: str) -> Instance:
        raise NotImplementedError


class _ById(_Polled):
    """The one instance of a wait, polled by one GET of its ID per poll:
    the "listing" of the wait is that instance, or nothing when the GET
    answers 404; asked about it then, it gives that answer again rather
    than sending the GET twice."""

    def __init__(self, manager: InstanceManager, ident: str) -> None:
        self.manager = manager
        self.ident = ident
        self._answer: Exception | None = None

    def listing(self) -> builtins.list[Instance]:
        self._answer = None
        try:
            return [self.manager._show(self.ident)]
        except exceptions.NotFound as error:
            self._answer = error
            return []
        except Exception as error:
            self._answer = error
            raise

    def one(self, ident: str) -> Instance:
        if self._answer is not None:
            raise self._answer
        return self.manager._show(ident)


class _WaitScope(_Polled):
    """The listing a wait on many instances polls, one walk per poll, and
    how it asks for an instance that listing does not have.

    The walk stops between two pages once the wait's deadline has passed
    (:class:`~troveclient_osc.waiters.OutOfTime`). An instance not listed
    is asked for by its ID (one GET): only a 404 says it is gone. The
    listing is that of the scope: every project, one project, or the
    caller's project; in the last, when an answer by ID shows an instance
    of another project (an admin's action on someone else's instances,
    by ID; only admins see ``tenant_id``), the next polls list that
    project's instances, or every project's when they are several, so
    that the listing stays the one request per page it is.
    """

    def __init__(self, manager: InstanceManager,
                 scope: lookup.Scope) -> None:
        self.manager = manager
        self.scope = scope
        self.projects: set[str] = set()

    def _query(self) -> tuple[bool, str | None]:
        """``(all_projects, project_id)`` of the listing to poll."""
        if not self.scope.own:
            return self.scope.all_projects, self.scope.project_id
        if len(self.projects) > 1:
            return True, None
        if self.projects:
            return False, next(iter(self.projects))
        return False, None

    def listing(self) -> builtins.list[Instance]:
        """Every instance of the scope, every page, within the deadline."""
        every, project = self._query()
        items: builtins.list[Instance] = []
        for page in self.manager._wait_pages(every, project):
            items.extend(page)
            if page.next is not None and self.waiter is not None and \
                    self.waiter.expired():
                raise waiters.OutOfTime()
        return items

    def one(self, ident: str) -> Instance:
        """The instance ``ident`` by one GET; note its project when the
        scope is the caller's project."""
        found = self.manager._show(ident)
        project = found._data.get('tenant_id')
        if isinstance(project, str) and project and self.scope.own:
            self.projects.add(project)
        return found
