"""``openstack datastore ...``: datastores and their versions."""

import argparse

from osc_lib.command import command
from osc_lib import exceptions as osc_exceptions

from troveclient_osc.i18n import _
from troveclient_osc.osc.v1 import common

# Every field a datastore can be shown with: (attribute, list header[,
# kind]); see common.LIST and the others.
DATASTORE_FIELDS = (
    ('id', 'ID'),
    ('name', 'Name'),
    ('default_version', 'Default Version'),
    ('default_version_id', 'Default Version ID'),
    ('versions', 'Versions', common.LIST_OF_DICTS),
)
DATASTORE_LIST_ATTRS = ('id', 'name')
DATASTORE_LONG_ATTRS = ('id', 'name', 'default_version', 'versions')

# Every field a datastore version can be shown with, by show and create
# alike.
VERSION_FIELDS = (
    ('id', 'ID'),
    ('name', 'Name'),
    ('version', 'Version'),
    ('datastore_id', 'Datastore ID'),
    ('datastore_name', 'Datastore'),
    ('active', 'Active'),
    ('default', 'Default'),
    ('datastore_manager', 'Datastore Manager'),
    ('image', 'Image'),
    ('image_tags', 'Image Tags', common.LIST),
    ('packages', 'Packages', common.LIST),
    ('registry_ext', 'Registry Extension'),
    ('repl_strategy', 'Replication Strategy'),
)
VERSION_LIST_ATTRS = ('id', 'name')
VERSION_LONG_ATTRS = ('id', 'name', 'version', 'active', 'default')


def datastore_view(datastore):
    """A datastore's display values; ``default_version`` is its name."""
    data = datastore.to_dict()
    result = {key: data[key] for key in ('id', 'name') if key in data}
    versions = data.get('versions')
    if isinstance(versions, list):
        result['versions'] = common.strip_links(versions)
    default = data.get('default_version')
    if default:
        result['default_version_id'] = default
        names = [v.get('name') for v in versions or ()
                 if isinstance(v, dict) and v.get('id') == default]
        result['default_version'] = names[0] if names else default
    return result


def version_view(version, default_id=None, listed=False):
    """A datastore version's display values.

    ``default_id``, the datastore's default version, fills ``default`` when
    the API did not say (only the admin API does). ``listed``: the version
    comes from the datastore's version list, which Trove shows to
    non-admins with active versions only and without the ``active`` field.
    The lists are lists whichever API gave them: the management API splits
    an empty value into ``['']``, the admin's version show gives the
    packages as one comma-separated string.
    """
    data = version.to_dict()
    result = {key: data[key] for key in (
        'id', 'name', 'version', 'datastore_name', 'active', 'default',
        'datastore_manager', 'image', 'registry_ext', 'repl_strategy')
        if key in data}
    store = data.get('datastore_id') or data.get('datastore')
    if store:
        result['datastore_id'] = store
    for key in ('image_tags', 'packages'):
        items = data.get(key)
        if isinstance(items, str):
            items = items.split(',')
        if isinstance(items, list):
            result[key] = [item for item in items if item != '']
    if 'active' not in result and listed:
        result['active'] = True
    if 'default' not in result and default_id is not None:
        result['default'] = data.get('id') == default_id
    return result


def _datastore_argument(parser, help_text):
    parser.add_argument('datastore', metavar='<datastore>',
                        type=common.non_empty, help=help_text)


def _version_datastore_option(parser):
    parser.add_argument(
        '--datastore', metavar='<datastore>', type=common.non_empty,
        help=_('Datastore of the version (name or ID); needed to name the '
               'version by name'))


# -- datastores -------------------------------------------------------------

class ListDatastores(command.Lister):
    _description = _('List datastores')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Also show the default version and the versions '
                   '(default: ID and name only)'))
        return parser

    def take_action(self, parsed_args):
        attrs = (DATASTORE_LONG_ATTRS if parsed_args.long
                 else DATASTORE_LIST_ATTRS)
        datastores = common.client(self).datastores.list()
        return (common.labels(DATASTORE_FIELDS, attrs),
                common.rows(DATASTORE_FIELDS,
                            (datastore_view(d) for d in datastores), attrs))


class ShowDatastore(command.ShowOne):
    _description = _('Show the details of a datastore')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _datastore_argument(parser, _('Datastore to show (name or ID)'))
        return parser

    def take_action(self, parsed_args):
        datastore = common.client(self).datastores.find(parsed_args.datastore)
        return common.record(DATASTORE_FIELDS, datastore_view(datastore))


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

class ListDatastoreVersions(command.Lister):
    _description = _('List the versions of a datastore')

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        _datastore_argument(parser, _('Datastore whose versions to list '
                                      '(name or ID)'))
        parser.add_argument(
            '--long', action='store_true', default=False,
            help=_('Also show the version number and whether each version '
                   'is active and the default (default: ID and name only)'))
        return parser

    def take_action(self, parsed_args):
        client = common.client(self)
        default_id = None
        attrs: tuple[str, ...] = VERSION_LIST_ATTRS
        if parsed_args.long:
            attrs = VERSION_LONG_ATTRS
            store = client.datastores.find(parsed_args.datastore)
            # '' when the datastore has no default: then none is the default
            default_id = store.to_dict().get('default_version') or ''
            datastore = store.id
        else:
            datastore = parsed_args.datastore
        versions = client.datastore_versions.list(datastore)
        return (common.labels(VERSION_FIELDS, attrs),
                common.rows(VERSION_FIELDS,
                            (version_view(v, default_id, listed=True)
                             for v in versions), attrs))


class ShowDatastoreVersion(command.ShowOne):
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
        version = common.find_datastore_version(
            common.client(self), parsed_args.datastore_version,
            parsed_args.datastore)
        return common.record(VERSION_FIELDS, version_view(version))


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


class CreateDatastoreVersion(command.ShowOne):
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
        return common.record(VERSION_FIELDS, version_view(version))


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
            if changes['name'] is not None and \
                    changes['default'] is not None:
                # Trove renames first, then looks the version up by its
                # old name to change the default: a 400 with the rename
                # done. Rename last.
                name = changes.pop('name')
                versions.update(version.id, **changes)
                versions.update(version.id, name=name)
            else:
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
