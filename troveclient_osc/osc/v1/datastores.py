"""``openstack datastore ...``: datastores and their versions."""

import argparse

from osc_lib.command import command
from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc import output
from troveclient_osc.osc.v1 import common


def _default_version(body):
    """The name of the datastore's default version (its ID if it is not
    among the versions listed)."""
    default = body.get('default_version')
    if not default:
        return None
    names = [version.get('name') for version in _versions(body)
             if version.get('id') == default]
    return names[0] if names else default


def _versions(body):
    """The datastore's versions as Trove lists them (its active ones)."""
    versions = body.get('versions')
    if not isinstance(versions, list):
        return []
    return [version for version in versions if isinstance(version, dict)]


def _version_lines(body):
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


def _datastore_id(body):
    # 'datastore' in Trove's view, 'datastore_id' in the management API's
    return body.get('datastore') or body.get('datastore_id')


def _packages(body):
    """The packages as Trove keeps them, a comma-separated text (the
    management API splits it into a list, with [''] for none)."""
    packages = body.get('packages')
    if isinstance(packages, list):
        return ','.join(str(item) for item in packages if item != '')
    return packages


def _tags_listed(body):
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


def version_body(version, datastore=None, listed=False):
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


def _datastore_argument(parser, help_text):
    parser.add_argument('datastore', metavar='<datastore>',
                        type=common.non_empty, help=help_text)


def _version_datastore_option(parser):
    parser.add_argument(
        '--datastore', metavar='<datastore>', type=common.non_empty,
        help=_('Datastore of the version (name or ID); needed to name the '
               'version by name'))


# -- datastores -------------------------------------------------------------

class ListDatastores(output.Lister):
    _description = _('List datastores')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Also show the default version and the versions '
                   '(default: ID and name only)'))
        return parser

    def take_action(self, parsed_args):
        chosen = output.listed(DATASTORE_FIELDS, long=parsed_args.long)
        datastores = common.client(self).datastores.list()
        return (output.headers(chosen),
                output.rows(chosen, (d.to_dict() for d in datastores)))


class ShowDatastore(output.ShowOne):
    _description = _('Show the details of a datastore')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _datastore_argument(parser, _('Datastore to show (name or ID)'))
        return parser

    def take_action(self, parsed_args):
        datastore = common.client(self).datastores.find(parsed_args.datastore)
        return output.record(output.shown(DATASTORE_FIELDS),
                             datastore.to_dict())


class DeleteDatastore(command.Command):
    _description = _('Delete datastores (admin only)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'datastores', metavar='<datastore>', nargs='+',
            type=common.non_empty,
            help=_('Datastores to delete (name or ID)'))
        return parser

    def take_action(self, parsed_args):
        datastores = common.client(self).datastores

        def delete(value):
            datastores.delete(datastores.find(value).id)

        common.delete_many(self, parsed_args.datastores, delete,
                           _('datastore'), _('datastores'))


# -- datastore versions -----------------------------------------------------

class ListDatastoreVersions(output.Lister):
    _description = _('List the versions of a datastore')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _datastore_argument(parser, _('Datastore whose versions to list '
                                      '(name or ID)'))
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Also show whether each version is active and the '
                   'default (default: ID, name and version number only)'))
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)
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

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'datastore_version', metavar='<datastore-version>',
            type=common.non_empty,
            help=_('Datastore version to show (ID, or name with '
                   '--datastore)'))
        _version_datastore_option(parser)
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)
        version = common.find_datastore_version(
            client, parsed_args.datastore_version, parsed_args.datastore)
        # One more GET: the datastore, by the ID the version names, says
        # its name, its default version and its active versions.
        ident = _datastore_id(version.to_dict())
        store = client.datastores.find(ident) if ident else None
        return output.record(output.shown(VERSION_FIELDS),
                             version_body(version, store))


def _image_tag(value):
    """One ``--image-tag``: a non-empty tag, named in the error if not."""
    tag = value.strip()
    if not tag:
        raise common.ArgumentTypeError(
            _('image tag %s must not be empty') % common.shown(value))
    return tag


def _image_tags(value):
    """``tag1,tag2`` as a list of non-empty tags."""
    tags = [tag.strip() for tag in value.split(',')]
    if not all(tags):
        raise common.ArgumentTypeError(
            _('image tags %s must be non-empty and separated by commas')
            % common.shown(value))
    return tags


class _ImageTags(argparse.Action):
    """``--image-tag`` (one each) and the hidden ``--image-tags`` (commas)
    into one list, in the order given."""

    def __call__(self, parser, namespace, values, option_string=None):
        tags = list(getattr(namespace, self.dest, None) or [])
        tags.extend(values if isinstance(values, list) else [values])
        setattr(namespace, self.dest, tags)


def _add_version_options(parser):
    """The options create and set share, with the same meanings."""
    parser.add_argument(
        '--image-tag', metavar='<tag>', dest='image_tags', type=_image_tag,
        action=_ImageTags, default=None,
        help=_('Glance image tag that selects the guest image, e.g. trove '
               '(repeat option to set multiple tags)'))
    # the comma-separated spelling of earlier releases, hidden from help
    parser.add_argument(
        '--image-tags', metavar='<tag1,tag2>', dest='image_tags',
        type=_image_tags, action=_ImageTags, help=argparse.SUPPRESS)
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


