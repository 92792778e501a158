"""Shared test doubles for the OSC command tests.

The client is a Mock with the spec of the real Client, and each manager an
autospec of the real manager class, so a call the library does not offer (or
with arguments it does not take) fails the test. Resources are the library's
real Resource classes built from sample bodies.
"""

import copy
import io
from unittest import mock

from osc_lib.test import base as osc_base

from tests.unit.fakes import FakeClock
from troveclient_osc import base
from troveclient_osc import batch
from troveclient_osc import exceptions
from troveclient_osc.v1 import client as trove_client
from troveclient_osc.v1 import configurations
from troveclient_osc.v1 import datastores
from troveclient_osc.v1 import flavors
from troveclient_osc.v1 import instances

INSTANCE_ID = '7de1bed8-6983-4d46-9a52-0abfbb0d27a2'
INSTANCE_ID_2 = 'b76a6a76-748b-4064-adec-4c9e6c9abd68'
DATASTORE_ID = '3bf89e46-c3ed-4db6-a423-6e6709ec21ef'
VERSION_ID = 'b3d5c099-dbd5-4518-baa3-7c7c195671bf'
CONFIGURATION_ID = 'c2f1d2a9-2b7b-4d54-9d34-3a1b56c2d7e8'

INSTANCE = {
    'id': INSTANCE_ID,
    'name': 'db1',
    'status': 'ACTIVE',
    'operating_status': 'HEALTHY',
    'datastore': {'type': 'mysql', 'version': '5.7'},
    'flavor': {'id': '6', 'links': []},
    'volume': {'size': 1, 'used': 0.12},
    'addresses': [{'address': '10.1.0.62', 'type': 'private'}],
    'ip': ['10.1.0.62'],
    'access': {'is_public': False, 'allowed_cidrs': ['10.0.0.0/24']},
    'region': 'RegionOne',
    'created': '2019-12-23T20:58:35',
    'updated': '2019-12-23T20:58:45',
    'links': [{'rel': 'self', 'href': 'https://x/instances/' + INSTANCE_ID}],
}

FLAVOR = {'id': 6, 'str_id': '6', 'name': 'ds2G', 'ram': 2048, 'vcpus': 1,
          'disk': 0, 'ephemeral': 0, 'links': []}

DATASTORE = {
    'id': DATASTORE_ID, 'name': 'mysql', 'default_version': VERSION_ID,
    'versions': [{'id': VERSION_ID, 'name': '5.7', 'links': []},
                 {'id': 'v2', 'name': '8.0', 'links': []}],
    'links': [],
}

VERSION = {'id': VERSION_ID, 'name': '5.7', 'datastore': DATASTORE_ID,
           'version': '5.7.29', 'links': []}

MGMT_VERSION = {'id': VERSION_ID, 'name': '5.7', 'datastore_id': DATASTORE_ID,
                'datastore_name': 'mysql', 'datastore_manager': 'mysql',
                'active': True, 'default': False, 'image': 'img-1',
                'image_tags': ['trove'], 'packages': [''],
                'version': '5.7.29'}


def instance(**changes):
    info = copy.deepcopy(INSTANCE)
    info.update(changes)
    return instances.Instance(None, info)


def flavor(**changes):
    info = copy.deepcopy(FLAVOR)
    info.update(changes)
    return flavors.Flavor(None, info)


def datastore(**changes):
    info = copy.deepcopy(DATASTORE)
    info.update(changes)
    return datastores.Datastore(None, info)


def version(info=None, **changes):
    info = copy.deepcopy(info or VERSION)
    info.update(changes)
    return datastores.DatastoreVersion(None, info)


def configuration(ident=CONFIGURATION_ID, name='cfg'):
    return configurations.Configuration(None, {'id': ident, 'name': name})


def page(items, next=None):
    return base.Page(items, next=next)


def not_found(value, what='database instance'):
    return exceptions.NoMatch(
        "No %s with a name or ID of '%s' exists." % (what, value))


class TTYInput(io.StringIO):
    """A stdin that says it is a terminal."""

    def isatty(self):
        return True


