"""Waiting for a resource to reach a status, or to disappear, with a deadline.

Unlike osc-lib's ``wait_for_status``, these always end: at the target status,
at a failure status (at once, with the resource's fault message), when the
resource vanishes, or at the deadline. A transient error while polling (a
503, a dropped connection) does not end the wait; the deadline still holds.
"""

import logging
import time

from troveclient_osc import exceptions

LOG = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 1800.0
DEFAULT_INTERVAL = 2.0
FAILURE_STATUSES = ('ERROR', 'FAILED')

# Errors that a poll may meet and survive: the next poll may well succeed.
_TRANSIENT = (exceptions.ServerError, exceptions.TooManyRequests,
              exceptions.ConnectionError, exceptions.InvalidResponse)


def _fault_text(resource):
    fault = getattr(resource, 'fault', None)
    if isinstance(fault, dict):
        return fault.get('message') or fault.get('details')
    return fault if isinstance(fault, str) else None


class Waiter:
    """Poll ``fetch()`` until a condition holds or the deadline passes.

    :param fetch: a callable returning a fresh resource (raises NotFound
        from a 404 when it is gone; a NotFound without a status, from a
        lookup that found nothing, ends the wait)
    :param timeout: seconds before :class:`WaitTimeout`; None waits forever
    :param interval: seconds between polls
    :param callback: called with each fetched resource and the seconds
        elapsed (progress reporting)
    :param sleep: and ``clock``: injectable for tests
    """

    def __init__(self, fetch, timeout=DEFAULT_TIMEOUT,
                 interval=DEFAULT_INTERVAL, callback=None, sleep=time.sleep,
                 clock=time.monotonic, describe='resource'):
        if timeout is not None and timeout < 0:
            raise exceptions.ValidationError(
                'The wait timeout must not be negative, got %r' % timeout)
        if interval <= 0:
            raise exceptions.ValidationError(
                'The poll interval must be positive, got %r' % interval)
        self.fetch = fetch
        self.timeout = timeout
        self.interval = interval
        self.callback = callback
        self.sleep = sleep
        self.clock = clock
        self.describe = describe

    def _polls(self):
        """Yield (resource or None when gone, elapsed) until the deadline."""
        start = self.clock()
        reported = False
        while True:
            try:
                resource = self.fetch()
            except exceptions.NotFound as error:
                if error.http_status is None:
                    raise  # a lookup by name found nothing: not "gone"
                resource = None
            except _TRANSIENT as error:
                # Said once until a poll succeeds again; each failed poll
                # is a debug record.
                (LOG.debug if reported else LOG.warning)(
                    'Polling %s failed (%s); trying again%s', self.describe,
                    error, '' if reported else
                    ' (further failed polls are not reported)')
                reported = True
                resource = False
            else:
                reported = False
            elapsed = self.clock() - start
            yield resource, elapsed
            remaining = (None if self.timeout is None
                         else self.timeout - (self.clock() - start))
            if remaining is not None and remaining <= 0:
                return
            self.sleep(self.interval if remaining is None
                       else min(self.interval, remaining))

    def _timeout_error(self, wanted, last):
        status = getattr(last, 'status', None) if last else None
        return exceptions.WaitTimeout(
            'Timeout waiting for %s to %s after %ss%s'
            % (self.describe, wanted, exceptions._seconds(self.timeout or 0),
               ' (last status: %s)' % status if status else ''))

    def for_status(self, statuses, failures=FAILURE_STATUSES):
        """Wait until the resource's ``status`` is one of ``statuses``.

        :returns: the resource in that status
        :raises ResourceFailure: the status became one of ``failures``
        :raises ResourceGone: the resource disappeared
        :raises WaitTimeout: the deadline passed
        """
        if isinstance(statuses, str):
            statuses = (statuses,)
        wanted = {s.upper() for s in statuses}
        failed = {s.upper() for s in failures or ()}
        last = None
        for resource, elapsed in self._polls():
            if resource is False:
                continue
            if resource is None:
                raise exceptions.ResourceGone(
                    '%s went away while waiting for it to become %s'
                    % (self.describe, '/'.join(sorted(wanted))))
            last = resource
            if self.callback:
                self.callback(resource, elapsed)
            status = str(getattr(resource, 'status', '')).upper()
            if status in wanted:
                return resource
            if status in failed:
                fault = _fault_text(resource)
                raise exceptions.ResourceFailure(
                    '%s transitioned to failure state %s%s'
                    % (self.describe, status,
                       ': %s' % fault if fault else ''))
        raise self._timeout_error('become %s' % '/'.join(sorted(wanted)),
                                  last)

    def for_delete(self):
        """Wait until fetching the resource raises NotFound."""
        last = None
        for resource, elapsed in self._polls():
            if resource is False:
                continue
            if resource is None:
                return None
            last = resource
            if self.callback:
                self.callback(resource, elapsed)
        raise self._timeout_error('be deleted', last)
