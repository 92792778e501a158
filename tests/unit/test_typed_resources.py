"""Resources are typed: a type checker knows each field Trove sends.

Two halves. At run time: the bodies of Trove's API reference samples, and
bodies built the way Trove's views build them, hold exactly the fields the
resource classes declare, of the declared types, and every declared field
is in one of them. With mypy (the virtualenv tools/typecheck makes; these
tests are skipped without it): a misspelt attribute or key is an error,
every declared one is accepted with its declared type (never ``Any``), and
the Python examples of the user's spec and of the library guide
type-check as a user's script would, with ``--strict``.
"""

import collections
import copy
import os
import pathlib
import re
import subprocess
import textwrap
import typing

import pytest

from tests.unit import fakes
from tests.unit import shapes
from tests.unit.spec import runner
from troveclient_osc import base
from troveclient_osc.v1 import backups
from troveclient_osc.v1 import bodies
from troveclient_osc.v1 import configurations
from troveclient_osc.v1 import datastores
from troveclient_osc.v1 import flavors
from troveclient_osc.v1 import guest_logs
from troveclient_osc.v1 import instances
from troveclient_osc.v1 import management

REPO = pathlib.Path(__file__).resolve().parents[2]
GUIDE = REPO / 'doc' / 'source' / 'user' / 'programmatic.rst'

RESOURCES = [instances.Instance, flavors.Flavor, datastores.Datastore,
             datastores.DatastoreVersion, backups.Backup,
             configurations.Configuration, guest_logs.DatastoreLog,
             management.RootHistory]

# (class, sample, key of the body): every response sample of a resource.
SAMPLES = [
    (instances.Instance, 'instance-show-response', 'instance'),
    (instances.Instance, 'instance-create-response', 'instance'),
    (instances.Instance, 'instance-list-response', 'instances'),
    (instances.Instance, 'instance-list-detail-response', 'instances'),
    (instances.Instance, 'instance-mgmt-list-response', 'instances'),
    (instances.Instance, 'instance-mgmt-show-response', 'instance'),
    (datastores.Datastore, 'datastore-list-response', 'datastores'),
    (datastores.Datastore, 'datastore-show-response', 'datastore'),
    (datastores.DatastoreVersion, 'datastore-version-list-response',
     'versions'),
    (datastores.DatastoreVersion, 'datastore-version-show-response',
     'version'),
    (datastores.DatastoreVersion, 'datastore-version-mgmt-list-response',
     'versions'),
    (datastores.DatastoreVersion, 'datastore-version-mgmt-show-response',
     'version'),
    (backups.Backup, 'instance-backup-list-response', 'backups'),
    (guest_logs.DatastoreLog, 'instance-log-list-response', 'logs'),
    (guest_logs.DatastoreLog, 'instance-log-show-response', 'log'),
    (guest_logs.DatastoreLog, 'instance-log-enable-response', 'log'),
]


def _items(body):
    return body if isinstance(body, list) else [body]


def _link(path):
    return {'rel': 'self', 'href': '%s/%s' % (fakes.LINK_BASE, path)}


