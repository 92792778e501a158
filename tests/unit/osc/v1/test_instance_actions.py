"""troveclient_osc.osc.v1.instance_actions: ``openstack database instance
restart``, ``resize``, ``upgrade``, ... on one instance."""

import itertools
from unittest import mock

from troveclient_osc import exceptions
from tests.unit.osc import fakes
from troveclient_osc.osc import progress
from troveclient_osc.osc.v1 import instance_actions as cmds


class TestInstanceActions(fakes.TestDatabaseCommand):
    """Every one-instance action: the call it makes and its --wait."""

    def setUp(self):
        super().setUp()
        self.inst = fakes.instance()
        self.instances.find.return_value = self.inst
        self.listing = [self.inst]
        self.flavor_listing = [fakes.flavor(id=7, str_id='7', name='big')]
        self.versions.find.return_value = fakes.version(id='v-8', name='8.0',
                                                        version='8.0.36')

    # (command, extra arguments, manager method, extra call arguments)
    ACTIONS = (
        (cmds.RestartDatabaseInstance, [], 'restart', ()),
        (cmds.ResizeDatabaseInstanceFlavor, ['big'], 'resize_instance',
         ('7',)),
        (cmds.ResizeDatabaseInstanceVolume, ['5'], 'resize_volume', (5,)),
        # (the version found, which upgrade sends by ID)
        (cmds.UpgradeDatabaseInstance, ['8.0'], 'upgrade',
         (fakes.version(id='v-8'),)),
        (cmds.ResetDatabaseInstanceStatus, [], 'reset_status', ()),
        (cmds.PromoteDatabaseInstance, [], 'promote_to_replica_source', ()),
        (cmds.EjectDatabaseInstance, [], 'eject_replica_source', ()),
        (cmds.DetachDatabaseInstance, [], 'detach_replica', ()),
        (cmds.RebootDatabaseInstance, [], 'reboot', ()),
        (cmds.RebuildDatabaseInstance, ['img-1'], 'rebuild', ('img-1',)),
    )

    @staticmethod
    def targets(cmd):
        """The parsed target of ``db1``."""
        return ('instances', ['db1']) if cmd.many else ('instance', 'db1')

    def test_each_action_finds_the_instance_and_calls_its_method(self):
        for cls, extra, method, args in self.ACTIONS:
            self.instances.reset_mock()
            del self.listed[:]
            cmd = cls(self.app, None)
            parsed = self.parse(cmd, ['db1'] + extra, [self.targets(cmd)])
            # it prints nothing (no columns): only its --dry-run prints
            self.assertEqual(((), ()), cmd.take_action(parsed))
            admin = cls in (cmds.RebootDatabaseInstance,
                            cmds.RebuildDatabaseInstance,
                            cmds.ResetDatabaseInstanceStatus)
            # found by one scan; the administrators' actions find a name
            # in every project (issue 23 item 4: reset status too)
            self.assertEqual([admin], self.listed, cls)
            getattr(self.instances, method).assert_called_once_with(
                self.inst, *args)
            self.instances.wait_for_outcomes.assert_not_called()

    def test_flavor_and_version_are_resolved_by_name(self):
        cmd = cmds.ResizeDatabaseInstanceFlavor(self.app, None)
        cmd.take_action(self.parse(cmd, ['db1', 'big'], [('flavor', 'big')]))
        self.flavors.with_ref.assert_called_once_with('big', mock.ANY)
        self.instances.resize_instance.assert_called_once_with(self.inst, '7')
        cmd = cmds.UpgradeDatabaseInstance(self.app, None)
        cmd.take_action(self.parse(cmd, ['db1', '8.0'],
                                   [('datastore_version', '8.0')]))
        self.versions.find.assert_called_once_with('8.0', datastore='mysql')

    def test_every_waitable_action_waits_until_active_or_settled(self):
        for cls, extra, _method, _args in self.ACTIONS:
            cmd = cls(self.app, None)
            if cmd.waits is None:
                self.assertParseFails(cmd, ['db1'] + extra + ['--wait'])
                continue
            self.use_real_waiter([dict(fakes.INSTANCE, status='RESIZE'),
                                  dict(fakes.INSTANCE, status='ACTIVE')])
            parsed = self.parse(cmd, ['db1'] + extra + ['--wait'],
                                [('wait', True)])
            cmd.take_action(parsed)
            # the one instance the action found, waited for by its ID
            self.assertEqual([[fakes.INSTANCE_ID]], self.waits)

    def test_wait_fails_on_error_with_the_fault_message(self):
        for cls, extra, _method, _args in self.ACTIONS:
            cmd = cls(self.app, None)
            if cmd.waits is None or cls.waits.failures == ():
                continue
            self.use_real_waiter([dict(fakes.INSTANCE, status='ERROR',
                                       fault={'message': 'disk full'})])
            parsed = self.parse(cmd, ['db1'] + extra + ['--wait'],
                                [('wait', True)])
            error = self.assertRaises(exceptions.ResourceFailure,
                                      cmd.take_action, parsed)
            self.assertIn('disk full', str(error))

    def test_reset_status_and_eject_accept_error_as_settled(self):
        for cls in (cmds.ResetDatabaseInstanceStatus,
                    cmds.EjectDatabaseInstance):
            cmd = cls(self.app, None)
            self.use_real_waiter([dict(fakes.INSTANCE, status='EJECT'),
                                  dict(fakes.INSTANCE, status='ERROR')])
            cmd.take_action(self.parse(cmd, ['db1', '--wait'],
                                       [('wait', True)]))

    def test_wait_timeout_exits_with_a_timeout_error(self):
        for cls, extra, _method, _args in self.ACTIONS:
            cmd = cls(self.app, None)
            if cmd.waits is None:
                continue
            clock = self.use_real_waiter(itertools.repeat(
                dict(fakes.INSTANCE, status='RESIZE')))
            parsed = self.parse(cmd, ['db1'] + extra +
                                ['--wait', '--wait-timeout', '3'],
                                [('wait_timeout', 3)])
            error = self.assertRaises(exceptions.WaitTimeout,
                                      cmd.take_action, parsed)
            self.assertEqual(3, clock.now)
            self.assertIn("Only the wait ended: it exists and Trove carries "
                          "on with it; follow it with 'openstack database "
                          "instance show ", str(error))

    def test_bad_sizes_exit_2(self):
        cmd = cmds.ResizeDatabaseInstanceVolume(self.app, None)
        for size in ('0', '-2', 'big', ''):
            self.assertParseFails(cmd, ['db1', size])
        self.assertNoManagerCalls()

    def test_progress_rewrites_one_line_on_a_terminal(self):
        stream = fakes.TTYInput()
        line = progress.Progress(stream, 'Waiting')
        line(fakes.instance(status='RESIZE'), 1.2)
        line(fakes.instance(status='ACTIVE'), 3.9)
        line.done()
        text = stream.getvalue()
        self.assertEqual(2, text.count('\r'))
        self.assertTrue(text.endswith('3s elapsed\x1b[K\n'))
