"""Control characters are escaped in every human-readable format, in one
place (issue 23 item 9).

A project's user names an instance ``x<ESC>[2J<ESC>]0;t<BEL>``; an
administrator lists every project's instances. In a table, ``-f value``,
``-f shell`` and ``-f csv`` the name reaches the terminal as text
(``x\\x1b[2J\\x1b]0;t\\x07``), in ``-f json`` and ``-f yaml`` exactly as
Trove has it. The line breaks the output puts there itself (a multi-line
table cell, python-troveclient's ``versions (id)``) stay.
"""

import json

from osc_lib.cli import format_columns
import testtools

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack
from troveclient_osc.osc import output
from troveclient_osc.osc.v1 import datastores as ds_cmds
from troveclient_osc.osc.v1 import flavors as flavor_cmds
from troveclient_osc.osc.v1 import instances as instance_cmds

ENDPOINT = in_process.ENDPOINT
ID = fakes.INSTANCE_ID
NASTY = 'x\x1b[2J\x1b]0;t\x07'
SHOWN = 'x\\x1b[2J\\x1b]0;t\\x07'
RAW = ('\x1b', '\x07')


class TestEscaped(testtools.TestCase):

    def test_text_gets_its_control_characters_escaped(self):
        self.assertEqual(SHOWN, output.escaped(NASTY))
        self.assertEqual('a\\nb\\rc\\td', output.escaped('a\nb\rc\td'))
        # an invisible right-to-left override, which reorders what follows
        self.assertEqual('abc\\u202edef', output.escaped('abc\u202edef'))

    def test_printable_text_and_other_values_are_left_as_they_are(self):
        for value in ('données 1', '', 1, 0.5, True, None):
            self.assertIs(value, output.escaped(value))

    def test_lists_and_mappings_are_escaped_inside(self):
        column = format_columns.DictColumn({NASTY: [NASTY]})
        shown = output.escaped(column)
        # a table cell: the escaped contents
        self.assertEqual(format_columns.DictColumn(
            {SHOWN: [SHOWN]}).human_readable(), shown.human_readable())
        # -f value/shell/csv print str() of the value, escaped by repr
        self.assertEqual(str({NASTY: [NASTY]}),
                         str(shown.machine_readable()))
        for char in RAW:
            self.assertNotIn(char, shown.human_readable())
            self.assertNotIn(char, str(shown.machine_readable()))
        clean = format_columns.ListColumn(['a', 'b'])
        self.assertIs(clean, output.escaped(clean))

    def test_lines_keep_their_line_breaks(self):
        lines = output.Lines(['a (1)', NASTY + ' (2)'])
        self.assertEqual('a (1)\n%s (2)' % SHOWN,
                         output.escaped(lines).human_readable())

    def test_only_json_and_yaml_are_exact(self):
        for name in ('table', 'value', 'shell', 'csv', None):
            self.assertTrue(output.human(_Args(name)), name)
        for name in ('json', 'yaml'):
            self.assertFalse(output.human(_Args(name)), name)

    def test_every_command_that_prints_escapes(self):
        # The one place: every Lister and ShowOne of the plugin prints
        # through output's.
        import inspect
        from osc_lib.command import command
        for module in (instance_cmds, ds_cmds, flavor_cmds):
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, command.Lister):
                    self.assertTrue(issubclass(cls, output.Lister), cls)
                if issubclass(cls, command.ShowOne):
                    self.assertTrue(issubclass(cls, output.ShowOne), cls)


class _Args:

    def __init__(self, formatter):
        self.formatter = formatter


class TestEscapedOutput(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        body = dict(fakes.INSTANCE, name=NASTY,
                    fault={'message': 'failed: ' + NASTY,
                           'created': 'c', 'details': 'line 1\nline 2'},
                    addresses=[{'address': '10.0.0.1', 'type': NASTY}])
        for path in ('/instances', '/instances/detail'):
            self.requests.get(ENDPOINT + path, json={'instances': [body]})
        self.requests.get(ENDPOINT + '/instances/' + ID,
                          json={'instance': body})

    def run_ok(self, *args):
        code, out, err = run_openstack(args)
        self.assertEqual(0, code, err)
        return out

    def test_human_readable_formats_escape(self):
        for args in (('list',), ('list', '-f', 'value'),
                     ('list', '-f', 'csv'), ('show', ID),
                     ('show', ID, '-f', 'value'), ('show', ID, '-f', 'shell'),
                     ('list', '--long', '-c', 'Fault')):
            out = self.run_ok('database', 'instance', *args)
            for char in RAW:
                self.assertNotIn(char, out, args)
            # csv doubles the backslash (its escape character)
            self.assertRegex(out, r'x\\{1,2}x1b\[2J', args)

    def test_value_output_stays_one_line_per_value(self):
        out = self.run_ok('database', 'instance', 'show', ID, '-f', 'value',
                          '-c', 'name', '-c', 'fault_details')
        self.assertEqual(SHOWN + '\nline 1\\nline 2\n', out)

    def test_json_and_yaml_are_exact(self):
        shown = json.loads(self.run_ok('database', 'instance', 'show', ID,
                                       '-f', 'json'))
        self.assertEqual(NASTY, shown['name'])
        self.assertEqual([{'address': '10.0.0.1', 'type': NASTY}],
                         shown['addresses'])
        listed = json.loads(self.run_ok('database', 'instance', 'list',
                                        '-f', 'json'))
        self.assertEqual(NASTY, listed[0]['Name'])
        out = self.run_ok('database', 'instance', 'show', ID, '-f', 'yaml',
                          '-c', 'name')
        self.assertIn('\\e[2J', out)  # YAML's own escape of ESC, exact

    def test_a_datastore_shows_its_version_lines_escaped_one_by_one(self):
        store = dict(fakes.DATASTORE, versions=[
            {'id': 'v1', 'name': NASTY}, {'id': 'v2', 'name': '8.0'}])
        self.requests.get(ENDPOINT + '/datastores/mysql',
                          json={'datastore': store})
        out = self.run_ok('datastore', 'show', 'mysql', '-f', 'value',
                          '-c', 'versions (id)')
        self.assertEqual('%s (v1)\n8.0 (v2)\n' % SHOWN, out)
