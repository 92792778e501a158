"""python-troveclient's administrator managers: ``client.mgmt_instances``
and ``client.mgmt_ds_versions``, with its calls, arguments and requests.

troveclient-osc's own calls do the same on ``client.instances``
(``list(all_projects=True)``, ``list(project_id=...)``, ``reboot``,
``rebuild``) and ``client.datastore_versions`` (``list_all``, ``get_mgmt``,
``create``, ``update``, ``delete``); these managers keep code written for
python-troveclient working. Every call that takes an instance or a version
takes its name too, looked up by the one lookup (an administrator's: in
every project).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc import lookup
from troveclient_osc.v1 import datastores
from troveclient_osc.v1 import instances

#: the filters of python-troveclient's ``mgmt_instances.list(**kwargs)``
#: that Trove's administrator listing reads; it ignores any other
LIST_FILTERS = ('project_id', 'include_clustered')


class RootHistory(base.Resource):
    """When the root user of an instance was enabled, and by whom; its
    attributes are the fields of Trove's body (``RootHistoryView``),
    declared below for type checkers."""

    human_name = 'root history'

    #: the instance's ID
    id: str
    #: when root was enabled, or ``Never``
    enabled: str
    #: who enabled it, or ``Nobody``
    user: str

    def get(self) -> RootHistory:
        raise exceptions.NotSupported(
            'A root history is read again with '
            'mgmt_instances.root_enabled_history(instance)')

    def __repr__(self) -> str:
        return ('<Root History: Instance %s enabled at %s by %s>'
                % (self._data.get('id'), self._data.get('enabled'),
                   self._data.get('user')))


def _flag(value: object, what: str) -> bool | None:
    """A boolean argument given as python-troveclient took it: a bool,
    or the strings ``'true'`` and ``'false'``."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ('true',
                                                            'false'):
        return value.strip().lower() == 'true'
    raise exceptions.ValidationError(
        "Invalid %s %r: give True or False (or 'true' or 'false')"
        % (what, value))


class Management(base.Manager[instances.Instance]):
    """``client.mgmt_instances``: python-troveclient's administrator calls
    on instances, of every project.

    The instances it returns are those of ``client.instances``: their
    ``delete()``, ``restart()``, ... work.
    """

    resource_class = instances.Instance
    key = 'instance'
    collection_key = 'instances'

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self._instances = instances.InstanceManager(api)

    def _make(self, info: object) -> instances.Instance:
        return self._instances._make(info)

    def list(self, limit: int | None = None, marker: str | None = None,
             deleted: bool | None = False, **filters: Any
             ) -> base.Page[instances.Instance]:
        """One page of the instances of every project (or of
        ``project_id=``), deleted ones only with ``deleted=True``, every
        one with ``deleted=None``; ``include_clustered=True`` adds those
        of clusters. Any other filter is refused: Trove would ignore it
        and list everything."""
        unknown = sorted(set(filters) - set(LIST_FILTERS))
        if unknown:
            raise exceptions.ValidationError(
                "Trove's administrator listing of instances has no filter "
                '%s; it has %s' % (', '.join(unknown),
                                   ', '.join(LIST_FILTERS)))
        params: dict[str, str] = {}
        flag = _flag(deleted, 'deleted')
        if flag is not None:
            params['deleted'] = 'true' if flag else 'false'
        if _flag(filters.get('include_clustered'), 'include_clustered'):
            params['include_clustered'] = 'true'
        if filters.get('project_id'):
            params['project_id'] = str(filters['project_id'])
        return self._page('/mgmt/instances', limit=limit, marker=marker,
                          params=params, collection=True)

    def index(self, limit: int | None = None, marker: str | None = None,
              deleted: bool | None = False, **filters: Any
              ) -> base.Page[instances.Instance]:
        """The same as :meth:`list`."""
        return self.list(limit, marker, deleted, **filters)

    def show(self, instance: str | instances.Instance) -> instances.Instance:
        """One instance with the administrator's fields (its server, its
        host, its root history, ...); one GET."""
        return self._act_on(instance, self._show, all_projects=True)

    def _show(self, instance: str | instances.Instance
              ) -> instances.Instance:
        return self._get(self._path(instance))

    @staticmethod
    def _path(instance: str | instances.Instance, suffix: str = '') -> str:
        return '/mgmt/instances/%s%s' % (base.quote(base.getid(instance)),
                                         suffix)

    def _listing(self, scope: lookup.Scope = lookup.EVERY
                 ) -> Iterator[instances.Instance]:
        """A name is looked up among the instances of every project."""
        return self._instances._listing(lookup.EVERY)

    def root_enabled_history(self, instance: str | instances.Instance
                             ) -> RootHistory:
        """When the instance's root user was enabled, and by whom."""
        def get(target: str | instances.Instance) -> RootHistory:
            _resp, body = self.api.get(self._path(target, '/root'),
                                       expect='root_history')
            return RootHistory(self, body['root_history'])

        return self._act_on(instance, get, all_projects=True)

    def stop(self, instance: str | instances.Instance) -> None:
        """Stop the database service of the instance."""
        self._instances._mgmt_action(instance, {'stop': {}})

    def reboot(self, instance: str | instances.Instance) -> None:
        """Reboot the instance's server."""
        self._instances.reboot(instance)

    def migrate(self, instance: str | instances.Instance,
                host: str | None = None) -> None:
        """Move the instance's server to another host (``host``, or one the
        compute service picks)."""
        self._instances._mgmt_action(
            instance, {'migrate': {'host': host} if host else {}})

    def reset_task_status(self, instance: str | instances.Instance) -> None:
        """Set the instance's task status to NONE."""
        self._instances._mgmt_action(instance, {'reset-task-status': {}})

    def rebuild(self, instance: str | instances.Instance,
                image_id: str) -> None:
        """Rebuild the instance's server from an image."""
        self._instances.rebuild(instance, image_id)

    def update(self, instance: str | instances.Instance) -> NoReturn:
        """python-troveclient's update of the guest agent, an action Trove
        no longer has: raises NotSupported, sends nothing."""
        raise exceptions.NotSupported(
            "mgmt_instances.update() sent the administrator action 'update', "
            'which Trove no longer has (it answers 400); nothing was sent. '
            'Its actions are stop, reboot, migrate, reset_task_status and '
            'rebuild')


