"""Fake nova and cinder (shipped with Trove, patched) and a fake glance
(none ships with Trove)."""

from oslo_log import log as logging
import functools

from local_trove.compat import speed

LOG = logging.getLogger('local_trove.compat')


def patch_fake_nova(scale):
    from novaclient import api_versions
    from trove.tests.fakes import nova

    nova.eventlet = speed.ScaledEventlet(scale)

    # Commit a0a10f0b made the fake server report HEALTHY where nova says
    # ACTIVE, so instances showed UNKNOWN: report ACTIVE to Trove.
    def status(self):
        current = self._current_status
        return 'ACTIVE' if current == 'HEALTHY' else current
    nova.FakeServer.status = property(status)

    # servers.create() now gets tags= and meta= (nova >= 2.26 tagging).
    original_create = nova.FakeServers.create

    @functools.wraps(original_create)
    def create(self, name, image_id, flavor_ref, *args, tags=None, meta=None,
               **kwargs):
        server = original_create(self, name, image_id, flavor_ref,
                                 *args, **kwargs)
        server.tags = list(tags or [])
        server.metadata = dict(meta or {})
        return server
    nova.FakeServers.create = create

    # Trove passes search_opts=/limit= to servers.list(); the fake took none.
    original_list = nova.FakeServers.list

    def list_servers(self, *args, **kwargs):
        return original_list(self)
    nova.FakeServers.list = list_servers

    # Trove compares client.api_version with 2.26 to decide whether to use
    # nova tags; the fake has no api_version.  Claim 2.1: no tag queries.
    nova.FakeClient.api_version = api_versions.APIVersion('2.1')

    # Online volume resize (commit ba046b2a) extends an attached volume;
    # the fake only accepted 'available'.
    def extend(self, volume_id, new_size):
        volume = self.get(volume_id)
        if volume._current_status not in ('available', 'in-use'):
            raise Exception("Invalid volume status: expected 'available' "
                            "or 'in-use' but was '%s'"
                            % volume._current_status)

        def finish_resize():
            volume.size = new_size
        nova.eventlet.spawn_after(1.0, finish_resize)
    nova.FakeVolumes.extend = extend

    # Instance delete lists volumes by name and deletes each; neither
    # list(search_opts=) nor FakeVolume.delete() existed.
    def list_volumes(self, detailed=True, search_opts=None, **kwargs):
        name = (search_opts or {}).get('name')
        return [vol for vol_id, vol in list(self.db.items())
                if self.can_see(vol_id) and (name is None or
                                             vol.name == name)]
    nova.FakeVolumes.list = list_volumes

    def delete_volume(self):
        nova.FAKE_VOLUMES_DB.pop(self.id, None)
    nova.FakeVolume.delete = delete_volume

    # Volume types (GET /datastores/<ds>/versions/<v>/volume-types,
    # create with volume.type): the fake cinder had none.
    nova.FakeClient.volume_types = _FakeVolumeTypes()

    # After a reboot/resize the fake server writes service status RUNNING
    # 1.5 s later, standing in for the guest agent.  With Trove's waits
    # shortened that write lands after the guest's own HEALTHY and leaves
    # the instance RUNNING (operating_status ACTIVE) while Trove waits for
    # HEALTHY.  The emulated heartbeat (below) reports the guest's status
    # instead, so drop this stand-in.
    def schedule_simulate_running_server(self, id, time_from_now):
        LOG.debug('fake nova: not simulating RUNNING for %s', id)
    nova.FakeServers.schedule_simulate_running_server = \
        schedule_simulate_running_server

    # Rebuild (mgmt API) calls server.rebuild() and then checks
    # server.image['id']; the fake server had neither.
    def rebuild(self, image, userdata=None, files=None, **kwargs):
        self.image_id = image
        self._current_status = 'REBUILD'
        self.schedule_status('HEALTHY', 1.0)
    nova.FakeServer.rebuild = rebuild
    nova.FakeServer.image = property(lambda self: {'id': self.image_id})

    # The fakes cache one FakeClient per request context forever; all
    # their state is module-global anyway, so bound the cache.
    original_get_client_data = nova.get_client_data

    def get_client_data(context):
        if len(nova.CLIENT_DATA) > 256:
            nova.CLIENT_DATA.clear()
        return original_get_client_data(context)
    nova.get_client_data = get_client_data


class _FakeVolumeType:
    def __init__(self, id, name, description):
        self.id = id
        self.name = name
        self.description = description
        self.is_public = True


class _FakeVolumeTypes:
    TYPES = [
        _FakeVolumeType('5f4b8a52-0000-4000-8000-00000000001d',
                        'lvmdriver-1', 'default volume type'),
        _FakeVolumeType('5f4b8a52-0000-4000-8000-000000000055',
                        'ssd', 'fast volumes'),
    ]

    def list(self, *args, **kwargs):
        return list(self.TYPES)

    def get(self, type_id):
        from cinderclient import exceptions
        for vtype in self.TYPES:
            if type_id in (vtype.id, vtype.name):
                return vtype
        raise exceptions.NotFound(404, 'Volume type %s not found' % type_id)


class _FakeImage(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)


class _FakeImages:
    """Every image id exists; tag lookups find one image."""

    @staticmethod
    def _image(image_id):
        return _FakeImage(id=image_id, name='fake-image-%s' % image_id,
                          status='active', checksum='fake-checksum',
                          tags=[])

    def get(self, image_id):
        return self._image(image_id)

    def list(self, filters=None, **kwargs):
        tags = (filters or {}).get('tag') or []
        return iter([self._image('fake-image-for-' + '-'.join(tags))])


class _FakeGlanceClient:
    def __init__(self):
        self.images = _FakeImages()


def fake_create_glance_client(context=None, region_name=None, **kwargs):
    """``remote_glance_client``: create and datastore-version calls check
    the image with glance, and Trove has no fake glance."""
    return _FakeGlanceClient()
