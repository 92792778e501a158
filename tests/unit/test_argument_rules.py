"""Every argument rule once, in the library (issue 24 item 5): the one
integer check, the users' password as Trove's schema has it, the bodies of
datastore versions. A bad argument is refused before anything is sent."""

import pytest

from troveclient_osc import checks
from troveclient_osc import exceptions
from troveclient_osc.v1 import datastores
from troveclient_osc.v1 import instances
from tests.unit import fakes

VERSION = '2d6ab6c8-0b1b-4e4c-a3a6-5e40f6e0d0d2'


# -- integers -----------------------------------------------------------------

@pytest.mark.parametrize('value,number', [
    (1, 1), ('5', 5), (' 7 ', 7), (0, 0), ('-1', -1), (True, None),
    (1.5, None), ('1.5', None), ('abc', None), ('', None), (None, None),
    (2.0, None)])
def test_what_an_integer_argument_is(value, number):
    assert checks.integer(value) == number


@pytest.mark.parametrize('value', [0, -1, '0', 'x', True, 1.5, None])
def test_a_positive_integer_is_one_or_more(value):
    with pytest.raises(exceptions.ValidationError) as info:
        checks.positive_int(value, 'volume size')
    assert str(info.value) == ('Invalid volume size %r: must be a positive '
                               'integer' % (value,))


def test_a_positive_integer_may_have_a_most():
    assert checks.positive_int('3', 'replica count', most=3) == 3
    with pytest.raises(exceptions.ValidationError,
                       match='^Invalid replica count 4: at most 3$'):
        checks.positive_int(4, 'replica count', most=3)


@pytest.mark.parametrize('call', [
    lambda tc: tc.instances.create('db', '1', volume=0),
    lambda tc: tc.instances.create('db', '1', volume=1, replica_count=4),
    lambda tc: tc.instances.resize_volume(fakes.instance_id(1), 'big'),
    lambda tc: tc.instances.list(limit=0),
    lambda tc: tc.instances.act_on_many([fakes.instance_id(1)],
                                        tc.instances.restart,
                                        concurrency=33),
    lambda tc: tc.instances.log_generator(fakes.instance_id(1), 'general',
                                          lines=-1),
], ids=['volume', 'replica-count', 'resize-volume', 'limit', 'concurrency',
        'lines'])
def test_each_integer_argument_is_checked_before_any_request(tc, rm, call):
    with pytest.raises(exceptions.ValidationError):
        call(tc)
    assert rm.call_count == 0


# -- a user's password: Trove's schema ----------------------------------------

@pytest.mark.parametrize('password', [
    'p', 'secret!', '!a!', '9', ' a ', 'x' * 255, 'ends with a break\n'])
def test_a_password_trove_takes(tc, rm, password):
    assert instances.check_password(password, 'u') == password
    body = instances.create_body('db', '1', 1, users=[
        {'name': 'u', 'password': password}])
    assert body['users'][0]['password'] == password


@pytest.mark.parametrize('password,said', [
    (None, 'needs a non-empty password'),
    ('', 'needs a non-empty password'),
    ('   ', 'needs a non-empty password'),
    ('!!!', 'must have an ASCII letter or digit'),
    ('éé', 'must have an ASCII letter or digit'),
    ('x' * 256, 'at most 255 characters'),
    ('two\nlines', 'no line break'),
])
def test_a_password_trove_refuses_is_refused_unsent_and_unshown(
        tc, rm, password, said):
    with pytest.raises(exceptions.ValidationError) as info:
        tc.instances.create('db', '1', 1, users=[
            {'name': 'u', 'password': password}])
    assert said in str(info.value)
    assert "user 'u'" in str(info.value).lower()
    if password and password.strip():
        assert password not in str(info.value)
    assert rm.call_count == 0


# -- datastore versions -------------------------------------------------------

def test_a_version_needs_an_image_or_image_tags():
    with pytest.raises(exceptions.ArgumentMissing) as info:
        datastores.version_create_body('8.0', 'mysql', 'mysql')
    assert info.value.argument is None
    assert info.value.needs == ('image', 'image_tags')


@pytest.mark.parametrize('args,kwargs,what', [
    (('', 'mysql', 'mysql'), {}, 'name'),
    ((' ', 'mysql', 'mysql'), {}, 'name'),
    (('8.0', '', 'mysql'), {}, 'datastore name'),
    (('8.0', 'mysql', ' '), {}, 'datastore manager'),
    (('8.0', 'mysql', 'mysql'), {'version': ' '}, 'version number'),
])
def test_a_version_refuses_empty_names(tc, rm, args, kwargs, what):
    with pytest.raises(exceptions.ValidationError,
                       match='The %s of a datastore version must not be '
                       'empty' % what):
        tc.datastore_versions.create(*args, image='img', **kwargs)
    assert rm.call_count == 0


def test_image_tags_are_trimmed_and_none_may_be_empty(tc, rm):
    body = datastores.version_create_body('8.0', 'mysql', 'mysql',
                                          image_tags=[' trove ', 'mysql'])
    assert body['image_tags'] == ['trove', 'mysql']
    assert datastores.version_create_body(
        '8.0', 'mysql', 'mysql', image_tags='trove',
        packages='mysql-server')['image_tags'] == ['trove']
    with pytest.raises(exceptions.ValidationError, match='image tag'):
        tc.datastore_versions.update(VERSION, image_tags=['trove', ' '])
    assert rm.call_count == 0


def test_a_string_of_packages_is_one_package():
    body = datastores.version_create_body('8.0', 'mysql', 'mysql',
                                          image='img',
                                          packages='mysql-server')
    assert body['packages'] == ['mysql-server']


def test_an_update_with_nothing_names_what_it_takes(tc, rm):
    with pytest.raises(exceptions.ArgumentMissing) as info:
        tc.datastore_versions.update(VERSION)
    assert info.value.argument is None
    assert info.value.needs == datastores.VERSION_CHANGES
    assert 'Nothing to change' in str(info.value)
    assert rm.call_count == 0


@pytest.mark.parametrize('change', [{'name': ''}, {'name': '  '},
                                    {'datastore_manager': ''}])
def test_an_update_refuses_an_empty_name_or_manager(tc, rm, change):
    with pytest.raises(exceptions.ValidationError, match='must not be '
                       'empty'):
        tc.datastore_versions.update(VERSION, **change)
    assert rm.call_count == 0


def test_an_update_may_clear_tags_and_packages():
    assert datastores.version_update_body(image_tags=[], packages=[]) == {
        'image_tags': [], 'packages': []}


def test_the_earlier_names_of_the_builders_are_the_same_functions():
    assert datastores.version_body is datastores.version_create_body
    assert datastores.update_version_body is datastores.version_update_body
