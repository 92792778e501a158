"""setup.cfg's entry points load, and every command's help follows the style.

Style (the developer guide): an imperative description without a trailing
period; dashed option names only; ``<kebab-case>`` metavars; every option
and positional has a help text without a trailing period; a default that
is not "nothing" is stated in the help, and so is which of a create
command's on/off pair holds when neither is given.
"""

import argparse
import configparser
import os
import re
from importlib import metadata

from osc_lib.command import command as osc_command
from osc_lib.test import base as osc_base

from troveclient_osc import plugin

SETUP_CFG = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                         'setup.cfg')
# OpenStackClient loads openstack.extension after the API groups, so these
# commands replace python-troveclient's openstack.database.v1 ones.
GROUP = 'openstack.extension'
API_GROUP = 'openstack.database.v1'
OPTION = re.compile(r'^--[a-z0-9]+(-[a-z0-9]+)*$')
METAVAR = re.compile(r'^<[a-z0-9][^A-Z_\s]*>$')

# python-troveclient's command names that must keep working.
OLD_NAMES = (
    'database_instance_update', 'database_instance_force_delete',
    'database_instance_reset_status', 'database_instance_resize_flavor',
    'database_instance_resize_volume', 'database_instance_restart',
    'database_instance_upgrade',
    'database_instance_promote_to_replica_source',
    'database_instance_eject_replica_source',
    'database_instance_detach_replica', 'database_instance_reboot',
    'database_instance_rebuild')


def _declared():
    parser = configparser.ConfigParser()
    parser.read(SETUP_CFG)
    section = parser['entry_points']
    result = {}
    for group in ('openstack.cli.extension', GROUP):
        for line in section[group].strip().splitlines():
            name, _sep, value = line.partition('=')
            result[(group, name.strip())] = value.strip()
    return result


def _installed(group):
    return {ep.name: ep for ep in metadata.entry_points(group=group)
            if ep.value.startswith('troveclient_osc')}


