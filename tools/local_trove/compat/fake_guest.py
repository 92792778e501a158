"""The fake guest agent: the calls it lacks, the status it reports, and
the SLOW_GUEST trigger."""

from oslo_log import log as logging
import functools
import inspect

import eventlet

from local_trove.compat import speed

LOG = logging.getLogger('local_trove.compat')

#: An instance whose name ends so builds for SLOW_GUEST_SECONDS.
SLOW_GUEST = 'SLOW_GUEST'
SLOW_GUEST_SECONDS = 8.0


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


def patch_fake_guest(scale):
    from trove.tests.fakes import guestagent

    guestagent.eventlet = speed.ScaledEventlet(scale)
    guestagent.time = speed.ScaledTime(scale)

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
