"""Rows B1-B12 of the reliability matrix: bad input on the command line.

Each case runs the real ``openstack`` shell in process against
requests-mock and asserts the exit code, the one reason on stderr, that no
traceback is shown, and the exact number of HTTP calls (0 for every
argument error).
"""

import json
import math
import re
import urllib.parse

import pytest

from tests.reliability import harness
from tests.reliability.harness import SECRET, expect_error, \
    expect_usage_error
from tests.unit import fakes
from tests.unit.osc import fakes as osc_fakes

ENDPOINT = harness.ENDPOINT
PATH = urllib.parse.urlsplit(ENDPOINT).path
CREATE = ('database', 'instance', 'create', 'db1', '--flavor', '6',
          '--size', '1')


def mock_create(rm):
    """A create that answers like Trove (flavor 6: no lookup)."""
    return rm.post(ENDPOINT + '/instances', status_code=200, json={
        'instance': dict(osc_fakes.INSTANCE, status='BUILD')})


def mock_listing(rm, *bodies):
    rm.get(re.compile(re.escape(ENDPOINT) + r'/instances/detail(\?|$)'),
           json={'instances': list(bodies)})


def mutating(result):
    return [call for call in result.calls if call.method != 'GET']


# -- B1 ---------------------------------------------------------------------

@pytest.mark.parametrize('args', [
    ('database', 'instance', 'list', '--bogus'),
    CREATE + ('--bogus',),
    ('database', 'instance', 'delete', 'db1', '--bogus'),
    ('datastore', 'version', 'list', 'mysql', '--bogus'),
], ids=['list', 'create', 'delete', 'datastore-version-list'])
def test_B1_unknown_option_exits_2_with_usage_and_no_call(cli, args):
    result = cli(*args)
    expect_usage_error(result, 'unrecognized arguments: --bogus')
    assert result.err.startswith('usage:')


# -- B2 ---------------------------------------------------------------------

@pytest.mark.parametrize('args, suggestion', [
    (('database', 'instanse', 'list'), 'database instance list'),
    (('database', 'instance', 'lst'), 'database instance list'),
    (('datastre', 'list'), 'datastore list'),
])
def test_B2_unknown_command_exits_2_with_suggestions_and_no_call(
        cli, args, suggestion):
    result = cli(*args)
    assert result.code == 2, result
    assert result.calls == []
    assert 'Traceback' not in result.err
    # cliff writes the suggestions to stdout, before any plugin code runs.
    shown = result.out + result.err
    assert "'%s' is not a" % ' '.join(args) in shown
    assert 'Did you mean one of these?' in shown
    assert '  %s\n' % suggestion in shown


# -- B3 ---------------------------------------------------------------------

@pytest.mark.parametrize('args, reason', [
    (('database', 'instance', 'list', '--limit', 'abc'),
     "'abc' is not an integer"),
    (('database', 'instance', 'list', '--limit', '0'),
     "'0' must be a positive integer"),
    (('database', 'instance', 'list', '--limit', '-1'),
     "'-1' must be a positive integer"),
    (('database', 'instance', 'list', '--limit', '1.5'),
     "'1.5' is not an integer"),
    (CREATE[:-1] + ('x',), "'x' is not an integer"),
    (CREATE[:-1] + ('0',), "'0' must be a positive integer"),
    (('database', 'instance', 'resize', 'volume', 'db1', '0'),
     "'0' must be a positive integer"),
    (('database', 'instance', 'restart', 'db1', '--wait',
      '--wait-timeout', 'soon'), "'soon' is not an integer"),
], ids=['limit-abc', 'limit-0', 'limit-neg', 'limit-float', 'size-x',
        'size-0', 'resize-0', 'wait-timeout'])
def test_B3_bad_limit_or_size_exits_2_before_any_call(cli, args, reason):
    expect_usage_error(cli(*args), reason)


# -- B4 ---------------------------------------------------------------------

NAMES = {
    'slash': 'a/b',
    'dot-dot-slash': '../../admin',
    'encoded-slash': '%2F..%2Fx',
    'query': 'a?limit=1',
    'fragment': 'a#b',
    'percent': '100%',
    'unicode': 'données-ünï-数据',
    'long': 'n' * 300,
    'line-break': 'a\nb\r\x1ec',
}


