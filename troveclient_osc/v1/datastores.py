"""Datastores (mysql, postgresql, ...) and their versions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from troveclient_osc import base
from troveclient_osc import exceptions


class Datastore(base.Resource):
    """A datastore, with its ``versions`` and ``default_version`` (an ID)."""

    human_name = 'datastore'
    manager: DatastoreManager

    def delete(self) -> None:
        """Delete this datastore (admin)."""
        self.manager.delete(self)


class DatastoreVersion(base.Resource):
    """A version of a datastore; ``datastore`` is the datastore's ID."""

    human_name = 'datastore version'
    manager: DatastoreVersionManager

    def get(self) -> DatastoreVersion:
        """Refresh this version in place (one GET by UUID)."""
        fresh = self.manager.get_by_uuid(self.id)
        self._update(fresh._data)
        return self

    def delete(self) -> None:
        """Delete this datastore version (admin)."""
        self.manager.delete(self)


class DatastoreManager(base.Manager[Datastore]):
    """``client.datastores``."""

    resource_class = Datastore
    key = 'datastore'
    collection_key = 'datastores'

    def list(self, limit: int | None = None,
             marker: str | None = None) -> base.Page[Datastore]:
        """One page of datastores (a list with ``.next``)."""
        return self._page('/datastores', limit=limit, marker=marker,
                          collection=True)

    def get(self, datastore: str | Datastore) -> Datastore:
        """One datastore by name or ID; one GET (Trove accepts both)."""
        return self._get('/datastores/%s' % base.quote(base.getid(datastore)))

    def find(self, name_or_id: str | Datastore) -> Datastore:
        """One datastore by name or ID: one GET. Raises NotFound."""
        value = self._check_name_or_id(name_or_id)
        if isinstance(value, Datastore):
            return value
        try:
            return self.get(value)
        except exceptions.NotFound:
            raise self._not_found(value) from None

    def delete(self, datastore: str | Datastore) -> None:
        """Delete a datastore by name or ID (admin)."""
        self.api.delete('/datastores/%s' % base.quote(base.getid(datastore)))


