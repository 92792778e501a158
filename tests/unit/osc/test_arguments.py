"""troveclient_osc.osc.arguments: option types and the options several
commands share."""

import argparse

import pytest
import testtools

from troveclient_osc import masking
from troveclient_osc.osc import arguments as common


class TestArgumentTypes(testtools.TestCase):

    def test_positive_int(self):
        self.assertEqual(3, common.positive_int('3'))
        for bad in ('0', '-1', 'x', '', '1.5'):
            self.assertRaises(argparse.ArgumentTypeError,
                              common.positive_int, bad)

    def test_non_empty(self):
        self.assertEqual(' a ', common.non_empty(' a '))
        for bad in ('', '   ', '\t'):
            self.assertRaises(argparse.ArgumentTypeError, common.non_empty,
                              bad)

    def test_user_spec_keys(self):
        user = common.user_spec('name=bob,password=Pw1,host=%,databases=a;b')
        self.assertEqual({'name': 'bob', 'password': 'Pw1', 'host': '%',
                          'databases': [{'name': 'a'}, {'name': 'b'}]},
                         user.to_body())
        self.assertIsNone(common.user_spec('name=bob').password)

    def test_user_spec_errors_never_show_the_password(self):
        for spec in ('name=bob,password=', 'name=bob,password=  ',
                     'password=Sekr1t', 'name=bob,password=Sekr1t,name=x',
                     'name=bob,host=,password=Sekr1t',
                     'name=bob,databases=,password=Sekr1t'):
            error = self.assertRaises(argparse.ArgumentTypeError,
                                      common.user_spec, spec)
            self.assertNotIn('Sekr1t', str(error))

    def test_user_spec_without_keys_names_the_value_where_a_name_goes(self):
        # Issue 15 item 13: "--user bob" said "invalid field '<no key>' in
        # --user spec", without naming bob.
        error = self.assertRaises(argparse.ArgumentTypeError,
                                  common.user_spec, 'bob')
        self.assertTrue(str(error).startswith(
            "invalid field 'bob' in --user: expected name=<name>"),
            str(error))

    def test_user_spec_never_shows_a_field_that_may_be_a_password(self):
        for spec, start in (
                ('bob:Sekr1t', "invalid field 'bob:<password>' in --user:"),
                ('name=bob,Sekr1t', 'invalid field without a key (not '
                 "shown: it may be a password) in --user 'bob':"),
                ('name=bob,passwd=Sekr1t',
                 "invalid field 'passwd' in --user 'bob':")):
            error = self.assertRaises(argparse.ArgumentTypeError,
                                      common.user_spec, spec)
            self.assertNotIn('Sekr1t', str(error))
            self.assertTrue(str(error).startswith(start), str(error))

    def test_secret_is_masked_everywhere_but_reveal(self):
        secret = masking.Secret('Sekr1t')
        for shown in (repr(secret), str(secret), '%s' % secret,
                      '{}'.format(secret), f'{secret}', repr([secret])):
            self.assertNotIn('Sekr1t', shown)
        self.assertEqual('Sekr1t', secret.reveal())
        self.assertIs(str, type(secret.reveal()))

    def test_database_spec(self):
        self.assertEqual({'name': 'db'}, common.database_spec('db'))
        self.assertEqual({'name': 'db', 'collate': 'c'},
                         common.database_spec('name=db,collate=c'))
        for bad in ('', 'db,x', 'db,colour=red', 'character-set=utf8'):
            self.assertRaises(argparse.ArgumentTypeError,
                              common.database_spec, bad)

    def test_nic_spec_maps_dashed_keys_to_the_api(self):
        self.assertEqual({'network_id': 'n', 'subnet_id': 's',
                          'ip_address': '1.2.3.4'},
                         common.nic_spec('network-id=n,subnet-id=s,'
                                         'ip-address=1.2.3.4'))
        for bad in ('n1', 'net-id=', 'net_id=n'):
            self.assertRaises(argparse.ArgumentTypeError, common.nic_spec,
                              bad)

    def test_cidr(self):
        self.assertEqual('10.0.0.0/8', common.cidr('10.0.0.0/8'))
        self.assertEqual('fd00::/8', common.cidr('fd00::/8'))
        self.assertRaises(argparse.ArgumentTypeError, common.cidr, 'ten')

    def test_a_value_is_shown_as_the_library_shows_it(self):
        # One rule for CLI and library messages: base.shown in single
        # quotes, control characters escaped, cut at base.MAX_SHOWN.
        from troveclient_osc import base

        for value in ('bob', "it's", 'a\nb', 'c:\\dir', 'x' * 200, 5):
            self.assertEqual("'%s'" % base.shown(value), common.shown(value))
        self.assertEqual("'a\\nb'", common.shown('a\nb'))
        self.assertEqual(base.MAX_SHOWN + 2, len(common.shown('x' * 200)))
        error = self.assertRaises(argparse.ArgumentTypeError,
                                  common.positive_int, "it's\n")
        self.assertEqual("'it's\\n' is not an integer", str(error))


