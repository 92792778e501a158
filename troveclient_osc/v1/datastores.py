"""Datastores (mysql, postgresql, ...) and their versions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc import lookup
from troveclient_osc.base import MaybeAbsent

if TYPE_CHECKING:
    from troveclient_osc.v1 import bodies

_T = TypeVar('_T')


class Datastore(base.Resource):
    """A datastore, with its ``versions`` and ``default_version`` (an ID).

    Its attributes are the fields of Trove's body, declared below for type
    checkers (see :class:`~troveclient_osc.v1.instances.Instance`).
    """

    human_name = 'datastore'
    manager: DatastoreManager

    id: str
    #: ``mysql``, ``postgresql``, ...
    name: str
    links: list[bodies.Link]
    #: its active versions (all of them, to an administrator)
    versions: list[bodies.VersionSummary]
    #: the default version's ID, when it has one
    default_version: MaybeAbsent[str]

    def delete(self) -> None:
        """Delete this datastore (admin)."""
        self.manager.delete(self)


class DatastoreVersion(base.Resource):
    """A version of a datastore; ``datastore`` is the datastore's ID.

    Its attributes are the fields of Trove's body, declared below for type
    checkers (see :class:`~troveclient_osc.v1.instances.Instance`). The
    administrator's calls (``list_all``, ``get_mgmt``,
    ``client.mgmt_ds_versions``) send ``datastore_id`` and the fields after
    it in place of ``datastore`` and ``links``.
    """

    human_name = 'datastore version'
    manager: DatastoreVersionManager

    id: str
    name: str
    #: its number (``8.0.36``)
    version: str | None
    links: MaybeAbsent[list[bodies.Link]]
    #: the datastore's ID
    datastore: MaybeAbsent[str]
    # An administrator's.
    active: MaybeAbsent[bool]
    #: the Glance image's ID
    image: MaybeAbsent[str | None]
    image_tags: MaybeAbsent[list[str]]
    #: as stored (comma-separated) in a show, as a list from the
    #: administrator's calls
    packages: MaybeAbsent[str | list[str] | None]
    #: Trove 22 and later
    registry_ext: MaybeAbsent[str | None]
    #: Trove 22 and later
    repl_strategy: MaybeAbsent[str | None]
    # The administrator's calls.
    datastore_id: MaybeAbsent[str]
    datastore_name: MaybeAbsent[str]
    datastore_manager: MaybeAbsent[str]
    #: whether it is its datastore's default version
    default: MaybeAbsent[bool]

    def update(self, visibility: str | None = None) -> None:
        """python-troveclient's change of a version's visibility, which
        Trove no longer has: raises NotSupported, sends nothing."""
        raise _no_visibility()

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
        """One datastore by name or ID; one GET (Trove takes either in the
        URL). A name Trove could not read there (one with a ``/``) is
        looked up in the listing first."""
        return self._act_on(datastore, self._show)

    def _show(self, datastore: str | Datastore) -> Datastore:
        """One GET of the datastore with this name or ID; no lookup."""
        return self._get('/datastores/%s' % base.quote(base.getid(datastore)))

    def find(self, name_or_id: str | Datastore | None = None,
             **attrs: Any) -> Datastore:
        """One datastore by name or ID: one GET. Raises NotFound.

        python-troveclient's ``find(**attrs)`` works too: the one listed
        datastore with those attributes, read again by its ID.
        """
        if name_or_id is None or attrs:
            return self._find_by_attrs(
                attrs, lambda: self._listing(lookup.OWN), name_or_id)
        return self._lookup().find(name_or_id)

    def delete(self, datastore: str | Datastore) -> None:
        """Delete a datastore by name or ID (admin)."""
        self._act_on(datastore, lambda target: self.api.delete(
            '/datastores/%s' % base.quote(base.getid(target))))

    # The lookup (troveclient_osc.lookup) with the rules of names in the
    # URL: Trove finds a datastore by name or ID itself, so a name goes
    # into the URL unless Trove could not read it back from there.
    lookup_rules = lookup.NAMES_IN_URL

    def _listing(self, scope: lookup.Scope = lookup.OWN
                 ) -> Iterator[Datastore]:
        """Every datastore, all pages."""
        return self._iter('/datastores', collection=True)

    def _ref(self, datastore: str | base.Resource) -> str | Datastore:
        """``datastore`` as the URL of a request takes it: a datastore, or
        a name or ID Trove reads from the URL; any other name is looked
        up in the listing (no request otherwise)."""
        ref: str | Datastore = self._act_on(datastore,
                                            lambda target: target)
        return ref


class DatastoreVersionManager(base.Manager[DatastoreVersion]):
    """``client.datastore_versions``."""

    resource_class = DatastoreVersion
    key = 'version'
    collection_key = 'versions'

    def list(self, datastore: str | Datastore, limit: int | None = None,
             marker: str | None = None) -> base.Page[DatastoreVersion]:
        """The versions of a datastore (name or ID)."""
        base.check_limit(limit)
        return self._page(self._versions_path(datastore),
                          limit=limit, marker=marker)

    def _versions_path(self, datastore: str | base.Resource) -> str:
        return '/datastores/%s/versions' % base.quote(base.getid(
            DatastoreManager(self.api)._ref(datastore)))

    # A version is named within its datastore, so this get takes two
    # arguments where Manager's takes one; DatastoreVersion.get and the
    # finds here call it so, never Manager's one-argument lookups.
    def get(self,
            datastore: str | Datastore,
            datastore_version: str | DatastoreVersion) -> DatastoreVersion:
        """One version of a datastore; both by name or ID; one GET (Trove
        takes names in the URL). A name Trove could not read there (one
        with a ``/``) is looked up first: a datastore in the listing of
        datastores, a version in the versions of its datastore."""
        path = self._versions_path(datastore)
        return self._get('%s/%s' % (path, base.quote(base.getid(
            self._in_path(datastore_version, path)))))

    def _in_path(self, datastore_version: str | base.Resource,
                 path: str) -> str | base.Resource:
        """The version as a URL under ``path`` (its datastore's versions)
        takes it: a version, or a name or ID Trove reads from the URL; any
        other name is looked up in the versions of ``path`` (the lookup,
        with the rules of names in the URL)."""
        found: str | base.Resource = self._lookup(
            lookup.NAMES_IN_URL, lambda _scope: self._iter(path)).act_on(
                datastore_version, lambda target: target)
        return found

    def get_by_uuid(self, datastore_version: str | DatastoreVersion
                    ) -> DatastoreVersion:
        """One version by its ID alone; one GET. A version is named only
        within its datastore: a name is refused, before anything is sent,
        with what to call instead."""
        value = self._check_name_or_id(datastore_version)
        if isinstance(value, str) and not base.is_uuid_like(value):
            raise self._name_without_datastore(value)
        return self._show(value)

    def _show(self, datastore_version: str | DatastoreVersion
              ) -> DatastoreVersion:
        """One GET of the version with this ID; no lookup."""
        return self._get('/datastores/versions/%s'
                         % base.quote(base.getid(datastore_version)))

    def _name_without_datastore(self, value: str
                                ) -> exceptions.ValidationError:
        return exceptions.ValidationError(
            "Datastore version '%s' is not an ID; give its datastore as well "
            "to look it up by name (find(name, datastore=...) or get("
            "datastore, name))" % base.shown(value))

    def find(self, name_or_id: str | DatastoreVersion | None = None,
             datastore: str | Datastore | None = None, **attrs: Any
             ) -> DatastoreVersion:
        """One version by name or ID.

        With ``datastore``, one GET by name or ID within it. Without, the
        value must be a version ID (a name is only unique within a datastore).
        python-troveclient's ``find(**attrs)`` works too: the one version
        with those attributes among those of ``datastore`` (all versions
        of every datastore, an administrator's listing, without it).

        :raises NotFound: no such version; or, with ``datastore``, no such
            datastore (Trove answers 404 for both: only when it does is the
            datastore looked up, one more GET, to say which is missing)
        """
        if name_or_id is None or attrs:
            return self._find_by_attrs(attrs, lambda: (
                self._iter(self._versions_path(datastore))
                if datastore is not None else self._listing(lookup.OWN)),
                name_or_id)
        value = self._check_name_or_id(name_or_id)
        if isinstance(value, DatastoreVersion):
            return value
        try:
            if datastore is not None:
                return self.get(datastore, value)
            if base.is_uuid_like(value):
                return self.get_by_uuid(value)
        except exceptions.NoMatch:
            raise
        except exceptions.NotFound:
            if datastore is not None:
                DatastoreManager(self.api).find(datastore)
            raise self._lookup().not_found(value) from None
        raise self._name_without_datastore(value)

    # The hooks of the one lookup (base.Manager._act_on_many), for the
    # administrator's calls on one version by ID: a name is looked up in
    # the administrator's listing of every version.

    def _listing(self, scope: lookup.Scope = lookup.OWN
                 ) -> base.Page[DatastoreVersion]:
        return self.list_all()

    # -- admin (management API) ------------------------------------------

    def list_all(self) -> base.Page[DatastoreVersion]:
        """Every version of every datastore, inactive ones too (admin)."""
        return self._page('/mgmt/datastore-versions', collection=True)

    def get_mgmt(self, datastore_version: str | DatastoreVersion
                 ) -> DatastoreVersion:
        """One version with admin fields (image, manager, default).

        By ID, one GET; a name (unique among every datastore's versions)
        is looked up in :meth:`list_all` first, as for :meth:`update` and
        :meth:`delete`.
        """
        return self._act_on(datastore_version, self._mgmt_path(
            lambda path: self._get(path)))

    @staticmethod
    def _mgmt_path(call: Callable[[str], _T]
                   ) -> Callable[[str | DatastoreVersion], _T]:
        """``call`` given the admin URL of a version instead of it."""
        return lambda version: call('/mgmt/datastore-versions/%s'
                                    % base.quote(base.getid(version)))

    def create(self, name: str, datastore_name: str,
               datastore_manager: str, image: str | None = None,
               image_tags: str | Iterable[str] | None = None,
               packages: str | Iterable[str] | None = None,
               active: bool = True,
               default: bool = False, version: str | None = None,
               registry_ext: str | None = None,
               repl_strategy: str | None = None) -> DatastoreVersion:
        """Register a datastore version (admin); returns it.

        One POST of :func:`version_create_body`, which checks the
        arguments first: a bad one raises ValidationError and nothing is
        sent. The API answers 202 with no body, so the new version is read
        back by datastore and name (one more GET).
        """
        self._post(version_create_body(
            name, datastore_name, datastore_manager, image=image,
            image_tags=image_tags, packages=packages, active=active,
            default=default, version=version, registry_ext=registry_ext,
            repl_strategy=repl_strategy))
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

    def _post(self, body: Mapping[str, Any]) -> None:
        self.api.post('/mgmt/datastore-versions', json={'version': body})

    def update(self, datastore_version: str | DatastoreVersion,
               *legacy: object, name: str | None = None,
               image: str | None = None,
               image_tags: str | Iterable[str] | None = None,
               active: bool | None = None, default: bool | None = None,
               packages: str | Iterable[str] | None = None,
               datastore_manager: str | None = None,
               registry_ext: str | None = None,
               repl_strategy: str | None = None,
               **old: object) -> None:
        """Change a datastore version (admin); only given fields are sent,
        checked first by :func:`version_update_body`.

        The changes are keyword arguments: python-troveclient's
        ``update(datastore, version, visibility)`` (three positional
        arguments, or ``datastore=`` and ``visibility=``) changed something
        Trove does not have, and raises NotSupported before anything is
        sent. A new ``name`` with ``default`` is two PATCHes, the rename
        first: Trove makes a version the default by its name, and would
        look up the old one (which another version may share).
        """
        if legacy or old:
            if set(old) - {'datastore', 'visibility'}:
                raise TypeError('update() got an unexpected keyword argument '
                                '%r' % sorted(old)[0])
            raise _no_visibility()
        body = version_update_body(
            name=name, image=image, image_tags=image_tags, active=active,
            default=default, packages=packages,
            datastore_manager=datastore_manager, registry_ext=registry_ext,
            repl_strategy=repl_strategy)

        def patch(version: str | DatastoreVersion) -> None:
            path = '/mgmt/datastore-versions/%s' % base.quote(
                base.getid(version))
            if 'name' in body and 'default' in body and len(body) > 1:
                self.api.patch(path, json={'name': body['name']})
                self.api.patch(path, json={key: value for key, value
                                           in body.items() if key != 'name'})
            else:
                self.api.patch(path, json=body)

        self._act_on(datastore_version, patch)

    def delete(self, datastore_version: str | DatastoreVersion) -> None:
        """Delete a datastore version (admin); a name is looked up as for
        :meth:`get_mgmt`."""
        self._act_on(datastore_version, self._mgmt_path(self.api.delete))


def version_create_body(name: str, datastore_name: str,
                        datastore_manager: str, image: str | None = None,
                        image_tags: str | Iterable[str] | None = None,
                        packages: str | Iterable[str] | None = None,
                        active: bool = True, default: bool = False,
                        version: str | None = None,
                        registry_ext: str | None = None,
                        repl_strategy: str | None = None) -> dict[str, Any]:
    """The body :meth:`DatastoreVersionManager.create` sends, checked;
    nothing is sent. The arguments are those of ``create``.

    :raises ValidationError: an empty or blank name, datastore name or
        datastore manager, version number or image tag
    :raises ArgumentMissing: neither an ``image`` nor ``image_tags``
        (``argument`` None, ``needs`` ``('image', 'image_tags')``)
    """
    body: dict[str, Any] = {
        'name': _filled(name, 'name'),
        'datastore_name': _filled(datastore_name, 'datastore name'),
        'datastore_manager': _filled(datastore_manager,
                                     'datastore manager')}
    tags = _tags(image_tags)
    if not image and not tags:
        raise exceptions.ArgumentMissing(
            'A datastore version needs an image ID or image tags',
            argument=None, needs=('image', 'image_tags'))
    body.update({'active': bool(active), 'default': bool(default),
                 'packages': _listed(packages)})
    if image:
        body['image'] = image
    if tags:
        body['image_tags'] = tags
    if version is not None:
        body['version'] = _filled(version, 'version number')
    for key, value in (('registry_ext', registry_ext),
                       ('repl_strategy', repl_strategy)):
        if value:
            body[key] = value
    return body


#: the keyword arguments of :func:`version_update_body` (and of
#: :meth:`DatastoreVersionManager.update`), in the order of its messages
VERSION_CHANGES = ('name', 'image', 'image_tags', 'active', 'default',
                   'packages', 'datastore_manager', 'registry_ext',
                   'repl_strategy')


def version_update_body(name: str | None = None, image: str | None = None,
                        image_tags: str | Iterable[str] | None = None,
                        active: bool | None = None,
                        default: bool | None = None,
                        packages: str | Iterable[str] | None = None,
                        datastore_manager: str | None = None,
                        registry_ext: str | None = None,
                        repl_strategy: str | None = None) -> dict[str, Any]:
    """The body :meth:`DatastoreVersionManager.update` sends, checked; only
    what is given (not None) goes in, lists as lists (an empty list of
    image tags or packages clears them); nothing is sent.

    :raises ValidationError: a new name or datastore manager that is empty
        or blank, an empty image tag
    :raises ArgumentMissing: nothing to change (``argument`` None,
        ``needs`` :data:`VERSION_CHANGES`)
    """
    changes: dict[str, Any] = {
        'name': name, 'image': image, 'active': active, 'default': default,
        'registry_ext': registry_ext, 'repl_strategy': repl_strategy,
        'datastore_manager': datastore_manager}
    body: dict[str, Any] = {key: value for key, value in changes.items()
                            if value is not None}
    for key, what in (('name', 'name'),
                      ('datastore_manager', 'datastore manager')):
        if key in body:
            body[key] = _filled(body[key], what)
    if image_tags is not None:
        body['image_tags'] = _tags(image_tags)
    if packages is not None:
        body['packages'] = _listed(packages)
    if not body:
        raise exceptions.ArgumentMissing(
            'Nothing to change: give at least one attribute (%s)'
            % ', '.join(VERSION_CHANGES), argument=None,
            needs=VERSION_CHANGES)
    return {key: body[key] for key in VERSION_CHANGES if key in body}


# The names of these body builders before version_create_body and
# version_update_body.
version_body = version_create_body
update_version_body = version_update_body


def _filled(value: object, what: str) -> str:
    """``value`` as text, refused when empty or blank."""
    if value is None or not str(value).strip():
        raise exceptions.ValidationError(
            'The %s of a datastore version must not be empty' % what)
    return str(value)


def _listed(values: str | Iterable[str] | None) -> list[str]:
    """A list of strings: one string given alone is one item."""
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(value) for value in values]


def _tags(tags: str | Iterable[str] | None) -> list[str]:
    """Image tags, each without the spaces around it; an empty one is
    refused (Glance matches tags exactly)."""
    cleaned = [tag.strip() for tag in _listed(tags)]
    if not all(cleaned):
        raise exceptions.ValidationError(
            'Every image tag of a datastore version must be non-empty, '
            'got %s' % base.shown(', '.join(repr(tag) for tag in
                                            _listed(tags))))
    return cleaned


def _no_visibility() -> exceptions.NotSupported:
    return exceptions.NotSupported(
        "update(datastore, version, visibility) was python-troveclient's PUT "
        "/mgmt/datastores/<datastore>/versions/<version>, a route Trove does "
        "not have; nothing was sent. Give the version's ID and keywords: "
        "update(version_id, name=..., image=..., active=..., default=...)")
