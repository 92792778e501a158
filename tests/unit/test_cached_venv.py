"""tools/cached_venv.py: the one helper for the cached virtualenvs.

``python -m venv`` and pip are replaced by a fake that makes a virtualenv's
shape (``bin/python``, the Python running the tests, and ``pyvenv.cfg``)
and records the pip commands, so that what the helper decides (make,
refresh, leave alone, wait, clean up) is seen without installing anything.
"""

import os
import subprocess
import sys
import threading
import time

import pytest

from tools import cached_venv

VERSION = '%d.%d' % sys.version_info[:2]


class FakeInstaller:
    """``CachedVenv._run`` without processes; ``fail`` makes the pip
    commands holding that word fail, ``pause`` holds every pip command
    until it is set."""

    def __init__(self, made_with=VERSION):
        self.made_with = made_with
        self.pip = []
        self.venvs = []
        self.fail = None
        self.pause = None

    def __call__(self, venv, argv, log, pip_args=None):
        log.write('$ %s\n' % ' '.join(argv))
        if pip_args is None:
            root = cached_venv.Path(argv[-1])
            (root / 'bin').mkdir(parents=True)
            os.symlink(sys.executable, root / 'bin' / 'python')
            (root / 'bin' / 'tool').write_text('#!%s/bin/python\n' % root)
            (root / 'pyvenv.cfg').write_text(
                'home = /usr/bin\nversion = %s.0\ncommand = python -m venv '
                '%s\n' % (self.made_with, root))
            self.venvs.append(root)
            return
        if self.pause is not None:
            self.pause.wait(10)
        self.pip.append((cached_venv.Path(argv[0]).parent.parent,
                         list(pip_args)))
        if self.fail and self.fail in pip_args:
            log.write('ERROR: no %s\n' % self.fail)
            log.flush()
            raise cached_venv.Failure(venv._tail())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv('TROVECLIENT_OSC_CACHE', str(tmp_path / 'cache'))
    return tmp_path / 'cache'


@pytest.fixture
def installer(monkeypatch):
    fake = FakeInstaller()
    monkeypatch.setattr(cached_venv.CachedVenv, '_run',
                        lambda self, argv, log, pip_args=None:
                        fake(self, argv, log, pip_args))
    return fake


def venv(path, wanted='pins 1', steps=(('install', 'x'),), **kwargs):
    said = []
    made = cached_venv.CachedVenv(path, wanted, [list(s) for s in steps],
                                  '.marker', say=said.append, **kwargs)
    made.said = said
    return made


def test_a_cold_virtualenv_is_made_in_a_temporary_directory(
        cache, installer):
    made = venv(cache / 'tool-venv', announce='Creating {venv} ({log})')
    assert made.ensure() is not None
    (tmp,) = installer.venvs
    assert tmp.name.startswith('tool-venv.tmp-')
    assert installer.pip == [(tmp, ['install', 'x'])]
    assert not tmp.exists()
    assert made.is_complete()
    assert (made.path / '.marker').read_text() == 'pins 1\n'
    # the scripts and pyvenv.cfg name the final place
    assert str(made.path) in (made.path / 'bin' / 'tool').read_text()
    assert str(tmp) not in (made.path / 'pyvenv.cfg').read_text()
    assert made.said == ['Creating %s (%s)' % (
        made.path, cache / 'tool-install.log')]
    assert made.log == cache / 'tool-install.log'
    assert made.lock == cache / '.tool-install.lock'


def test_a_warm_virtualenv_is_left_alone(cache, installer):
    venv(cache / 'tool-venv').ensure()
    again = venv(cache / 'tool-venv', announce='Creating {venv}')
    assert again.ensure() is None
    assert (len(installer.venvs), len(installer.pip)) == (1, 1)
    assert again.said == []


def test_a_new_marker_makes_it_again_and_replaces_it_whole(cache,
                                                           installer):
    venv(cache / 'tool-venv').ensure()
    (cache / 'tool-venv' / 'left-over').write_text('old')
    venv(cache / 'tool-venv', wanted='pins 2').ensure()
    assert len(installer.venvs) == 2
    assert not (cache / 'tool-venv' / 'left-over').exists()
    assert venv(cache / 'tool-venv', wanted='pins 2').is_complete()
    assert sorted(p.name for p in cache.iterdir()
                  if p.name.startswith('tool-venv')) == ['tool-venv']


def test_in_place_refreshes_the_virtualenv_as_it_is(tmp_path, cache,
                                                    installer):
    path = tmp_path / 'checkout' / '.venv'
    venv(path, in_place=True).ensure()
    (path / 'my-own-tool').write_text('kept')
    made = venv(path, wanted='pins 2', in_place=True,
                announce='Installing into {venv}', announce_new='Creating')
    made.ensure()
    assert len(installer.venvs) == 1
    assert installer.pip[-1] == (path, ['install', 'x'])
    assert (path / 'my-own-tool').read_text() == 'kept'
    assert made.is_complete()
    assert made.said == ['Installing into %s' % path]
    # outside the cache: the log and the lock in the cache, named after
    # the path
    assert made.log.parent == cache
    assert made.log.name.startswith('venv-')
    assert not (tmp_path / 'checkout' / '.venv.lock').exists()


