"""troveclient-osc next to python-troveclient, in either discovery order.

tests/unit/osc/legacy holds an installed distribution standing in for
python-troveclient 8.11.0: its ``openstack.cli.extension`` plugin
``database`` adds ``--os-database-api-version`` unconditionally and
provides its own ``client_manager.database``, and it has
``openstack.database.v1`` commands, one of them only its own. Putting that
directory at the front or at the end of sys.path decides whether
OpenStackClient finds it before or after troveclient-osc; each order is
checked to really be the one OpenStackClient loads. The real OpenStackClient
shell then runs in process against requests-mock
(tests/coexistence runs the real ``openstack`` with python-troveclient
itself).
"""

import importlib
import json
import sys
from pathlib import Path

from openstackclient import shell
from openstackclient.common import clientmanager as osc_clientmanager
from osc_lib import clientmanager as osc_lib_clientmanager
import stevedore

from tests.unit.osc import fakes
from tests.unit.osc import in_process

LEGACY = str(Path(__file__).resolve().parent / 'legacy')
OPTION = '--os-database-api-version'
ENDPOINT = in_process.ENDPOINT


class _Coexistence(in_process.ShellTestCase):
    """OpenStackClient's plugin modules as it loads them with the stand-in
    found first (LEGACY_FIRST) or last."""

    __test__ = False  # only the two orders below run
    LEGACY_FIRST = None

    def setUp(self):
        super().setUp()
        self._isolate_plugin_loading()
        if self.LEGACY_FIRST:
            sys.path.insert(0, LEGACY)
        else:
            sys.path.append(LEGACY)
        importlib.invalidate_caches()
        # OpenStackClient's own loading, as at its import: it also sets the
        # client_manager attribute of each API, the last module's winning.
        found = osc_clientmanager.get_plugin_modules('openstack.cli.extension')
        osc_clientmanager.PLUGIN_MODULES = [
            module for module in self._plugin_modules
            if module.API_NAME != 'database'] + [
            module for module in found if module.API_NAME == 'database']
        self.legacy = sys.modules['legacy_trove.plugin']

    def _isolate_plugin_loading(self):
        """Undo at the end what loading the plugins again changes."""
        cm_class = osc_lib_clientmanager.ClientManager
        saved = dict(vars(cm_class))
        self._plugin_modules = list(osc_clientmanager.PLUGIN_MODULES)
        path = list(sys.path)
        # stevedore keeps the entry points it found per group, whatever
        # sys.path says: start afresh, and leave it as it was.
        entry_points = dict(stevedore.ExtensionManager.ENTRY_POINT_CACHE)
        stevedore.ExtensionManager.ENTRY_POINT_CACHE.clear()

        def restore():
            sys.path[:] = path
            stevedore.ExtensionManager.ENTRY_POINT_CACHE.clear()
            stevedore.ExtensionManager.ENTRY_POINT_CACHE.update(entry_points)
            osc_clientmanager.PLUGIN_MODULES = self._plugin_modules
            for name in set(vars(cm_class)) - set(saved):
                delattr(cm_class, name)
            for name, value in saved.items():
                if vars(cm_class).get(name) is not value:
                    setattr(cm_class, name, value)
            for name in [m for m in sys.modules
                         if m.split('.')[0] == 'legacy_trove']:
                del sys.modules[name]
        self.addCleanup(restore)

    def database_plugins(self):
        return [module.__name__ for module in osc_clientmanager.PLUGIN_MODULES
                if module.API_NAME == 'database']

    def test_the_order_is_the_one_asked_for(self):
        legacy, ours = 'legacy_trove.plugin', 'troveclient_osc.plugin'
        self.assertEqual([legacy, ours] if self.LEGACY_FIRST
                         else [ours, legacy], self.database_plugins())
        # client_manager.database comes from the module loaded last.
        cache = vars(osc_lib_clientmanager.ClientManager)['database']
        self.assertIs(sys.modules[self.database_plugins()[-1]].make_client,
                      cache.factory)

    def test_the_api_version_option_is_defined_once(self):
        parser = shell.OpenStackShell().parser
        defining = [action for action in parser._actions
                    if OPTION in action.option_strings]
        self.assertEqual(1, len(defining))
        options, _rest = parser.parse_known_args([OPTION, '1.0'])
        self.assertEqual('1.0', options.os_database_api_version)
        options, _rest = parser.parse_known_args([])
        self.assertEqual('1', options.os_database_api_version)

    def test_every_openstack_command_starts(self):
        code, out, err = in_process.run_openstack(['--help'])
        self.assertIn(code, (0, None), err)  # help ends in sys.exit()
        self.assertIn(OPTION, out)
        self.assertNotIn('Traceback', err)

    def test_our_commands_get_our_client(self):
        self.requests.get(ENDPOINT + '/instances',
                          json={'instances': [fakes.INSTANCE]})
        self.requests.get(ENDPOINT + '/datastores', json={'datastores': []})
        code, out, err = in_process.run_openstack(
            ['database', 'instance', 'list', '-f', 'json'])
        self.assertEqual(0, code, err)
        self.assertEqual([fakes.INSTANCE['id']],
                         [row['ID'] for row in json.loads(out)])
        code, out, err = in_process.run_openstack(
            ['datastore', 'list', '-f', 'json'])
        self.assertEqual((0, []), (code, json.loads(out)), err)
        self.assertEqual(['/v1.0/demo/instances', '/v1.0/demo/datastores'],
                         [r.path for r in self.requests.request_history])
        # python-troveclient's client was not even made.
        self.assertEqual([], self.legacy.MADE_FOR)

    def test_their_commands_get_their_client(self):
        code, out, err = in_process.run_openstack(
            ['database', 'backup', 'list', '-f', 'value'])
        self.assertEqual(0, code, err)
        self.assertEqual('legacy_trove.plugin.Client', out.strip())
        self.assertEqual(1, len(self.legacy.MADE_FOR))
        self.assertEqual(0, self.requests.call_count)


class TestLegacyPluginFoundFirst(_Coexistence):
    __test__ = True
    LEGACY_FIRST = True


class TestLegacyPluginFoundLast(_Coexistence):
    __test__ = True
    LEGACY_FIRST = False
