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


class TestChanges(testtools.TestCase):
    """The line a signal ends a changing command with: what was requested,
    what was sent, what is still changing."""

    def changes(self, count=3):
        changes = common.Changes('restart', 'instance')
        changes.request(count)
        return changes

    def test_nothing_sent(self):
        self.assertEqual('Interrupted: restart was requested for 3 '
                         'instances; nothing was sent',
                         self.changes().line('Interrupted'))

    def test_some_sent_some_answered(self):
        changes = self.changes()
        changes.sending('a')
        changes.answered('a')
        changes.sending('b')
        self.assertEqual('Terminated: restart was requested for 3 '
                         'instances; 1 not sent; sent, no answer yet: b; '
                         'still changing on the server: a',
                         changes.line('Terminated'))

    def test_everything_answered_is_the_line_of_a_wait(self):
        changes = self.changes(2)
        for label in ('a', 'b'):
            changes.sending(label)
            changes.answered(label)
        changes.settled('a')
        self.assertEqual('Interrupted: restart was requested for 2 '
                         'instances; still changing on the server: b',
                         changes.line('Interrupted'))

    def test_refused_and_quick_requests_are_not_changing(self):
        changes = common.Changes('delete', 'datastore')
        changes.request(2)
        with changes.sent('d1', lasting=False):
            pass
        self.assertRaises(ValueError, self._refused, changes)
        self.assertEqual('Interrupted: delete was requested for 2 '
                         'datastores; still changing on the server: none',
                         changes.line('Interrupted'))

    @staticmethod
    def _refused(changes):
        with changes.sent('d2'):
            raise ValueError('refused')

    def test_a_create_is_named_until_its_id_is_known(self):
        changes = common.Changes('create', 'instance')
        changes.request(1)
        changes.sending('db1')
        self.assertIn('sent, no answer yet: db1', changes.line('X'))
        changes.answered('db1', ident='id-1')
        self.assertEqual('X: create was requested for 1 instance; still '
                         'changing on the server: id-1', changes.line('X'))

    def test_changing_puts_them_in_the_targets_order(self):
        changes = self.changes(2)
        for label in ('b', 'a'):
            changes.sending(label)
            changes.answered(label)
        changes.changing(['a', 'b'])
        self.assertTrue(changes.line('X').endswith('server: a, b'))

    def test_requests_without_an_answer_in_other_threads_are_known(self):
        import threading

        changes = self.changes(2)
        changes.sending('main')
        self.assertFalse(changes.unanswered_elsewhere())
        worker = threading.Thread(target=changes.sending, args=('pool',))
        worker.start()
        worker.join()
        self.assertTrue(changes.unanswered_elsewhere())
        changes.answered('pool')
        self.assertFalse(changes.unanswered_elsewhere())
