"""What the matrix tests share: the shell runner, fake time, the U checks.

:func:`openstack` runs the real ``openstack`` shell in process (through
``tests.unit.osc.in_process.run_openstack``) with a hermetic environment,
the library's sleeps and clocks replaced, and ``--log-file`` captured, and
returns a :class:`Result` with everything a row asserts on: exit code,
stdout, stderr, the log file, the HTTP calls, the sleeps and the time.

:func:`expect_error` and :func:`expect_usage_error` are the assertions
U1-U5 of the matrix, applied the same way to every failing case.
"""

import contextlib
import io
import logging
import os
import tempfile
import time
from unittest import mock

from troveclient_osc import http
from troveclient_osc import waiters

from tests.unit import fakes
from tests.unit.osc import in_process

ENDPOINT = in_process.ENDPOINT
NOAUTH = in_process.NOAUTH
SECRET = 'Zq9Sekr1tPw'
# The longest error line a user should have to read (U2).
MAX_LINE = 300
# Real seconds any one run may take: the shell's start-up, plus at most a
# few seconds of deadline in the socket tests; a run that hangs fails.
MAX_WALL = 15
# Loggers whose levels OpenStackClient changes and that are put back.
_TOUCHED_LOGGERS = ('', 'requests', 'cliff', 'stevedore', 'iso8601',
                    'keystoneauth', 'urllib3')


class Result:
    """What one ``openstack`` run did."""

    def __init__(self, code, out, err, log, calls, sleeps, elapsed, wall):
        self.code = code
        self.out = out
        self.err = err
        self.log = log
        #: the requests the mock (or nothing, for socket tests) received
        self.calls = calls
        #: what the library slept, in seconds (fake time)
        self.sleeps = sleeps
        #: seconds that passed on the library's clock
        self.elapsed = elapsed
        #: seconds of real time the run took
        self.wall = wall

    @property
    def err_lines(self):
        return [line for line in self.err.splitlines() if line.strip()]

    def count(self, secret):
        """Occurrences of ``secret`` in stdout, stderr and the log file."""
        return sum(text.count(secret) for text in (self.out, self.err,
                                                   self.log))

    def methods(self):
        return [call.method for call in self.calls]

    def __repr__(self):
        return ('Result(code=%r, calls=%r, sleeps=%r, err=%r)'
                % (self.code, [(c.method, c.url) for c in self.calls],
                   self.sleeps, self.err[-2000:]))


class FakeTime:
    """The library's sleeps and clocks, faked for one run.

    With ``real_clock`` the deadlines run on the real monotonic clock (for
    real sockets) and only the retry and poll sleeps are recorded.
    """

    def __init__(self, real_clock=False):
        self.clock = fakes.FakeClock()
        self.real_clock = real_clock

    def now(self):
        return time.monotonic() if self.real_clock else self.clock()

    @property
    def sleeps(self):
        return self.clock.sleeps

    @contextlib.contextmanager
    def installed(self):
        clock = time.monotonic if self.real_clock else self.clock
        real_http = http.HTTPClient.__init__
        real_waiter = waiters.Waiter.__init__

        def http_init(obj, *args, **kwargs):
            kwargs['sleep'] = self.clock.sleep
            kwargs['clock'] = clock
            real_http(obj, *args, **kwargs)

        def waiter_init(obj, *args, **kwargs):
            kwargs['sleep'] = self.clock.sleep
            kwargs['clock'] = clock
            real_waiter(obj, *args, **kwargs)

        with mock.patch.object(http.HTTPClient, '__init__', http_init), \
                mock.patch.object(waiters.Waiter, '__init__', waiter_init):
            yield self


@contextlib.contextmanager
def _logging_restored():
    """Put back what OpenStackClient's logging set-up changes."""
    root = logging.getLogger()
    handlers = list(root.handlers)
    levels = {name: logging.getLogger(name).level
              for name in _TOUCHED_LOGGERS}
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers[:] = handlers
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _forget_clients():
    """Drop the API clients OpenStackClient keeps for the whole process.

    ``ClientCache`` stores the first client it builds on the class, so in a
    process that runs many commands every later command would reuse the
    first one's session, endpoint and timeouts. One ``openstack`` process
    runs one command; so does each run here.
    """
    from openstackclient.common import clientmanager
    for cls in clientmanager.ClientManager.__mro__:
        for value in vars(cls).values():
            if hasattr(value, '_handle') and hasattr(value, 'factory'):
                value._handle = None


