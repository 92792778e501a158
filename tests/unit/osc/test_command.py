"""troveclient_osc.osc.command, through the real shell in process: usage
errors in one-shot and interactive mode, and the line Ctrl-C or SIGTERM end
a changing command with (issue 23, items 1 and 7)."""

import os
import re
import signal

from tests.unit.osc import fakes
from tests.unit.osc import in_process
from tests.unit.osc.in_process import run_openstack
from troveclient_osc.osc import command

ENDPOINT = in_process.ENDPOINT
CREATE = ('database', 'instance', 'create', 'db1')
DATASTORES = {'datastores': [{'id': fakes.DATASTORE_ID, 'name': 'mysql',
                              'versions': [], 'links': []}]}

# Each usage error a command finds after parsing: (the command line, what
# its error line says). None sent a request.
USAGE_ERRORS = [
    (('database', 'instance', 'set', 'web-01'), 'nothing to change'),
    (CREATE + ('--flavor', '6', '--volume-type', 'ssd'),
     '--volume-type needs --size'),
    (CREATE + ('--flavor', '6', '--replica-count', '2'),
     '--replica-count needs --replica-of'),
    (CREATE + ('--size', '1'),
     '--flavor is required unless --replica-of is given'),
    (CREATE + ('--replica-of', 'db0', '--replica-count', '2', '-f',
               'shell'), '-f shell shows one instance'),
    (CREATE + ('--flavor', '6', '--nic', 'net-id=a', '--nic', 'net-id=b'),
     'Trove attaches an instance to one network'),
    (CREATE + ('--flavor', '6', '--user', 'name=bob'),
     "user bob has no password"),
    (('datastore', 'version', 'create', '5.7', 'mysql', 'mysql'),
     'give an <image-id> or --image-tag'),
    (('datastore', 'version', 'set', '5.7'), 'nothing to change'),
    (('--insecure', '--os-cacert', '/etc/ssl/ca.pem', 'database',
      'flavor', 'list'), '--insecure turns off the certificate check'),
]


class TestUsageErrors(in_process.ShellTestCase):

    def setUp(self):
        super().setUp()
        self.requests.get(ENDPOINT + '/datastores', json=DATASTORES)

    def test_one_shot_exits_2_with_the_usage_and_the_error(self):
        for args, message in USAGE_ERRORS:
            code, out, err = run_openstack(args)
            self.assertEqual(2, code, (args, err))
            self.assertEqual('', out)
            lines = err.splitlines()
            # the program's name is pytest's here
            self.assertRegex(lines[0], r'^usage: \S+ (database|datastore) ')
            self.assertRegex(lines[-1], r'^\S+ [a-z ]+: error: ')
            self.assertIn(message, lines[-1], args)
        self.assertEqual([], self.requests.request_history)

    def test_interactive_mode_says_one_line_and_goes_on(self):
        # printf '<command>\ndatastore list -f value\n' | openstack: the
        # session went on after a mistyped option, not after these.
        for args, message in USAGE_ERRORS:
            if args[0] == '--insecure':
                continue  # a global option: not typed in the session
            before = len(self.requests.request_history)
            line = ' '.join("'%s'" % arg if ' ' in arg else arg
                            for arg in args)
            code, out, err = run_openstack(
                (), stdin=line + '\ndatastore list -f value\n')
            self.assertEqual('%s mysql' % fakes.DATASTORE_ID, out.strip(),
                             (args, err))
            lines = err.splitlines()
            self.assertEqual(1, len(lines), (args, err))
            # the command's name, as interactive mode shows it
            self.assertRegex(lines[0], r'^(database|datastore) [a-z ]+: '
                                       r'error: ')
            self.assertIn(message, lines[0], args)
            self.assertEqual(['GET /v1.0/demo/datastores'],
                             ['%s %s' % (r.method, r.path) for r in
                              self.requests.request_history[before:]])

    def test_interactive_mode_goes_on_after_an_error_of_the_service(self):
        self.requests.get(ENDPOINT + '/instances/detail',
                          json={'instances': []})
        code, out, err = run_openstack(
            (), stdin='database instance show nothing\n'
                      'datastore list -f value\n')
        self.assertEqual('%s mysql' % fakes.DATASTORE_ID, out.strip(), err)
        self.assertIn("No database instance with a name or ID of 'nothing'",
                      err)


def uuid(number):
    return '00000000-0000-4000-8000-%012d' % number


