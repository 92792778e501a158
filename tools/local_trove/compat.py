"""Compatibility patches for Trove 26.0.0's bundled fake mode.

Trove ships fakes for nova, cinder, neutron, swift, the guest agent and the
keystone middleware (``trove/tests/fakes``), but in 26.0.0 they lag behind
the real code.  ``apply()`` patches them (and a few Trove internals) in
memory, in the launcher process only; nothing on disk is modified.

Every patch below names the break it fixes.  See also
/work/shared/notes/trove-fake-mode.md and tools/README.rst.

Speed: the fakes simulate latency with ``eventlet.spawn_after``/``sleep``
and Trove polls with exponential back-off from 2-5 s start intervals (plus
10 s initial delays for resize).  The ``[local_trove]`` options scale the
fakes' delays and cap every poll interval, so an instance goes
BUILD -> ACTIVE in ~2 s instead of ~12 s.
"""

import functools
import inspect
import time as _real_time
import urllib.parse

import eventlet
from oslo_config import cfg
from oslo_log import log as logging

LOG = logging.getLogger('local_trove.compat')

OPTS = [
    cfg.FloatOpt('fake_delay_scale', default=0.2, min=0.0,
                 help='Factor applied to every simulated delay in the '
                      'fakes (volume ready after 2 s, guest prepare 3.5 s, '
                      'restart 1 s, ...).  1.0 keeps the upstream timing.'),
    cfg.FloatOpt('max_poll_interval', default=0.25, min=0.01,
                 help='Upper bound for Trove poll intervals and initial '
                      'delays (upstream: 2-10 s with back-off).'),
    cfg.FloatOpt('heartbeat_interval', default=1.0, min=0.1,
                 help='Seconds between emulated guest-agent heartbeats.'),
]
GROUP = 'local_trove'
#: An instance whose name ends so builds for SLOW_GUEST_SECONDS.
SLOW_GUEST = 'SLOW_GUEST'
SLOW_GUEST_SECONDS = 8.0


def register_opts(conf):
    conf.register_opts(OPTS, group=GROUP)


# ---------------------------------------------------------------------------
# Scaled-down simulated latency
# ---------------------------------------------------------------------------

class _ScaledEventlet:
    """Stands in for the ``eventlet`` module inside a fake module.

    Only ``spawn_after`` (how the fakes schedule state changes) is scaled;
    everything else is the real eventlet.
    """

    def __init__(self, scale):
        self._scale = scale

    def spawn_after(self, seconds, func, *args, **kwargs):
        return eventlet.spawn_after(seconds * self._scale, func,
                                    *args, **kwargs)

    def __getattr__(self, name):
        return getattr(eventlet, name)


class _ScaledTime:
    """Stands in for ``time`` inside the fake guest (restart() sleeps 1 s,
    start_db_with_conf_changes() 2 s)."""

    def __init__(self, scale):
        self._scale = scale

    def sleep(self, seconds):
        eventlet.sleep(seconds * self._scale)

    def __getattr__(self, name):
        return getattr(_real_time, name)


def _patch_polling(max_interval):
    """Trove's ``utils.poll_until`` uses oslo's BackOffLoopingCall: the
    interval grows 1.5x per unsuccessful poll from a 2-5 s start (plus up to
    10 s initial delay), so a 2 s fake operation is noticed after ~5-15 s.
    Replace it with a fixed-interval poll capped at ``max_interval``.  The
    time-outs stay as configured (real seconds)."""
    from trove.common import exception
    from trove.common import utils

    def poll_until(retriever, condition=lambda value: value,
                   sleep_time=3, time_out=0, initial_delay=0):
        interval = min(sleep_time or max_interval, max_interval)
        if initial_delay:
            eventlet.sleep(min(initial_delay, max_interval))
        deadline = _real_time.monotonic() + time_out if time_out else None
        while True:
            obj = retriever()
            if condition(obj):
                return obj
            if deadline and _real_time.monotonic() + interval > deadline:
                raise exception.PollTimeOut()
            eventlet.sleep(interval)

    utils.poll_until = poll_until


# ---------------------------------------------------------------------------
# Context, test utils
# ---------------------------------------------------------------------------