class DatastoreVersionManager(base.Manager[DatastoreVersion]):
    """``client.datastore_versions``."""

    resource_class = DatastoreVersion
    key = 'version'
    collection_key = 'versions'

    def list(self, datastore: str | Datastore, limit: int | None = None,
             marker: str | None = None) -> base.Page[DatastoreVersion]:
        """The versions of a datastore (name or ID)."""
        return self._page('/datastores/%s/versions'
                          % base.quote(base.getid(datastore)),
                          limit=limit, marker=marker)

    # A version is named within its datastore, so this get takes two
    # arguments where Manager's takes one; DatastoreVersion.get and the
    # finds here call it so, never Manager's one-argument lookups.
    def get(self,  # type: ignore[override]
            datastore: str | Datastore,
            datastore_version: str | DatastoreVersion) -> DatastoreVersion:
        """One version of a datastore; both by name or ID; one GET."""
        return self._get('/datastores/%s/versions/%s'
                         % (base.quote(base.getid(datastore)),
                            base.quote(base.getid(datastore_version))))

    def get_by_uuid(self, datastore_version: str | DatastoreVersion
                    ) -> DatastoreVersion:
        """One version by its ID alone; one GET."""
        return self._get('/datastores/versions/%s'
                         % base.quote(base.getid(datastore_version)))

    def find(self, name_or_id: str | DatastoreVersion,
             datastore: str | Datastore | None = None
             ) -> DatastoreVersion:
        """One version by name or ID.

        With ``datastore``, one GET by name or ID within it. Without, the
        value must be a version ID (a name is only unique within a datastore).

        :raises NotFound: no such version; or, with ``datastore``, no such
            datastore (Trove answers 404 for both: only when it does is the
            datastore looked up, one more GET, to say which is missing)
        """
        value = self._check_name_or_id(name_or_id)
        if isinstance(value, DatastoreVersion):
            return value
        try:
            if datastore is not None:
                return self.get(datastore, value)
            if base.is_uuid_like(value):
                return self.get_by_uuid(value)
        except exceptions.NotFound:
            if datastore is not None:
                DatastoreManager(self.api).find(datastore)
            raise self._not_found(value) from None
        raise exceptions.ValidationError(
            "Datastore version '%s' is not an ID; give its datastore as well "
            "to look it up by name" % value)

    # -- admin (management API) ------------------------------------------

    def list_all(self) -> base.Page[DatastoreVersion]:
        """Every version of every datastore, inactive ones too (admin)."""
        return self._page('/mgmt/datastore-versions', collection=True)

    def get_mgmt(self, datastore_version: str | DatastoreVersion
                 ) -> DatastoreVersion:
        """One version with admin fields (image, manager, default)."""
        return self._get('/mgmt/datastore-versions/%s'
                         % base.quote(base.getid(datastore_version)))

    def create(self, name: str, datastore_name: str,
               datastore_manager: str, image: str | None = None,
               image_tags: Iterable[str] | None = None,
               packages: Iterable[str] | None = None, active: bool = True,
               default: bool = False, version: str | None = None,
               registry_ext: str | None = None,
               repl_strategy: str | None = None) -> DatastoreVersion:
        """Register a datastore version (admin); returns it.

        The API answers 202 with no body, so the new version is read back
        by datastore and name (one more GET).
        """
        if not image and not image_tags:
            raise exceptions.ValidationError(
                'Either an image ID or image tags must be given')
        body: dict[str, Any] = {
            'name': name, 'datastore_name': datastore_name,
            'datastore_manager': datastore_manager, 'active': bool(active),
            'default': bool(default),
            'packages': list(packages or [])}
        if image:
            body['image'] = image
        if image_tags:
            body['image_tags'] = list(image_tags)
        if version:
            body['version'] = version
        if registry_ext:
            body['registry_ext'] = registry_ext
        if repl_strategy:
            body['repl_strategy'] = repl_strategy
        self.api.post('/mgmt/datastore-versions', json={'version': body})
        wanted = version or name
        matches = [v for v in self.list_all()
                   if v._data.get('datastore_name') == datastore_name
                   and v._data.get('name') == name
                   and v._data.get('version', wanted) == wanted]
        if len(matches) != 1:
            raise exceptions.InvalidResponse(
                "Datastore version '%s' of '%s' was accepted but could not be "
                "read back" % (name, datastore_name))
        return matches[0]

    def update(self, datastore_version: str | DatastoreVersion,
               name: str | None = None, image: str | None = None,
               image_tags: Iterable[str] | None = None,
               active: bool | None = None, default: bool | None = None,
               packages: Iterable[str] | None = None,
               datastore_manager: str | None = None,
               registry_ext: str | None = None,
               repl_strategy: str | None = None) -> None:
        """Change a datastore version (admin); only given fields are sent."""
        body: dict[str, Any] = {}
        for key, value in (('name', name), ('image', image),
                           ('active', active), ('default', default),
                           ('datastore_manager', datastore_manager),
                           ('registry_ext', registry_ext),
                           ('repl_strategy', repl_strategy)):
            if value is not None:
                body[key] = value
        if image_tags is not None:
            body['image_tags'] = list(image_tags)
        if packages is not None:
            body['packages'] = list(packages)
        if not body:
            raise exceptions.ValidationError(
                'Nothing to change: give at least one attribute')
        self.api.patch('/mgmt/datastore-versions/%s'
                       % base.quote(base.getid(datastore_version)), json=body)

    def delete(self, datastore_version: str | DatastoreVersion) -> None:
        """Delete a datastore version by ID (admin)."""
        self.api.delete('/mgmt/datastore-versions/%s'
                        % base.quote(base.getid(datastore_version)))