class TestSignals(in_process.ShellTestCase):
    """A signal while a changing command sends its requests: one line that
    says what was requested, what was sent and what is still changing;
    exit 130 for SIGINT, 143 for SIGTERM."""

    def setUp(self):
        super().setUp()
        # A shell starts a background job (``tools/run-tests`` runs the
        # other Pythons' suites that way) with SIGINT ignored, and Python
        # then installs no KeyboardInterrupt handler: give these tests the
        # handler an interactive ``openstack`` has.
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.addCleanup(signal.signal, signal.SIGINT, signal.SIG_IGN)

    def restart(self, signum, count=3, at=2):
        """``restart`` of ``count`` instances by ID, one request at a
        time, with ``signum`` sent to this process while the ``at``-th
        request waits for its answer."""
        seen = []

        def answer(request, context):
            seen.append(request.path)
            if len(seen) == at:
                os.kill(os.getpid(), signum)
            context.status_code = 202
            return ''

        self.requests.post(re.compile(re.escape(ENDPOINT) +
                                      '/instances/.*/action'), text=answer)
        return run_openstack(('database', 'instance', 'restart') +
                             tuple(uuid(n) for n in range(count)) +
                             ('--concurrency', '1'))

    def test_sigint_while_sending_says_what_was_sent(self):
        code, out, err = self.restart(signal.SIGINT)
        self.assertEqual(130, code)
        self.assertEqual('', out)
        self.assertEqual(
            ['Interrupted: restart was requested for 3 instances; 1 not '
             'sent; sent, no answer yet: %s; still changing on the server: '
             '%s' % (uuid(1), uuid(0))], err.splitlines())

    def test_sigterm_while_sending_says_the_same_and_exits_143(self):
        code, out, err = self.restart(signal.SIGTERM)
        self.assertEqual(command.TERMINATED_EXIT, code)
        self.assertEqual(143, code)
        self.assertEqual(
            ['Terminated: restart was requested for 3 instances; 1 not '
             'sent; sent, no answer yet: %s; still changing on the server: '
             '%s' % (uuid(1), uuid(0))], err.splitlines())

    def test_a_signal_at_the_first_request_says_nothing_changes_yet(self):
        code, _out, err = self.restart(signal.SIGTERM, count=1, at=1)
        self.assertEqual(143, code)
        self.assertEqual(
            ['Terminated: restart was requested for 1 instance; sent, no '
             'answer yet: %s; still changing on the server: none'
             % uuid(0)], err.splitlines())

    def test_sigterm_before_anything_is_sent_says_so(self):
        def answer(request, context):
            os.kill(os.getpid(), signal.SIGTERM)
            return {'instances': []}

        self.requests.get(ENDPOINT + '/instances/detail', json=answer)
        code, _out, err = run_openstack(('database', 'instance', 'delete',
                                         'db1', 'db2'))
        self.assertEqual(143, code)
        self.assertEqual(['Terminated: delete was requested for 2 '
                          'instances; nothing was sent'], err.splitlines())
        self.assertEqual([], [r for r in self.requests.request_history
                              if r.method != 'GET'])

    def test_sigterm_in_a_create_wait_names_the_new_instance(self):
        building = {'instance': dict(fakes.INSTANCE, status='BUILD')}
        self.requests.post(ENDPOINT + '/instances', json=building)

        def poll(request, context):
            os.kill(os.getpid(), signal.SIGTERM)
            return building

        self.requests.get(ENDPOINT + '/instances/' + fakes.INSTANCE_ID,
                          json=poll)
        code, out, err = run_openstack(CREATE + ('--flavor', '6', '--wait'))
        self.assertEqual(143, code)
        self.assertEqual('', out)
        self.assertEqual('Terminated: create was requested for 1 instance; '
                         'still changing on the server: %s'
                         % fakes.INSTANCE_ID, err.splitlines()[-1])

    def test_sigterm_handling_ends_with_the_command(self):
        before = signal.getsignal(signal.SIGTERM)
        self.restart(signal.SIGTERM)
        self.assertIs(before, signal.getsignal(signal.SIGTERM))
        self.requests.get(ENDPOINT + '/datastores', json=DATASTORES)
        code, _out, err = run_openstack(('datastore', 'list'))
        self.assertEqual(0, code, err)
        self.assertIs(before, signal.getsignal(signal.SIGTERM))

    def test_a_command_that_changes_nothing_says_nothing(self):
        def answer(request, context):
            os.kill(os.getpid(), signal.SIGINT)
            return DATASTORES

        self.requests.get(ENDPOINT + '/datastores', json=answer)
        code, out, err = run_openstack(('datastore', 'list'))
        self.assertEqual((130, '', ''), (code, out, err))