def _patch_cloudinit_userdata():
    """Rebuild: with no ``<cloudinit_location>/<datastore>.cloudinit`` file
    the userdata is None and ``combine_cloudinit_userdata`` crashes in
    yaml.safe_load(None) (a Trove bug, not fake-specific).  Treat missing
    userdata as an empty mapping."""
    from trove.instance import models

    original = models.BaseInstance.combine_cloudinit_userdata

    def combine_cloudinit_userdata(cloudinit, userdata):
        return original(cloudinit, '{}' if userdata is None else userdata)
    models.BaseInstance.combine_cloudinit_userdata = staticmethod(
        combine_cloudinit_userdata)


class _NaiveUtcTimeutils:
    """``trove.common.timeutils`` for trove.backup.models, whose
    ``utcnow_aware()`` is subtracted from the naive ``created`` read from
    the database (TypeError -> 500 when deleting a running backup, e.g.
    DELETE /backups/<id> or the replica-snapshot cleanup)."""

    def __init__(self, real):
        self._real = real

    def utcnow_aware(self):
        return self._real.utcnow_aware().replace(tzinfo=None)

    def __getattr__(self, name):
        return getattr(self._real, name)


def _patch_backup_time():
    from trove.backup import models
    models.timeutils = _NaiveUtcTimeutils(models.timeutils)