IN_PATH = {key: name for key, name in NAMES.items() if '/' not in name}
SLASHED = {key: name for key, name in NAMES.items() if '/' in name}


@pytest.mark.parametrize('name', IN_PATH.values(), ids=IN_PATH.keys())
def test_B4_name_is_one_percent_encoded_path_segment(cli, rm, name):
    rm.get(re.compile(re.escape(ENDPOINT) + '/datastores/.*'),
           status_code=404, json=fakes.fault('itemNotFound', 404,
                                             'Datastore not found.'))
    result = cli('datastore', 'show', name)
    expect_error(result, calls=1)
    call = result.calls[0]
    # the URL as sent, before any decoding
    sent = urllib.parse.urlsplit(call.url)
    assert sent.path == '%s/datastores/%s' % (
        PATH, urllib.parse.quote(name, safe=''))
    assert sent.query == '' and sent.fragment == ''
    assert sent.netloc == urllib.parse.urlsplit(ENDPOINT).netloc


@pytest.mark.parametrize('name', NAMES.values(), ids=NAMES.keys())
def test_B4_instance_name_is_looked_up_in_the_listing_not_the_url(
        cli, rm, name):
    body = fakes.instance_body(1, name=name)
    mock_listing(rm, body)
    rm.get(ENDPOINT + '/instances/' + body['id'], json={'instance': body})
    result = cli('database', 'instance', 'show', name, '-f', 'json')
    assert result.code == 0, result
    assert json.loads(result.out)['name'] == name
    # the name selects from the listing; only the ID goes into a URL
    paths = [urllib.parse.urlsplit(c.url).path for c in result.calls]
    assert paths[0] == PATH + '/instances/detail'
    assert set(paths[1:]) <= {PATH + '/instances/' + body['id']}


@pytest.mark.parametrize('name', list(SLASHED.values()) + ['..', '.'],
                         ids=list(SLASHED.keys()) + ['dot-dot', 'dot'])
def test_B4_datastore_name_a_url_cannot_carry_is_looked_up(cli, rm, name):
    # The server decodes %2F before it routes, and a dot segment cannot
    # be sent: such a name is looked up in the listing, never sent
    # (issue 23), and no datastore has it.
    rm.get(ENDPOINT + '/datastores', json={'datastores': []})
    result = cli('datastore', 'show', name)
    expect_error(result, calls=1,
                 text="No datastore with a name or ID of '%s' exists."
                      % name)
    assert urllib.parse.urlsplit(result.calls[0].url).path == \
        PATH + '/datastores'


def test_B4_dot_segment_in_delete_is_looked_up_not_sent(cli, rm):
    rm.get(ENDPOINT + '/datastores', json={'datastores': []})
    result = cli('datastore', 'delete', '..')
    assert result.code == 1
    assert [c.method for c in result.calls] == ['GET']
    # one target: its error alone, as for any other command (issue 23,
    # item 13)
    assert result.err_lines == [
        "No datastore with a name or ID of '..' exists."]


@pytest.mark.parametrize('args', [
    ('database', 'instance', 'show', ''),
    ('database', 'instance', 'delete', ''),
    ('database', 'instance', 'restart', '   '),
    ('datastore', 'show', ''),
    ('database', 'flavor', 'show', ''),
    CREATE[:3] + ('',) + CREATE[4:],
])
def test_B4_empty_name_exits_before_any_call(cli, args):
    result = cli(*args)
    assert result.code in (1, 2), result
    assert result.calls == []
    assert 'Traceback' not in result.err
    assert 'must not be empty' in result.err_lines[-1]


# -- B5 ---------------------------------------------------------------------

DUPLICATES = (fakes.instance_body(1, name='dup'),
              fakes.instance_body(2, name='dup'))
AMBIGUOUS = "More than one database instance exists with the name 'dup'."


@pytest.mark.parametrize('args', [
    ('database', 'instance', 'show', 'dup'),
    ('database', 'instance', 'restart', 'dup'),
    ('database', 'instance', 'set', 'dup', '--name', 'other'),
    ('database', 'instance', 'resize', 'volume', 'dup', '5'),
])
def test_B5_ambiguous_name_exits_1_without_a_mutating_call(cli, rm, args):
    mock_listing(rm, *DUPLICATES)
    line = expect_error(cli(*args), calls=1, text=AMBIGUOUS)
    assert fakes.instance_id(1) in line and fakes.instance_id(2) in line