def _environment(env, config_dir):
    """os.environ without the developer's OS_* settings, plus ``env``."""
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith('OS_')}
    clean['OS_CLIENT_CONFIG_FILE'] = os.path.join(config_dir,
                                                  'no-clouds.yaml')
    clean.update(env or {})
    return clean


def openstack(mocker, *args, stdin='', auth=NOAUTH, env=None,
              fake_time=None, log_file=True):
    """Run ``openstack <auth> [--log-file f] <args>``; return a Result.

    :param mocker: the requests_mock Mocker whose history is the calls, or
        None (socket tests count on their servers)
    :param env: extra environment variables (the developer's OS_* ones are
        removed first)
    :param fake_time: a :class:`FakeTime`; a fresh fake one by default
    """
    fake_time = fake_time or FakeTime()
    before = len(mocker.request_history) if mocker is not None else 0
    with tempfile.TemporaryDirectory() as tmp:
        log_path = os.path.join(tmp, 'openstack.log')
        argv = (['--log-file', log_path] if log_file else []) + list(args)
        started, wall = fake_time.now(), time.monotonic()
        _forget_clients()
        with _logging_restored(), fake_time.installed(), \
                mock.patch.dict(os.environ, _environment(env, tmp),
                                clear=True):
            try:
                code, out, err = in_process.run_openstack(
                    argv, stdin=stdin, auth=auth)
            finally:
                _forget_clients()
        wall = time.monotonic() - wall
        elapsed = fake_time.now() - started
        log = ''
        if os.path.exists(log_path):
            with open(log_path, encoding='utf-8') as stream:
                log = stream.read()
    calls = (list(mocker.request_history[before:])
             if mocker is not None else [])
    return Result(code, out, err, log, calls, list(fake_time.sleeps),
                  elapsed, wall)


def is_retry_warning(line):
    return 'Retrying in' in line


def expect_error(result, code=1, calls=None, status=None, request_id=None,
                 text=None, retries=0, notices=(), secrets=(SECRET,)):
    """U1-U5 for a command that fails: returns the one error line.

    :param calls: the exact number of HTTP calls (U5)
    :param status: the HTTP status the line must name (U3)
    :param request_id: the request ID the line must name (U3)
    :param text: a piece of text the line must contain
    :param retries: how many ``Retrying in`` warning lines come first
    :param notices: texts of other expected stderr lines (``--wait``
        progress, warnings); each must be found, and is set aside
    """
    assert result.code == code, result                          # U1
    assert 'Traceback' not in result.err, result                # U2
    lines = result.err_lines
    warnings = [line for line in lines if is_retry_warning(line)]
    assert len(warnings) == retries, result
    others = [line for line in lines if not is_retry_warning(line)]
    for notice in notices:
        found = [line for line in others if notice in line]
        assert found, (notice, result)
        others = [line for line in others if notice not in line]
    assert len(others) == 1, result                             # U2
    line = others[0]
    assert len(line) <= MAX_LINE, line
    if status is not None:                                      # U3
        assert '(HTTP %d)' % status in line, line
    if request_id is not None:
        assert '(Request-ID: %s)' % request_id in line, line
    if text is not None:
        assert text in line, line
    for secret in secrets:                                      # U4
        assert result.count(secret) == 0, result
    if calls is not None:                                       # U5
        assert len(result.calls) == calls, result
    assert result.wall <= MAX_WALL, result
    return line


def expect_usage_error(result, text=None, secrets=(SECRET,)):
    """An argument error: exit 2, the reason last on stderr, no call."""
    assert result.code == 2, result
    assert 'Traceback' not in result.err, result
    lines = result.err_lines
    assert lines, result
    line = lines[-1]
    assert len(line) <= MAX_LINE, line
    assert 'error:' in line, line
    if text is not None:
        assert text in line, line
    for secret in secrets:
        assert result.count(secret) == 0, result
    assert result.calls == [], result
    assert result.wall <= MAX_WALL, result
    return line


def tty_stdin(text=''):
    """A stdin that says it is a terminal."""
    stream = io.StringIO(text)
    stream.isatty = lambda: True
    return stream