# -- --nic: Trove 26's keys, python-troveclient's v4-fixed-ip -----------------

def test_nic_spec_maps_dashed_keys_to_trove_keys():
    assert common.nic_spec('network-id=n,subnet-id=s,ip-address=10.0.0.5') \
        == {'network_id': 'n', 'subnet_id': 's', 'ip_address': '10.0.0.5'}


def test_nic_spec_takes_python_troveclient_v4_fixed_ip_as_ip_address():
    assert common.nic_spec('net-id=n,v4-fixed-ip=10.0.0.5') == {
        'net-id': 'n', 'ip_address': '10.0.0.5'}


def test_nic_spec_refuses_port_id_which_trove_does_not_take():
    with pytest.raises(argparse.ArgumentTypeError, match='port-id'):
        common.nic_spec('port-id=p')


def test_nic_spec_and_the_library_share_one_table_of_keys():
    from troveclient_osc.v1 import instances

    for key, trove_key in instances.NIC_KEYS.items():
        assert common.nic_spec('%s=x' % key) == {trove_key: 'x'}
        assert instances.build_nics([{key: 'x'}]) == [{trove_key: 'x'}]
    with pytest.raises(argparse.ArgumentTypeError) as info:
        common.nic_spec('port=p')
    assert str(info.value).endswith(
        'keys net-id, network-id, subnet-id, ip-address, v4-fixed-ip')


# -- --wait-timeout implies --wait (issue 23, item 3) -----------------------

def _wait_parser():
    parser = argparse.ArgumentParser()
    common.add_wait_options(parser, 'it is done')
    return parser


def test_wait_timeout_alone_asks_for_the_wait():
    parsed = _wait_parser().parse_args(['--wait-timeout', '600'])
    assert (parsed.wait, parsed.wait_timeout) == (True, 600)


def test_wait_alone_has_the_default_timeout():
    parsed = _wait_parser().parse_args(['--wait'])
    assert (parsed.wait, parsed.wait_timeout) == (
        True, common.DEFAULT_WAIT_TIMEOUT)


def test_neither_does_not_wait():
    parsed = _wait_parser().parse_args([])
    assert parsed.wait is False


def test_a_bad_wait_timeout_is_still_a_usage_error():
    with pytest.raises(SystemExit):
        _wait_parser().parse_args(['--wait-timeout', '0'])


def test_the_help_says_that_wait_timeout_implies_wait():
    assert 'implies --wait' in ' '.join(_wait_parser().format_help().split())


# -- the library's rules, worded for an option (issue 24 item 5) -------------

@pytest.mark.parametrize('value', ['3', ' 7 ', '0', '-1', 'x', '', '1.5',
                                   '1e3', '٣'])
def test_positive_int_takes_what_the_library_takes(value):
    from troveclient_osc import checks
    from troveclient_osc import exceptions

    try:
        expected = checks.positive_int(value, 'size')
    except exceptions.ValidationError:
        expected = None
    try:
        got = common.positive_int(value)
    except argparse.ArgumentTypeError as error:
        got = None
        assert str(error).endswith(('is not an integer',
                                    'must be a positive integer'))
    assert got == expected


@pytest.mark.parametrize('password', ['Pw1', 'x', 'a b', '!a!'])
def test_a_password_trove_takes_is_a_secret(password):
    secret = common.check_password(password, 'bob')
    assert isinstance(secret, masking.Secret)
    assert secret.reveal() == password


@pytest.mark.parametrize('password', ['', '  ', '!!!', '\u00e9\u00e9',
                                      'a\nb', 'a' * 256])
def test_a_password_trove_refuses_is_refused_as_the_library_words_it(
        password):
    from troveclient_osc import exceptions
    from troveclient_osc.v1 import instances

    with pytest.raises(exceptions.ValidationError) as library:
        instances.check_password(password, 'bob')
    with pytest.raises(argparse.ArgumentTypeError) as option:
        common.check_password(password, 'bob')
    assert str(option.value) == library.value.message
    assert password.strip() == '' or password not in str(option.value)
