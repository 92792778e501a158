"""Fleet commands: many instances by name, with waiting.

troveclient-osc acts on them all in one process; python-troveclient, as a
runbook must use it: one process per instance, and its listing polled to
wait (see benchmarks/README.rst).
"""

import json
import time

from trovebench.runner import combine


FLEET = 51                      # three pages of the listing
FLEET_DELETE = 40
FLEET_RESTART = 10
# A runbook's sleep between two polls: troveclient-osc's default --wait
# interval (troveclient_osc.waiters.DEFAULT_INTERVAL).
POLL_INTERVAL = 2.0
POLL_TIMEOUT = 300


def fleet_topup(trove):
    """``benchfleet`` back to its ``FLEET`` instances, all ACTIVE: the
    deleted ones gone and made again under their names, the restarted ones
    back. The names the commands act on, in listing order."""
    wanted = ['fleet-%02d' % i for i in range(FLEET)]
    # Nothing being deleted or restarted any more (a deleted instance's
    # quota is free only once it is gone).
    present = {i['name'] for i in trove.wait_active('benchfleet', 0)}
    missing = [name for name in wanted if name not in present]
    if missing:
        trove.create_many('benchfleet', missing)
    return [i['name'] for i in trove.wait_active('benchfleet', FLEET)]


def _loop(results, started):
    """The processes of a runbook's loop as one result; its wall time is
    the loop's, sleeps between polls included."""
    result = combine(results)
    result['wall'] = time.perf_counter() - started
    return result


def _poll_listing(runner, who, done, results):
    """What a runbook does to wait with python-troveclient: list (one
    process; its first page) every ``POLL_INTERVAL`` until ``done(rows)``."""
    deadline = time.monotonic() + POLL_TIMEOUT
    while True:
        result = runner.run(who, ['database', 'instance', 'list', '-f',
                                  'json'], 'benchfleet')
        results.append(result)
        if result['rc'] != 0:
            return
        if done(json.loads(result['stdout'])):
            return
        if time.monotonic() > deadline:
            result['rc'] = 1
            result['stderr'] += '\ngave up waiting after %ds' % POLL_TIMEOUT
            return
        time.sleep(POLL_INTERVAL)


def theirs_delete(runner, who, names):
    """python-troveclient's runbook: ``instance delete <name>``, one
    process each, then its listing polled until the name is gone, before
    the next name. Its name lookup searches the first page of the listing
    only: the names are taken in listing order, so each is on the first
    page once the ones before it are gone (any other order fails past the
    20th)."""
    started = time.perf_counter()
    results = []
    for name in names:
        result = runner.run(who, ['database', 'instance', 'delete', name],
                            'benchfleet')
        results.append(result)
        if result['rc'] != 0:
            break
        _poll_listing(runner, who,
                      lambda rows, n=name: all(r['Name'] != n for r in rows),
                      results)
        if results[-1]['rc'] != 0:
            break
    return _loop(results, started)


def theirs_restart(runner, who, names):
    """python-troveclient's runbook: ``instance restart <name>``, one
    process each, then its listing polled until all of them are ACTIVE
    (the names are the first of the listing, so on its first page)."""
    started = time.perf_counter()
    results = []
    for name in names:
        result = runner.run(who, ['database', 'instance', 'restart', name],
                            'benchfleet')
        results.append(result)
        if result['rc'] != 0:
            return _loop(results, started)
    wanted = set(names)
    _poll_listing(runner, who,
                  lambda rows: all(r['Status'] == 'ACTIVE' for r in rows
                                   if r['Name'] in wanted)
                  and wanted <= {r['Name'] for r in rows},
                  results)
    return _loop(results, started)


def fleet_scenarios():
    """``[(title, count, {who: callable(runner, who, names)}, note)]``:
    each acts on the first ``count`` names of the listing of a full
    ``benchfleet``."""
    def ours(action):
        def go(runner, who, names):
            return runner.run(who, ['database', 'instance', action] + names
                              + ['--wait'], 'benchfleet')
        return go

    return [
        ('instance delete <name> --wait (1 of %d)' % FLEET, 1,
         {'ours': ours('delete'), 'theirs': theirs_delete},
         'python-troveclient: delete, then instance list every %gs until '
         'gone' % POLL_INTERVAL),
        ('instance delete <name> x%d --wait (of %d)' % (FLEET_DELETE, FLEET),
         FLEET_DELETE,
         {'ours': ours('delete'), 'theirs': theirs_delete},
         'troveclient-osc: one process. python-troveclient: per name, '
         'delete, then instance list every %gs until gone' % POLL_INTERVAL),
        ('instance restart <name> x%d --wait (of %d)' % (FLEET_RESTART,
                                                         FLEET),
         FLEET_RESTART,
         {'ours': ours('restart'), 'theirs': theirs_restart},
         'troveclient-osc: one process. python-troveclient: restart per '
         'name, then instance list every %gs until all ACTIVE'
         % POLL_INTERVAL),
    ]