class TestDatabaseCommand(osc_base.TestCommand):
    """A TestCommand whose app has a spec'd database client."""

    def setUp(self):
        super().setUp()
        self.client = mock.Mock(spec=trove_client.Client)
        self.instances = mock.create_autospec(instances.InstanceManager,
                                              instance=True)
        self.instances.human_name = 'database instance'
        # An administrator's call keeps the library's mark of the scope
        # its names are looked up in, which autospec leaves out.
        for name in dir(instances.InstanceManager):
            scope = getattr(getattr(instances.InstanceManager, name),
                            'lookup_scope', None)
            if scope is not None:
                getattr(self.instances, name).lookup_scope = scope
        self.flavors = mock.create_autospec(flavors.FlavorManager,
                                            instance=True)
        self.datastores = mock.create_autospec(datastores.DatastoreManager,
                                               instance=True)
        self.versions = mock.create_autospec(
            datastores.DatastoreVersionManager, instance=True)
        self.configurations = mock.create_autospec(
            configurations.ConfigurationManager, instance=True)
        self.client.instances = self.instances
        self.client.flavors = self.flavors
        self.client.datastores = self.datastores
        self.client.datastore_versions = self.versions
        self.client.configurations = self.configurations
        self.app.client_manager.database = self.client
        self.app.stderr = io.StringIO()
        self.app.stdin = io.StringIO()
        self.use_real_lookups()
        self.use_real_listing()

    def use_real_listing(self):
        """Make ``instances.list_matching`` run the library's real walk
        over the mock's ``list``: the pages a test gives ``list`` are
        walked, checked and filtered as the library does; and
        ``instances.list_filter`` the library's filter, whose datastore
        and flavor are looked up with ``self.datastores`` and
        ``self.flavors``."""
        real = instances.InstanceManager(api=None)
        real.list = self.instances.list
        self.instances.list_matching.side_effect = real.list_matching

        def list_filter(**kwargs):
            # The library's filter, looking the datastore and the flavor
            # up with the test's managers.
            with mock.patch.object(instances.v1_datastores,
                                   'DatastoreManager',
                                   return_value=self.datastores), \
                    mock.patch.object(instances.v1_flavors, 'FlavorManager',
                                      return_value=self.flavors):
                return real.list_filter(**kwargs)

        self.instances.list_filter.side_effect = list_filter

    def use_real_lookups(self):
        """Make ``instances.act_on``/``act_on_many``/``resolve`` and
        ``flavors.with_ref`` run the library's real lookup, over what the
        test lists: names (and IDs Trove refuses) are looked up in
        ``self.listing`` (instances) and ``self.flavor_listing``
        (flavors); ``self.listed`` has the ``all_projects`` of the scope
        of each scan of the instances. The actions are the mocks' methods,
        as the commands pass them."""
        self.listing = []
        self.listed = []
        self.flavor_listing = []
        real = instances.InstanceManager(api=None)

        def listing(scope):
            self.listed.append(scope.all_projects)
            return iter(self.listing)

        real._listing = listing

        def act_on_many(values, action, concurrency=None, **kwargs):
            # One call at a time, so that the actions' side_effect lists
            # are used in the targets' order.
            batch.check_concurrency(concurrency)
            return real.act_on_many(values, action, concurrency=1, **kwargs)

        real_flavors = flavors.FlavorManager(api=None)
        real_flavors.list = lambda: base.Page(self.flavor_listing)
        self.instances.act_on.side_effect = real.act_on
        self.instances.act_on_many.side_effect = act_on_many
        self.instances.resolve.side_effect = real.resolve
        self.flavors.with_ref.side_effect = real_flavors.with_ref

    def parse(self, cmd, arglist, verifylist):
        """check_parser, insisting on something to verify."""
        assert verifylist, 'give the parsed values to verify'
        return self.check_parser(cmd, arglist, verifylist)

    def assertParseFails(self, cmd, arglist):
        """The arguments end in an argparse error (exit 2), no calls made."""
        self.assertRaises(osc_base.ParserException, self.check_parser, cmd,
                          arglist, [])

    def assertNoManagerCalls(self):
        for manager in (self.instances, self.flavors, self.datastores,
                        self.versions, self.configurations):
            self.assertEqual([], manager.method_calls)

    def use_real_waiter(self, bodies, clock=None):
        """Make ``instances.wait_for_outcomes`` run the library's real
        waiter on one instance, polled by ID.

        ``bodies`` is what each poll sees: an instance body, or None for a
        404. The clock and sleep are fake, so timeouts take no time.
        """
        polls = iter(bodies)
        real = instances.InstanceManager(api=None)

        def get(ident):
            body = next(polls)
            if body is None:
                raise exceptions.NotFound('gone', http_status=404)
            return instances.Instance(real, dict(body, id=ident))

        real.get = real._show = get
        return self._real_wait(real, clock)

    def use_real_many_waiter(self, listings, clock=None):
        """Make ``instances.wait_for_outcomes`` run the library's real
        waiter; ``listings`` is what each poll lists: a list of instance
        bodies (a wait on one instance polls it by ID: it is then in the
        listing, or gone)."""
        polls = iter(listings)
        real = instances.InstanceManager(api=None)
        listed = []
        walked = []

        def listing():
            listed[:] = [instances.Instance(real, body)
                         for body in next(polls)]
            return list(listed)

        def pages(*scope):
            walked.append(scope)
            return iter([base.Page(listing())])

        def get(ident):
            # A wait on one instance polls it by ID: each GET is a poll of
            # the next listing. A wait on several asks for an instance the
            # listing no longer has: gone unless the listing had it.
            if not walked:
                listing()
            for instance in listed:
                if instance.id == ident:
                    return instance
            raise exceptions.NotFound('gone', http_status=404)

        real._wait_pages = pages
        real.get = real._show = get
        return self._real_wait(real, clock)

    def _real_wait(self, real, clock):
        """``instances.wait_for_outcomes`` of ``real``, on a fake clock;
        ``self.waits`` has the IDs each wait was for."""
        clock = clock or FakeClock(start=0.0)
        self.waits = []

        def wait_for_outcomes(outcomes, status='ACTIVE', **kwargs):
            self.waits.append([outcome.id for outcome in outcomes.distinct
                               if outcome.ok])
            return real.wait_for_outcomes(outcomes, status,
                                          sleep=clock.sleep, clock=clock,
                                          **kwargs)

        self.instances.wait_for_outcomes.side_effect = wait_for_outcomes
        return clock
