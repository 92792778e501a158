"""``openstack datastore ...``: datastores and their versions, the fields
they are shown with, and the lookup of a version the commands share
(:func:`find_version`)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc import arguments
from troveclient_osc.osc import many
from troveclient_osc.osc import output


def _default_version(body: Mapping[str, Any]) -> Any:
    """The name of the datastore's default version (its ID if it is not
    among the versions listed)."""
    default = body.get('default_version')
    if not default:
        return None
    names = [version.get('name') for version in _versions(body)
             if version.get('id') == default]
    return names[0] if names else default


def _versions(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The datastore's versions as Trove lists them (its active ones)."""
    versions = body.get('versions')
    if not isinstance(versions, list):
        return []
    return [version for version in versions if isinstance(version, dict)]


def _version_lines(body: Mapping[str, Any]) -> list[str] | None:
    """python-troveclient's ``versions (id)``: ``<name> (<id>)`` a line."""
    if not isinstance(body.get('versions'), list):
        return None
    return ['%s (%s)' % (version.get('name'), version.get('id'))
            for version in _versions(body)]


_F = output.Field
_LISTED = (output.LIST, output.SHOW)
_LONG = (output.LONG, output.SHOW)

# Every field a datastore is shown with, in the order of show.
DATASTORE_FIELDS = output.fields(
    _F('id', 'ID', shows=_LISTED),
    _F('name', 'Name', shows=_LISTED),
    _F('default_version', 'Default Version', _default_version, shows=_LONG),
    _F('default_version_id', 'Default Version ID', 'default_version'),
    _F('versions (id)', 'Versions (ID)', _version_lines, output.LINES_KIND),
    _F('versions', 'Versions', lambda body: output.strip_links(
        body.get('versions')), output.LIST_OF_DICTS_KIND, shows=_LONG),
)


def _datastore_id(body: Mapping[str, Any]) -> Any:
    # 'datastore' in Trove's view, 'datastore_id' in the management API's
    return body.get('datastore') or body.get('datastore_id')


def _packages(body: Mapping[str, Any]) -> Any:
    """The packages as Trove keeps them, a comma-separated text (the
    management API splits it into a list, with [''] for none)."""
    packages = body.get('packages')
    if isinstance(packages, list):
        return ','.join(str(item) for item in packages if item != '')
    return packages


def _tags_listed(body: Mapping[str, Any]) -> list[Any] | None:
    tags = body.get('image_tags')
    if isinstance(tags, str):
        tags = tags.split(',')
    if not isinstance(tags, list):
        return None
    return [tag for tag in tags if tag != '']


# Every field a datastore version is shown with, by show and create
# alike, in the order of show.
VERSION_FIELDS = output.fields(
    _F('id', 'ID', shows=_LISTED),
    _F('name', 'Name', shows=_LISTED),
    _F('version', 'Version', shows=_LISTED),
    _F('datastore', 'Datastore', _datastore_id),
    _F('datastore_id', 'Datastore ID', _datastore_id),
    _F('datastore_name', 'Datastore Name'),
    _F('active', 'Active', shows=_LONG),
    _F('default', 'Default', shows=_LONG),
    _F('datastore_manager', 'Datastore Manager'),
    _F('image', 'Image'),
    _F('image_tags', 'Image Tags', _tags_listed, output.LIST_KIND),
    _F('packages', 'Packages', _packages),
    _F('registry_ext', 'Registry Extension'),
    _F('repl_strategy', 'Replication Strategy'),
)


def version_body(version: Any, datastore: Any = None,
                 listed: bool = False) -> dict[str, Any]:
    """A datastore version's body, with what the client knows besides.

    ``datastore``, the version's datastore as Trove shows it (its active
    versions and its default), fills in what the API did not say (only
    the administrator's API says ``default`` and ``datastore_name``, and
    only to an administrator ``active``): the datastore's name and ID,
    whether the version is the default, and whether it is active.
    ``listed``: the version comes from the datastore's version list,
    which Trove shows to non-admins with active versions only.
    """
    body = dict(version.to_dict())
    if datastore is not None:
        store = datastore.to_dict()
        body.setdefault('datastore_name', store.get('name'))
        if not _datastore_id(body):
            body['datastore_id'] = store.get('id')
        if 'default' not in body:
            body['default'] = bool(body.get('id')) and \
                body.get('id') == store.get('default_version')
        if 'active' not in body and not listed:
            body['active'] = body.get('id') in {
                item.get('id') for item in _versions(store)}
    if 'active' not in body and listed:
        body['active'] = True
    return body


