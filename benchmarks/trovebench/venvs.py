"""The two virtualenvs: this checkout's and python-troveclient's, cached
virtualenvs of tools/cached_venv.py."""

import subprocess

from trovebench.common import (OSC, REPO, THEIRS, Failure, cached_venv,
                               clean_env, say)


def _venv(path, requirements, also='', install=None):
    """``path`` with ``requirements``, made unless it is already there.

    ``install`` is what pip gets, when it differs from ``requirements``
    (the checkout's path, which may move). The marker, written last,
    records what was installed (and ``also``).
    """
    venv = cached_venv.CachedVenv(
        path, '\n'.join(requirements) + '\n' + also,
        [['install'] + list(install or requirements)], '.bench-requirements',
        say=say, env=clean_env(),
        announce='Creating {venv} (%s) ...' % ', '.join(requirements))
    try:
        venv.ensure()
    except cached_venv.Failure as failure:
        raise Failure(str(failure)) from None
    return venv


def _pip(venv, *args):
    try:
        venv.pip('install', *args)
    except cached_venv.Failure as failure:
        raise Failure(str(failure)) from None


def _version(venv, dist):
    return subprocess.run(
        [str(venv.python), '-c',
         'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))',
         dist], env=clean_env(), capture_output=True, text=True,
        check=True).stdout.strip()


def ensure_venvs(cache, osc_version=None):
    """``{'ours': path, 'theirs': path}``, same OSC version in both."""
    osc = '%s==%s' % (OSC, osc_version) if osc_version else OSC
    # Built again when the checkout's requirements change.
    ours = _venv(cache / 'bench-ours', [osc, 'troveclient-osc'],
                 (REPO / 'requirements.txt').read_text(),
                 install=[osc, str(REPO)])
    if osc_version is None:
        osc = '%s==%s' % (OSC, _version(ours, OSC))
    # The checkout as it is now, built like a user's install (with .pyc).
    say('Installing this checkout into %s ...' % ours.path)
    _pip(ours, '--no-deps', '--force-reinstall', str(REPO))
    theirs = _venv(cache / 'bench-theirs', [THEIRS, osc])
    versions = {who: _version(venv, OSC)
                for who, venv in (('ours', ours), ('theirs', theirs))}
    if versions['ours'] != versions['theirs']:
        _pip(ours, osc)
        versions['ours'] = _version(ours, OSC)
    if len(set(versions.values())) != 1:
        raise Failure('python-openstackclient differs: %s' % versions)
    return {'ours': ours.path, 'theirs': theirs.path}, versions['ours']