def _serialize_quota_updates():
    """Concurrent first requests of a project both create its
    quota_usages rows (UNIQUE violation -> 500), and concurrent
    reservations read-modify-write the same rows.  One process serves
    everything here, so a green lock around reserve/commit/rollback
    removes the race (seen with 16 parallel creates)."""
    from eventlet import semaphore
    from trove.quota import quota

    lock = semaphore.Semaphore()

    def locked(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with lock:
                return func(*args, **kwargs)
        return wrapper

    for name in ('reserve', 'commit', 'rollback'):
        setattr(quota.DbQuotaDriver, name,
                locked(getattr(quota.DbQuotaDriver, name)))


def _patch_context():
    """Fake nova's ``can_see`` and FakeServer.tenant read
    ``context.tenant``, which oslo.context removed; alias it to
    ``project_id``."""
    from trove.common import context
    if not hasattr(context.TroveContext, 'tenant'):
        context.TroveContext.tenant = property(lambda self: self.project_id)


def _unquote_user_host(user_hostname):
    """'user@host' (URL-quoted) -> (user, host); host defaults to '%'."""
    unquoted = urllib.parse.unquote(user_hostname)
    user, sep, host = unquoted.rpartition('@')
    if not sep:              # 'user'
        return unquoted, '%'
    if not host:             # 'user@'
        return user, '%'
    return user, host


def _provide_unquote_user_host():
    """``trove.tests.util.unquote_user_host`` was deleted upstream but
    ``fakes/guestagent.py`` still imports it: put a replacement on the
    (namespace) package before the fake guest is imported."""
    import trove.tests.util as test_util
    if not hasattr(test_util, 'unquote_user_host'):
        test_util.unquote_user_host = _unquote_user_host


# ---------------------------------------------------------------------------
# Fake nova / cinder
# ---------------------------------------------------------------------------

def _patch_fake_nova(scale):
    from novaclient import api_versions
    from trove.tests.fakes import nova

    nova.eventlet = _ScaledEventlet(scale)

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


# ---------------------------------------------------------------------------
# Fake guest agent
# ---------------------------------------------------------------------------

def _drop_unknown_kwargs(func):
    params = inspect.signature(func).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return func
    accepted = {p.name for p in params}

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        unknown = set(kwargs) - accepted
        if unknown:
            LOG.debug('fake guest %s: ignoring %s', func.__name__,
                      sorted(unknown))
            kwargs = {k: v for k, v in kwargs.items() if k in accepted}
        return func(*args, **kwargs)
    return wrapper


def _patch_fake_guest(scale):
    from trove.tests.fakes import guestagent

    guestagent.eventlet = _ScaledEventlet(scale)
    guestagent.time = _ScaledTime(scale)

    # The guest API grew keyword arguments the fake lacks
    # (prepare(ds_version=), stop_db(do_not_start_on_reboot=), ...):
    # drop the unknown ones instead of raising TypeError.
    for name, func in list(vars(guestagent.FakeGuest).items()):
        if not name.startswith('_') and inspect.isfunction(func):
            setattr(guestagent.FakeGuest, name, _drop_unknown_kwargs(func))

    _remember_reported_status(guestagent)

    # Rebuild (mgmt API) asks the guest to rebuild the database service.
    def guest_rebuild(self, ds_version, config_contents=None,
                      config_overrides=None):
        self._reported_status = 'HEALTHY'
        guestagent.eventlet.spawn_after(
            2.0, self._set_task_status, 'HEALTHY')
    guestagent.FakeGuest.rebuild = guest_rebuild

    # Datastore upgrade (PATCH datastore_version): pre_upgrade/upgrade were
    # missing, so the instance ended in ERROR.
    def pre_upgrade(self):
        return {}

    def upgrade(self, upgrade_info):
        self._reported_status = 'HEALTHY'
        guestagent.eventlet.spawn_after(
            2.0, self._set_task_status, 'HEALTHY')
    guestagent.FakeGuest.pre_upgrade = pre_upgrade
    guestagent.FakeGuest.upgrade = upgrade

    # Replication (promote/eject/detach): the fake had none of the
    # replication calls; the instance ended in PROMOTION_ERROR.
    for name, func in _REPLICATION_CALLS.items():
        if not hasattr(guestagent.FakeGuest, name):
            setattr(guestagent.FakeGuest, name, func)

    # Guest logs (GET/POST /instances/<id>/log): missing, 500.
    guestagent.FakeGuest.guest_log_list = _guest_log_list
    guestagent.FakeGuest.guest_log_action = _guest_log_action

    # GET /instances/<id>/ssl: missing, 500.  (Changing SSL needs barbican
    # and stays unsupported.)
    def ssl_show(self):
        return {'status': 'on', 'certificate': {
            'cn': 'self-signed certificate',
            'expire_at': '2030-01-01T00:00:00.000000', 'san': None}}
    guestagent.FakeGuest.ssl_show = ssl_show


_REPLICATION_CALLS = {
    'make_read_only': lambda self, read_only: None,
    'get_latest_txn_id': lambda self: 'fake-txn-1',
    'wait_for_txn': lambda self, txn: None,
    'get_txn_count': lambda self: 1,
    # [master UUID, last txn]: every replica follows the same master
    'get_last_txn': lambda self: ['fake-master-uuid', 1],
    'get_replica_context': lambda self: {'master': {'id': self.id}},
    'detach_replica': lambda self, for_failover=False: {},
    'attach_replica': (lambda self, replica_info, slave_config,
                       restart=False: None),
    'enable_as_master': lambda self, replica_source_config: None,
    'demote_replication_master': lambda self: None,
    'cleanup_source_on_replica_detach': lambda self, replica_info: None,
}


def _guest_logs(guest):
    logs = getattr(guest, '_logs', None)
    if logs is None:
        logs = guest._logs = {
            name: {'name': name, 'type': 'USER', 'status': 'Disabled',
                   'published': '0', 'pending': '0', 'container': 'None',
                   'prefix': 'None',
                   'metafile': '%s/mysql-%s_metafile' % (guest.id, name)}
            for name in ('general', 'slow_query')}
    return logs


def _guest_log_list(self):
    return [dict(log) for log in _guest_logs(self).values()]


def _guest_log_action(self, log_name, enable=None, disable=None,
                      publish=None, discard=None):
    from trove.common import exception
    log = _guest_logs(self).get(log_name)
    if log is None:
        raise exception.NotFound(uuid=log_name)
    if enable:
        log.update(status='Enabled', pending='128')
    if disable:
        log.update(status='Disabled')
    if publish:
        log.update(status='Published', pending='0',
                   published=str(int(log['published']) +
                                 int(log['pending'] or 0)),
                   container='database_logs',
                   prefix='%s/mysql-%s/' % (self.id, log_name))
    if discard:
        log.update(status='Ready', published='0', container='None',
                   prefix='None')
    return dict(log)


# ---------------------------------------------------------------------------
# Emulated guest-agent heartbeat
# ---------------------------------------------------------------------------

def _remember_reported_status(guestagent):
    """Track, per fake guest, the database status the guest itself last
    reported (HEALTHY after prepare, SHUTDOWN after stop_db, ...), so the
    emulated heartbeat can report it again after Trove overwrote it."""
    FakeGuest = guestagent.FakeGuest
    FakeGuest._reported_status = None

    original_set = FakeGuest._set_task_status

    def _set_task_status(self, new_status='HEALTHY'):
        original_set(self, new_status)
        self._reported_status = new_status
    FakeGuest._set_task_status = _set_task_status

    original_prepare = FakeGuest.prepare

    def prepared(guest, name, args, kwargs):
        result = original_prepare(guest, *args, **kwargs)
        # prepare() writes HEALTHY (FAILED for a *GUEST_ERROR name) a
        # moment later.
        guest._reported_status = ('FAILED' if name.endswith('GUEST_ERROR')
                                  else 'HEALTHY')
        return result

    @functools.wraps(original_prepare)
    def prepare(self, *args, **kwargs):
        from trove.instance.models import DBInstance
        name = DBInstance.find_by(id=self.id).name
        if name.endswith(SLOW_GUEST):
            # A trigger of our own, beside the fakes' *GUEST_ERROR: a
            # guest that takes SLOW_GUEST_SECONDS to prepare, for tests
            # that need a long wait.
            eventlet.spawn_after(SLOW_GUEST_SECONDS, prepared, self, name,
                                 args, kwargs)
            return None
        return prepared(self, name, args, kwargs)
    FakeGuest.prepare = prepare


def _heartbeat_once():
    """What a live guest agent does every few seconds, for every instance
    the fake guest knows about:

    * re-write its status row, so ``updated_at`` stays fresh (otherwise
      Trove reports operating_status ERROR, FAILED_TIMEOUT_GUESTAGENT,
      ``agent_heartbeat_expiry`` seconds after the last write);
    * after a resize/migrate/rebuild Trove sets the status to PAUSED and
      waits for the guest to report anything else; reset_status sets
      UNKNOWN.  The fake guest never reports again (Trove waited
      resize_time_out), a real one reports the database's actual status:
      report the status the fake guest last set itself (SHUTDOWN after
      the stop_db that precedes a resize).
    """
    import sqlalchemy as sa
    from oslo_utils import timeutils
    from trove.db.sqlalchemy import session
    from trove.instance import service_status as srvstatus
    from trove.tests.fakes import guestagent

    guests = dict(guestagent.DB)
    if not guests:
        return
    statuses = srvstatus.ServiceStatuses
    live = ('instance_id IN :ids AND instance_id IN '
            '(SELECT id FROM instances WHERE deleted = 0)')
    report = sa.text(
        'UPDATE service_statuses SET status_id = :new, '
        'status_description = :desc WHERE status_id IN (:paused, :unknown) '
        'AND ' + live
    ).bindparams(sa.bindparam('ids', expanding=True))
    beat = sa.text(
        'UPDATE service_statuses SET updated_at = :now WHERE ' + live
    ).bindparams(sa.bindparam('ids', expanding=True),
                 sa.bindparam('now', type_=sa.DateTime()))
    by_status = {}
    for instance_id, guest in guests.items():
        reported = getattr(guest, '_reported_status', None) or 'SHUTDOWN'
        by_status.setdefault(reported, []).append(instance_id)
    gone = sa.text(
        'SELECT id FROM instances WHERE deleted = 1 AND id IN :ids'
    ).bindparams(sa.bindparam('ids', expanding=True))
    with session.get_engine().begin() as conn:
        # Forget the guests of deleted instances (keeps the lists short).
        for (instance_id,) in conn.execute(gone, {'ids': list(guests)}):
            guestagent.DB.pop(instance_id, None)
        for name, ids in by_status.items():
            status = getattr(statuses, name)
            conn.execute(report, {
                'new': status.code, 'desc': status.description,
                'paused': statuses.PAUSED.code,
                'unknown': statuses.UNKNOWN.code, 'ids': ids})
        conn.execute(beat, {'now': timeutils.utcnow(), 'ids': list(guests)})


def start_heartbeat(interval):
    def loop():
        while True:
            eventlet.sleep(interval)
            try:
                _heartbeat_once()
            except Exception:
                LOG.exception('emulated guest heartbeat failed')
    return eventlet.spawn(loop)


# ---------------------------------------------------------------------------
# Fake glance (none ships with Trove)
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# 401 without a token (paste filter)
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------

def apply(conf):
    """Apply every patch; call after Trove's config is parsed."""
    opts = conf[GROUP]
    _patch_context()
    _patch_cloudinit_userdata()
    _patch_backup_time()
    _serialize_quota_updates()
    _provide_unquote_user_host()
    _patch_polling(opts.max_poll_interval)
    _patch_fake_nova(opts.fake_delay_scale)
    _patch_fake_guest(opts.fake_delay_scale)
    LOG.info('local-trove compatibility patches applied (fake delays x%s, '
             'poll interval <= %ss)', opts.fake_delay_scale,
             opts.max_poll_interval)
