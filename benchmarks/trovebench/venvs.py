"""The two virtualenvs: this checkout's and python-troveclient's."""

import shutil
import subprocess
import sys

from trovebench.common import OSC, REPO, THEIRS, Failure, clean_env, say


def _pip(venv, *args):
    cmd = [str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '-q',
           '--disable-pip-version-check'] + list(args)
    done = subprocess.run(cmd, env=clean_env(), capture_output=True,
                          text=True)
    if done.returncode:
        raise Failure('pip failed in %s:\n%s' % (venv, done.stderr[-3000:]))


def _venv(path, requirements, also='', install=None):
    """Create ``path`` with ``requirements`` unless it is already there.

    ``install`` is what pip gets, when it differs from ``requirements``
    (the checkout's path, which may move). A marker written last records
    what was installed (and ``also``); without it (an interrupted install)
    the virtualenv is built again from scratch.
    """
    marker = path / '.bench-requirements'
    wanted = '\n'.join(requirements) + '\n' + also
    try:
        if marker.read_text() == wanted:
            return False
    except OSError:
        pass
    say('Creating %s (%s) ...' % (path, ', '.join(requirements)))
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run([sys.executable, '-m', 'venv', str(path)], check=True)
    _pip(path, *(install or requirements))
    marker.write_text(wanted)
    return True


def _version(venv, dist):
    return subprocess.run(
        [str(venv / 'bin' / 'python'), '-c',
         'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))',
         dist], env=clean_env(), capture_output=True, text=True,
        check=True).stdout.strip()


def ensure_venvs(cache, osc_version=None):
    """``{'ours': path, 'theirs': path}``, same OSC version in both."""
    ours, theirs = cache / 'bench-ours', cache / 'bench-theirs'
    osc = '%s==%s' % (OSC, osc_version) if osc_version else OSC
    # Built again when the checkout's requirements change.
    _venv(ours, [osc, 'troveclient-osc'],
          (REPO / 'requirements.txt').read_text(), install=[osc, str(REPO)])
    if osc_version is None:
        osc = '%s==%s' % (OSC, _version(ours, OSC))
    # The checkout as it is now, built like a user's install (with .pyc).
    say('Installing this checkout into %s ...' % ours)
    _pip(ours, '--no-deps', '--force-reinstall', str(REPO))
    _venv(theirs, [THEIRS, osc])
    versions = {who: _version(path, OSC)
                for who, path in (('ours', ours), ('theirs', theirs))}
    if versions['ours'] != versions['theirs']:
        _pip(ours, osc)
        versions['ours'] = _version(ours, OSC)
    if len(set(versions.values())) != 1:
        raise Failure('python-openstackclient differs: %s' % versions)
    return {'ours': ours, 'theirs': theirs}, versions['ours']
