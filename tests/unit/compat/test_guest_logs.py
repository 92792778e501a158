"""The guest log calls python-troveclient's code makes: log_list,
log_show, log_action, log_generator and log_save.

A published log is read from Swift as python-troveclient read it: through
a python-swiftclient Connection given as ``swift``, or else through the
client's own session (no swiftclient needed).
"""

import urllib.parse

import pytest

from troveclient_osc import exceptions
from tests.unit import fakes
from tests.unit.compat.trove import INSTANCE

LOG_URL = fakes.url('/instances/%s/log' % INSTANCE)
PUBLISHED = {'name': 'general', 'type': 'USER', 'status': 'Published',
             'published': '6', 'pending': '0', 'container': 'database_logs',
             'prefix': '%s/mysql-general/' % INSTANCE,
             'metafile': '%s/mysql-general_metafile' % INSTANCE}
PREFIX = PUBLISHED['prefix']
# (object, last modified, text): two lines each, written in this order
PARTS = [(PREFIX + 'log-1', '2024-01-01T00:00:01', 'a1\na2\n'),
         (PREFIX + 'log-2', '2024-01-01T00:00:02', 'b1\nb2\n'),
         (PREFIX + 'log-3', '2024-01-01T00:00:03', 'c1\nc2\n')]


class RecordingSwift:
    """A python-swiftclient Connection that records what is read."""

    def __init__(self, parts=()):
        self.parts = list(parts)
        self.calls = []

    def _text(self, name):
        return {n: t for n, _w, t in self.parts}[name]

    def get_container(self, container, prefix=None):
        self.calls.append(('get_container', container, prefix))
        return {}, [{'name': name, 'last_modified': when}
                    for name, when, _text in self.parts]

    def head_object(self, container, name):
        self.calls.append(('head_object', container, name))
        return {'x-object-meta-lines': str(len(self._text(name).splitlines()))}

    def get_object(self, container, name):
        self.calls.append(('get_object', container, name))
        return {}, self._text(name).encode()


@pytest.fixture
def shown(rm):
    """POST /instances/<id>/log answers the published log."""
    return rm.post(LOG_URL, json={'log': PUBLISHED})


def test_log_list_and_log_show_read_the_logs(tc, rm, shown):
    rm.get(LOG_URL, json={'logs': [PUBLISHED]})
    (log,) = tc.instances.log_list(INSTANCE)
    assert (log.name, log.status, log.container) == (
        'general', 'Published', 'database_logs')
    assert repr(log) == '<DatastoreLog: general>'
    assert tc.instances.log_show(INSTANCE, 'general').prefix == PREFIX
    assert shown.last_request.json() == {'name': 'general'}


def test_log_generator_of_every_line_yields_each_part_oldest_first(
        tc, shown):
    swift = RecordingSwift(PARTS)
    generate = tc.instances.log_generator(INSTANCE, 'general', lines=0,
                                          swift=swift)
    assert list(generate()) == ['a1\na2\n', 'b1\nb2\n', 'c1\nc2\n']
    assert swift.calls[0] == ('get_container', 'database_logs', PREFIX)


def test_log_generator_of_the_last_lines_reads_back_to_them(tc, shown):
    swift = RecordingSwift(PARTS)
    generate = tc.instances.log_generator(INSTANCE, 'general', lines=3,
                                          swift=swift)
    assert ''.join(generate()) == 'b2\nc1\nc2\n'
    # the newest part, then the one before: enough lines; never the first
    assert [call for call in swift.calls if call[0] == 'head_object'] == [
        ('head_object', 'database_logs', PREFIX + 'log-3'),
        ('head_object', 'database_logs', PREFIX + 'log-2')]


def test_log_generator_of_more_lines_than_there_are_gives_them_all(
        tc, shown):
    generate = tc.instances.log_generator(INSTANCE, 'general', lines=50,
                                          swift=RecordingSwift(PARTS))
    assert ''.join(generate()) == 'a1\na2\nb1\nb2\nc1\nc2\n'


def test_log_generator_of_an_empty_container_yields_nothing(tc, shown):
    generate = tc.instances.log_generator(INSTANCE, 'general',
                                          swift=RecordingSwift())
    assert list(generate()) == []


