"""The real ``openstack`` shell run in process, for the shell-level tests.

test_shell, test_round_trips and the reliability harness drive
OpenStackClient's ``main`` with requests-mock underneath; this is what they
share.
"""

import contextlib
import io
import logging
from unittest import mock

from cliff import commandmanager
import testtools
from requests_mock.contrib import fixture as rm_fixture

ENDPOINT = 'http://trove.test/v1.0/demo'
NOAUTH = ('--os-auth-type', 'none', '--os-endpoint', ENDPOINT)


def run_openstack(args, stdin='', auth=NOAUTH):
    """``openstack <auth> <args>`` in process: (exit code, stdout, stderr).

    ``stdin`` is a string or a file-like object (one that says it is a
    terminal, for prompts). The caller restores the root logger, which
    OpenStackClient configures (:class:`ShellTestCase` does).
    """
    from openstackclient import shell
    out, err = io.StringIO(), io.StringIO()
    if isinstance(stdin, str):
        stdin = io.StringIO(stdin)
    # The program's name as openstack's; interactive mode (cmd2) would
    # take pytest's arguments for commands.
    argv = ['openstack']
    with mock.patch('sys.stdout', out), mock.patch('sys.stderr', err), \
            mock.patch('sys.stdin', stdin), mock.patch('sys.argv', argv), \
            _config_files_kept():
        try:
            code = shell.main(list(auth) + list(args))
        except SystemExit as exit:
            code = exit.code
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _config_files_kept():
    """Put openstacksdk's lists of config files back after a run.

    openstacksdk 4.13 (what pip resolves on Python 3.10) inserts
    ``OS_CLIENT_CONFIG_FILE`` into its module-level ``CONFIG_FILES`` list
    itself, so in a process that runs many commands the first run's
    clouds.yaml (its auth type, its ``verify: false``) would apply to
    every later run. One ``openstack`` process runs one command.
    """
    from openstack.config import loader
    lists = {name: getattr(loader, name)
             for name in ('CONFIG_FILES', 'SECURE_FILES')
             if isinstance(getattr(loader, name, None), list)}
    saved = {name: list(value) for name, value in lists.items()}
    try:
        yield
    finally:
        for name, value in lists.items():
            value[:] = saved[name]


def ours_win():
    """False when another package's database commands shadow ours (the
    command groups loaded in OpenStackClient's order)."""
    manager = commandmanager.CommandManager('openstack.cli')
    for group in ('openstack.database.v1', 'openstack.common',
                  'openstack.extension'):
        manager.add_command_group(group)
    for words in (['database', 'instance', 'create'],
                  ['database', 'instance', 'delete'],
                  ['database', 'instance', 'restart']):
        factory, _name, _rest = manager.find_command(words)
        if not factory.__module__.startswith('troveclient_osc.'):
            return False
    return True


class ShellTestCase(testtools.TestCase):
    """requests-mock as ``self.requests``; the root logger restored."""

    def setUp(self):
        super().setUp()
        if not ours_win():
            self.skipTest('python-troveclient shadows the database commands')
        self.requests = self.useFixture(rm_fixture.Fixture())
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level

        def restore():
            root.handlers[:] = handlers
            root.setLevel(level)
        self.addCleanup(restore)
