"""The two halves of the package and what each declares.

The library (``troveclient_osc/*.py`` but ``plugin.py``, and
``troveclient_osc/v1/``) needs what ``requirements.txt`` lists; the
OpenStackClient plugin (``plugin.py`` and ``troveclient_osc/osc/``) needs
that and the ``cli`` extra of ``setup.cfg``. These tests compare those lists
with the third-party modules each half imports, anywhere in a file
(imports inside functions included), and check that the library works
with nothing of OpenStackClient's importable.
"""

import ast
import configparser
import importlib.metadata
import io
import pathlib
import re
import subprocess
import sys
import textwrap
from unittest import mock

import testtools

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = ROOT / 'troveclient_osc'
PLUGIN_FILES = [PACKAGE / 'plugin.py'] + sorted((PACKAGE / 'osc').rglob(
    '*.py'))
LIBRARY_FILES = [path for path in sorted(PACKAGE.rglob('*.py'))
                 if path not in PLUGIN_FILES]
# What OpenStackClient brings and a library-only install must not import.
OSC_MODULES = ('osc_lib', 'cliff', 'cmd2', 'openstackclient', 'openstack',
               'oslo_utils', 'oslo_i18n', 'oslo_config', 'oslo_serialization')


def _canonical(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def _requirement_names(lines):
    names = set()
    for line in lines:
        line = line.split('#', 1)[0].strip()
        if line:
            names.add(_canonical(re.match(r'[A-Za-z0-9._-]+', line).group()))
    return names


def declared_library():
    with open(ROOT / 'requirements.txt', encoding='utf-8') as stream:
        return _requirement_names(stream)


def declared_extra(name):
    config = configparser.ConfigParser()
    config.read(ROOT / 'setup.cfg', encoding='utf-8')
    return _requirement_names(config['extras'][name].splitlines())


def third_party_modules(paths):
    """The top-level names of the modules ``paths`` import that are
    neither the standard library's nor this package's."""
    names = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding='utf-8'), str(path))
        # What ``if TYPE_CHECKING:`` imports is read by type checkers only
        # (typing_extensions, which they bring), never at run time.
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and \
                    getattr(node.test, 'id', None) == 'TYPE_CHECKING':
                node.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split('.')[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names.add(node.module.split('.')[0])
    return {name for name in names
            if name not in sys.stdlib_module_names
            and name != 'troveclient_osc'}


def _packages_distributions():
    """{top-level module: [distribution, ...]} of what is installed.

    ``importlib.metadata.packages_distributions`` of Python 3.10 reads only
    ``top_level.txt``, which wheels built without setuptools (urllib3's)
    do not have; the files a distribution installed say it too.
    """
    provided = {}
    for dist in importlib.metadata.distributions():
        tops = (dist.read_text('top_level.txt') or '').split()
        if not tops:
            tops = {pathlib.PurePath(path).parts[0].split('.')[0]
                    for path in dist.files or ()
                    if pathlib.PurePath(path).suffix == '.py'}
        for top in tops:
            provided.setdefault(top, []).append(dist.metadata['Name'])
    return provided


def distributions(modules):
    """The installed distributions that provide ``modules``."""
    provided = _packages_distributions()
    found = set()
    for module in modules:
        assert module in provided, '%s is imported but not installed' % module
        found.update(_canonical(dist) for dist in provided[module])
    return found


class TestDeclaredRequirements(testtools.TestCase):

    def test_the_library_declares_exactly_what_it_imports(self):
        self.assertEqual(declared_library(),
                         distributions(third_party_modules(LIBRARY_FILES)))

    def test_the_cli_extra_is_what_the_plugin_imports_beyond_the_library(
            self):
        imported = distributions(third_party_modules(PLUGIN_FILES))
        self.assertEqual(declared_extra('cli'), imported - declared_library())

    def test_the_library_imports_nothing_of_openstackclient(self):
        self.assertEqual(
            set(), third_party_modules(LIBRARY_FILES) & set(OSC_MODULES))

    def test_the_scan_sees_imports_inside_functions(self):
        # http.py imports keystoneauth1 only inside functions.
        self.assertIn('keystoneauth1',
                      third_party_modules([PACKAGE / 'http.py']))


# Runs in a fresh interpreter in which nothing of OpenStackClient's can be
# imported: every library module is imported and a client is used.
_WITHOUT_OSC = textwrap.dedent('''
    import importlib, pkgutil, sys

    BLOCKED = %r

    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.split('.')[0] in BLOCKED:
                raise ModuleNotFoundError('blocked: %%s' %% name, name=name)

    sys.meta_path.insert(0, Blocker())

    import requests_mock
    import troveclient_osc
    from keystoneauth1 import session, token_endpoint

    for info in pkgutil.walk_packages(troveclient_osc.__path__,
                                      'troveclient_osc.'):
        if not info.name.startswith(('troveclient_osc.osc',
                                     'troveclient_osc.plugin')):
            importlib.import_module(info.name)

    from troveclient_osc import exceptions
    from troveclient_osc.v1 import client

    endpoint = 'http://trove.test/v1.0/demo'
    sess = session.Session(auth=token_endpoint.Token(endpoint, 'tok'))
    tc = client.Client(session=sess)
    client.Client(username='u', password='p', project_id='demo',
                  auth_url='http://keystone.test/v3')
    with requests_mock.Mocker() as rm:
        rm.get(endpoint + '/flavors', json={'flavors': [{'id': 1,
                                                         'name': 'small'}]})
        rm.get(endpoint + '/flavors/2', status_code=404,
               json={'itemNotFound': {'code': 404, 'message': 'gone'}})
        assert [f.name for f in tc.flavors.list()] == ['small']
        try:
            tc.flavors.get('2')
        except exceptions.NotFound:
            pass
        else:
            raise AssertionError('no NotFound')
    loaded = sorted(name for name in sys.modules
                    if name.split('.')[0] in BLOCKED)
    print('loaded:', loaded)
''')


class TestLibraryWithoutOpenStackClient(testtools.TestCase):

    def test_every_library_module_works_without_osc_lib(self):
        result = subprocess.run(
            [sys.executable, '-c', _WITHOUT_OSC % (OSC_MODULES,)],
            capture_output=True, text=True, cwd=str(ROOT))
        self.assertEqual((0, 'loaded: []'),
                         (result.returncode, result.stdout.strip()),
                         result.stderr)


class TestPluginWithoutOscLib(testtools.TestCase):

    def _load_plugins(self, hidden):
        """OpenStackClient's plugin loading, as ``openstack`` does it, with
        the ``hidden`` modules not installed: (plugin modules, stderr)."""
        from openstackclient.common import clientmanager

        manager = clientmanager.ClientManager
        # get_plugin_modules sets each plugin's client cache on the class.
        cache_type = clientmanager.clientmanager.ClientCache
        caches = {name: value for name, value in vars(manager).items()
                  if isinstance(value, cache_type)}
        self.addCleanup(lambda: [setattr(manager, name, value)
                                 for name, value in caches.items()])
        modules = {name: None for name in hidden}
        err = io.StringIO()
        with mock.patch.dict(sys.modules, modules), \
                mock.patch('sys.stderr', err):
            sys.modules.pop('troveclient_osc.plugin', None)
            found = clientmanager.get_plugin_modules(
                'openstack.cli.extension')
        return found, err.getvalue()

    def test_without_osc_lib_openstack_says_what_to_install_in_one_line(
            self):
        found, err = self._load_plugins(('osc_lib',))
        self.assertNotIn('troveclient_osc.plugin',
                         [module.__name__ for module in found])
        lines = [line for line in err.splitlines()
                 if 'troveclient' in line or 'database' in line]
        self.assertEqual(1, len(lines), err)
        self.assertIn("troveclient-osc's database commands need osc-lib, "
                      "which is not installed: pip install "
                      "'troveclient-osc[cli]'", lines[0])

    def test_without_both_both_are_named(self):
        _found, err = self._load_plugins(('osc_lib', 'cliff'))
        self.assertIn('need osc-lib and cliff, which are not installed', err)

    def test_with_them_the_plugin_loads_quietly(self):
        found, err = self._load_plugins(())
        self.assertIn('troveclient_osc.plugin',
                      [module.__name__ for module in found])
        self.assertNotIn('troveclient', err)