def test_a_log_with_nothing_published_is_guest_log_not_found(tc, rm):
    rm.post(LOG_URL, json={'log': dict(PUBLISHED, container='None',
                                       prefix='None')})
    swift = RecordingSwift(PARTS)
    generate = tc.instances.log_generator(INSTANCE, 'general', swift=swift)
    with pytest.raises(exceptions.GuestLogNotFoundError,
                       match=r'publish=True'):
        list(generate())
    assert swift.calls == []


@pytest.mark.parametrize('lines', [-1, 'many', True, 2.5])
def test_a_bad_number_of_lines_is_refused_before_anything_is_sent(
        tc, rm, lines):
    with pytest.raises(exceptions.ValidationError, match='lines'):
        tc.instances.log_generator(INSTANCE, 'general', lines=lines)
    assert rm.call_count == 0


def swift_url(path):
    # The token session of the tests answers one endpoint for every
    # service: Swift's is the same URL here.
    return fakes.ENDPOINT + path


def test_without_swift_the_objects_are_read_through_the_session(
        tc, rm, shown):
    listing = rm.get(swift_url('/database_logs'), json=[
        {'name': name, 'last_modified': when} for name, when, _t in PARTS])
    for name, _when, text in PARTS:
        path = '/database_logs/' + urllib.parse.quote(name)
        rm.head(swift_url(path), headers={
            'X-Object-Meta-Lines': str(len(text.splitlines()))})
        rm.get(swift_url(path), text=text)
    generate = tc.instances.log_generator(INSTANCE, 'general', lines=2)
    assert ''.join(generate()) == 'c1\nc2\n'
    assert listing.last_request.qs == {'format': ['json'],
                                       'prefix': [PREFIX.lower()]}
    assert listing.last_request.headers['X-Auth-Token'] == fakes.TOKEN


def test_a_container_swift_does_not_have_is_guest_log_not_found(
        tc, rm, shown):
    rm.get(swift_url('/database_logs'), status_code=404)
    generate = tc.instances.log_generator(INSTANCE, 'general')
    with pytest.raises(exceptions.GuestLogNotFoundError):
        list(generate())


def test_log_save_writes_the_whole_log_to_its_default_file(
        tc, rm, shown, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        'troveclient_osc.v1.guest_logs.ObjectStore',
        lambda api: RecordingSwift(PARTS))
    written = tc.instances.log_save(INSTANCE, 'general')
    assert written == 'trove-%s-general.log' % INSTANCE
    assert (tmp_path / written).read_text() == \
        'a1\na2\nb1\nb2\nc1\nc2\n'


def test_log_save_of_a_name_uses_the_id_it_finds(
        tc, rm, shown, tmp_path, monkeypatch):
    fakes.InstanceListing([fakes.instance_body(1, name='web-1')]
                          ).register(rm)
    monkeypatch.setattr(
        'troveclient_osc.v1.guest_logs.ObjectStore',
        lambda api: RecordingSwift(PARTS))
    target = tmp_path / 'general.log'
    assert tc.instances.log_save('web-1', 'general', str(target)) == \
        str(target)
    assert target.read_text().startswith('a1\n')
    assert shown.call_count == 1


def test_log_save_of_a_name_that_looks_like_an_id_finds_the_instance(
        tc, rm, tmp_path, monkeypatch):
    # Trove refuses the name as an ID: it is then looked up as a name, and
    # the log shown for the instance found, whose ID names the file
    monkeypatch.chdir(tmp_path)
    name = fakes.instance_id(99)
    fakes.InstanceListing([fakes.instance_body(1, name=name)]).register(rm)
    refused = rm.post(fakes.url('/instances/%s/log' % name), status_code=404,
                      json={'itemNotFound': {'code': 404,
                                             'message': 'not found'}})
    found = rm.post(LOG_URL, json={'log': PUBLISHED})
    monkeypatch.setattr(
        'troveclient_osc.v1.guest_logs.ObjectStore',
        lambda api: RecordingSwift(PARTS))
    written = tc.instances.log_save(name, 'general')
    assert written == 'trove-%s-general.log' % INSTANCE
    assert (tmp_path / written).read_text().startswith('a1\n')
    assert (refused.call_count, found.call_count) == (1, 1)