def test_B5_many_matches_keep_the_line_short(cli, rm):
    mock_listing(rm, *[fakes.instance_body(n, name='d' * 200)
                       for n in range(1, 6)])
    line = expect_error(cli('database', 'instance', 'restart', 'd' * 200),
                        calls=1, text="More than one database instance "
                                      "exists with the name 'ddd")
    assert line.endswith('%s and 2 more.' % fakes.instance_id(3))


def test_B5_ambiguous_name_in_delete_deletes_nothing(cli, rm):
    mock_listing(rm, *DUPLICATES)
    result = cli('database', 'instance', 'delete', 'dup')
    assert result.code == 1
    assert mutating(result) == []
    # one target: its error alone (issue 23, item 13)
    assert len(result.err_lines) == 1, result
    assert result.err_lines[0].startswith(AMBIGUOUS)


# -- B6 ---------------------------------------------------------------------

@pytest.mark.parametrize('args', [
    ('database', 'instance', 'show', 'ghost'),
    ('database', 'instance', 'restart', 'ghost'),
    ('database', 'instance', 'show', fakes.instance_id(9)),
])
def test_B6_missing_name_exits_1_saying_so(cli, rm, args):
    mock_listing(rm, fakes.instance_body(1))
    rm.get(ENDPOINT + '/instances/' + fakes.instance_id(9), status_code=404,
           json=fakes.fault('itemNotFound', 404, 'Not found.'))
    result = cli(*args)
    expect_error(result, text="No database instance with a name or ID of "
                              "'%s' exists." % args[-1])
    assert mutating(result) == []


def test_B6_missing_flavor_exits_1_before_the_create(cli, rm):
    rm.get(ENDPOINT + '/flavors', json={'flavors': [osc_fakes.FLAVOR]})
    create = rm.post(ENDPOINT + '/instances', json={})
    result = cli('database', 'instance', 'create', 'db1', '--flavor',
                 'huge', '--size', '1')
    expect_error(result, calls=1,
                 text="No flavor with a name or ID of 'huge' exists.")
    assert create.call_count == 0


# -- B7 ---------------------------------------------------------------------

@pytest.mark.parametrize('count, number', [(45, 30), (45, 45), (21, 21)])
def test_B7_name_on_a_later_page_is_found(cli, rm, count, number):
    listing = fakes.InstanceListing(
        [fakes.instance_body(n) for n in range(1, count + 1)])
    pattern = re.compile(re.escape(ENDPOINT) + r'/instances(/detail)?(\?|$)')
    rm.get(pattern, json=listing)
    restart = rm.post(ENDPOINT + '/instances/%s/action'
                      % fakes.instance_id(number), status_code=202)
    result = cli('database', 'instance', 'restart',
                 'instance-%02d' % number)
    assert result.code == 0, result
    assert listing.calls <= math.ceil(count / listing.page_size)
    assert restart.call_count == 1
    assert restart.last_request.json() == {'restart': {}}


# -- B8 ---------------------------------------------------------------------

@pytest.mark.parametrize('spec, reason', [
    ('bob', 'expected <user:password>, got no password for'),
    (':' + SECRET, 'expected <user:password>, got an empty user name'),
    ('  :' + SECRET, 'expected <user:password>, got an empty user name'),
])
def test_B8_malformed_users_spec_exits_2(cli, spec, reason):
    expect_usage_error(cli(*CREATE, '--users', spec), reason)


@pytest.mark.parametrize('password', ['pa:ss', 'a:b:c', ':' + SECRET,
                                      SECRET + ':', 'p,w=x'])
def test_B8_users_password_keeps_every_colon(cli, rm, password):
    create = mock_create(rm)
    result = cli(*CREATE, '--users', 'bob:' + password)
    assert result.code == 0, result
    assert create.call_count == 1
    assert create.last_request.json()['instance']['users'] == [
        {'name': 'bob', 'password': password}]
    assert result.count(password) == 0


