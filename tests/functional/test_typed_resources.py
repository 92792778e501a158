"""What the local Trove really sends is what the resource classes declare.

Every resource the library's calls return, as a member and as an
administrator, holds only declared fields, every declared field that is
not MaybeAbsent, and values of the declared types
(tests/unit/shapes.py; tests/unit/test_typed_resources.py does the same
with the API reference's samples).
"""

from tests.functional import utils
from tests.unit import shapes


def _problems(resources, partial=False):
    return {repr(resource): problems for resource in resources
            if (problems := shapes.resource_problems(resource, partial))}


def _instance(client, name):
    created = client.instances.create(name, '1', volume={'size': 1},
                                      datastore='mysql',
                                      datastore_version='5.7')
    active = client.instances.wait_for_status(
        created, 'ACTIVE', interval=0.25, timeout=utils.SETTLE_TIMEOUT)
    return created, active


def test_a_members_resources_hold_what_their_classes_declare(cloud):
    client = cloud.client
    created, active = _instance(client, 'typed-member')
    seen = [created, active, client.instances.get(active.id)]
    seen += client.instances.list()
    seen += client.instances.list(detailed=True)
    seen += client.flavors.list()
    seen += client.datastores.list()
    seen += client.datastore_versions.list('mysql')
    seen.append(client.datastore_versions.get('mysql', '5.7'))
    seen += client.instances.backups(active)
    seen += client.configurations.list()
    assert _problems(seen) == {}
    # A member is not sent the administrator's fields.
    assert not hasattr(active, 'tenant_id')
    parameters = client.instances.configuration(active)
    assert _problems([parameters], partial=True) == {}


def test_an_administrators_resources_hold_what_their_classes_declare(
        admin_cloud):
    client = admin_cloud.client
    created, active = _instance(client, 'typed-admin')
    shown = client.mgmt_instances.show(active)
    seen = [created, active, shown]
    seen += client.instances.list(all_projects=True)
    seen += client.instances.list(detailed=True)
    seen += client.datastores.list()
    seen.append(client.datastore_versions.get('mysql', '5.7'))
    versions = list(client.datastore_versions.list_all())
    seen += versions
    seen.append(client.datastore_versions.get_mgmt(versions[0].id))
    seen.append(client.mgmt_instances.root_enabled_history(active))
    assert _problems(seen) == {}
    assert active.tenant_id == admin_cloud.project_id
    assert shown.server is not None and 'id' in shown.server
