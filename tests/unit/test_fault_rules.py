"""The rules issue 25 put each in one place, tested where they live.

The faults that reach them at the HTTP boundary are in
tests/reliability/test_trove_did.py; here are the rules themselves: the
one-line rule of an error, the JSON decoder, the masker's forms, the check
of a walk's pages, the outcomes of a call on many, the budget of an
attempt, and the words a lost answer is reported with.
"""

import html
import json
import urllib.parse

import pytest
from keystoneauth1 import exceptions as ksa

from troveclient_osc import base
from troveclient_osc import batch
from troveclient_osc import exceptions
from troveclient_osc import http
from troveclient_osc import masking
from troveclient_osc import plugin

ID = '2f9c6a57-3d1e-4b8a-9e0f-5c7d2a1b4e6f'


# -- ClientException.line: one line, at most 300 characters -----------------

def test_an_error_line_keeps_status_and_request_id_within_the_limit():
    error = exceptions.BadRequest('word ' * 100, http_status=400,
                                  request_id='req-' + ID)
    line = str(error)
    assert len(line) <= exceptions.MAX_LINE
    assert line.endswith(' (HTTP 400) (Request-ID: req-%s)' % ID)
    assert len(error.line(120)) <= 120


def test_an_error_line_cuts_other_words_before_an_id():
    error = exceptions.ClientException(
        'Instance %s: %s %s' % (ID, 'a' * 200, 'b' * 200))
    assert ID in str(error)
    assert len(str(error)) <= exceptions.MAX_LINE


def test_control_characters_are_escaped_in_every_error_line():
    error = exceptions.ClientException('bad \x1b[2J name\n\x07')
    assert str(error) == 'bad \\x1b[2J name\\n\\x07'
    assert exceptions.one_line(ValueError('a\nb')) == 'a\\nb'


# -- exceptions.loads: every body is decoded here ----------------------------

@pytest.mark.parametrize('text', ['[' * 10000 + ']' * 10000,
                                  '{"a": %s}' % ('[' * 65 + ']' * 65),
                                  'not json'])
def test_json_too_deep_or_invalid_is_a_value_error(text):
    with pytest.raises(ValueError):
        exceptions.loads(text)


def test_json_as_deep_as_allowed_is_decoded():
    text = '[' * exceptions.MAX_JSON_DEPTH + ']' * exceptions.MAX_JSON_DEPTH
    assert exceptions.loads(text) is not None


# -- masking.forms / mask: every escaping, once or twice ---------------------

SECRET = 'p"\\ß<&>%/'


@pytest.mark.parametrize('form', [
    SECRET, json.dumps(SECRET), json.dumps(json.dumps(SECRET)),
    repr(json.dumps(SECRET)), html.escape(json.dumps(SECRET)),
    urllib.parse.quote(SECRET, safe=''), urllib.parse.quote_plus(SECRET),
    ascii(SECRET)])
def test_a_secret_is_masked_in_each_form_and_two_in_a_row(form):
    masked = masking.mask('said: %s.' % form, [SECRET])
    assert SECRET not in masked and masking.MASK in masked
    assert 'ß' not in masked and '\\u00df' not in masked


def test_masking_leaves_text_without_secrets_alone():
    assert masking.mask('nothing here', ['zz9']) == 'nothing here'
    assert masking.mask('', ['zz9']) == ''


# -- base.Markers.check: pages that repeat or overlap ------------------------

class Item:
    def __init__(self, ident):
        self.ident = ident


def test_a_walk_refuses_a_page_that_repeats_an_earlier_item():
    walk = base.Markers('things')
    walk.check([Item('a'), Item('b')], lambda item: item.ident)
    walk.follow('m1')
    with pytest.raises(exceptions.EndlessPagination,
                       match="page 2 of things repeats the item 'b'"):
        walk.check([Item('b')], lambda item: item.ident)


# -- batch.Outcomes.distinct ------------------------------------------------

def test_distinct_outcomes_leave_out_those_that_share_an_earlier_one():
    first, second = batch.Outcome('web'), batch.Outcome(ID)
    second.same_as = first
    outcomes = batch.Outcomes([first, second])
    assert list(outcomes.distinct) == [first]
    assert len(outcomes) == 2


# -- http.budget / bounded: the time left of an attempt ----------------------

class Recorder:
    timeout = None

    def __init__(self):
        self.timeouts = []

    def request(self, url, method, **kwargs):
        self.timeouts.append(kwargs.get('timeout'))
        return 'answer'


def test_a_bounded_session_gives_each_request_the_time_left():
    now = [100.0]
    session = http.bounded(Recorder())
    assert session.request('u', 'GET') == 'answer'
    with http.budget(10, clock=lambda: now[0]):
        session.request('u', 'GET')
        now[0] += 7
        session.request('u', 'GET', timeout=60)
        now[0] += 3
        with pytest.raises(ksa.ConnectTimeout,
                           match='Request to u timed out after 10s'):
            session.request('u', 'GET')
    assert session.timeouts == [None, 10, 3]


def test_a_session_is_bounded_once():
    session = Recorder()
    http.bounded(session)
    wrapped = session.request
    http.bounded(session)
    assert session.request is wrapped


# -- the words of a lost answer ----------------------------------------------

@pytest.mark.parametrize('path, body, subject', [
    ('/instances', {'instance': {'name': 'web'}}, ('instances', 'web', None)),
    ('/instances/%s/action' % ID, {'restart': {}}, ('instances', None, ID)),
    ('/mgmt/instances/%s/action' % ID, {}, ('instances', None, ID)),
    ('/instances/a%2Fb', None, ('instances', None, 'a/b')),
])
def test_a_request_says_what_it_was_about(path, body, subject):
    assert http._subject(path, body) == subject


def test_the_library_and_the_command_line_name_what_to_check():
    assert http.check_after_lost_answer('instances', 'web', None) == (
        "check whether the instance 'web' exists before sending it again")
    assert plugin.lost_answer_hint('instances', 'web 1', None) == (
        "see 'openstack database instance list --name 'web 1''")
    assert plugin.lost_answer_hint('instances', None, ID) == (
        "see 'openstack database instance show %s'" % ID)
    assert plugin.lost_answer_hint('configurations', None, 'c1') == (
        'check configuration c1 before sending it again')


# -- the command line's timeout lines when the polls were failing ------------

class Manager:
    """What the command line's wait (osc.many.wait_in_turn) asks of a
    manager: a wait that times out while its polls fail."""

    human_name = 'database instance'

    def wait_for_outcomes(self, outcomes, status, **kwargs):
        error = exceptions.WaitTimeout('Timeout waiting')
        error.failing_since = 4.0
        error.failing_error = exceptions.ConnectionError(
            'Unable to establish connection to http://t: connection refused')
        for outcome in outcomes:
            outcome.error, outcome.waited = error, True
        return outcomes


def test_replicas_waited_for_while_polls_fail_are_not_said_to_go_on():
    import argparse
    import io
    import types

    from troveclient_osc.osc import many
    from troveclient_osc.osc import progress

    command = types.SimpleNamespace(stderr=io.StringIO(),
                                    changes=progress.Changes('create', 'x'))
    parsed = argparse.Namespace(wait=True, wait_timeout=30)
    with pytest.raises(exceptions.WaitTimeout) as info:
        # the replicas of one create: one after the other
        many.wait_in_turn(command, parsed, Manager(), ['r1', 'r2'],
                          many.Wait())
    assert 'Trove carries on' not in str(info.value)
    assert ('Only the wait ended: every poll failed from 4s on: Unable to '
            'establish connection' in str(info.value))
