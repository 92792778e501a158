"""Compatibility patches for Trove 26.0.0's bundled fake mode (and the
older releases', whose fakes are the same).

Trove ships fakes for nova, cinder, neutron, swift, the guest agent and the
keystone middleware (``trove/tests/fakes``), but in 26.0.0 they lag behind
the real code.  ``apply()`` patches them (and a few Trove internals) in
memory, in the launcher process only; nothing on disk is modified.

Every patch names the break it fixes; tools/README.rst lists them.  One
module a concern: ``speed`` (delays and polls), ``trove_fixes`` (Trove
itself), ``fake_cloud`` (nova, cinder, glance), ``fake_guest`` (the
guest agent) and ``heartbeat``.

Speed: the fakes simulate latency with ``eventlet.spawn_after``/``sleep``
and Trove polls with exponential back-off from 2-5 s start intervals (plus
10 s initial delays for resize).  The ``[local_trove]`` options scale the
fakes' delays and cap every poll interval, so an instance goes
BUILD -> ACTIVE in ~2 s instead of ~12 s.
"""

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


def register_opts(conf):
    conf.register_opts(OPTS, group=GROUP)


def apply(conf):
    """Apply every patch; call after Trove's config is parsed."""
    from local_trove.compat import fake_guest
    from local_trove.compat import fake_cloud
    from local_trove.compat import speed
    from local_trove.compat import trove_fixes

    opts = conf[GROUP]
    trove_fixes.patch_context()
    trove_fixes.patch_cloudinit_userdata()
    trove_fixes.patch_backup_time()
    trove_fixes.serialize_quota_updates()
    trove_fixes.provide_unquote_user_host()
    speed.patch_polling(opts.max_poll_interval)
    fake_cloud.patch_fake_nova(opts.fake_delay_scale)
    fake_guest.patch_fake_guest(opts.fake_delay_scale)
    LOG.info('local-trove compatibility patches applied (fake delays x%s, '
             'poll interval <= %ss)', opts.fake_delay_scale,
             opts.max_poll_interval)
