"""The texts of Trove's answers the client decides by: each in
troveclient_osc.trove_messages, once, and matched there only."""

import ast
import pathlib

import pytest

from troveclient_osc import trove_messages

PACKAGE = pathlib.Path(trove_messages.__file__).parent
# The library's modules; the commands (osc/) and the plugin are not the
# library.
LIBRARY = sorted(p for p in PACKAGE.rglob('*.py')
                 if 'osc' not in p.relative_to(PACKAGE).parts[:-1]
                 and p.name != 'plugin.py')
# Words of each text, which no string of the library's code may hold
# outside trove_messages (its docstrings may quote them).
WORDS = ('cannot be found', 'could not be found', 'User with tenant id',
         'cannot access', 'specify both the name', 'status is currently')


def _code_strings(tree):
    """The string constants of ``tree`` that are not docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                             ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(
                    first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            yield node.value


def test_the_library_is_found():
    names = {p.name for p in LIBRARY}
    assert {'lookup.py', 'exceptions.py', 'instances.py'} <= names


def test_no_other_module_of_the_library_matches_troves_texts():
    # nor of the commands (osc/) and the plugin: they call trove_messages
    found = []
    for path in sorted(PACKAGE.rglob('*.py')):
        if path.name == 'trove_messages.py':
            continue
        tree = ast.parse(path.read_text(encoding='utf-8'))
        for text in _code_strings(tree):
            found.extend('%s: %r' % (path.name, text) for words in WORDS
                         if words in text)
    assert found == []


@pytest.mark.parametrize('message,value,about,other', [
    ('Resource x cannot be found.', 'x', True, False),
    (' Resource x cannot be found. ', 'x', True, False),
    ('Resource 77 cannot be found.', 'x', False, True),
    ('Resource  cannot be found.', '', True, False),
    ('Instance x could not be found.', 'x', False, False),
])
def test_a_missing_resource_about_the_value_or_another(message, value,
                                                       about, other):
    assert trove_messages.names_missing(message, value) is about
    assert trove_messages.names_other_missing(message, value) is other


def test_the_answers_to_a_url_and_a_project():
    assert trove_messages.is_no_route(' The resource could not be found.')
    assert not trove_messages.is_no_route('Resource x cannot be found.')
    assert trove_messages.is_foreign_project(
        'User with tenant id abc cannot access this resource.')
    assert not trove_messages.is_foreign_project('Forbidden')


def test_a_version_name_several_versions_share():
    assert trove_messages.is_shared_version_name(
        "Multiple datastore versions found for '5.7', use an UUID or "
        "specify both the name and version number to be more specific.")


@pytest.mark.parametrize('message,status', [
    ('The operation you have requested cannot be executed because the '
     'instance status is currently: BUILD.', 'BUILD'),
    ('... the instance status is currently: RESIZE', 'RESIZE'),
    ('Instance is busy.', None),
    ('the instance status is currently: .', None),
])
def test_the_status_an_invalid_state_answer_names(message, status):
    assert trove_messages.instance_state(message) == status


# -- the texts, read again from the Trove releases the local cloud runs ------

def _trove_sources():
    """site-packages of each cached Trove virtualenv (tools/local-trove's),
    when this machine has them."""
    import os

    cache = pathlib.Path(os.environ.get(
        'TROVECLIENT_OSC_CACHE',
        pathlib.Path.home() / '.cache' / 'troveclient-osc'))
    return sorted(cache.glob('trove-*venv/lib/python*/site-packages'))


@pytest.mark.parametrize('site', _trove_sources() or [None],
                         ids=lambda site: site and site.parts[-4])
def test_each_text_is_troves_own(site):
    if site is None:
        pytest.skip('no cached Trove virtualenv on this machine')
    exception = (site / 'trove/common/exception.py').read_text()
    head, tail = trove_messages.RESOURCE_NOT_FOUND
    assert head + '%(uuid)s' + tail in exception
    assert trove_messages.SHARED_VERSION_NAME in exception
    assert trove_messages.INSTANCE_STATE + '%(status)s' in exception
    auth = (site / 'trove/common/auth.py').read_text()
    assert 'User with tenant id %s cannot access' in auth
    assert all(words in 'User with tenant id %s cannot access'
               for words in trove_messages.FOREIGN_PROJECT)
    assert trove_messages.NO_ROUTE in (site / 'webob/exc.py').read_text()
    schema = (site / 'trove/common/apischema.py').read_text()
    from troveclient_osc.v1 import instances

    assert '"pattern": "%s"' % instances.PASSWORD_PATTERN in schema
    assert '"maxLength": %d' % instances.PASSWORD_MAX_LENGTH in schema
