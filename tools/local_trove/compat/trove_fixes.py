"""Repairs of Trove itself and of what its fakes import: the request
context, test utilities, userdata, backup time, quota races."""

import functools
import urllib.parse


def patch_cloudinit_userdata():
    """Rebuild: with no ``<cloudinit_location>/<datastore>.cloudinit`` file
    the userdata is None and ``combine_cloudinit_userdata`` crashes in
    yaml.safe_load(None) (a Trove bug, not fake-specific).  Treat missing
    userdata as an empty mapping.  (Trove before 25.0.0 has no
    ``combine_cloudinit_userdata``, and no such crash.)"""
    from trove.instance import models

    original = getattr(models.BaseInstance, 'combine_cloudinit_userdata',
                       None)
    if original is None:
        return

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


def patch_backup_time():
    from trove.backup import models
    # (Trove before 25.0.0 did not compare the times: nothing to repair.)
    if hasattr(models, 'timeutils'):
        models.timeutils = _NaiveUtcTimeutils(models.timeutils)


def serialize_quota_updates():
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


def patch_context():
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


def provide_unquote_user_host():
    """``trove.tests.util.unquote_user_host`` was deleted upstream but
    ``fakes/guestagent.py`` still imports it: put a replacement on the
    (namespace) package before the fake guest is imported."""
    import trove.tests.util as test_util
    if not hasattr(test_util, 'unquote_user_host'):
        test_util.unquote_user_host = _unquote_user_host
