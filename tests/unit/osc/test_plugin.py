"""The OpenStackClient hooks in troveclient_osc.plugin."""

import argparse
import subprocess
import sys
from unittest import mock

from keystoneauth1 import exceptions as ksa_exceptions
from keystoneauth1 import session as ksa_session
from osc_lib import exceptions as osc_exceptions
import testtools

from troveclient_osc import masking
from troveclient_osc import plugin
from troveclient_osc.v1 import client as trove_client

ENDPOINT = 'http://trove.test/v1.0/demo'


def _client_manager(endpoint=ENDPOINT, region='RegionTwo',
                    interface='internal'):
    """Only the public ClientManager API: any other attribute fails."""
    manager = mock.Mock(spec=['session', 'region_name', 'interface',
                              'get_endpoint_for_service_type'])
    manager.session = ksa_session.Session()
    manager.region_name = region
    manager.interface = interface
    if isinstance(endpoint, Exception):
        manager.get_endpoint_for_service_type.side_effect = endpoint
    else:
        manager.get_endpoint_for_service_type.return_value = endpoint
    return manager


class TestMakeClient(testtools.TestCase):

    def test_builds_the_client_on_the_osc_session(self):
        manager = _client_manager()
        client = plugin.make_client(manager)
        self.assertIsInstance(client, trove_client.Client)
        self.assertIs(manager.session, client.session)
        manager.get_endpoint_for_service_type.assert_called_once_with(
            'database', region_name='RegionTwo', interface='internal')
        adapter = client.http.adapter
        self.assertEqual(ENDPOINT, adapter.endpoint_override)
        self.assertEqual('RegionTwo', adapter.region_name)
        self.assertEqual('internal', adapter.interface)

    def test_missing_catalog_endpoint_is_left_to_the_client(self):
        manager = _client_manager(
            endpoint=ksa_exceptions.EndpointNotFound('none'))
        client = plugin.make_client(manager)
        self.assertIsNone(client.http.adapter.endpoint_override)

    def test_default_interface_is_public(self):
        manager = _client_manager(interface=None)
        plugin.make_client(manager)
        self.assertEqual(
            'public', manager.get_endpoint_for_service_type.call_args.kwargs[
                'interface'])


class TestOptions(testtools.TestCase):

    def test_api_version_option_defaults_to_1(self):
        self.useFixture(__import__('fixtures').EnvironmentVariable(
            'OS_DATABASE_API_VERSION'))
        parser = plugin.build_option_parser(argparse.ArgumentParser())
        self.assertEqual('1', parser.parse_args([]).os_database_api_version)

    def test_api_version_option_reads_the_environment(self):
        self.useFixture(__import__('fixtures').EnvironmentVariable(
            'OS_DATABASE_API_VERSION', '1.0'))
        parser = plugin.build_option_parser(argparse.ArgumentParser())
        self.assertEqual('1.0', parser.parse_args([]).os_database_api_version)

    def test_a_second_database_plugin_option_is_tolerated(self):
        parser = argparse.ArgumentParser()
        parser.add_argument('--os-database-api-version')
        self.assertIs(parser, plugin.build_option_parser(parser))

    def test_only_version_1_is_accepted_by_the_database_commands(self):
        for version in ('1', '1.0', 'v1', None):
            self.assertIsNone(plugin.require_api_version(version))
        error = self.assertRaises(osc_exceptions.UnsupportedVersion,
                                  plugin.require_api_version, '2')
        self.assertIn('Database API version 2 is not supported', str(error))

    def test_the_start_up_hook_refuses_no_version(self):
        # OpenStackClient calls it before every command, not only ours.
        for version in ('1', '2', 'bogus'):
            self.assertTrue(plugin.check_api_version(version))