class MgmtDatastoreVersions(base.Manager[datastores.DatastoreVersion]):
    """``client.mgmt_ds_versions``: python-troveclient's administrator calls
    on datastore versions, the same as ``client.datastore_versions``'s
    ``list_all``, ``get_mgmt``, ``create``, ``update`` and ``delete``."""

    resource_class = datastores.DatastoreVersion
    key = 'version'
    collection_key = 'versions'

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self._versions = datastores.DatastoreVersionManager(api)

    def _make(self, info: object) -> datastores.DatastoreVersion:
        return self._versions._make(info)

    def _show(self, version: str | datastores.DatastoreVersion
              ) -> datastores.DatastoreVersion:
        return self._versions._show(version)

    def _listing(self, scope: lookup.Scope = lookup.OWN
                 ) -> Iterable[datastores.DatastoreVersion]:
        return self._versions.list_all()

    def list(self, limit: int | None = None, marker: str | None = None
             ) -> base.Page[datastores.DatastoreVersion]:
        """One page of every datastore's versions, inactive ones too."""
        return self._page('/mgmt/datastore-versions', limit=limit,
                          marker=marker, collection=True)

    def get(self, datastore_version_id: str | datastores.DatastoreVersion
            ) -> datastores.DatastoreVersion:
        """One version with the administrator's fields."""
        return self._versions.get_mgmt(datastore_version_id)

    def create(self, name: str, datastore_name: str,
               datastore_manager: str, image: str | None,
               packages: Iterable[str] | None = None,
               registry_ext: str | None = None,
               repl_strategy: str | None = None,
               active: bool | str = 'true', default: bool | str = 'false',
               image_tags: Iterable[str] = (),
               version: str | None = None) -> None:
        """Register a datastore version; returns None, as Trove answers
        with no body (``datastore_versions.create`` reads it back)."""
        body = datastores.version_create_body(
            name, datastore_name, datastore_manager, image=image,
            image_tags=image_tags, packages=packages,
            active=bool(_flag(active, 'active')),
            default=bool(_flag(default, 'default')), version=version,
            registry_ext=registry_ext, repl_strategy=repl_strategy)
        # python-troveclient sent the key always, an empty list too
        body.setdefault('image_tags', [])
        self._versions._post(body)

    def edit(self, datastore_version_id: str | datastores.DatastoreVersion,
             datastore_manager: str | None = None, image: str | None = None,
             packages: Iterable[str] | None = None,
             registry_ext: str | None = None,
             repl_strategy: str | None = None,
             active: bool | str | None = None,
             default: bool | str | None = None,
             image_tags: Iterable[str] | None = None,
             name: str | None = None) -> None:
        """Change a datastore version: ``datastore_versions.update``, with
        python-troveclient's arguments (empty ones are not sent, as
        there)."""
        self._versions.update(
            datastore_version_id, name=name or None, image=image,
            image_tags=image_tags, active=_flag(active, 'active'),
            default=_flag(default, 'default'),
            packages=packages or None,
            datastore_manager=datastore_manager,
            registry_ext=registry_ext or None,
            repl_strategy=repl_strategy or None)

    def delete(self, datastore_version_id: str | datastores.DatastoreVersion
               ) -> None:
        """Delete a datastore version."""
        self._versions.delete(datastore_version_id)
