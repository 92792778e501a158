"""ConfigurationManager at the HTTP boundary, which --configuration uses."""

import testtools
from keystoneauth1 import session as ksa_session
from requests_mock.contrib import fixture as rm_fixture

from troveclient_osc import exceptions
from troveclient_osc.v1 import client as trove_client

ENDPOINT = 'http://trove.test/v1.0/demo'
CONF_ID = 'c2f1d2a9-2b7b-4d54-9d34-3a1b56c2d7e8'


def _group(ident, name):
    return {'id': ident, 'name': name, 'datastore_name': 'mysql',
            'links': []}


class TestConfigurationManager(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.requests = self.useFixture(rm_fixture.Fixture())
        self.client = trove_client.Client(session=ksa_session.Session(),
                                          endpoint_override=ENDPOINT)
        self.manager = self.client.configurations

    def test_find_by_id_costs_one_get(self):
        self.requests.get(ENDPOINT + '/configurations/' + CONF_ID,
                          json={'configuration': _group(CONF_ID, 'cfg')})
        found = self.manager.find(CONF_ID)
        self.assertEqual('cfg', found.name)
        self.assertEqual(1, self.requests.call_count)

    def test_find_by_name_walks_every_page(self):
        self.requests.get(
            ENDPOINT + '/configurations',
            [{'json': {'configurations': [_group('1', 'a')],
                       'links': [{'rel': 'next', 'href': 'https://x/v1.0/demo/'
                                  'configurations?marker=1'}]}},
             {'json': {'configurations': [_group(CONF_ID, 'wanted')]}}])
        self.assertEqual(CONF_ID, self.manager.find('wanted').id)
        self.assertEqual(2, self.requests.call_count)
        self.assertEqual(['1'], self.requests.request_history[1].qs['marker'])

    def test_find_unknown_name_raises_not_found_naming_it(self):
        self.requests.get(ENDPOINT + '/configurations',
                          json={'configurations': [_group('1', 'a')]})
        error = self.assertRaises(exceptions.NotFound,
                                  self.manager.find, 'nope')
        self.assertEqual("No configuration group with a name or ID of 'nope' "
                         "exists.", str(error))

    def test_find_ambiguous_name_raises_no_unique_match(self):
        self.requests.get(ENDPOINT + '/configurations',
                          json={'configurations': [_group('1', 'a'),
                                                   _group('2', 'a')]})
        self.assertRaises(exceptions.NoUniqueMatch, self.manager.find, 'a')

    def test_uuid_named_group_is_found_by_name_after_404(self):
        self.requests.get(ENDPOINT + '/configurations/' + CONF_ID,
                          status_code=404,
                          json={'itemNotFound': {'message': 'nope'}})
        self.requests.get(ENDPOINT + '/configurations',
                          json={'configurations': [_group('9', CONF_ID)]})
        self.assertEqual('9', self.manager.find(CONF_ID).id)

    def test_get_of_an_id_is_one_get_of_its_path(self):
        self.requests.get(ENDPOINT + '/configurations/' + CONF_ID,
                          json={'configuration': _group(CONF_ID, 'x')})
        self.assertEqual('x', self.manager.get(CONF_ID).name)
        self.assertEqual(1, self.requests.call_count)

    def test_get_of_a_name_looks_it_up_and_never_puts_it_in_a_path(self):
        # Issue 23: a name is looked up by one scan; 'a/..?' is not sent.
        self.requests.get(ENDPOINT + '/configurations',
                          json={'configurations': [_group(CONF_ID, 'a/..?')]})
        self.requests.get(ENDPOINT + '/configurations/' + CONF_ID,
                          json={'configuration': _group(CONF_ID, 'a/..?')})
        self.assertEqual(CONF_ID, self.manager.get('a/..?').id)
        self.assertEqual(['/v1.0/demo/configurations',
                          '/v1.0/demo/configurations/' + CONF_ID],
                         [r.path for r in self.requests.request_history])

    def test_list_returns_one_page_with_next_marker(self):
        self.requests.get(
            ENDPOINT + '/configurations',
            json={'configurations': [_group('1', 'a')],
                  'links': [{'rel': 'next',
                             'href': 'https://x/configurations?marker=1'}]})
        page = self.manager.list(limit=1)
        self.assertEqual(['a'], [c.name for c in page])
        self.assertEqual('1', page.next)
        self.assertEqual(['1'], self.requests.last_request.qs['limit'])