def find_version(client: Any, value: str, datastore: str | None = None,
                 given: str | None = None) -> Any:
    """The datastore version ``value`` (name or ID) of ``datastore``.

    ``given`` is the datastore as the user gave it, for the messages, when
    ``datastore`` is its ID found from that.

    The library's lookup, with the two refusals worded for the commands
    that call it: a name without ``datastore`` names ``--datastore``, and
    Trove's answer for a name several versions share
    (``trove_messages.is_shared_version_name``) asks for the ID, since
    none of these commands has a version number option.
    """
    from troveclient_osc import exceptions

    try:
        return client.datastore_versions.find(value, datastore=datastore)
    except exceptions.ValidationError:
        if datastore is not None:
            raise
        raise osc_exceptions.CommandError(
            _('Datastore version %s is not an ID: give --datastore to look '
              'it up by name') % arguments.shown(value)) from None
    except exceptions.BadRequest as error:
        from troveclient_osc import trove_messages

        if not trove_messages.is_shared_version_name(error.message):
            raise
        import shlex
        from troveclient_osc import base

        raise osc_exceptions.CommandError(
            _("Datastore %(datastore)s has several versions named "
              "%(version)s: give the ID of the one you mean (see "
              "'openstack datastore version list %(argument)s --long')")
            % {'datastore': arguments.shown(given or datastore),
               'version': arguments.shown(value),
               'argument': shlex.quote(base.shown(given or datastore))}
        ) from None


def _datastore_argument(parser: argparse.ArgumentParser,
                        help_text: str) -> None:
    parser.add_argument('datastore', metavar='<datastore>',
                        type=arguments.non_empty, help=help_text)


def _version_datastore_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        '--datastore', metavar='<datastore>', type=arguments.non_empty,
        help=_('Datastore of the version (name or ID); needed to name the '
               'version by name'))


# -- datastores -------------------------------------------------------------

class ListDatastores(output.Lister):
    _description = _('List datastores')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Also show the default version and the versions '
                   '(default: ID and name only)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace
                    ) -> tuple[tuple[str, ...], Any]:
        chosen = output.listed(DATASTORE_FIELDS, long=parsed_args.long)
        datastores = self.client.datastores.list()
        return (output.headers(chosen),
                output.rows(chosen, (d.to_dict() for d in datastores)))


