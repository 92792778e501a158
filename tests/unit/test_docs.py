"""The documentation: the CLI reference has every command, the guide parses.

The reference is built from doc/source/cli/index.rst with the docs' own
conf.py, alone (a couple of seconds), so that a command added to setup.cfg
without its help showing up in the reference fails here, not only in a
reader's browser. The guide's code runs against the local Trove in
tests/functional/test_user_guide.py; here its blocks only have to compile,
so a broken example is caught without a server.
"""

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.spec import runner

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / 'doc' / 'source'
GROUP = 'openstack.extension'
GUIDE = DOC / 'user' / 'programmatic.rst'


def _commands():
    """The command names of setup.cfg's entry points, as typed."""
    parser = configparser.ConfigParser()
    parser.read(REPO / 'setup.cfg')
    lines = parser['entry_points'][GROUP].strip().splitlines()
    return sorted(line.partition('=')[0].strip().replace('_', ' ')
                  for line in lines)


def _titles(text):
    """The section titles of a document built by Sphinx's text builder."""
    lines = text.splitlines()
    return {lines[i] for i in range(len(lines) - 1)
            if lines[i].strip() and re.fullmatch(r'([=*\-~])\1*', lines[i + 1])
            and len(lines[i + 1]) == len(lines[i])}


def test_the_cli_reference_has_a_section_for_every_command(tmp_path):
    pytest.importorskip('sphinx')
    pytest.importorskip('cliff.sphinxext')
    source = tmp_path / 'source'
    source.mkdir()
    shutil.copy(DOC / 'conf.py', source / 'conf.py')
    shutil.copy(DOC / 'cli' / 'index.rst', source / 'index.rst')
    built = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-q', '-W', '-b', 'text',
         str(source), str(tmp_path / 'text')],
        capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr

    titles = _titles((tmp_path / 'text' / 'index.txt').read_text())

    missing = [name for name in _commands() if name not in titles]
    assert missing == []
    # Only our commands: nothing of another plugin's leaked in.
    assert sorted(titles - {'CLI reference'}) == _commands()


def test_every_example_of_the_guide_compiles():
    blocks = [b for b in runner.parse(runner.read(GUIDE))
              if b.kind == 'testcode']
    spec = [b for b in runner.parse(runner.SPEC.read_text())
            if b.kind == 'testcode']
    assert len(blocks) > len(spec)
    for block in blocks:
        compile(block.text, 'guide line %d' % block.line, 'exec')


def test_the_guide_starts_with_the_spec():
    assert runner.includes(GUIDE) == [runner.SPEC]
    text = runner.read(GUIDE)
    # The spec's examples come first: the guide's own ones go on from them.
    assert text.index('.. testcode::') > text.index(runner.SPEC.read_text())


def test_the_scripting_page_covers_output_columns_and_shell_eval():
    # Issue 15, items 11 and 14: what scripts can rely on, and that
    # '-f shell' is not safe to eval.
    index = (DOC / 'index.rst').read_text()
    assert '   cli/scripting\n' in index
    text = re.sub(r'\s+', ' ', (DOC / 'cli' / 'scripting.rst').read_text())
    for fact in ('Do not ``eval`` the output of ``-f shell``',
                 'only escapes double quotes',
                 '``-f json`` or ``-f value``',
                 'print the same columns whatever the state',
                 '``[]`` for a list', '``{}`` for a mapping'):
        assert fact in text, fact
