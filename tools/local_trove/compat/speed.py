"""Scaled-down simulated latency: the fakes' delays and Trove's polls."""

import time as _real_time

import eventlet


class ScaledEventlet:
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


class ScaledTime:
    """Stands in for ``time`` inside the fake guest (restart() sleeps 1 s,
    start_db_with_conf_changes() 2 s)."""

    def __init__(self, scale):
        self._scale = scale

    def sleep(self, seconds):
        eventlet.sleep(seconds * self._scale)

    def __getattr__(self, name):
        return getattr(_real_time, name)


def patch_polling(max_interval):
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
