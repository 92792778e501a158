"""The servers' virtualenvs, cached outside the repository.

Each is installed into a temporary directory, which is renamed into place
only when the install is complete, with a marker naming its pins (and its
Python and constraints, if any): an interrupted install never looks
complete, and a new pin reinstalls.
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time

from local_trove.settings import Failure
from local_trove.settings import file_lock
from local_trove.settings import say

INSTALL_TIMEOUT = 1800      # seconds for pip install
MARKER = '.local-trove-requirement'


def find_python(version):
    """The interpreter of Python ``version`` ('3.10'): ``python3.10`` on
    PATH, else pyenv's. (A pyenv shim is on PATH for every version pyenv
    has but runs only the versions selected: each candidate is asked.)"""
    root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    candidates = [shutil.which('python%s' % version)] + sorted(glob.glob(
        os.path.join(root, 'versions', '%s.*' % version, 'bin',
                     'python%s' % version)))
    for candidate in candidates:
        if not candidate:
            continue
        try:
            said = subprocess.run(
                [candidate, '-c', 'import sys; print("%d.%d" % '
                 'sys.version_info[:2])'], capture_output=True, text=True,
                timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if said == version:
            return candidate
    raise Failure('Python %s is needed and was not found (python%s on PATH '
                  'or in pyenv under %s/versions)' % (version, version, root))


class Venv:
    """One cached virtualenv: ``<cache>/<name>-venv`` holding ``pins``,
    made with ``python`` (by default the one we run with) and installed
    with the pip constraints file ``constraints`` if given."""

    def __init__(self, cfg, name, pins, about, python=None,
                 constraints=None):
        self.cache = cfg.cache
        self.name = name
        self.pins = tuple(pins)
        self.about = about            # "about a minute"
        self.base_python = python
        self.constraints = constraints
        self.path = cfg.cache / ('%s-venv' % name)
        self.python = self.path / 'bin' / 'python'
        self.marker = self.path / MARKER
        self.log = cfg.cache / ('%s-install.log' % name)

    def bin(self, program):
        return self.path / 'bin' / program

    @property
    def wanted(self):
        lines = list(self.pins)
        if self.base_python:
            lines.append('python %s' % self.base_python)
        if self.constraints:
            lines.append('constraints %s' % hashlib.sha256(
                self.constraints.read_bytes()).hexdigest())
        return '\n'.join(lines)

    def is_complete(self):
        try:
            return (self.marker.read_text().strip() == self.wanted and
                    self.python.exists())
        except OSError:
            return False

    def ensure(self):
        if self.is_complete():
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        with file_lock(self.cache / ('.%s-install.lock' % self.name),
                       'install'):
            if self.is_complete():
                return
            if self.marker.exists():
                say('The %s virtualenv %s has other pins or is broken: '
                    'reinstalling.' % (self.name, self.path))
            elif self._adopt():
                return
            self._install()

    def _adopt(self):
        """A virtualenv without our marker (a manual ``pip install`` of the
        same pins) is used if it holds exactly the pins and ``pip check``
        passes."""
        if not self.python.exists():
            return False
        pins = [pin.partition('==')[::2] for pin in self.pins
                if '==' in pin]
        check = ('import importlib.metadata as m, sys; '
                 'sys.exit(any(m.version(n) != v for n, v in %r))' % pins)
        try:
            ok = subprocess.run([str(self.python), '-c', check],
                                capture_output=True,
                                timeout=60).returncode == 0
            ok = ok and subprocess.run(
                [str(self.python), '-m', 'pip', 'check'],
                capture_output=True, timeout=120).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False
        if ok:
            self.marker.write_text(self.wanted + '\n')
            say('Using the existing %s virtualenv %s.' % (self.name,
                                                          self.path))
        return ok

    def _install(self):
        for stale in self.cache.glob('%s-venv.tmp-*' % self.name):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = self.cache / ('%s-venv.tmp-%d' % (self.name, os.getpid()))
        python = (find_python(self.base_python) if self.base_python
                  else sys.executable)
        constraints = (['-c', str(self.constraints)] if self.constraints
                       else [])
        say('Installing %s into %s (%s; log: %s)...'
            % (' '.join(self.pins), self.path, self.about, self.log))
        started = time.monotonic()
        try:
            with open(self.log, 'w') as log:
                for argv in ([python, '-m', 'venv', str(tmp)],
                             [str(tmp / 'bin' / 'python'), '-m', 'pip',
                              'install', '--disable-pip-version-check']
                             + constraints + list(self.pins)):
                    log.write('$ %s\n' % ' '.join(argv))
                    log.flush()
                    rc = subprocess.run(argv, stdout=log, stderr=log,
                                        stdin=subprocess.DEVNULL,
                                        timeout=INSTALL_TIMEOUT).returncode
                    if rc != 0:
                        raise Failure('installing %s failed (exit %d); see %s'
                                      % (' '.join(self.pins), rc, self.log))
        except subprocess.TimeoutExpired:
            shutil.rmtree(tmp, ignore_errors=True)
            raise Failure('installing %s took more than %d s; see %s'
                          % (' '.join(self.pins), INSTALL_TIMEOUT, self.log))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _relocate(tmp, self.path)
        (tmp / MARKER).write_text(self.wanted + '\n')
        old = None
        if self.path.exists():
            old = self.cache / ('%s-venv.old-%d' % (self.name, os.getpid()))
            os.rename(self.path, old)
        os.rename(tmp, self.path)
        if old:
            shutil.rmtree(old, ignore_errors=True)
        say('Installed %s in %.0f s.' % (' '.join(self.pins),
                                         time.monotonic() - started))


def _relocate(tmp, final):
    """venv scripts hard-code their own path (shebangs, activate): point
    them at the final location before the rename."""
    old, new = str(tmp).encode(), str(final).encode()
    for path in (tmp / 'bin').iterdir():
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if old in data and b'\0' not in data[:1024]:
            path.write_bytes(data.replace(old, new))
    cfg_file = tmp / 'pyvenv.cfg'
    cfg_file.write_bytes(cfg_file.read_bytes().replace(old, new))