def _view_bodies():
    """(class, body) as Trove's views build the bodies the samples do not
    show: every field a view may add, and the resources without samples.
    """
    ident = fakes.instance_id(1)
    # InstanceDetailView, with every optional field, as an admin sees it.
    detailed = fakes.instance_body(
        1, hostname='db-1.example.org',
        access={'is_public': True, 'allowed_cidrs': ['10.0.0.0/8']},
        replica_of={'id': fakes.instance_id(2),
                    'links': [_link('instances/x')]},
        replicas=[{'id': fakes.instance_id(3),
                   'links': [_link('instances/y')]}],
        updated='2019-12-23T20:58:45',
        service_status_updated='2019-12-23T21:01:11',
        fault={'message': 'Boom', 'created': '2019-12-23T20:53:41',
               'details': 'Traceback ...'},
        configuration={'id': 'c1', 'name': 'tuned',
                       'links': [_link('configurations/c1')]},
        locality='anti-affinity', password='s3cret', cluster_id='k1',
        shard_id='s1', tenant_id=fakes.PROJECT, server_id='srv-1',
        volume_id='vol-1', encrypted_rpc_messaging=True)
    detailed['datastore']['version_number'] = '5.7.29'
    detailed['volume'].update(used=0.12, used_percent=12.0)
    # Without a volume: local_storage; before a datastore version: nulls.
    ephemeral = fakes.instance_body(2, local_storage={'used': 0.5},
                                    datastore={'type': None,
                                               'version': None})
    del ephemeral['volume']
    # MgmtInstanceDetailView: root history, a server Nova no longer has.
    mgmt = fakes.sample('instance-mgmt-show-response')['instance']
    mgmt.update(root_enabled='2019-12-23T21:00:00', root_enabled_by='admin',
                service_status=None, deleted_at='2019-12-24T00:00:00',
                deleted=True)
    mgmt['server'].update(deleted=False, deleted_at=None, local_id=7)
    mgmt_gone = dict(mgmt, server={'id': 'srv-1'})
    mgmt_listed = dict(mgmt, server=None)
    for key in ('root_enabled', 'root_enabled_by', 'guest_status'):
        del mgmt_listed[key]
    mgmt_listed['volume'] = {'size': 1}
    configuration = {
        'id': 'c1', 'name': 'tuned', 'description': None,
        'created': '2024-01-01T00:00:00', 'updated': '2024-01-01T00:00:00',
        'datastore_version_id': 'v1', 'datastore_name': 'mysql',
        'datastore_version_name': '8.0'}
    shown = dict(configuration, description='for the web',
                 values={'max_connections': 200, 'sql_mode': 'STRICT'},
                 instance_count=2, datastore_version_number='8.0.36')
    admin_version = dict(
        fakes.sample('datastore-list-response')['datastores'][0]
        ['versions'][0], version='10.4.12', active=True, packages='',
        image=None, image_tags=['trove'], registry_ext=None,
        repl_strategy=None)
    datastore = dict(fakes.sample('datastore-show-response')['datastore'],
                     versions=[admin_version])
    backup = dict(fakes.sample('instance-backup-list-response')
                  ['backups'][0], project_id=fakes.PROJECT, size=None)
    del backup['datastore']
    flavor = dict(fakes.flavor_body(11, 'eph.rd-tiny'), local_storage=1)
    return [
        (instances.Instance, detailed), (instances.Instance, ephemeral),
        (instances.Instance, mgmt), (instances.Instance, mgmt_gone),
        (instances.Instance, mgmt_listed),
        (flavors.Flavor, fakes.flavor_body(1, 'm1.tiny')),
        (flavors.Flavor, fakes.flavor_body('custom', 'custom.small')),
        (flavors.Flavor, flavor),
        (configurations.Configuration, configuration),
        (configurations.Configuration, shown),
        (datastores.Datastore, datastore),
        (backups.Backup, backup),
        (management.RootHistory, {'id': ident, 'enabled': 'Never',
                                  'user': 'Nobody'}),
    ]


@pytest.mark.parametrize('cls, name, key', SAMPLES,
                         ids=[name for _cls, name, _key in SAMPLES])
def test_a_sample_holds_what_its_class_declares(cls, name, key):
    for item in _items(fakes.sample(name)[key]):
        assert shapes.resource_problems(cls(None, item)) == []


def test_the_parameters_of_instances_configuration_are_a_dict():
    # instances.configuration() gives an Instance with only configuration.
    body = fakes.sample('instance-configuration-list-response')['instance']
    resource = instances.Instance(None, body)
    assert resource._fields == ('configuration',)
    assert shapes.resource_problems(resource, partial=True) == []


@pytest.mark.parametrize('cls, body', _view_bodies(),
                         ids=lambda value: getattr(value, '__name__', ''))
def test_a_body_as_a_view_builds_it_holds_what_its_class_declares(cls,
                                                                  body):
    assert shapes.resource_problems(cls(None, body)) == []


def test_every_declared_field_and_key_is_in_a_body():
    """No declaration is made up (or misspelt): each field and each key
    of a nested dict is in a sample or a body built as a view does."""
    seen = collections.defaultdict(set)

    def walk(value, hint):
        hint = shapes._inner(hint)
        for arg in getattr(hint, '__args__', ()):
            if isinstance(value, list):
                for item in value:
                    walk(item, arg)
            else:
                walk(value, arg)
        if isinstance(value, dict) and shapes.typing_extensions \
                .is_typeddict(hint):
            declared = shapes.hints(hint)
            for key in value:
                seen[hint].add(key)
                if key in declared:
                    walk(value[key], declared[key])

    found = [(cls, item) for cls, name, key in SAMPLES
             for item in _items(fakes.sample(name)[key])]
    for cls, body in found + _view_bodies():
        resource = cls(None, body)
        declared = shapes.hints(cls)
        seen[cls].update(body)
        for name in resource._fields:
            walk(getattr(resource, name), declared[name])
    missing = {}
    owners = RESOURCES + [value for value in vars(bodies).values()
                          if shapes.typing_extensions.is_typeddict(value)]
    for owner in owners:
        unseen = set(shapes.hints(owner)) - seen[owner]
        if unseen:
            missing[owner.__name__] = sorted(unseen)
    assert missing == {}


