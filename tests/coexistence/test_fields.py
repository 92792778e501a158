"""What python-troveclient 8.11.0 prints, troveclient-osc prints: every
field, under the same name, with the same value and the same type (issue
21 item 4).

python-troveclient alone (``theirs_alone``: what its users run today) and
troveclient-osc with both packages installed (``openstack``, in each
order of their entry points) run each command both have and that prints,
against the same objects of the local Trove, in a project of the test's
own. Every field of python-troveclient's ``-f json`` must be in ours with
an equal value of the same JSON type; the runbook fields are compared with
``-f value -c <field>`` as well. Where python-troveclient was wrong (its
listing stops at the first page) the objects are few enough that it was
not.
"""

import json

import pytest

from tests.functional import utils as cloud_utils

#: Fields whose value changes by itself between two commands: the guest's
#: heartbeat. Their names and types are still compared.
MOVING = {'service_status_updated'}
#: Fields of each create's own instance: compared by name and type only.
OWN = {'id', 'name', 'created', 'updated', 'service_status_updated',
       'password'}


@pytest.fixture(scope='module')
def project(local_cloud):
    """A project of its own with an ACTIVE mysql instance, and the
    ``OS_*`` variables of ``openstack`` for it."""
    cloud = cloud_utils.Cloud(local_cloud,
                              cloud_utils.new_project(local_cloud, 'coexist'))
    instance = cloud.create_instance('coexist-1')
    env = {key: value for key, value in cloud.env.items()
           if key.startswith('OS_')}
    yield cloud, instance, env
    cloud.cleanup()


@pytest.fixture(scope='module')
def admin(local_cloud):
    return dict(local_cloud, cloud=local_cloud['admin_cloud'])


def both(theirs_alone, openstack, commands, **kwargs):
    """{key: (python-troveclient's, ours)} CompletedProcesses for
    {key: arguments}, all run at the same time."""
    theirs = theirs_alone.run_all(commands, **kwargs)
    ours = openstack.run_all(commands, **kwargs)
    for key in commands:
        for done in (theirs[key], ours[key]):
            assert done.returncode == 0, (key, done.args, done.stderr)
    return {key: (theirs[key], ours[key]) for key in commands}


def assert_has_their_fields(theirs, ours, what, loose=()):
    """Every field of ``theirs`` in ``ours``: same name, same JSON type,
    the same value unless the field is in ``loose``."""
    missing = sorted(set(theirs) - set(ours))
    assert missing == [], what
    for key, value in theirs.items():
        assert type(ours[key]) is type(value), (what, key, value, ours[key])
        if key not in loose:
            assert ours[key] == value, (what, key)


def row_of(rows, ident, key='ID'):
    [row] = [row for row in rows if row[key] == ident]
    return row


def test_instance_show_and_list(theirs_alone, openstack, project):
    _cloud, instance, env = project
    runs = both(theirs_alone, openstack, {
        'show id': ('database', 'instance', 'show', instance.id, '-f',
                    'json'),
        'show name': ('database', 'instance', 'show', 'coexist-1', '-f',
                      'json'),
        'list': ('database', 'instance', 'list', '-f', 'json'),
    }, env=env)
    for key in ('show id', 'show name'):
        theirs, ours = (json.loads(done.stdout) for done in runs[key])
        assert_has_their_fields(theirs, ours, key, loose=MOVING)
        # the runbook fields python-troveclient's users read
        assert {'volume', 'volume_used', 'flavor'} <= set(theirs)
    theirs, ours = (json.loads(done.stdout) for done in runs['list'])
    assert list(ours[0]) == list(theirs[0])
    assert_has_their_fields(row_of(theirs, instance.id),
                            row_of(ours, instance.id), 'list')


def test_admin_list_of_every_project(theirs_alone, openstack, project,
                                     admin):
    _cloud, instance, _env = project
    runs = both(theirs_alone, openstack, {
        'all': ('database', 'instance', 'list', '--all-projects', '-f',
                'json'),
    }, cloud=admin)
    theirs, ours = (json.loads(done.stdout) for done in runs['all'])
    assert list(ours[0]) == list(theirs[0])
    assert_has_their_fields(row_of(theirs, instance.id),
                            row_of(ours, instance.id), 'list --all-projects')


