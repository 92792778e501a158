"""An emulated guest-agent heartbeat for the fake guests."""

from oslo_log import log as logging
import eventlet

LOG = logging.getLogger('local_trove.compat')


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