def test_a_missing_field_is_still_a_missing_attribute():
    # Run time is as before: MaybeAbsent is only for type checkers.
    instance = instances.Instance(None, fakes.instance_body(1))
    assert not hasattr(instance, 'fault')
    with pytest.raises(AttributeError, match="'fault'"):
        instance.fault
    assert getattr(instance, 'hostname', None) is None
    assert 'fault' not in instances.Instance.__dict__


def test_a_field_no_class_declares_is_still_an_attribute():
    body = fakes.instance_body(1, new_in_trove_30={'x': 1})
    instance = instances.Instance(None, body)
    assert instance.new_in_trove_30 == {'x': 1}
    assert instance.to_dict()['new_in_trove_30'] == {'x': 1}
    assert 'new_in_trove_30' in instance._fields


def test_the_classes_declare_no_class_attribute_a_field_would_hide():
    # A field's name that is a class attribute is not set from the body
    # (base.Resource._update): declarations must stay annotations only.
    for cls in RESOURCES:
        for name in shapes.hints(cls):
            if cls is flavors.Flavor and name == 'id':
                continue
            assert not hasattr(cls, name), (cls, name)


# -- mypy -------------------------------------------------------------

def _mypy():
    from tools import cached_venv
    mypy = cached_venv.cache_dir() / 'mypy-venv' / 'bin' / 'mypy'
    if not mypy.is_file():
        pytest.skip('no mypy at %s: tools/typecheck makes it' % mypy)
    return mypy


_CONFIG = """\
[mypy]
python_version = 3.10
strict = True
[mypy-troveclient_osc.*]
follow_imports = silent
"""
_LINE = re.compile(r'^(?P<file>[^:]+\.py):(?P<line>\d+): '
                   r'(?P<kind>error|note): (?P<message>.*)$')


@pytest.fixture(scope='module')
def mypy_cache(tmp_path_factory):
    return tmp_path_factory.mktemp('mypy-cache')


@pytest.fixture
def typecheck(tmp_path, mypy_cache):
    """Type-check ``{file name: source}`` as a user's scripts, with
    ``--strict`` and the library from this checkout; return
    ``{(file, line): [(kind, message)]}``."""
    mypy = _mypy()

    def check(sources):
        (tmp_path / 'mypy.ini').write_text(_CONFIG)
        for name, source in sources.items():
            (tmp_path / name).write_text(source)
        result = subprocess.run(
            [str(mypy), '--config-file', 'mypy.ini', '--cache-dir',
             str(mypy_cache), '--no-error-summary', '--show-error-codes',
             '--hide-error-context', '--no-pretty'] + sorted(sources),
            cwd=tmp_path, capture_output=True, text=True, timeout=240,
            env=dict(os.environ, MYPYPATH=str(REPO)))
        found = collections.defaultdict(list)
        for line in result.stdout.splitlines():
            match = _LINE.match(line)
            assert match, 'mypy said: %s\n%s' % (line, result.stderr)
            found[(match['file'], int(match['line']))].append(
                (match['kind'], match['message']))
        assert result.returncode in (0, 1), result.stdout + result.stderr
        return found

    return check


def _errors(found):
    return {where: [message for kind, message in said if kind == 'error']
            for where, said in found.items()
            if any(kind == 'error' for kind, _message in said)}


TYPOS = '''\
from troveclient_osc.v1 import client

tc = client.Client(username="u", password="p", project_id="p",
                   auth_url="http://keystone:5000/v3")
instance = tc.instances.get("web-1")
print(instance.stauts)  # error: "Instance" has no attribute "stauts"
print(instance.volume["sise"])  # error: TypedDict "Volume" has no key
print(instance.flavor["name"])  # error: TypedDict "InstanceFlavor"
print(instance.datastore["version_numbr"])  # error: has no key
instance.fualt  # error: "Instance" has no attribute "fualt"
flavor = tc.flavors.find("m1.small")
print(flavor.rma)  # error: "Flavor" has no attribute "rma"
datastore = tc.datastores.find("mysql")
print(datastore.default_versoin)  # error: has no attribute
print(datastore.versions[0]["nmae"])  # error: has no key
version = tc.datastore_versions.get("mysql", "8.0")
print(version.datastore_nmae)  # error: has no attribute
print(instance.name.upper(), flavor.ram + 1, version.active is True)
print(instance.to_dict()["new_in_trove_30"])
'''