def _older_trove_hint(parsed_args, error):
    """A 500 to an option an older Trove does not know says nothing
    (``create`` gets a clear 400): the CommandError that names the
    option, or None when none was given."""
    given = [option for attr, option in _NEWER_OPTIONS
             if getattr(parsed_args, attr) is not None]
    if not given:
        return None
    return osc_exceptions.CommandError(
        _('%(error)s (%(options)s needs Trove 2024.2 or newer; an older '
          'Trove answers it with this error)')
        % {'error': error, 'options': ' or '.join(given)})


class CreateDatastoreVersion(output.ShowOne):
    _description = _('Create a datastore version (admin only)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self._parser = parser
        parser.add_argument(
            'version_name', metavar='<version-name>', type=common.non_empty,
            help=_('Name of the new version'))
        parser.add_argument(
            'datastore_name', metavar='<datastore-name>',
            type=common.non_empty,
            help=_('Datastore of the version, created if it does not exist'))
        parser.add_argument(
            'datastore_manager', metavar='<datastore-manager>',
            type=common.non_empty,
            help=_('Datastore manager, e.g. mysql'))
        parser.add_argument(
            'image_id', metavar='<image-id>', nargs='?', default=None,
            help=_("Glance image ID of the guest; may be '' or left out "
                   'with --image-tag'))
        _add_version_options(parser)
        common.add_paired_flag(
            parser, 'active', '--enable', '--disable',
            _('Make the version usable at once'),
            _('Register the version without enabling it (default)'),
            hidden=[('--active', '--inactive')])
        common.add_paired_flag(
            parser, 'default', '--default', '--non-default',
            _("Make it the datastore's default version"),
            _('Leave the default version as it is (default)'))
        parser.add_argument(
            '--version-number', metavar='<version-number>',
            type=common.non_empty,
            help=_('Version number of the database software (default: the '
                   'version name)'))
        return parser

    def take_action(self, parsed_args):
        if not parsed_args.image_id and not parsed_args.image_tags:
            self._parser.error(_('give an <image-id> or --image-tag'))
        version = common.client(self).datastore_versions.create(
            parsed_args.version_name, parsed_args.datastore_name,
            parsed_args.datastore_manager, image=parsed_args.image_id or None,
            image_tags=parsed_args.image_tags,
            active=bool(parsed_args.active), default=bool(parsed_args.default),
            version=parsed_args.version_number,
            registry_ext=parsed_args.registry_ext,
            repl_strategy=parsed_args.repl_strategy)
        return output.record(output.shown(VERSION_FIELDS),
                             version_body(version))


class SetDatastoreVersion(command.Command):
    _description = _('Set datastore version properties (admin only)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        self._parser = parser
        parser.add_argument(
            'datastore_version', metavar='<datastore-version>',
            type=common.non_empty,
            help=_('Datastore version to change (ID, or name with '
                   '--datastore)'))
        _version_datastore_option(parser)
        parser.add_argument(
            '--version-name', metavar='<version-name>', type=common.non_empty,
            help=_('New name of the version'))
        parser.add_argument(
            '--datastore-manager', metavar='<datastore-manager>',
            type=common.non_empty,
            help=_('New datastore manager'))
        parser.add_argument(
            '--image', metavar='<image-id>',
            help=_('New Glance image ID of the guest'))
        _add_version_options(parser)
        common.add_paired_flag(
            parser, 'active', '--enable', '--disable',
            _('Make the version usable'), _('Stop new use of the version'))
        common.add_paired_flag(
            parser, 'default', '--default', '--non-default',
            _("Make it the datastore's default version"),
            _('Make it no longer the default version'))
        return parser

    def take_action(self, parsed_args):
        changes = dict(
            name=parsed_args.version_name, image=parsed_args.image,
            image_tags=parsed_args.image_tags, active=parsed_args.active,
            default=parsed_args.default,
            datastore_manager=parsed_args.datastore_manager,
            registry_ext=parsed_args.registry_ext,
            repl_strategy=parsed_args.repl_strategy)
        if all(value is None for value in changes.values()):
            self._parser.error(_('nothing to change: give at least one '
                                 'option'))
        from troveclient_osc import exceptions

        client = common.client(self)
        versions = client.datastore_versions
        version = common.find_datastore_version(
            client, parsed_args.datastore_version, parsed_args.datastore)
        try:
            # A rename with --default is two requests, the rename first:
            # the library decides (DatastoreVersionManager.update).
            versions.update(version.id, **changes)
        except exceptions.InternalServerError as error:
            hint = _older_trove_hint(parsed_args, error)
            if hint is None:
                raise
            raise hint from error


class DeleteDatastoreVersion(command.Command):
    _description = _('Delete datastore versions (admin only)')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            'datastore_versions', metavar='<datastore-version>', nargs='+',
            type=common.non_empty,
            help=_('Datastore versions to delete (IDs, or names with '
                   '--datastore)'))
        _version_datastore_option(parser)
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)

        def delete(value):
            client.datastore_versions.delete(common.find_datastore_version(
                client, value, parsed_args.datastore).id)

        common.delete_many(self, parsed_args.datastore_versions, delete,
                           _('datastore version'), _('datastore versions'))
