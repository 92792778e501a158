"""troveclient_osc.osc.progress: progress lines and the line a signal ends
a changing command with."""

import io
from unittest import mock

import testtools

from tests.unit.osc import fakes
from troveclient_osc import waiters
from troveclient_osc.osc import progress as common


class TestProgress(testtools.TestCase):

    def test_without_a_terminal_only_changes_are_written(self):
        stream = io.StringIO()
        progress = common.Progress(stream, 'W')

        class Item:
            status = 'BUILD'
            operating_status = ''

        progress(Item, 0)
        progress(Item, 2)
        Item.status = 'ACTIVE'
        progress(Item, 4)
        progress.done()
        self.assertEqual(['W: status BUILD, operating status -, 0s elapsed',
                          'W: status ACTIVE, operating status -, 4s elapsed'],
                         stream.getvalue().splitlines())


class TestManyProgress(testtools.TestCase):

    def tally(self, done, pending, ended=()):
        return waiters.Tally(3, done, 0, pending, list(ended))

    def changes(self, *idents):
        changes = common.Changes('restart', 'instance')
        changes.request(len(idents))
        changes.changing(idents)
        return changes

    def test_a_terminal_gets_one_line_rewritten_in_place(self):
        stream = fakes.TTYInput()
        changes = self.changes('a', 'b', 'c')
        progress = common.ManyProgress(stream, 'ACTIVE', mock.Mock(),
                                       changes)
        progress(self.tally(0, {'a': 'REBOOT', 'b': 'REBOOT',
                                'c': 'BUILD'}), 0.4)
        progress(self.tally(3, {}), 2.2)
        progress.done()
        self.assertEqual('\r0 of 3 ACTIVE, 2 REBOOT, 1 BUILD, 0 failed, '
                         '0 s\x1b[K\r3 of 3 ACTIVE, 0 failed, 2 s\x1b[K\n',
                         stream.getvalue())
        self.assertTrue(changes.line('Interrupted').endswith(
            'still changing on the server: none'))

    def test_elsewhere_a_line_only_when_something_changed(self):
        stream = io.StringIO()
        changes = self.changes('a', 'b')
        progress = common.ManyProgress(stream, 'deleted', mock.Mock(),
                                       changes)
        for elapsed in (0, 2, 4):
            progress(self.tally(0, {'a': 'SHUTDOWN', 'b': 'SHUTDOWN'}),
                     elapsed)
        progress(self.tally(1, {'b': 'SHUTDOWN'}), 6)
        self.assertEqual(['0 of 3 deleted, 2 SHUTDOWN, 0 failed, 0 s',
                          '1 of 3 deleted, 1 SHUTDOWN, 0 failed, 6 s'],
                         stream.getvalue().splitlines())
        self.assertTrue(changes.line('Interrupted').endswith(
            'still changing on the server: b'))
