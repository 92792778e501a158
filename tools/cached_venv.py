#!/usr/bin/env python3
"""The one helper for the project's cached virtualenvs.

Every script that makes a virtualenv of its own goes through it: the
development ``.venv`` and one per Python of tools/test-pythons
(tools/dev-venv), ``mypy-venv`` (tools/typecheck), ``dist-tools-venv``
(tools/check-dist), ``coexist-venv`` (tests/coexistence/venv.py), the
servers' ``keystone-venv``, ``trove-venv`` and ``trove-<release>-venv``
(tools/local_trove/venvs.py) and the benchmark's ``bench-ours`` and
``bench-theirs`` (benchmarks/trovebench/venvs.py). It owns:

* where they are: :func:`cache_dir`,
  ``${TROVECLIENT_OSC_CACHE:-~/.cache/troveclient-osc}``, unless the
  caller names another place (a checkout's ``.venv``);
* what is installed: a marker file in the virtualenv holds the caller's
  "wanted" text (its pins, requirements, a digest of files, ...), written
  last. A virtualenv is complete when the marker holds that text and its
  Python runs, is the version it was made with (a Python replaced under it
  by another version leaves it without its packages) and, when the caller
  asks for one, that version;
* how it is made: in a temporary directory next to it, renamed into place
  once complete, so that an interrupted install never looks complete and
  a virtualenv in use is replaced at once. A refresh makes it again so,
  unless the caller keeps it and installs in it (``in_place``: the
  development ``.venv``, which may hold the developer's own tools); the
  marker is then written after the install;
* one creator at a time: a lock file in the cache. Two scripts, or a CI
  run and a developer's, that need the same virtualenv at once make it
  once; the second waits, then finds it complete;
* quiet pip: pip's whole output goes to ``<cache>/<key>-install.log``; on
  failure, the error says which pip command failed, with pip's last lines
  and where the log is.

As a module (standard library only, Python 3.10+): :class:`CachedVenv`.
As a command, for the shell scripts (the virtualenv's path on stdout,
messages on stderr, exit 1 with the error)::

    python3 tools/cached_venv.py --cache-dir
    python3 tools/cached_venv.py --find-python 3.10
    python3 tools/cached_venv.py (--cached NAME | --venv DIR) --marker NAME
        [--wanted TEXT] [--wanted-digest FILE ...] [--same-python]
        [--in-place] [--announce TEXT] [--announce-new TEXT]
        -- install ... [-- install ...]

``--cache-dir`` prints :func:`cache_dir`, ``--find-python`` what
:func:`find_python` finds. ``--cached mypy-venv`` is
``<cache>/mypy-venv``. Each ``--`` starts a pip command, run
with the virtualenv's Python in that order; the virtualenv is made with
the Python that runs this script.
"""

import argparse
import contextlib
import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

INSTALL_TIMEOUT = 1800      # seconds for each pip command
SHOWN_LINES = 30            # lines of pip's output in an error


class Failure(Exception):
    """A virtualenv could not be made; the message says why and where the
    whole output is."""


def cache_dir():
    """``${TROVECLIENT_OSC_CACHE:-~/.cache/troveclient-osc}``."""
    cache = os.environ.get('TROVECLIENT_OSC_CACHE')
    return (Path(cache).expanduser() if cache
            else Path.home() / '.cache' / 'troveclient-osc')


def digest(*paths):
    """The SHA-256 of the files' contents one after the other, in hex (what
    ``cat FILES | sha256sum`` prints)."""
    hashed = hashlib.sha256()
    for path in paths:
        hashed.update(Path(path).read_bytes())
    return hashed.hexdigest()