class TestLegacyUsersMasking(testtools.TestCase):

    def test_users_passwords_are_masked_up_to_the_next_option(self):
        self.assertEqual(
            'database instance create x --users a:*** b:*** *** --size 1 '
            '--users=c:*** -- --users d:***',
            masking.mask_command_line(
                'database instance create x --users a:p1 b:pa:ss word '
                '--size 1 --users=c:p3 -- --users d:p4'))

    def test_other_options_are_left_alone(self):
        line = ('database instance create x --user name=u --password-file - '
                '--flavor 1')
        self.assertEqual(line, masking.mask_command_line(line))

    def test_the_start_line_of_osc_lib_is_masked(self):
        import logging
        logger = logging.getLogger(plugin._START_LOGGER)
        self.addCleanup(setattr, logger, 'filters', list(logger.filters))
        plugin.build_option_parser(argparse.ArgumentParser())
        plugin.build_option_parser(argparse.ArgumentParser())
        self.assertEqual(1, sum(isinstance(f, plugin._SecretsFilter)
                                for f in logger.filters))
        record = logging.LogRecord(
            plugin._START_LOGGER, logging.INFO, __file__, 1,
            'START with options: %s', ('-v create --users bob:Pw9',), None)
        self.assertTrue(logger.filters[-1].filter(record))
        self.assertEqual('START with options: -v create --users bob:***',
                         record.getMessage())


class TestImportCost(testtools.TestCase):

    def test_importing_the_plugin_loads_nothing_heavy(self):
        code = ('import sys, troveclient_osc.plugin; '
                'print(sorted(m for m in sys.modules if m.split(".")[0] in '
                '("keystoneauth1", "osc_lib", "requests", "cliff", '
                '"openstackclient") or m.startswith("troveclient_osc.")))')
        out = subprocess.run([sys.executable, '-c', code], check=True,
                             capture_output=True, text=True).stdout
        self.assertEqual("['troveclient_osc.plugin']", out.strip())

    def test_the_command_modules_leave_the_rest_layer_unloaded(self):
        # cliff imports every command module for every openstack command,
        # `openstack server list` included: only a database command that
        # runs needs the library.
        code = ('import sys\n'
                'import troveclient_osc.osc.v1.instances\n'
                'import troveclient_osc.osc.v1.instance_create\n'
                'import troveclient_osc.osc.v1.instance_actions\n'
                'import troveclient_osc.osc.v1.datastores\n'
                'import troveclient_osc.osc.v1.flavors\n'
                'print(sorted(m for m in sys.modules if m.split(".")[0] in '
                '("keystoneauth1", "requests", "troveclient_osc")))')
        out = subprocess.run([sys.executable, '-c', code], check=True,
                             capture_output=True, text=True).stdout
        self.assertEqual(
            "['troveclient_osc', 'troveclient_osc.i18n', "
            "'troveclient_osc.osc', 'troveclient_osc.osc.arguments', "
            "'troveclient_osc.osc.command', 'troveclient_osc.osc.many', "
            "'troveclient_osc.osc.output', 'troveclient_osc.osc.progress', "
            "'troveclient_osc.osc.v1', "
            "'troveclient_osc.osc.v1.datastores', "
            "'troveclient_osc.osc.v1.flavors', "
            "'troveclient_osc.osc.v1.instance_actions', "
            "'troveclient_osc.osc.v1.instance_create', "
            "'troveclient_osc.osc.v1.instances']", out.strip())


class TestDiscoveryWarning(testtools.TestCase):
    """keystoneauth1's "Failed to discover" warning is shown with --debug
    only: the sign-in's own error names the same URL."""

    def _records(self, level, message):
        import logging

        plugin.build_option_parser(argparse.ArgumentParser())
        logger = logging.getLogger(plugin._DISCOVERY_LOGGER)
        shown = []

        class Keep(logging.Handler):
            def emit(self, record):
                shown.append(record)

        handler = Keep(level=logging.WARNING)
        logger.addHandler(handler)
        self.addCleanup(logger.removeHandler, handler)
        logger.log(level, message, 'http://keystone.test:5000/v3')
        return shown

    def test_the_discovery_warning_becomes_a_debug_record(self):
        self.assertEqual([], self._records(
            30, 'Failed to discover available identity versions when '
                'contacting %s. Attempting to parse version from URL.'))

    def test_other_warnings_of_that_logger_stay_warnings(self):
        records = self._records(30, 'Something else about %s')
        self.assertEqual(['WARNING'], [r.levelname for r in records])