@pytest.mark.parametrize('spec, reason', [
    ('password=' + SECRET, 'a --user needs a non-empty name'),
    ('name=,password=' + SECRET, 'a --user needs a non-empty name'),
    ('name=bob,pasword=' + SECRET, "invalid field 'pasword' in --user"),
    ('name=bob,name=bo', 'the key name is given twice in a --user spec'),
    ('name=bob,host=', "the host of user 'bob' must not be empty"),
    ('name=bob,databases=;', "the databases of user 'bob' must not be "
                             "empty"),
    ('bob:' + SECRET, "invalid field 'bob:<password>' in --user"),
])
def test_B8_malformed_user_spec_exits_2_without_the_password(
        cli, spec, reason):
    expect_usage_error(cli(*CREATE, '--user', spec), reason)


@pytest.mark.parametrize('option, spec, reason', [
    ('--database', 'db1,charset=utf8', "unknown key 'charset' in "
                                       "--database"),
    ('--database', ',collate=x', 'the name of a --database must not be '
                                 'empty'),
    ('--database', 'db1,utf8', 'expected key=value after the database '
                               'name'),
    ('--nic', 'net-id', "invalid --nic field 'net-id'"),
    ('--nic', 'port-id=p1', "invalid --nic field 'port-id=p1'"),
    ('--nic', 'net-id=', 'the net-id of a --nic must not be empty'),
    ('--allowed-cidr', '10.0.0.0/33', "'10.0.0.0/33' is not a valid CIDR"),
])
def test_B8_malformed_database_and_nic_specs_exit_2(cli, option, spec,
                                                    reason):
    expect_usage_error(cli(*CREATE, option, spec), reason)


def test_B8_password_with_colon_and_comma_in_user_spec_is_sent_whole(
        cli, rm):
    create = mock_create(rm)
    password = 'a:b,c=d,' + SECRET
    result = cli(*CREATE, '--user',
                 'name=bob,password=%s,host=%%' % password)
    assert result.code == 0, result
    assert create.last_request.json()['instance']['users'] == [
        {'name': 'bob', 'password': password, 'host': '%'}]
    assert result.count(password) == 0 and result.count(SECRET) == 0


# -- B9 ---------------------------------------------------------------------

# Trove's rule (v1.instances.check_password, issue 24 item 5): a password
# that is not blank needs an ASCII letter or digit ('\u00e9\u00e9' has
# letters, not ASCII ones: Trove's schema refuses it).
BAD_PASSWORDS = {'empty': '', 'blank': '   ', 'tab': '\t',
                 'symbols': '!!!???', 'punctuation': '-_-;:.',
                 'non-ascii': '\u00e9\u00e9'}
BLANK = "User 'bob' needs a non-empty password"
NO_ASCII = "The password of user 'bob' must have an ASCII letter or digit"


@pytest.mark.parametrize('password', BAD_PASSWORDS.values(),
                         ids=BAD_PASSWORDS.keys())
@pytest.mark.parametrize('form', ['users', 'user'])
def test_B9_unusable_password_is_refused_without_echo(cli, form,
                                                      password):
    if form == 'users':
        args = ('--users', 'bob:' + password)
    else:
        args = ('--user', 'name=bob,password=' + password)
    line = expect_usage_error(cli(*CREATE, *args),
                              secrets=[password] if password.strip()
                              else [])
    assert (NO_ASCII if password.strip() else BLANK) in line


@pytest.mark.parametrize('password', ['   ', '!!!???'],
                         ids=['blank', 'symbols'])
def test_B9_unusable_password_from_a_file_is_refused(cli, password):
    result = cli(*CREATE, '--user', 'name=bob', '--password-file', '-',
                 stdin=password + '\n')
    line = expect_usage_error(
        result, secrets=[password] if password.strip() else [])
    assert (NO_ASCII if password.strip() else BLANK) in line


# -- B10 --------------------------------------------------------------------