class TestEntryPoints(osc_base.TestCommand):

    def test_installed_entry_points_match_setup_cfg(self):
        declared = _declared()
        installed = {(group, name): ep.value
                     for group in ('openstack.cli.extension', GROUP)
                     for name, ep in _installed(group).items()}
        self.assertEqual(declared, installed,
                         're-run pip install -e . after editing setup.cfg')

    def test_no_command_is_in_the_api_group(self):
        # In openstack.database.v1, which of python-troveclient's and these
        # same-named commands wins would depend on the discovery order.
        parser = configparser.ConfigParser()
        parser.read(SETUP_CFG)
        self.assertNotIn(API_GROUP, parser['entry_points'])
        self.assertEqual({}, _installed(API_GROUP))

    def test_the_plugin_entry_point_is_the_plugin_module(self):
        ep = _installed('openstack.cli.extension')['database']
        self.assertIs(plugin, ep.load())
        for hook in ('API_NAME', 'API_VERSION_OPTION', 'API_VERSIONS',
                     'make_client', 'build_option_parser'):
            self.assertTrue(hasattr(plugin, hook), hook)

    def test_every_command_loads_and_old_names_are_kept(self):
        commands = _installed(GROUP)
        for name in OLD_NAMES:
            self.assertIn(name, commands)
        for name, ep in commands.items():
            cls = ep.load()
            self.assertTrue(issubclass(cls, osc_command.Command), name)
        # an alias is a deprecated subclass of the command it names again
        for alias, main in (
                ('database_instance_update', 'database_instance_set'),
                ('database_instance_detach_replica',
                 'database_instance_detach'),
                ('database_instance_eject_replica_source',
                 'database_instance_eject'),
                ('database_instance_promote_to_replica_source',
                 'database_instance_promote')):
            alias_cls = commands[alias].load()
            main_cls = commands[main].load()
            self.assertTrue(issubclass(alias_cls, main_cls), alias)
            self.assertTrue(alias_cls.deprecated, alias)
            self.assertFalse(main_cls.deprecated, main)

    def test_every_command_help_follows_the_style(self):
        problems = []
        for name, ep in sorted(_installed(GROUP).items()):
            cls = ep.load()
            cmd = cls(self.app, None)
            prog = 'openstack ' + name.replace('_', ' ')
            description = cmd.get_description()
            if not description or description.endswith('.') or \
                    not description[0].isupper():
                problems.append('%s: description %r' % (name, description))
            base = _cliff_base(cls)
            base_dests = {a.dest for a in base.get_parser(cmd, prog)._actions}
            parser = cmd.get_parser(prog)
            parser.format_help()
            for action in parser._actions:
                if action.dest in base_dests:
                    continue
                # python-troveclient's spellings are kept hidden, as they
                # were (--include_clustered): only the ones shown must be
                # kebab-case
                hidden = action.help == argparse.SUPPRESS
                for option in action.option_strings:
                    if not OPTION.match(option) and not hidden:
                        problems.append('%s: option %s' % (name, option))
                if action.metavar is not None and \
                        not METAVAR.match(action.metavar):
                    problems.append('%s: metavar %s' % (name,
                                                        action.metavar))
                if not action.option_strings and action.metavar is None:
                    problems.append('%s: positional %s has no metavar'
                                    % (name, action.dest))
                if not action.help or action.help.rstrip().endswith('.'):
                    problems.append('%s: help of %s: %r'
                                    % (name, action.dest, action.help))
        self.assertEqual([], problems)

    def test_every_default_is_stated(self):
        problems = []
        for name, ep in sorted(_installed(GROUP).items()):
            cls = ep.load()
            cmd = cls(self.app, None)
            prog = 'openstack ' + name.replace('_', ' ')
            base = _cliff_base(cls)
            base_dests = {a.dest for a in base.get_parser(cmd, prog)._actions}
            parser = cmd.get_parser(prog)
            pairs = {}
            for action in parser._actions:
                if action.dest in base_dests:
                    continue
                default = action.default
                if default not in (None, False, [], argparse.SUPPRESS) and \
                        '(default: %s)' % default not in (action.help or ''):
                    problems.append('%s: %s does not say (default: %s)'
                                    % (name, action.option_strings[0],
                                       default))
                if isinstance(action, argparse._StoreConstAction) and \
                        action.option_strings:
                    pairs.setdefault(action.dest, []).append(action)
            if not name.endswith('_create'):
                continue
            for actions in pairs.values():
                said = [a.option_strings[0] for a in actions
                        if '(default)' in (a.help or '')]
                if len(actions) > 1 and len(said) != 1:
                    problems.append('%s: one of %s must say (default), not %s'
                                    % (name, [a.option_strings[0]
                                              for a in actions], said))
        self.assertEqual([], problems)

    # What Trove's default policy (or the management API) keeps for
    # administrators: the command, and its option where only that option
    # needs admin. Each says "(admin only)" (issue 15, item 13).
    ADMIN_ONLY = (
        ('database_instance_reset_status', None),
        ('database_instance_force_delete', None),
        ('database_instance_delete', '--force'),
        ('database_instance_reboot', None),
        ('database_instance_rebuild', None),
        ('database_instance_list', '--all-projects'),
        ('database_instance_list', '--project'),
        ('datastore_delete', None),
        ('datastore_version_create', None),
        ('datastore_version_set', None),
        ('datastore_version_delete', None),
    )

    def test_what_needs_an_administrator_says_admin_only(self):
        commands = _installed(GROUP)
        problems = []
        for name, option in self.ADMIN_ONLY:
            cmd = commands[name].load()(self.app, None)
            if option is None:
                text = cmd.get_description()
            else:
                parser = cmd.get_parser('openstack ' + name.replace('_', ' '))
                [text] = [action.help for action in parser._actions
                          if option in action.option_strings]
            if 'admin only' not in text:
                problems.append('%s %s: %r' % (name, option or '', text))
        self.assertEqual([], problems)


def _cliff_base(cls):
    """The osc-lib/cliff class whose parser holds only generic options."""
    for klass in cls.__mro__:
        if klass.__module__.startswith(('osc_lib.', 'cliff.')):
            return klass
    raise AssertionError('%s is not a cliff command' % cls)
