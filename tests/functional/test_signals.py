"""Ctrl-C (SIGINT) and SIGTERM, sent to a real ``openstack`` process while
a changing command runs: one line on stderr says what was requested, what
was sent and what is still changing; the exit code is 130 for SIGINT and
143 for SIGTERM (issue 23, item 7).
"""

import os
import signal
import subprocess
import time

import pytest

from tests.functional import utils


@pytest.fixture
def holding():
    server = utils.Holding()
    yield server
    server.close()


def start(cloud, *args, env=None):
    """``openstack <args>`` started, not waited for."""
    full_env = dict(cloud.env)
    full_env.update(env or {})
    return subprocess.Popen([str(utils.OPENSTACK)] + [str(a) for a in args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=full_env,
                            preexec_fn=interruptible)


def interruptible():
    """In the child: SIGINT as an interactive shell leaves it. Started
    from a background job, the tests would pass SIGINT ignored on, and
    Ctrl-C would do nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def until(check, what, timeout=utils.CLI_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, 'no %s in %ss' % (what, timeout)
        time.sleep(0.05)


def finish(proc, signum):
    """Send ``signum``; the exit code, stdout and stderr's lines."""
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=utils.CLI_TIMEOUT)
    return proc.returncode, out, err.splitlines()


def ids(count):
    return ['00000000-0000-4000-8000-%012d' % n for n in range(count)]


@pytest.mark.parametrize('signum, code, how', [
    (signal.SIGINT, 130, 'Interrupted'),
    (signal.SIGTERM, 143, 'Terminated'),
], ids=['SIGINT', 'SIGTERM'])
def test_a_signal_while_requests_are_sent_says_which(cloud, holding, signum,
                                                     code, how):
    # The database endpoint holds the first restart: nothing answered yet,
    # two not sent.
    targets = ids(3)
    proc = start(cloud, 'database', 'instance', 'restart', *targets,
                 '--concurrency', '1',
                 env={'OS_DATABASE_ENDPOINT_OVERRIDE': holding.url})
    until(lambda: holding.requests, 'request')
    returncode, out, lines = finish(proc, signum)

    assert (returncode, out) == (code, '')
    assert holding.requests == [
        b'POST /v1.0/held/instances/%s/action HTTP/1.1'
        % targets[0].encode()]
    assert lines == ['%s: restart was requested for 3 instances; 2 not '
                     'sent; sent, no answer yet: %s; still changing on the '
                     'server: none' % (how, targets[0])]


@pytest.mark.parametrize('signum, code', [(signal.SIGINT, 130),
                                          (signal.SIGTERM, 143)],
                         ids=['SIGINT', 'SIGTERM'])
def test_a_signal_ends_the_command_though_requests_hang(cloud, holding,
                                                        signum, code):
    # Three restarts side by side (threads), held by the endpoint, with a
    # request timeout longer than the test waits: Python would wait for
    # the threads' answers before it exits.
    targets = ids(3)
    proc = start(cloud, 'database', 'instance', 'restart', *targets,
                 env={'OS_DATABASE_ENDPOINT_OVERRIDE': holding.url,
                      'OS_API_TIMEOUT': str(utils.CLI_TIMEOUT * 10)})
    until(lambda: len(holding.requests) == 3, 'requests')
    returncode, out, lines = finish(proc, signum)

    assert (returncode, out) == (code, '')
    (line,) = lines
    assert line.endswith('; still changing on the server: none')
    assert sorted(line.split('sent, no answer yet: ')[1].split(';')[0]
                  .split(', ')) == targets


def test_sigterm_in_a_create_wait_names_the_new_instance(cloud):
    # The ID was only in a progress line, and the process ended by the
    # signal (-15).
    proc = start(cloud, 'database', 'instance', 'create', 'held',
                 '--flavor', '1', '--size', '1', '--datastore', 'mysql',
                 '--datastore-version', '5.7', '--wait')
    until(lambda: cloud.names(), 'instance')
    (instance,) = cloud.client.instances.list_all()
    # The first poll comes right after the create: the wait is under way
    # when its progress line is.
    time.sleep(0.5)
    returncode, out, lines = finish(proc, signal.SIGTERM)

    assert (returncode, out) == (143, '')
    assert lines[-1] == ('Terminated: create was requested for 1 instance; '
                         'still changing on the server: %s' % instance.id)
    assert all(line.startswith('Waiting for ') for line in lines[:-1])


def test_sigint_in_a_wait_on_many_says_what_is_still_changing(cloud):
    made = cloud.wait_active(cloud.create_instances(2, 'int'))
    proc = start(cloud, 'database', 'instance', 'restart',
                 *[inst.id for inst in made], '--wait')
    # The restarts are sent when the first progress line is written.
    until(lambda: all(cloud.get(inst.id)['status'] != 'ACTIVE'
                      for inst in made) or proc.poll() is not None,
          'restart')
    returncode, out, lines = finish(proc, signal.SIGINT)
    if returncode == 0:
        pytest.skip('the restarts ended before the signal')

    assert (returncode, out) == (130, '')
    prefix = ('Interrupted: restart was requested for 2 instances; still '
              'changing on the server: ')
    assert lines[-1].startswith(prefix), lines
    still = lines[-1][len(prefix):].split(', ')
    assert set(still) <= {inst.id for inst in made} or still == ['none']


def test_sigterm_before_a_request_says_nothing_was_sent(cloud, tmp_path):
    # The passwords come from a named pipe that stays empty: the command
    # waits there, signed in, before its request.
    fifo = tmp_path / 'passwords'
    os.mkfifo(fifo)
    proc = start(cloud, 'database', 'instance', 'create', 'never',
                 '--flavor', '1', '--size', '1', '--user', 'name=bob',
                 '--password-file', fifo)
    writers = []

    def reading():
        # A writer can open the pipe once the command opened it to read.
        writers.append(_open_for_writing(fifo))
        return writers[-1] is not None

    try:
        until(reading, 'read of the passwords')
        returncode, out, lines = finish(proc, signal.SIGTERM)
    finally:
        for writer in writers:
            if writer is not None:
                os.close(writer)

    assert (returncode, out) == (143, '')
    assert lines == ['Terminated: create was requested for 1 instance; '
                     'nothing was sent']
    assert cloud.names() == []


def _open_for_writing(fifo):
    """A descriptor writing to ``fifo``, or None while nobody reads it."""
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return None