def test_B10_partial_delete_attempts_each_and_reports_the_count(cli, rm):
    mock_listing(rm, fakes.instance_body(1, name='a'),
                 fakes.instance_body(3, name='c'))
    rm.delete(ENDPOINT + '/instances/' + fakes.instance_id(1),
              status_code=202)
    rm.delete(ENDPOINT + '/instances/' + fakes.instance_id(3),
              status_code=409, headers={'x-openstack-request-id': 'req-c'},
              json=fakes.fault('conflict', 409, 'Instance is busy.'))
    result = cli('database', 'instance', 'delete', 'a', 'b', 'c')
    assert result.code == 1
    assert [c.method for c in mutating(result)] == ['DELETE', 'DELETE']
    assert result.err_lines == [
        "Failed to delete database instance 'b': No database instance "
        "with a name or ID of 'b' exists.",
        "Failed to delete database instance 'c': Instance is busy. "
        "(HTTP 409) (Request-ID: req-c)",
        '2 of 3 database instances failed to delete.']
    assert 'Traceback' not in result.err


# -- B11 --------------------------------------------------------------------

@pytest.mark.parametrize('args, reason', [
    (('--verify', '--insecure', 'database', 'instance', 'list'),
     'argument --insecure: not allowed with argument --verify'),
    (CREATE + ('--user', 'name=bob', '--password-prompt',
               '--password-file', '-'),
     'argument --password-file: not allowed with argument '
     '--password-prompt'),
    (CREATE + ('--public', '--private'),
     'argument --private/--is-private: not allowed with argument '
     '--public/--is-public'),
    (('database', 'instance', 'list', '--all-projects', '--project', 'p'),
     'argument --project/--project-id: not allowed with argument '
     '--all-projects'),
    (('database', 'instance', 'set', 'db1', '--name', 'x',
      '--configuration', 'c', '--no-configuration'),
     'only one of --configuration, --no-configuration can be changed'),
], ids=['verify-insecure', 'prompt-file', 'public-private',
        'all-projects-project', 'set-configuration'])
def test_B11_mutually_exclusive_flags_exit_2_before_any_call(
        cli, args, reason):
    expect_usage_error(cli(*args), reason)


# -- B12 --------------------------------------------------------------------

def test_B12_password_prompt_without_a_terminal_exits_1(cli, rm):
    mock_create(rm)
    result = cli(*CREATE, '--user', 'name=bob', '--password-prompt',
                 stdin='typed-ahead\n')
    expect_error(result, text='No terminal detected attempting to read '
                              'password')
    assert mutating(result) == []


# -- a version looked up in a datastore that does not exist -------------------

NO_DATASTORE = fakes.fault('itemNotFound', 404,
                           "Datastore 'nosuch' cannot be found.")


@pytest.mark.parametrize('args', [
    ('datastore', 'version', 'show', '5.7', '--datastore', 'nosuch'),
    ('datastore', 'version', 'set', '5.7', '--datastore', 'nosuch',
     '--disable'),
], ids=['show', 'set'])
def test_a_missing_datastore_is_named_not_the_version(cli, rm, args):
    rm.get(ENDPOINT + '/datastores/nosuch/versions/5.7', status_code=404,
           json=NO_DATASTORE)
    rm.get(ENDPOINT + '/datastores/nosuch', status_code=404,
           json=NO_DATASTORE)
    result = cli(*args)
    expect_error(result, calls=2,
                 text="No datastore with a name or ID of 'nosuch' exists.")
    assert 'version' not in result.err_lines[0]


def test_a_missing_datastore_is_named_in_a_delete_of_versions(cli, rm):
    rm.get(ENDPOINT + '/datastores/nosuch/versions/5.7', status_code=404,
           json=NO_DATASTORE)
    rm.get(ENDPOINT + '/datastores/nosuch', status_code=404,
           json=NO_DATASTORE)
    result = cli('datastore', 'version', 'delete', '5.7', '--datastore',
                 'nosuch')
    expect_error(result, calls=2, text="No datastore with a name or ID of "
                                       "'nosuch' exists.")
    assert mutating(result) == []


# -- a datastore version number alone ---------------------------------------

def test_a_version_number_without_a_version_exits_2_before_any_call(cli, rm):
    # Trove ignores it and creates the instance on the default version.
    mock_create(rm)
    result = cli(*CREATE, '--datastore', 'mysql',
                 '--datastore-version-number', '5.7')
    expect_usage_error(result, text='--datastore-version-number needs '
                       '--datastore-version')
