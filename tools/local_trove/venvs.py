"""The servers' virtualenvs, cached outside the repository.

Each is a cached virtualenv of tools/cached_venv.py: installed into a
temporary directory, which is renamed into place only when the install is
complete, with a marker naming its pins (and its Python and constraints,
if any): an interrupted install never looks complete, and a new pin
reinstalls. A virtualenv without the marker that holds exactly the pins is
used as it is.
"""

import hashlib
import subprocess

import cached_venv
from local_trove.settings import Failure
from local_trove.settings import say

MARKER = '.local-trove-requirement'


def find_python(version):
    """The interpreter of Python ``version`` ('3.10'); see
    :func:`cached_venv.find_python`."""
    try:
        return cached_venv.find_python(version)
    except cached_venv.Failure as failure:
        raise Failure(str(failure)) from None


class Venv:
    """One cached virtualenv: ``<cache>/<name>-venv`` holding ``pins``,
    made with Python ``python`` (a version such as '3.10'; by default the
    one we run with) and installed with the pip constraints file
    ``constraints`` if given."""

    def __init__(self, cfg, name, pins, about, python=None,
                 constraints=None):
        self.name = name
        self.pins = tuple(pins)
        self.base_python = python
        self.constraints = constraints
        path = cfg.cache / ('%s-venv' % name)
        self.venv = cached_venv.CachedVenv(
            path, self.wanted, [['install'] + (
                ['-c', str(constraints)] if constraints else []) +
                list(self.pins)], MARKER,
            python=python and (lambda: find_python(python)),
            version=python, say=say, before_install=self._before_install,
            announce='Installing %s into {venv} (%s; log: {log})...' % (
                ' '.join(self.pins), about))
        self.path = self.venv.path
        self.python = self.venv.python
        self.marker = self.venv.marker
        self.log = self.venv.log

    def bin(self, program):
        return self.venv.bin(program)

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
        return self.venv.is_complete()

    def ensure(self):
        try:
            took = self.venv.ensure()
        except cached_venv.Failure as failure:
            raise Failure(str(failure)) from None
        if took is not None:
            say('Installed %s in %.0f s.' % (' '.join(self.pins), took))

    def _before_install(self):
        if self.marker.exists():
            say('The %s virtualenv %s has other pins or is broken: '
                'reinstalling.' % (self.name, self.path))
            return False
        return self._adopt()

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
