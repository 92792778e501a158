#!/usr/bin/env python3
"""What a library-only install costs, ours against python-troveclient's.

    benchmarks/install_size.py [--update-docs] [--keep]

Creates fresh virtualenvs in a temporary directory, one per install, with
the Python that runs this script, and installs into each as a user would
(``pip install``, with compiled ``.pyc`` files; the virtualenvs are
created without pip, and this Python's pip installs into them with
``--python``, so that what the Python bundles in a virtualenv, setuptools
on 3.11, is counted when an install needs it):

* ``troveclient-osc``: this checkout, for library use;
* ``troveclient-osc[cli]``: this checkout with the OpenStackClient side;
* python-troveclient at the version ``bench.py`` compares with (the only
  way to install it: its library and its plugin are one package).

For each it reports the distributions pip installed (those in the
virtualenv afterwards that were not there right after ``python -m venv``)
and the MiB they added to the virtualenv (the apparent size of the files).
``--update-docs`` writes the table into ``doc/source/performance.rst``.
Standard library only; a few minutes, most of them pip's.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the other benchmark: its pins and helpers)

START = '.. install-size-start'
END = '.. install-size-end'
MIB = 1024 * 1024


def _tree_size(path):
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


def _distributions(python):
    # -I: not the current directory (a checkout's .egg-info) on the path.
    out = subprocess.run(
        [python, '-I', '-c', 'import importlib.metadata as m, json; '
         'print(json.dumps(sorted({d.metadata["Name"] for d in '
         'm.distributions()})))'],
        env=bench.clean_env(), capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def measure(where, label, requirement):
    """(label, distributions pip added, bytes they added)."""
    venv = where / label.replace('[', '-').replace(']', '')
    # Without pip (and the setuptools Python 3.11 puts in a virtualenv):
    # what the install needs is counted, whatever the Python bundles.
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip',
                    str(venv)], check=True)
    python = str(venv / 'bin' / 'python')
    before, size = _distributions(python), _tree_size(venv)
    bench.say('Installing %s into %s ...' % (requirement, venv))
    done = subprocess.run(
        [sys.executable, '-m', 'pip', '--python', python, 'install', '-q',
         '--disable-pip-version-check', requirement],
        env=bench.clean_env(), capture_output=True, text=True)
    if done.returncode:
        raise bench.Failure('pip install %s failed:\n%s'
                            % (requirement, done.stderr[-3000:]))
    added = sorted(_distributions(python) - before, key=str.lower)
    return label, added, _tree_size(venv) - size


# Named in the table when an install brings them: OpenStackClient's side.
NOTABLE = ('python-openstackclient', 'osc-lib', 'cliff', 'cmd2',
           'openstacksdk')


def _what(added, smallest):
    """The table's note: every package of a small install; of a big one,
    the notable ones and those the smallest big install does without."""
    if len(added) <= 15:
        return ', '.join(added)
    notes = [name for name in NOTABLE if name in added]
    more = [name for name in added if name not in smallest]
    return 'all of %s%s' % (', '.join(notes), '; also ' + ', '.join(more)
                            if more else '')


def table(results):
    rows = [('Install', 'Packages', 'MiB', 'What pip installed')]
    big = [added for _label, added, _size in results
           if len(added) > 15]
    smallest = set(min(big, key=len)) if big else set()
    for label, added, size in results:
        rows.append(('``pip install %s``' % label, str(len(added)),
                     '%.1f' % (size / MIB), _what(added, smallest)))
    widths = [max(len(row[col]) for row in rows) for col in range(4)]
    rule = '  '.join('=' * width for width in widths)
    lines = [rule]
    for index, row in enumerate(rows):
        lines.append('  '.join(cell.ljust(width)
                               for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            lines.append(rule)
    lines.append(rule)
    return '\n'.join(lines)


def report(results, pip_version):
    when = datetime.datetime.now(datetime.timezone.utc)
    return ('Taken on %s: Python %s, %s; fresh virtualenvs without pip, '
            'pip %s installing into them.\n\n%s\n'
            % (when.strftime('%Y-%m-%d %H:%M UTC'), platform.python_version(),
               platform.platform(), pip_version, table(results)))


def _pip_version(python):
    return subprocess.run([python, '-m', 'pip', '--version'],
                          env=bench.clean_env(), capture_output=True,
                          text=True, check=True).stdout.split()[1]


def update_docs(text):
    doc = bench.DOC.read_text(encoding='utf-8')
    start, end = doc.index(START), doc.index(END)
    bench.DOC.write_text(doc[:start] + START + '\n\n' + text + '\n'
                         + doc[end:], encoding='utf-8')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--update-docs', action='store_true',
                        help='write the table into %s' % bench.DOC)
    parser.add_argument('--keep', action='store_true',
                        help='keep the virtualenvs (their path is printed)')
    args = parser.parse_args(argv)
    where = Path(tempfile.mkdtemp(prefix='troveclient-osc-install-size-'))
    try:
        results = [
            measure(where, 'troveclient-osc', str(bench.REPO)),
            measure(where, 'troveclient-osc[cli]', '%s[cli]' % bench.REPO),
            measure(where, bench.THEIRS, bench.THEIRS),
        ]
    finally:
        if args.keep:
            bench.say('Kept %s' % where)
        else:
            shutil.rmtree(where, ignore_errors=True)
    for label, added, _size in results:
        bench.say('%s: %s' % (label, ', '.join(added)))
    text = report(results, _pip_version(sys.executable))
    bench.say(text)
    if args.update_docs:
        update_docs(text)
        bench.say('Updated %s' % bench.DOC)
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except bench.Failure as error:
        print('benchmark failed: %s' % error, file=sys.stderr)
        sys.exit(1)
