"""The library is typed (PEP 561): py.typed ships, and every public
function and method of the typed modules is fully annotated.

mypy (tools/typecheck) checks that the annotations are right; this checks,
without mypy, that none is missing, so that a new public function cannot
slip in untyped. Add a module to TYPED_MODULES once it is annotated.
"""

import importlib
import inspect
import pathlib

import pytest

import troveclient_osc

TYPED_MODULES = [
    'troveclient_osc',
    'troveclient_osc.base',
    'troveclient_osc.batch',
    'troveclient_osc.checks',
    'troveclient_osc.exceptions',
    'troveclient_osc.i18n',
    'troveclient_osc.lookup',
    'troveclient_osc.trove_messages',
    'troveclient_osc.masking',
    'troveclient_osc.dry_run',
    'troveclient_osc.waiters',
    'troveclient_osc.http',
    'troveclient_osc.v1.client',
    'troveclient_osc.v1.configurations',
    'troveclient_osc.v1.datastores',
    'troveclient_osc.v1.flavors',
    'troveclient_osc.v1.instances',
]

# The special methods a library user reaches through an operator or a
# builtin (repr(), ==, format()...), checked like the public ones.
_DUNDERS_CHECKED = True


def test_py_typed_is_in_the_package():
    package = pathlib.Path(troveclient_osc.__file__).parent
    assert (package / 'py.typed').is_file()


def _public(name):
    # '_' is i18n's translation marker, the one name that module offers.
    return not name.startswith('_') or name == '_' or (
        _DUNDERS_CHECKED and name.startswith('__') and name.endswith('__'))


def _functions(module):
    """(qualified name, function) of every public function of ``module``
    and every public method of its public classes, its own only."""
    for name, value in vars(module).items():
        if not _public(name) or getattr(value, '__module__', None) \
                != module.__name__:
            continue
        if inspect.isfunction(value):
            yield name, value
        elif inspect.isclass(value):
            for attr, member in vars(value).items():
                if not _public(attr):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                elif isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member) \
                        and member.__module__ == module.__name__ \
                        and member.__qualname__.startswith(name + '.'):
                    yield '%s.%s' % (name, attr), member


def _unannotated(function):
    signature = inspect.signature(function)
    missing = [param.name for index, param in
               enumerate(signature.parameters.values())
               if param.annotation is inspect.Parameter.empty
               and not (index == 0 and param.name in ('self', 'cls'))]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append('return')
    return missing


@pytest.mark.parametrize('name', TYPED_MODULES)
def test_public_functions_are_annotated(name):
    module = importlib.import_module(name)
    found = dict(_functions(module))
    assert found
    problems = {qualname: missing for qualname, function in found.items()
                if (missing := _unannotated(function))}
    assert not problems, 'not annotated in %s: %s' % (name, problems)


def test_the_check_finds_a_missing_annotation():
    def untyped(self, value, *args, other: int = 0, **kwargs) -> None:
        pass

    assert _unannotated(untyped) == ['value', 'args', 'kwargs']