def test_mypy_rejects_a_misspelt_attribute_or_key(typecheck):
    errors = _errors(typecheck({'typos.py': TYPOS}))
    expected = {}
    for number, line in enumerate(TYPOS.splitlines(), 1):
        if '# error: ' in line:
            expected[('typos.py', number)] = line.split('# error: ')[1]
    assert sorted(errors) == sorted(expected)
    for where, wanted in expected.items():
        assert any(wanted in message for message in errors[where]), (
            where, errors[where])


def _reads():
    """A script reading every declared field of every resource and every
    key of every nested dict, each in a ``reveal_type``; and what each line
    reads, with its declared type."""
    lines = ['from typing import Any',
             'from troveclient_osc.v1 import bodies',
             'from troveclient_osc.v1 import backups, configurations',
             'from troveclient_osc.v1 import datastores, flavors',
             'from troveclient_osc.v1 import guest_logs, instances',
             'from troveclient_osc.v1 import management', '']
    reads = {}
    typed_dicts = [value for value in vars(bodies).values()
                   if shapes.typing_extensions.is_typeddict(value)
                   and value.__module__ == bodies.__name__]
    for owner in RESOURCES + typed_dicts:
        module = owner.__module__.rsplit('.', 1)[1]
        lines.append('def read_%s(value: %s.%s) -> None:'
                     % (owner.__name__, module, owner.__name__))
        for name, hint in shapes.hints(owner).items():
            access = ('value[%r]' % name if owner in typed_dicts
                      else 'value.%s' % name)
            lines.append('    reveal_type(%s)' % access)
            reads[len(lines)] = (owner.__name__, name, hint)
        if owner is flavors.Flavor:
            lines.append('    reveal_type(value.id)')
            reads[len(lines)] = ('Flavor', 'id', flavors.Flavor.id)
        lines.append('')
    return '\n'.join(lines), reads


def test_mypy_accepts_every_declared_field_and_key_with_its_type(
        typecheck):
    source, reads = _reads()
    found = typecheck({'reads.py': source})
    assert _errors(found) == {}
    for number, (owner, name, hint) in reads.items():
        revealed = [message for kind, message in found[('reads.py', number)]
                    if message.startswith('Revealed type is')]
        assert len(revealed) == 1, (owner, name)
        # The declared type, not the Any of Resource.__getattr__.
        if hint is not typing.Any and shapes._inner(hint) is not typing.Any:
            assert revealed[0] != 'Revealed type is "Any"', (owner, name)


def _examples(path):
    """The ``testcode`` blocks of an RST file, in order, as one script
    (as Sphinx's doctest runs them, in one namespace)."""
    text = runner.adapt(runner.read(path))
    return '\n'.join(textwrap.dedent(block.text)
                     for block in runner.parse(text)
                     if block.kind == 'testcode')


def test_the_specs_examples_type_check_as_a_users_script(typecheck):
    source = _examples(runner.SPEC)
    assert 'instance.status' in source
    assert _errors(typecheck({'spec_examples.py': source})) == {}


def test_the_library_guides_examples_type_check_as_a_users_script(
        typecheck):
    source = _examples(GUIDE)
    assert 'instance.volume["size"]' in source
    assert _errors(typecheck({'guide_examples.py': source})) == {}


def test_resources_compare_and_copy_as_before():
    # The declarations change nothing at run time: attributes, _fields,
    # to_dict, _info, repr and equality come from the body alone.
    body = fakes.sample('instance-show-response')['instance']
    instance = instances.Instance(None, body)
    assert instance._fields == tuple(body)
    assert instance.to_dict() == body
    assert dict(instance._info) == body
    assert repr(instance) == ("<Instance id='%s' name='test'>" % body['id'])
    assert instance == instances.Instance(None, copy.deepcopy(body))
    flavor = flavors.Flavor(None, fakes.flavor_body('custom', 'custom'))
    assert flavor.id == 'custom' and 'id' not in flavor._fields
    assert base.Resource.__getattr__ is not None
