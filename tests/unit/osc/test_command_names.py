"""How the words typed become a command and its arguments.

cliff matches the words typed, abbreviations allowed, against the names of
as many words first, so ``database instance detach rep`` was taken for the
alias ``database instance detach replica``, without its instance (issue
15, item 2). The words an alias adds to a shorter name of the same command
count only when typed in full.
"""

from cliff import commandmanager
from osc_lib.test import base as osc_base

from tests.unit.osc import in_process

# Where setup.cfg registers the commands (see test_entry_points).
GROUP = 'openstack.extension'


def _manager():
    manager = commandmanager.CommandManager('openstack.cli')
    manager.add_command_group(GROUP)
    return manager


def _aliases(manager):
    """(shorter name, alias) of our commands: the same command under a name
    and under that name with words added (the alias's class is the
    command's, or a deprecated subclass of it)."""
    ours = {name: entry.load() for name, entry in manager.commands.items()
            if entry.value.startswith('troveclient_osc.')}
    pairs = []
    for long_name, cls in ours.items():
        for short_name, other in ours.items():
            if issubclass(cls, other) and \
                    long_name.startswith(short_name + ' '):
                pairs.append((short_name, long_name))
    return sorted(pairs)


def _target(parsed):
    """The one instance parsed, by a command that takes one or several."""
    if hasattr(parsed, 'instances'):
        (target,) = parsed.instances
        return target
    return parsed.instance


class TestCommandNames(osc_base.TestCommand):

    def setUp(self):
        super().setUp()
        if not in_process.ours_win():
            self.skipTest('python-troveclient shadows the database commands')
        self.manager = _manager()
        self.app.command_manager = self.manager

    def resolve(self, *argv):
        """What cliff and the command make of ``openstack <argv>``: the
        command's usage name and its parsed arguments."""
        factory, name, rest = self.manager.find_command(list(argv))
        cmd = factory(self.app, None, cmd_name=name)
        parser = cmd.get_parser('openstack ' + name)
        return parser.prog, parser.parse_args(rest)

    def test_the_aliases_are_the_ones_the_rule_is_for(self):
        self.assertEqual([
            ('database instance detach', 'database instance detach replica'),
            ('database instance eject',
             'database instance eject replica source'),
            ('database instance promote',
             'database instance promote to replica source'),
        ], _aliases(self.manager))

    def test_an_abbreviated_alias_word_is_the_instance(self):
        for short, alias in _aliases(self.manager):
            added = alias[len(short) + 1:].split()[0]
            for name in (added[:3], added[:1]):
                prog, parsed = self.resolve(*(short.split() + [name]))
                self.assertEqual('openstack ' + short, prog)
                self.assertEqual(name, _target(parsed), (short, name))

    def test_an_abbreviated_alias_word_with_options_after_it(self):
        prog, parsed = self.resolve('database', 'instance', 'detach', 'rep',
                                    '--wait')
        self.assertEqual(('rep', True), (_target(parsed), parsed.wait))
        self.assertEqual('openstack database instance detach', prog)

    def test_the_alias_typed_in_full_is_the_alias(self):
        for _short, alias in _aliases(self.manager):
            prog, parsed = self.resolve(*(alias.split() + ['db1']))
            self.assertEqual('openstack ' + alias, prog)
            self.assertEqual('db1', _target(parsed))

    def test_abbreviated_group_words_still_work(self):
        prog, parsed = self.resolve('database', 'inst', 'det', 'rep')
        self.assertEqual(('openstack database inst det', 'rep'),
                         (prog, _target(parsed)))
        _prog, parsed = self.resolve('database', 'inst', 'detach', 'replica',
                                     'db1')
        self.assertEqual('db1', _target(parsed))

    def test_an_instance_named_like_the_alias_word_follows_a_double_dash(self):
        _prog, parsed = self.resolve('database', 'instance', 'detach', '--',
                                     'replica')
        self.assertEqual('replica', _target(parsed))

    def test_an_abbreviation_several_names_share_is_not_refused(self):
        # What doc/source/cli/scripting.rst warns of (issue 23, item 13):
        # cliff takes 'res' for the one three-word name it starts, though
        # 'reset status' and 'resize flavor' start with it too.
        factory, _name, rest = self.manager.find_command(
            ['database', 'instance', 'res', 'x'])
        self.assertEqual(('RestartDatabaseInstance', ['x']),
                         (factory.__name__, rest))