class ShowDatastore(output.ShowOne):
    _description = _('Show the details of a datastore')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        _datastore_argument(parser, _('Datastore to show (name or ID)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        datastore = self.client.datastores.find(parsed_args.datastore)
        return output.record(output.shown(DATASTORE_FIELDS),
                             datastore.to_dict())


class DeleteDatastore(output.Changer):
    _description = _('Delete datastores (admin only)')
    verb = _('delete')
    what = _('datastore')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        arguments.add_targets(parser, _('Datastores to delete (name or ID)'),
                              dest='datastores', metavar='<datastore>')
        return parser

    def requested(self, parsed_args: argparse.Namespace) -> int:
        return len(dict.fromkeys(parsed_args.datastores))

    def act(self, parsed_args: argparse.Namespace) -> None:
        datastores = self.client.datastores

        def delete(value: str) -> None:
            datastores.delete(datastores.find(value).id)

        many.run(self, parsed_args, parsed_args.datastores,
                 many.OneByOne(delete, _('datastore')), str(self.verb))


# -- datastore versions -----------------------------------------------------

class ListDatastoreVersions(output.Lister):
    _description = _('List the versions of a datastore')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        _datastore_argument(parser, _('Datastore whose versions to list '
                                      '(name or ID)'))
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Also show whether each version is active and the '
                   'default (default: ID, name and version number only)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        client = self.client
        store = None
        datastore = parsed_args.datastore
        if parsed_args.long:
            # the datastore says which version is its default
            store = client.datastores.find(parsed_args.datastore)
            datastore = store.id
        chosen = output.listed(VERSION_FIELDS, long=parsed_args.long)
        versions = client.datastore_versions.list(datastore)
        return (output.headers(chosen),
                output.rows(chosen, (version_body(v, store, listed=True)
                                     for v in versions)))


class ShowDatastoreVersion(output.ShowOne):
    _description = _('Show the details of a datastore version')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'datastore_version', metavar='<datastore-version>',
            type=arguments.non_empty,
            help=_('Datastore version to show (ID, or name with '
                   '--datastore)'))
        _version_datastore_option(parser)
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        client = self.client
        version = find_version(
            client, parsed_args.datastore_version, parsed_args.datastore)
        # One more GET: the datastore, by the ID the version names, says
        # its name, its default version and its active versions.
        ident = _datastore_id(version.to_dict())
        store = client.datastores.find(ident) if ident else None
        return output.record(output.shown(VERSION_FIELDS),
                             version_body(version, store))


def _comma_separated(value: str) -> list[str]:
    """The hidden ``--image-tags tag1,tag2``: a list of tags (the library
    checks them, as it does those of ``--image-tag``)."""
    return value.split(',')


class _ImageTags(argparse.Action):
    """``--image-tag`` (one each) and the hidden ``--image-tags`` (commas)
    into one list, in the order given."""

    def __call__(self, parser: argparse.ArgumentParser,
                 namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        tags = list(getattr(namespace, self.dest, None) or [])
        tags.extend(values if isinstance(values, list) else [values])
        setattr(namespace, self.dest, tags)


def _add_version_options(parser: argparse.ArgumentParser) -> None:
    """The options create and set share, with the same meanings."""
    parser.add_argument(
        '--image-tag', metavar='<tag>', dest='image_tags',
        action=_ImageTags, default=None,
        help=_('Glance image tag that selects the guest image, e.g. trove '
               '(repeat option to set multiple tags)'))
    # the comma-separated spelling of earlier releases, hidden from help
    parser.add_argument(
        '--image-tags', metavar='<tag1,tag2>', dest='image_tags',
        type=_comma_separated, action=_ImageTags, help=argparse.SUPPRESS)
    parser.add_argument(
        '--registry-ext', metavar='<registry-ext>',
        help=_('Custom datastore manager class for this version (Trove '
               '2024.2 or newer)'))
    parser.add_argument(
        '--repl-strategy', metavar='<repl-strategy>',
        help=_('Custom replication strategy class for this version (Trove '
               '2024.2 or newer)'))


# The options only Trove 2024.2 (22.0.0) or newer knows, by attribute.
_NEWER_OPTIONS = (('registry_ext', '--registry-ext'),
                  ('repl_strategy', '--repl-strategy'))


def _older_trove_hint(parsed_args: argparse.Namespace,
                      error: Exception) -> Exception | None:
    """A 500 to an option an older Trove does not know says nothing
    (``create`` gets a clear 400): the CommandError that names the
    option, or None when none was given."""
    given = [option for attr, option in _NEWER_OPTIONS
             if getattr(parsed_args, attr) is not None]
    if not given:
        return None
    hint: Exception = osc_exceptions.CommandError(
        _('%(error)s (%(options)s needs Trove 2024.2 or newer; an older '
          'Trove answers it with this error)')
        % {'error': error, 'options': ' or '.join(given)})
    return hint


class CreateDatastoreVersion(output.ShowOne):
    _description = _('Create a datastore version (admin only)')
    verb = _('create')
    what = _('datastore version')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'version_name', metavar='<version-name>', type=arguments.non_empty,
            help=_('Name of the new version'))
        parser.add_argument(
            'datastore_name', metavar='<datastore-name>',
            type=arguments.non_empty,
            help=_('Datastore of the version, created if it does not exist'))
        parser.add_argument(
            'datastore_manager', metavar='<datastore-manager>',
            type=arguments.non_empty,
            help=_('Datastore manager, e.g. mysql'))
        parser.add_argument(
            'image_id', metavar='<image-id>', nargs='?', default=None,
            help=_("Glance image ID of the guest; may be '' or left out "
                   'with --image-tag'))
        _add_version_options(parser)
        arguments.add_paired_flag(
            parser, 'active', '--enable', '--disable',
            _('Make the version usable at once'),
            _('Register the version without enabling it (default)'),
            hidden=[('--active', '--inactive')])
        arguments.add_paired_flag(
            parser, 'default', '--default', '--non-default',
            _("Make it the datastore's default version"),
            _('Leave the default version as it is (default)'))
        parser.add_argument(
            '--version-number', metavar='<version-number>',
            type=arguments.non_empty,
            help=_('Version number of the database software (default: the '
                   'version name)'))
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> Any:
        args = (parsed_args.version_name, parsed_args.datastore_name,
                parsed_args.datastore_manager)
        options = dict(
            image=parsed_args.image_id or None,
            image_tags=parsed_args.image_tags,
            active=bool(parsed_args.active),
            default=bool(parsed_args.default),
            version=parsed_args.version_number,
            registry_ext=parsed_args.registry_ext,
            repl_strategy=parsed_args.repl_strategy)
        # The library checks the request first: nothing is sent for a bad
        # one, and the error names the options.
        from troveclient_osc.v1 import datastores as v1_datastores
        with arguments.argument_checks(_VERSION_OPTIONS,
                                       missing=_('give an %s')):
            v1_datastores.version_create_body(*args, **options)
        versions = self.client.datastore_versions
        with self.sending(parsed_args.version_name, lasting=False):
            version = versions.create(*args, **options)
        return output.record(output.shown(VERSION_FIELDS),
                             version_body(version))


# The option of each keyword argument of the library's datastore version
# body builders (version_create_body, version_update_body).
_VERSION_OPTIONS = {
    'name': '--version-name', 'image': '<image-id>',
    'image_tags': '--image-tag', 'active': '--enable/--disable',
    'default': '--default/--non-default',
    'datastore_manager': '--datastore-manager',
    'registry_ext': '--registry-ext', 'repl_strategy': '--repl-strategy',
    'version': '--version-number'}


class SetDatastoreVersion(output.Changer):
    _description = _('Set datastore version properties (admin only)')
    verb = _('set')
    what = _('datastore version')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'datastore_version', metavar='<datastore-version>',
            type=arguments.non_empty,
            help=_('Datastore version to change (ID, or name with '
                   '--datastore)'))
        _version_datastore_option(parser)
        parser.add_argument(
            '--version-name', metavar='<version-name>',
            type=arguments.non_empty,
            help=_('New name of the version'))
        parser.add_argument(
            '--datastore-manager', metavar='<datastore-manager>',
            type=arguments.non_empty,
            help=_('New datastore manager'))
        parser.add_argument(
            '--image', metavar='<image-id>',
            help=_('New Glance image ID of the guest'))
        _add_version_options(parser)
        arguments.add_paired_flag(
            parser, 'active', '--enable', '--disable',
            _('Make the version usable'), _('Stop new use of the version'))
        arguments.add_paired_flag(
            parser, 'default', '--default', '--non-default',
            _("Make it the datastore's default version"),
            _('Make it no longer the default version'))
        return parser

    def act(self, parsed_args: argparse.Namespace) -> None:
        changes = dict(
            name=parsed_args.version_name, image=parsed_args.image,
            image_tags=parsed_args.image_tags, active=parsed_args.active,
            default=parsed_args.default,
            datastore_manager=parsed_args.datastore_manager,
            registry_ext=parsed_args.registry_ext,
            repl_strategy=parsed_args.repl_strategy)
        # The library checks the change before the version is looked up.
        from troveclient_osc import exceptions
        from troveclient_osc.v1 import datastores as v1_datastores
        with arguments.argument_checks(dict(_VERSION_OPTIONS,
                                            image='--image')):
            v1_datastores.version_update_body(**changes)
        client = self.client
        versions = client.datastore_versions
        version = find_version(
            client, parsed_args.datastore_version, parsed_args.datastore)
        with self.sending(version.id, parsed_args.datastore_version,
                          lasting=False):
            try:
                # A rename with --default is two requests, the rename
                # first: the library decides
                # (DatastoreVersionManager.update).
                versions.update(version.id, **changes)
            except exceptions.InternalServerError as error:
                hint = _older_trove_hint(parsed_args, error)
                if hint is None:
                    raise
                raise hint from error


class DeleteDatastoreVersion(output.Changer):
    _description = _('Delete datastore versions (admin only)')
    verb = _('delete')
    what = _('datastore version')

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        arguments.add_targets(parser, _('Datastore versions to delete (IDs, '
                                        'or names with --datastore)'),
                              dest='datastore_versions',
                              metavar='<datastore-version>')
        _version_datastore_option(parser)
        return parser

    def requested(self, parsed_args: argparse.Namespace) -> int:
        return len(dict.fromkeys(parsed_args.datastore_versions))

    def act(self, parsed_args: argparse.Namespace) -> None:
        client = self.client

        def delete(value: str) -> None:
            client.datastore_versions.delete(find_version(
                client, value, parsed_args.datastore).id)

        many.run(self, parsed_args, parsed_args.datastore_versions,
                 many.OneByOne(delete, _('datastore version')),
                 str(self.verb))