def python_version(python):
    """``'3.11'`` for the interpreter ``python``; None when it does not
    run."""
    try:
        done = subprocess.run(
            [str(python), '-c',
             'import sys; print("%d.%d" % sys.version_info[:2])'],
            capture_output=True, text=True, timeout=60,
            stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def find_python(version):
    """The interpreter of Python ``version`` ('3.10'): ``python3.10`` on
    PATH, else pyenv's (``${PYENV_ROOT:-~/.pyenv}/versions/3.10.*``). A
    pyenv shim is on PATH for every version pyenv has, but runs only the
    versions selected: each candidate is asked for its version.

    :raises Failure: there is none
    """
    root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    candidates = [shutil.which('python%s' % version)] + sorted(glob.glob(
        os.path.join(root, 'versions', '%s.*' % version, 'bin',
                     'python%s' % version)))
    for candidate in candidates:
        if candidate and python_version(candidate) == version:
            return candidate
    raise Failure('Python %s is needed and was not found (python%s on PATH '
                  'or in pyenv under %s/versions)' % (version, version, root))


def _made_with(root):
    """The Python version (``'3.11'``) ``pyvenv.cfg`` says the virtualenv
    at ``root`` was made with (``version``, or ``version_info`` as
    virtualenv and uv write it), or None."""
    try:
        lines = (root / 'pyvenv.cfg').read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition('=')
        if key.strip() in ('version', 'version_info'):
            return '.'.join(value.strip().split('.')[:2])
    return None


def _say_to_stderr(message):
    print(message, file=sys.stderr, flush=True)


class CachedVenv:
    """One cached virtualenv.

    :param path: where it is (see :func:`cache_dir`)
    :param wanted: the text of its marker: what it must hold
    :param steps: the pip commands that fill it, each a list of pip's
        arguments (``['install', '-r', 'requirements.txt']``), or a
        function of the virtualenv's root (a temporary directory while it
        is made) that returns them
    :param marker: the marker's file name in the virtualenv
    :param python: the interpreter to make it with (a path or command, or a
        function returning one, called only to make it); by default the one
        running this code
    :param version: the Python version (``'3.10'``) it must run, if any
    :param in_place: a refresh installs in the existing virtualenv (when its
        Python works) instead of making it again
    :param announce: what to say before installing (``{venv}`` and
        ``{log}`` stand for the virtualenv's path and its install log)
    :param announce_new: what to say first when it is made anew
    :param say: how to say it (by default on stderr)
    :param env: the environment of pip, if not this process's
    :param relocate: directories, relative to the root, whose scripts
        name the root (besides ``bin``)
    :param complete_also: a further check of a complete virtualenv, a
        function of its root
    :param before_install: called, under the lock, before an install;
        returning True means the virtualenv needs none after all
    """

    def __init__(self, path, wanted, steps, marker, python=None,
                 version=None, in_place=False, announce=None,
                 announce_new=None, say=None, env=None, relocate=(),
                 complete_also=None, before_install=None):
        self.path = Path(path)
        self.wanted = wanted.strip()
        self.steps = steps
        self.marker = self.path / marker
        self.base_python = python
        self.version = version
        self.in_place = in_place
        self.say = say or _say_to_stderr
        self.env = env
        self.relocate = tuple(relocate)
        self.complete_also = complete_also
        self.before_install = before_install
        self.python = self.path / 'bin' / 'python'
        cache = cache_dir()
        name = self.path.name
        if self.path.parent.resolve() == cache.resolve():
            key = name[:-len('-venv')] if name.endswith('-venv') else name
        else:
            key = '%s-%s' % (name.strip('.') or 'venv', hashlib.sha256(
                str(self.path.resolve()).encode()).hexdigest()[:8])
        self.log = cache / ('%s-install.log' % key)
        self.lock = cache / ('.%s-install.lock' % key)
        self.announce, self.announce_new = (
            message and message.replace('{venv}', str(self.path)).replace(
                '{log}', str(self.log))
            for message in (announce, announce_new))

    def bin(self, program):
        return self.path / 'bin' / program

    # -- is it complete? -------------------------------------------------

    def _marked(self, root):
        try:
            return (root / self.marker.name).read_text().strip() == \
                self.wanted
        except OSError:
            return False

    def _works(self, root):
        """Its Python runs, as the version it was made with, and as the
        version asked for."""
        running = python_version(root / 'bin' / 'python')
        return (running is not None and
                _made_with(root) in (None, running) and
                self.version in (None, running))

    def is_complete(self):
        return (self._marked(self.path) and self._works(self.path) and
                (self.complete_also is None or
                 self.complete_also(self.path)))

    # -- making it ---------------------------------------------------------

    def ensure(self):
        """Make the virtualenv unless it is complete.

        :returns: the seconds it took, or None when nothing was done
        :raises Failure: a pip command failed or took more than
            :data:`INSTALL_TIMEOUT` seconds
        """
        if self.is_complete():
            return None
        with self._locked():
            if self.is_complete():
                return None
            if self.before_install is not None and self.before_install():
                return None
            started = time.monotonic()
            if self.in_place and self._works(self.path):
                if self.announce:
                    self.say(self.announce)
                with open(self.log, 'w') as log:
                    self._fill(self.path, log)
                self.marker.write_text(self.wanted + '\n')
            else:
                self._make()
            return time.monotonic() - started

    def pip(self, *args):
        """Run pip with these arguments in the virtualenv, as made (its
        output added to the install log).

        :raises Failure: it failed, with pip's last lines
        """
        with self._locked(), open(self.log, 'a') as log:
            self._run([str(self.python), '-m', 'pip',
                       '--disable-pip-version-check', '--no-input'] +
                      [str(arg) for arg in args], log, pip_args=args)

    @contextlib.contextmanager
    def _locked(self):
        self.lock.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock, 'w') as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.say('Waiting for another install into %s to finish...'
                         % self.path)
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _make(self):
        parent = self.path.parent
        parent.mkdir(parents=True, exist_ok=True)
        for stale in (list(parent.glob(self.path.name + '.tmp-*')) +
                      list(parent.glob(self.path.name + '.old-*'))):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = parent / ('%s.tmp-%d' % (self.path.name, os.getpid()))
        for message in (self.announce_new, self.announce):
            if message:
                self.say(message)
        try:
            with open(self.log, 'w') as log:
                python = self.base_python
                if callable(python):
                    python = python()
                self._run([str(python or sys.executable), '-m', 'venv',
                           str(tmp)], log)
                self._fill(tmp, log)
            self._relocate(tmp)
            (tmp / self.marker.name).write_text(self.wanted + '\n')
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        old = None
        if os.path.lexists(self.path):
            old = parent / ('%s.old-%d' % (self.path.name, os.getpid()))
            os.rename(self.path, old)
        os.rename(tmp, self.path)
        if old is not None:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink()

    def _fill(self, root, log):
        steps = self.steps(root) if callable(self.steps) else self.steps
        for step in steps:
            self._run([str(root / 'bin' / 'python'), '-m', 'pip',
                       '--disable-pip-version-check', '--no-input'] +
                      [str(arg) for arg in step], log, pip_args=step)

    def _run(self, argv, log, pip_args=None):
        what = ('pip %s' % ' '.join(str(arg) for arg in pip_args)
                if pip_args is not None else ' '.join(argv))
        log.write('$ %s\n' % ' '.join(argv))
        log.flush()
        try:
            code = subprocess.run(argv, stdout=log, stderr=log,
                                  stdin=subprocess.DEVNULL, env=self.env,
                                  timeout=INSTALL_TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            raise Failure('`%s` into %s took more than %d s; the whole '
                          'output: %s' % (what, self.path, INSTALL_TIMEOUT,
                                          self.log)) from None
        if code != 0:
            log.flush()
            raise Failure('%s\n`%s` into %s failed (exit %d); the whole '
                          'output: %s' % (self._tail(), what, self.path,
                                          code, self.log))

    def _tail(self):
        """pip's last lines, without its warnings about install locations
        (the virtualenv's temporary path)."""
        try:
            lines = self.log.read_text(errors='replace').splitlines()
        except OSError:
            return ''
        lines = [line for line in lines
                 if not line.startswith('WARNING: Location')]
        return '\n'.join(lines[-SHOWN_LINES:])

    def _relocate(self, tmp):
        """A virtualenv's scripts and ``pyvenv.cfg`` name its own path:
        point them at the final place before the rename."""
        old, new = str(tmp).encode(), str(self.path).encode()
        for directory in ('bin',) + self.relocate:
            if not (tmp / directory).is_dir():
                continue
            for path in (tmp / directory).iterdir():
                if path.is_symlink() or not path.is_file():
                    continue
                data = path.read_bytes()
                if old in data and b'\0' not in data[:1024]:
                    path.write_bytes(data.replace(old, new))
        cfg = tmp / 'pyvenv.cfg'
        cfg.write_bytes(cfg.read_bytes().replace(old, new))


# -- the command -------------------------------------------------------------

def _parse(argv):
    head, steps = argv, []
    if '--' in argv:
        at = argv.index('--')
        head, rest = argv[:at], argv[at + 1:]
        steps = [[]]
        for arg in rest:
            if arg == '--':
                steps.append([])
            else:
                steps[-1].append(arg)
    parser = argparse.ArgumentParser(
        prog='cached_venv.py',
        description='Make a cached virtualenv unless it is complete.')
    parser.add_argument('--cache-dir', action='store_true',
                        help='print where the cached virtualenvs are, and '
                        'nothing else')
    parser.add_argument('--find-python', metavar='VERSION',
                        help='print the interpreter of this Python version '
                        '(3.10), and nothing else')
    where = parser.add_mutually_exclusive_group()
    where.add_argument('--venv', type=Path,
                       help='where the virtualenv is')
    where.add_argument('--cached', metavar='NAME',
                       help="the virtualenv's name in the cache")
    parser.add_argument('--marker', default='.troveclient-osc-venv',
                        help="the marker's file name in the virtualenv")
    parser.add_argument('--wanted', default='',
                        help='what the marker says the virtualenv holds')
    parser.add_argument('--wanted-digest', nargs='+', default=[],
                        metavar='FILE',
                        help='add the SHA-256 of these files, one after the '
                        'other, to --wanted')
    parser.add_argument('--same-python', action='store_true',
                        help='the virtualenv must run the version of the '
                        'Python that runs this script')
    parser.add_argument('--in-place', action='store_true',
                        help='refresh the virtualenv by installing in it')
    parser.add_argument('--announce', help='what to say before installing '
                        "({venv}: the virtualenv's path)")
    parser.add_argument('--announce-new',
                        help='what to say first when it is made anew')
    args = parser.parse_args(head)
    if args.cache_dir or args.find_python:
        return args, steps
    if args.venv is None and args.cached is None:
        parser.error('give --venv, --cached or --cache-dir')
    if not steps or not all(steps):
        parser.error('give the pip commands after --, each after its own --')
    return args, steps


def main(argv=None):
    args, steps = _parse(sys.argv[1:] if argv is None else argv)
    if args.cache_dir:
        print(cache_dir())
        return 0
    if args.find_python:
        try:
            print(find_python(args.find_python))
        except Failure as failure:
            _say_to_stderr(str(failure))
            return 1
        return 0
    path = args.venv or cache_dir() / args.cached
    wanted = '\n'.join(
        part for part in (args.wanted, args.wanted_digest and
                          digest(*args.wanted_digest)) if part)
    venv = CachedVenv(
        path, wanted, steps, args.marker, in_place=args.in_place,
        version=('%d.%d' % sys.version_info[:2] if args.same_python
                 else None),
        announce=args.announce, announce_new=args.announce_new)
    try:
        venv.ensure()
    except Failure as failure:
        _say_to_stderr(str(failure))
        return 1
    print(venv.path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
