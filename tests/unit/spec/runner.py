"""Run the ``testcode`` blocks of a Sphinx-doctest RST file.

The blocks run in order in one namespace, like ``sphinx.ext.doctest`` runs a
group; what each block prints is compared with the ``testoutput`` block that
follows it. Used against requests-mock by tests/unit/test_spec_examples.py
and usable as is against a real Trove.
"""

import contextlib
import io
import re
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC_NAME = 'using-the-client-programmatically.rst'
#: The copy in this repository, with the spec's slips fixed (see adapt()).
SPEC = HERE / SPEC_NAME
#: The user's original, outside the repository (may be absent).
ORIGINAL = HERE.parents[3] / 'shared' / 'spec' / SPEC_NAME

_DIRECTIVE = re.compile(r'^\.\. (testcode|testoutput)::[ \t]*$')
_INCLUDE = re.compile(r'^\.\. include:: (\S+)[ \t]*$', re.MULTILINE)


def adapt(text):
    """The spec's text with ``troveclient`` read as ``troveclient_osc`` and
    ``client.instances`` (the module) read as ``tc.instances`` (the client
    object), which is what the spec means."""
    text = text.replace('from troveclient.', 'from troveclient_osc.')
    text = text.replace(
        'instance = client.instances.create("My Instance", flavor_id, '
        'volume,\n'
        '                                       databases, users, '
        'datastore=datastore,\n'
        '                                       '
        'datastore_version=datastore_version)',
        'instance = tc.instances.create("My Instance", flavor_id, volume,\n'
        '                                   databases, users, '
        'datastore=datastore,\n'
        '                                   '
        'datastore_version=datastore_version)')
    return text.replace('client.instances.', 'tc.instances.')


def read(path):
    """The text of an RST file with each ``.. include:: <file>`` replaced
    by that file's text, as Sphinx reads it (so the user guide, which
    includes the spec, runs as one document)."""
    path = Path(path)
    return _INCLUDE.sub(
        lambda match: (path.parent / match.group(1)).resolve().read_text(),
        path.read_text())


def includes(path):
    """The files an RST file includes, resolved."""
    path = Path(path)
    return [(path.parent / name).resolve()
            for name in _INCLUDE.findall(path.read_text())]


class Block:
    def __init__(self, kind, text, line):
        self.kind = kind
        self.text = text
        self.line = line

    def __repr__(self):
        return '<%s at line %d>' % (self.kind, self.line)


def parse(text):
    """The testcode and testoutput blocks of an RST text, in order."""
    lines = text.splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index])
        index += 1
        if not match:
            continue
        start = index
        body = []
        while index < len(lines) and (not lines[index].strip()
                                      or lines[index][:1] in ' \t'):
            body.append(lines[index])
            index += 1
        content = textwrap.dedent('\n'.join(body)).strip('\n')
        blocks.append(Block(match.group(1), content + '\n', start))
    return blocks


class Mismatch(AssertionError):
    pass


def run(blocks, namespace=None):
    """Run the blocks; return [(testcode block, expected, printed)].

    Every testoutput block is paired with the output of the testcode
    block just before it. Raises :class:`Mismatch` on the first
    difference, naming the block's line.
    """
    namespace = {} if namespace is None else namespace
    namespace.setdefault('__name__', '__spec__')
    results = []
    printed = None
    code_block = None
    for block in blocks:
        if block.kind == 'testcode':
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block.text, '<spec line %d>' % block.line,
                             'exec'), namespace)
            printed = out.getvalue()
            code_block = block
            continue
        if code_block is None:
            raise Mismatch('testoutput at line %d has no testcode before it'
                           % block.line)
        expected = block.text
        if printed.rstrip() != expected.rstrip():
            raise Mismatch('Output of the testcode at line %d differs from '
                           'the testoutput at line %d:\nexpected:\n%s\n'
                           'printed:\n%s' % (code_block.line, block.line,
                                             expected, printed))
        results.append((code_block, expected, printed))
    return results
