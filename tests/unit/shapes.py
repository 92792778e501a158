"""Whether a resource holds what its class declares: the fields, the
nested dicts' keys and the types of their values.

Used on the API reference's samples (tests/unit/test_typed_resources.py)
and on what the local Trove really sends (tests/functional).
"""

import types
import typing

import typing_extensions

from troveclient_osc import base
from troveclient_osc.v1 import bodies

# The modules import NotRequired and the bodies' TypedDicts for type
# checkers only (not at run time, where nothing reads them); their
# annotations are strings, evaluated here.
_NAMES = {'NotRequired': typing_extensions.NotRequired, 'bodies': bodies}


def hints(owner):
    """``{name: type}`` of what ``owner`` (a resource class or a
    TypedDict) declares, annotations evaluated and kept whole."""
    found = typing_extensions.get_type_hints(owner, localns=_NAMES,
                                             include_extras=True)
    found.pop('manager', None)
    return found


def maybe_absent(hint):
    """True for ``MaybeAbsent[...]`` (and ``NotRequired[...]``)."""
    origin = typing_extensions.get_origin(hint)
    if origin is typing_extensions.Annotated:
        return base._ABSENT in hint.__metadata__
    return origin is typing_extensions.NotRequired


def _inner(hint):
    """The type under ``MaybeAbsent`` or ``NotRequired``."""
    origin = typing_extensions.get_origin(hint)
    if origin is typing_extensions.Annotated:
        return hint.__origin__
    if origin is typing_extensions.NotRequired:
        return typing_extensions.get_args(hint)[0]
    return hint


def type_problems(value, hint, where):
    """What in ``value`` is not of type ``hint``, as messages naming
    ``where`` it is."""
    hint = _inner(hint)
    origin = typing_extensions.get_origin(hint)
    args = typing_extensions.get_args(hint)
    if hint is typing.Any:
        return []
    if hint is None or hint is type(None):
        return [] if value is None else ['%s: %r is not None'
                                         % (where, value)]
    if origin in (typing.Union, types.UnionType):
        every = [type_problems(value, arg, where) for arg in args]
        if any(not problems for problems in every):
            return []
        return ['%s: %r is none of %s' % (where, value, hint)]
    if typing_extensions.is_typeddict(hint):
        return dict_problems(value, hint, where)
    if origin is list:
        if not isinstance(value, list):
            return ['%s: %r is not a list' % (where, value)]
        return [problem for number, item in enumerate(value)
                for problem in type_problems(item, args[0],
                                             '%s[%d]' % (where, number))]
    if origin is dict:
        if not isinstance(value, dict):
            return ['%s: %r is not a dict' % (where, value)]
        return [problem for key, item in value.items()
                for problem in (type_problems(key, args[0], where) +
                                type_problems(item, args[1],
                                              '%s[%r]' % (where, key)))]
    if hint is float:
        good = isinstance(value, (int, float)) and not isinstance(value,
                                                                  bool)
    elif hint is int:
        good = isinstance(value, int) and not isinstance(value, bool)
    elif hint in (str, bool):
        good = isinstance(value, hint)
    else:
        raise TypeError('%s: no check for the type %r' % (where, hint))
    return [] if good else ['%s: %r is not %s' % (where, value,
                                                  hint.__name__)]


def dict_problems(value, typed_dict, where):
    """What in ``value`` does not match the TypedDict ``typed_dict``: a
    key it lacks that is not NotRequired, a key it does not declare, a
    value of another type."""
    if not isinstance(value, dict):
        return ['%s: %r is not a dict' % (where, value)]
    declared = hints(typed_dict)
    problems = ['%s: %r is not a key of %s' % (where, key,
                                               typed_dict.__name__)
                for key in value if key not in declared]
    for key, hint in declared.items():
        if key in value:
            problems += type_problems(value[key], hint,
                                      '%s[%r]' % (where, key))
        elif not maybe_absent(hint):
            problems.append('%s: no %r' % (where, key))
    return problems


def resource_problems(resource, partial=False):
    """What in ``resource`` does not match its class's declarations: a
    field it holds that its class does not declare, a declared field it
    lacks that is not MaybeAbsent (unless ``partial``), a value of
    another type."""
    cls = type(resource)
    declared = hints(cls)
    where = cls.__name__
    problems = ['%s.%s is not declared' % (where, name)
                for name in resource._fields if name not in declared]
    for name, hint in declared.items():
        if name in resource._fields:
            problems += type_problems(getattr(resource, name), hint,
                                      '%s.%s' % (where, name))
        elif not (partial or maybe_absent(hint)):
            problems.append('%s.%s is missing' % (where, name))
    return problems