class TestDetachInTheShell(in_process.ShellTestCase):

    def test_detach_rep_detaches_the_instance_named_rep(self):
        ident = 'a4b2f1c0-57a5-4d0a-9f64-0ad7a1c1d2e3'
        listing = in_process.ENDPOINT + '/instances/detail'
        self.requests.get(listing, json={'instances': [
            {'id': ident, 'name': 'rep', 'status': 'ACTIVE',
             'created': '2019-12-23T20:58:35'}]})
        self.requests.patch(in_process.ENDPOINT + '/instances/' + ident,
                            status_code=202)
        code, out, err = in_process.run_openstack(
            ['database', 'instance', 'detach', 'rep'])
        self.assertEqual((0, '', ''), (code, out, err))
        self.assertEqual({'instance': {'replica_of': None}},
                         self.requests.last_request.json())


class TestDeprecatedAliases(in_process.ShellTestCase):
    """The aliases leave ``openstack help`` but keep working, with a
    warning on stderr."""

    IDENT = 'a4b2f1c0-57a5-4d0a-9f64-0ad7a1c1d2e3'

    def setUp(self):
        super().setUp()
        if not in_process.ours_win():
            self.skipTest('python-troveclient shadows the database commands')
        self.requests.get(in_process.ENDPOINT + '/instances/detail',
                          json={'instances': [
                              {'id': self.IDENT, 'name': 'db1',
                               'status': 'ACTIVE',
                               'created': '2019-12-23T20:58:35'}]})
        self.requests.patch(in_process.ENDPOINT + '/instances/' + self.IDENT,
                            status_code=202)
        self.requests.put(in_process.ENDPOINT + '/instances/' + self.IDENT,
                          status_code=202)

    def test_help_lists_the_main_names_not_the_aliases(self):
        code, out, _err = in_process.run_openstack(['help'])
        self.assertEqual(0, code)
        names = {line.split('  ')[1].strip() for line in out.splitlines()
                 if line.startswith('  ') and len(line.split('  ')) > 1}
        for main in ('database instance set', 'database instance detach',
                     'database instance eject', 'database instance promote',
                     'database instance force delete'):
            self.assertIn(main, names)
        for alias in ('database instance update',
                      'database instance detach replica',
                      'database instance eject replica source',
                      'database instance promote to replica source'):
            self.assertNotIn(alias, names)

    def test_instance_update_still_renames_with_a_warning(self):
        code, out, err = in_process.run_openstack(
            ['database', 'instance', 'update', 'db1', '--name', 'db2'])
        self.assertEqual((0, ''), (code, out))
        self.assertIn('`database instance update` is deprecated; use '
                      '`database instance set`', err)
        self.assertEqual({'instance': {'name': 'db2'}},
                         self.requests.last_request.json())

    def test_instance_set_has_no_warning(self):
        code, out, err = in_process.run_openstack(
            ['database', 'instance', 'set', 'db1', '--name', 'db2'])
        self.assertEqual((0, '', ''), (code, out, err))
        self.assertEqual({'instance': {'name': 'db2'}},
                         self.requests.last_request.json())

    def test_detach_replica_in_full_warns(self):
        code, out, err = in_process.run_openstack(
            ['database', 'instance', 'detach', 'replica', 'db1'])
        self.assertEqual((0, ''), (code, out))
        self.assertIn('`database instance detach replica` is deprecated; '
                      'use `database instance detach`', err)
        self.assertEqual({'instance': {'replica_of': None}},
                         self.requests.last_request.json())