def test_in_place_makes_a_new_one_says_both(tmp_path, cache, installer):
    made = venv(tmp_path / '.venv', in_place=True, announce='Installing',
                announce_new='Creating')
    made.ensure()
    assert made.said == ['Creating', 'Installing']


def test_a_python_of_another_version_makes_it_again(cache, installer):
    installer.made_with = '2.7'     # what pyvenv.cfg says
    made = venv(cache / 'tool-venv')
    made.ensure()
    assert not made.is_complete()   # the Python under it changed
    installer.made_with = VERSION
    made.ensure()
    assert len(installer.venvs) == 2 and made.is_complete()


def test_a_version_asked_for_must_be_the_one_it_runs(cache, installer):
    venv(cache / 'tool-venv').ensure()
    assert venv(cache / 'tool-venv', version=VERSION).is_complete()
    assert not venv(cache / 'tool-venv', version='2.7').is_complete()


def test_a_failed_install_leaves_nothing_and_the_old_one(cache, installer):
    venv(cache / 'tool-venv').ensure()
    installer.fail = 'broken'
    made = venv(cache / 'tool-venv', wanted='pins 2',
                steps=[('install', 'broken')])
    with pytest.raises(cached_venv.Failure) as caught:
        made.ensure()
    assert 'ERROR: no broken' in str(caught.value)
    assert [p.name for p in cache.iterdir()
            if p.name.startswith('tool-venv')] == ['tool-venv']
    assert venv(cache / 'tool-venv').is_complete()


def test_a_pip_failure_names_the_command_pip_s_words_and_the_log(
        cache, monkeypatch):
    made = venv(cache / 'tool-venv')
    cache.mkdir()
    with open(made.log, 'w') as log:
        log.write('WARNING: Location mismatch\nERROR: no such thing\n')
        log.flush()
        monkeypatch.setattr(subprocess, 'run', lambda *a, **k:
                            subprocess.CompletedProcess(a, 1))
        with pytest.raises(cached_venv.Failure) as caught:
            made._run(['python', '-m', 'pip', 'install', 'x'], log,
                      pip_args=['install', 'x'])
    message = str(caught.value)
    assert 'ERROR: no such thing' in message
    assert 'WARNING: Location' not in message
    assert message.endswith('`pip install x` into %s failed (exit 1); the '
                            'whole output: %s' % (made.path, made.log))


def test_two_creators_at_once_make_it_once(cache, installer):
    installer.pause = threading.Event()
    first, second = venv(cache / 'tool-venv'), venv(cache / 'tool-venv')
    threads = [threading.Thread(target=made.ensure)
               for made in (first, second)]
    threads[0].start()
    while not installer.venvs:      # the first holds the lock
        time.sleep(0.01)
    threads[1].start()
    while not first.said + second.said:
        time.sleep(0.01)
    installer.pause.set()
    for thread in threads:
        thread.join(10)
    assert len(installer.venvs) == 1
    assert second.said == ['Waiting for another install into %s to '
                           'finish...' % second.path]
    assert second.is_complete()


def test_before_install_may_take_it_as_it_is(cache, installer):
    made = venv(cache / 'tool-venv', before_install=lambda: True)
    assert made.ensure() is None
    assert installer.venvs == []


def test_the_command_prints_the_cache_and_the_virtualenv(cache,
                                                         installer, capsys):
    assert cached_venv.main(['--cache-dir']) == 0
    assert capsys.readouterr().out == '%s\n' % cache
    argv = ['--cached', 'tool-venv', '--marker', '.m', '--wanted', 'w',
            '--announce', 'Creating {venv}', '--', 'install', '--upgrade',
            'pip', '--', 'install', 'x']
    assert cached_venv.main(argv) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ('%s\n' % (cache / 'tool-venv'),
                          'Creating %s\n' % (cache / 'tool-venv'))
    assert [args for _root, args in installer.pip] == [
        ['install', '--upgrade', 'pip'], ['install', 'x']]
    assert cached_venv.main(argv) == 0
    assert capsys.readouterr().err == ''


def test_the_command_digests_files_as_sha256sum_does(tmp_path):
    one, two = tmp_path / 'one', tmp_path / 'two'
    one.write_text('a\n')
    two.write_text('b\n')
    expected = subprocess.run('cat one two | sha256sum', shell=True,
                              cwd=tmp_path, capture_output=True,
                              text=True).stdout.split()[0]
    assert cached_venv.digest(one, two) == expected