@pytest.mark.parametrize('column', ['volume', 'flavor', 'volume_used',
                                    'status', 'datastore_version', 'public',
                                    'allowed_cidrs'])
def test_instance_runbook_values(theirs_alone, openstack, project, column):
    _cloud, instance, env = project
    runs = both(theirs_alone, openstack, {
        column: ('database', 'instance', 'show', instance.id, '-f',
                 'value', '-c', column)}, env=env)
    theirs, ours = runs[column]
    assert ours.stdout == theirs.stdout


def test_instance_create(theirs_alone, openstack, project):
    # postgresql has root_on_create: Trove's answer has a root password
    _cloud, _instance, env = project
    args = ('--flavor', '1', '--size', '1', '--datastore', 'postgresql',
            '--datastore-version', '13', '-f', 'json')
    name = 'coexist-%s' % openstack.order
    theirs = theirs_alone('database', 'instance', 'create', name + '-t',
                          *args, env=env)
    ours = openstack('database', 'instance', 'create', name + '-o', *args,
                     env=env)
    for done in (theirs, ours):
        assert done.returncode == 0, done.stderr
    theirs, ours = json.loads(theirs.stdout), json.loads(ours.stdout)
    assert theirs['password'] and ours['password']
    assert_has_their_fields(theirs, ours, 'create', loose=OWN)


def test_flavors(theirs_alone, openstack, project):
    _cloud, _instance, env = project
    runs = both(theirs_alone, openstack, {
        'list': ('database', 'flavor', 'list', '-f', 'json'),
        'show 2': ('database', 'flavor', 'show', '2', '-f', 'json'),
        'show name': ('database', 'flavor', 'show', 'm1.small', '-f',
                      'json'),
        'show custom': ('database', 'flavor', 'show', 'custom', '-f',
                        'json'),
        'value': ('database', 'flavor', 'list', '-f', 'value', '-c', 'ID'),
    }, env=env)
    theirs, ours = (json.loads(done.stdout) for done in runs['list'])
    assert list(ours[0]) == list(theirs[0])
    assert len(ours) == len(theirs)
    for mine, their in zip(ours, theirs):
        assert_has_their_fields(their, mine, 'flavor list')
    for key in ('show 2', 'show name', 'show custom'):
        theirs, ours = (json.loads(done.stdout) for done in runs[key])
        assert_has_their_fields(theirs, ours, key)
    theirs, ours = runs['value']
    assert ours.stdout == theirs.stdout


@pytest.mark.parametrize('who', ['member', 'admin'])
def test_datastores_and_versions(theirs_alone, openstack, project, admin,
                                 who):
    _cloud, _instance, env = project
    kwargs = {'cloud': admin} if who == 'admin' else {'env': env}
    version_id = _cloud.client.datastore_versions.find(
        '5.7', datastore='mysql').id
    runs = both(theirs_alone, openstack, {
        'list': ('datastore', 'list', '-f', 'json'),
        'show': ('datastore', 'show', 'mysql', '-f', 'json'),
        'versions': ('datastore', 'version', 'list', 'mysql', '-f', 'json'),
        'version': ('datastore', 'version', 'show', '5.7', '--datastore',
                    'mysql', '-f', 'json'),
        'version by id': ('datastore', 'version', 'show', version_id, '-f',
                          'json'),
        'version value': ('datastore', 'version', 'list', 'mysql', '-f',
                          'value', '-c', 'Version'),
        'lines': ('datastore', 'show', 'mysql', '-f', 'value', '-c',
                  'versions (id)'),
    }, **kwargs)
    for key in ('list', 'versions'):
        theirs, ours = (json.loads(done.stdout) for done in runs[key])
        assert list(ours[0]) == list(theirs[0])
        assert {row['ID'] for row in theirs} <= {row['ID'] for row in ours}
        for their in theirs:
            assert_has_their_fields(their, row_of(ours, their['ID']), key)
    for key in ('show', 'version', 'version by id'):
        theirs, ours = (json.loads(done.stdout) for done in runs[key])
        assert_has_their_fields(theirs, ours, key)
    for key in ('version value', 'lines'):
        theirs, ours = runs[key]
        assert ours.stdout == theirs.stdout, key
