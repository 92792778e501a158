"""The virtualenv of the coexistence tests, cached outside the repository.

``${TROVECLIENT_OSC_CACHE:-~/.cache/troveclient-osc}/coexist-venv`` holds
python-openstackclient, python-troveclient's and troveclient-osc's
dependencies in its site-packages, and two directories that are on no path
until a test puts them on PYTHONPATH, in the order it wants the two
packages' entry points found:

* ``coexist/python-troveclient``: python-troveclient itself;
* ``coexist/troveclient-osc/<digest>``: troveclient-osc as pip installs it
  (not editable) from this working tree, one directory per content digest
  of the files that make the package, so several worktrees can share the
  cache.

The virtualenv is a cached virtualenv of tools/cached_venv.py (built in
a temporary directory and renamed into place with its marker, the pins,
written last, so an interrupted build never looks complete; rebuilt when
the pins change; one build at a time). Standard library only:
``python -m tests.coexistence.venv`` builds it ahead of time.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from tools import cached_venv

REPO = Path(__file__).resolve().parents[2]
PINS = ('python-openstackclient==10.5.0', 'python-troveclient==8.11.0')
THEIRS = 'python-troveclient==8.11.0'
# pip builds troveclient-osc without build isolation (no download per
# build), so its build requirements (pyproject.toml) live in the venv.
BUILD_TOOLS = ('pbr>=6.0.0', 'setuptools>=64.0.0', 'wheel')
INSTALL_TIMEOUT = cached_venv.INSTALL_TIMEOUT    # seconds for each pip run
# What goes into troveclient-osc's installed files.
PACKAGE = 'troveclient_osc'
PROJECT_FILES = ('setup.cfg', 'setup.py', 'pyproject.toml', 'README.rst',
                 'requirements.txt')
KEEP_BUILDS = 8             # troveclient-osc directories kept


Failure = cached_venv.Failure
cache_dir = cached_venv.cache_dir


class Layout:
    """Where everything is, for a virtualenv at ``root``."""

    def __init__(self, root):
        self.root = Path(root)
        self.python = self.root / 'bin' / 'python'
        self.openstack = self.root / 'bin' / 'openstack'
        self.marker = self.root / '.coexist-pins'
        self.theirs = self.root / 'coexist' / 'python-troveclient'
        self.ours_builds = self.root / 'coexist' / 'troveclient-osc'


def wanted_marker():
    """The pins, and our requirements (installed in the venv too)."""
    requirements = (REPO / 'requirements.txt').read_text()
    return '\n'.join(PINS + BUILD_TOOLS) + '\n--\n' + requirements


def _run(argv, log, env=None):
    log.write('$ %s\n' % ' '.join(str(arg) for arg in argv))
    log.flush()
    try:
        code = subprocess.run([str(arg) for arg in argv], stdout=log,
                              stderr=log, stdin=subprocess.DEVNULL, env=env,
                              timeout=INSTALL_TIMEOUT).returncode
    except subprocess.TimeoutExpired:
        raise Failure('%s took more than %d s; see %s'
                      % (argv[2:5], INSTALL_TIMEOUT, log.name)) from None
    if code != 0:
        raise Failure('%s failed (exit %d); see %s'
                      % (' '.join(str(arg) for arg in argv[2:6]), code,
                         log.name))


def _pip(layout, *args):
    return (layout.python, '-m', 'pip', '--disable-pip-version-check',
            '--no-input') + args


def _steps(root):
    """python-troveclient with its dependencies, then without itself: it
    goes into a directory of its own, for PYTHONPATH."""
    return [('install',) + PINS + BUILD_TOOLS
            + ('-r', REPO / 'requirements.txt'),
            ('uninstall', '--yes', THEIRS.partition('==')[0]),
            ('install', '--no-deps', '--target', Layout(root).theirs,
             THEIRS)]


def _cached(say=None):
    root = cache_dir() / 'coexist-venv'
    return cached_venv.CachedVenv(
        root, wanted_marker(), _steps, Layout(root).marker.name, say=say,
        relocate=[Layout(root).theirs.relative_to(root) / 'bin'],
        complete_also=lambda root: (Layout(root).openstack.exists() and
                                    Layout(root).theirs.is_dir()),
        announce='Installing %s into {venv} (a few minutes; log: {log})'
        % ', '.join(PINS))


def ensure_venv(say=None):
    """The Layout of the cached virtualenv, built first if needed (a few
    minutes, from PyPI)."""
    venv = _cached(say)
    venv.ensure()
    return Layout(venv.path)


# -- troveclient-osc, from this working tree ---------------------------------

def _source_files():
    files = [REPO / name for name in PROJECT_FILES]
    for path in sorted((REPO / PACKAGE).rglob('*')):
        if path.is_file() and '__pycache__' not in path.parts and \
                path.suffix not in ('.pyc', '.pyo'):
            files.append(path)
    return files


def source_digest():
    digest = hashlib.sha256()
    for path in _source_files():
        digest.update(str(path.relative_to(REPO)).encode() + b'\0')
        digest.update(path.read_bytes() + b'\0')
    return digest.hexdigest()[:16]


def _version():
    try:
        return metadata.version('troveclient-osc')
    except metadata.PackageNotFoundError:
        return '0.0.0'


def ensure_ours(layout):
    """A directory with troveclient-osc installed (not editable) from this
    working tree: built from a copy of its files, so that nothing is
    written into the tree (a build's ``troveclient_osc.egg-info`` there
    would shadow the development install's entry points)."""
    digest = source_digest()
    final = layout.ours_builds / digest
    if not (final / '.complete').exists():
        layout.ours_builds.mkdir(parents=True, exist_ok=True)
        work = layout.ours_builds / ('.tmp-%s-%d' % (digest, os.getpid()))
        shutil.rmtree(work, ignore_errors=True)
        source, target = work / 'src', work / 'target'
        try:
            for path in _source_files():
                copy = source / path.relative_to(REPO)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
            # pbr takes the version from git otherwise, and writes AUTHORS
            # and ChangeLog.
            env = dict(os.environ, PBR_VERSION=_version(),
                       SKIP_GENERATE_AUTHORS='1',
                       SKIP_WRITE_GIT_CHANGELOG='1')
            with open(work / 'install.log', 'w') as log:
                try:
                    _run(_pip(layout, 'install', '--no-deps',
                              '--no-build-isolation', '--target', target,
                              source), log, env=env)
                except Failure as failure:
                    log.flush()
                    raise Failure('%s\n%s' % (
                        failure, (work / 'install.log').read_text()[-3000:]))
            (target / '.complete').write_text(digest + '\n')
            try:
                os.rename(target, final)
            except OSError:
                if not (final / '.complete').exists():
                    raise
                # Built meanwhile by another run: use that one.
        finally:
            shutil.rmtree(work, ignore_errors=True)
    os.utime(final)
    _prune(layout.ours_builds, keep=final)
    return final


def _prune(builds, keep):
    """Keep the KEEP_BUILDS most recently used builds."""
    def used(path):
        try:
            return path.stat().st_mtime
        except OSError:  # removed by another run meanwhile
            return 0

    done = [path for path in builds.iterdir()
            if not path.name.startswith('.') and path != keep]
    done.sort(key=used, reverse=True)
    for path in done[KEEP_BUILDS - 1:]:
        shutil.rmtree(path, ignore_errors=True)


if __name__ == '__main__':
    try:
        built = ensure_venv(say=print)
        print('%s\n%s' % (built.root, ensure_ours(built)))
    except Failure as failure:
        sys.exit(str(failure))
