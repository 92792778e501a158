"""An instance's configuration group kept through the changes that older
Trove releases detach it on.

Trove before 25.0.0, but for 23.1.0 and 24.1.0 (OpenStack 2025.1 and 2025.2,
where the fix was backported), detaches the configuration group of an
instance on any ``PUT`` or ``PATCH`` of the instance that does not name a
group (fixed by trove commit fd7186bd, "Fix: Prevent config removal on
instance update"): a rename, new access, detaching a replica, an upgrade.
Naming the group in the same request is no way out: Trove takes one change
besides a new name, and refuses a rename that names the attached group
(400, "already has a Configuration Group attached") after renaming the
instance.

So :func:`send` makes the change, then looks: if the instance had a group
before and has none after, it attaches the group again with a request that
names it (which the bug leaves alone) and logs a warning; if Trove refuses,
it raises :class:`~troveclient_osc.exceptions.ConfigurationDetached`,
saying why. That costs one GET after the change, made only for an instance
that had a group. Knowing the group before costs nothing when the caller
passes the instance as a detailed view showed it (``get``, ``find``, a
detailed listing, ``create``), else one GET (:func:`shown`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from troveclient_osc import base
from troveclient_osc import exceptions
from troveclient_osc import trove_messages
from troveclient_osc import waiters

if TYPE_CHECKING:
    from troveclient_osc.v1.instances import Instance, InstanceManager

LOG = logging.getLogger(__name__)

#: How long an attachment Trove refuses because the instance is busy (an
#: access update, a replica detaching) is tried again, and how often.
TIMEOUT = 600.0
INTERVAL = 2.0
#: The states a refused attachment (Trove's InvalidInstanceState,
#: trove_messages.instance_state) names that will not end by themselves.
_STUCK = ('RESTART_REQUIRED', 'SHUTDOWN')
_ATTACHED = 'ATTACHED'
_BUG = 'a Trove bug, fixed in 23.1.0, 24.1.0 and 25.0.0'


class _Attempt:
    """An attachment tried, for the wait loop: its ``status`` is
    ATTACHED or the busy state Trove refused it in."""

    def __init__(self, status: str) -> None:
        self.status = status


def shown(manager: InstanceManager, instance: str | Instance
          ) -> dict[str, Any]:
    """The instance as a detailed view shows it: an :class:`Instance`
    from one (it has ``created``) as it is, else one GET of it by its ID
    (the caller's lookup has found it)."""
    if isinstance(instance, base.Resource):
        data = instance.to_dict()
        if 'created' in data:
            return data
    return manager._show(instance).to_dict()


def send(manager: InstanceManager, instance: str | Instance,
         request: Callable[..., object], body: Mapping[str, Any],
         before: Mapping[str, Any] | None = None) -> str | None:
    """``request`` (the manager's ``api.put`` or ``api.patch``) of
    ``{"instance": body}`` on ``instance``, its configuration group kept.

    :param before: the instance as shown before (see :func:`shown`), if
        the caller has it already
    :returns: the ID of the group attached again, or None when Trove left
        it alone (or there was none, or the change is the group's own)
    :raises ConfigurationDetached: Trove detached the group and refuses
        to attach it again
    """
    path = manager._path(instance)
    if 'configuration' in body:
        request(path, json={'instance': dict(body)})
        return None
    if before is None:
        before = shown(manager, instance)
    request(path, json={'instance': dict(body)})
    group = before.get('configuration')
    if not isinstance(group, dict) or not group.get('id'):
        return None
    try:
        after = manager._show(instance).to_dict()
    except exceptions.ClientException as error:
        # Not knowing is no reason to stay silent: tried again, the
        # change would find no group to keep.
        raise exceptions.ConfigurationDetached(
            'The change was made, but whether Trove kept %s on %s could '
            'not be checked (%s): %s' % (
                _group(group), _instance(before), _BUG, error),
            instance_id=str(before.get('id')),
            configuration_id=str(group['id'])) from error
    if after.get('configuration'):
        return None
    _attach_again(manager, path, group, before, after)
    LOG.warning('Trove detached %s from %s on that change (%s); attached '
                'it again.', _group(group), _instance(after), _BUG)
    return str(group['id'])


def _group(group: Mapping[str, Any]) -> str:
    if group.get('name'):
        return "configuration group '%s' (%s)" % (
            base.shown(group['name']), base.shown(group['id']))
    return 'configuration group %s' % base.shown(group['id'])


def _instance(data: Mapping[str, Any]) -> str:
    """The instance, by the name the user knows it by (an error's line is
    short: its ID is on the exception)."""
    if data.get('name'):
        return "database instance '%s'" % base.shown(data['name'])
    return 'database instance %s' % base.shown(data.get('id'))


def _version(data: Mapping[str, Any]) -> Any:
    store = data.get('datastore')
    return store.get('version') if isinstance(store, dict) else None


def _attach_again(manager: InstanceManager, path: str,
                  group: Mapping[str, Any], before: Mapping[str, Any],
                  after: Mapping[str, Any]) -> None:
    """Attach ``group`` again: at once, or once the instance is no longer
    busy; raise ConfigurationDetached if Trove will not have it."""
    from troveclient_osc.v1.instances import update_body

    def detached(why: str) -> exceptions.ConfigurationDetached:
        return exceptions.ConfigurationDetached(
            'Trove detached %s from %s (%s) and it could not be attached '
            'again: %s' % (
                _group(group), _instance(after), _BUG, why),
            instance_id=str(after.get('id')),
            configuration_id=str(group['id']))

    old, new = _version(before), _version(after)
    if old != new:
        # Trove attaches a group only to an instance of its version.
        raise detached(
            'it is a group for datastore version %s and the instance now '
            'runs %s; attach a group made for %s' % (
                base.shown(old), base.shown(new), base.shown(new)))
    body = update_body(configuration=str(group['id']))

    def attempt() -> _Attempt:
        try:
            manager.api.put(path, json={'instance': body})
        except exceptions.ClientException as error:
            # (a 5xx too: the wait would take it for a passing one)
            state = trove_messages.instance_state(error.message or '')
            if state == 'RESTART_REQUIRED':
                raise detached('Trove refuses while the instance is '
                               'RESTART_REQUIRED; restart it, then attach '
                               'the group again') from error
            if state is None or state in _STUCK or 'ERROR' in state:
                raise detached(str(error)) from error
            return _Attempt(state)
        return _Attempt(_ATTACHED)

    try:
        # (sleeping and timed as the client's retries are)
        waiters.Waiter(attempt, timeout=TIMEOUT, interval=INTERVAL,
                       sleep=manager.api.sleep, clock=manager.api.clock,
                       describe=_instance(after)
                       ).for_status(_ATTACHED, failures=())
    except exceptions.WaitTimeout as error:
        raise detached('the instance was still busy after %ss; attach the '
                       'group again once it is ACTIVE'
                       % exceptions.seconds(TIMEOUT)) from error
