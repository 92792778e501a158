"""The shape of the code: no function in troveclient_osc/ is longer than
MAX_LINES, so that each reads as one thing (issue 13), and no module of the
command layer longer than MAX_MODULE_LINES, so that each holds one concern
(issue 24).

A command's ``get_parser`` method is aside: it is a list of ``add_argument``
calls, as long as the command has options, and cutting it would only
scatter them.
"""

import ast
import pathlib

MAX_LINES = 80
EXEMPT_METHODS = frozenset(('get_parser',))
MAX_MODULE_LINES = 600

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / 'troveclient_osc'


def _functions(tree, prefix=''):
    """(qualified name, node) of every function and method in ``tree``,
    nested ones too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield prefix + node.name, node
            yield from _functions(node, prefix + node.name + '.')
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + '.')
        else:
            yield from _functions(node, prefix)


def _too_long():
    for path in sorted(PACKAGE.rglob('*.py')):
        module = path.relative_to(PACKAGE.parent)
        tree = ast.parse(path.read_text(encoding='utf-8'), str(module))
        for name, node in _functions(tree):
            # From the def line to the last line of the body; decorators
            # aside, the docstring in.
            length = node.end_lineno - node.lineno + 1
            exempt = '.' in name and node.name in EXEMPT_METHODS
            if length > MAX_LINES and not exempt:
                yield '%s:%d %s is %d lines' % (module, node.lineno, name,
                                                length)


def test_the_walk_sees_methods_and_nested_functions():
    tree = ast.parse('def f():\n    def g(): pass\n'
                     'class C:\n    def m(self): pass\n')
    assert [name for name, _node in _functions(tree)] == ['f', 'f.g', 'C.m']


def test_no_function_is_longer_than_the_limit():
    too_long = list(_too_long())
    assert not too_long, 'longer than %d lines: %s' % (
        MAX_LINES, '; '.join(too_long))


def test_no_module_of_the_command_layer_is_longer_than_the_limit():
    too_long = ['%s is %d lines' % (path.relative_to(PACKAGE.parent), count)
                for path in sorted((PACKAGE / 'osc').rglob('*.py'))
                for count in [len(path.read_text(encoding='utf-8')
                                  .splitlines())]
                if count > MAX_MODULE_LINES]
    assert not too_long, 'longer than %d lines: %s' % (
        MAX_MODULE_LINES, '; '.join(too_long))
