"""The benchmark: the command table, the import costs, the big listing and
the fleet scenarios, on the instances set up for them."""

import re
import subprocess
import time

from trovebench.cloud import local_settings
from trovebench.common import LABEL, PAGE, WHO, Failure, say
from trovebench.fleet import fleet_scenarios, fleet_topup
from trovebench.runner import Sample, _first_error, _rows, list_with_markers


# Imports every module with an ``import`` statement, so that ``-X
# importtime`` also reports the plugin modules that stevedore loads with
# importlib.import_module (which it would not show).
IMPORT_DRIVER = """\
import importlib
import importlib.metadata
import sys

_import_module = importlib.import_module


def import_module(name, package=None):
    if package is None and not name.startswith('.'):
        __import__(name)
        return sys.modules[name]
    return _import_module(name, package)


importlib.import_module = import_module
importlib.metadata.import_module = import_module
from openstackclient.shell import main  # noqa: E402
sys.exit(main(sys.argv[1:]))
"""

_IMPORT_LINE = re.compile(r'import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)')


def import_times(stderr):
    """``{module: (self_us, cumulative_us, depth)}`` from -X importtime."""
    found = {}
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            found[match.group(4)] = (int(match.group(1)),
                                     int(match.group(2)),
                                     len(match.group(3)) // 2)
    return found


def self_time_ms(times, packages):
    return sum(value[0] for module, value in times.items()
               if module.split('.')[0] in packages) / 1000.0


class Bench:
    def __init__(self, args, runner, trove):
        self.args = args
        self.runner = runner
        self.trove = trove
        self.rows = []        # (title, {who: Sample}, note)
        self.imports = []     # (title, {who: [ms, ...]}, note)
        self.big = None
        self.fleet = []       # (title, {who: Sample}, note)

    def _round_order(self, round_no):
        return WHO if round_no % 2 == 0 else WHO[::-1]

    def commands(self, fixtures):
        """The command table: ``[(title, {who: callable(round)}, note)]``."""
        inst45 = fixtures['inst45']
        pools = fixtures['pools']

        def cmd(*argv, cloud='bench50', rows=False):
            def go(who, round_no):
                result = self.runner.run(who, argv, cloud)
                if rows and result['rc'] == 0:
                    result['rows'] = _rows(result)
                return result
            return go

        def pooled(kind, *argv):
            def go(who, round_no):
                ident = pools[(kind, who, round_no)]
                return self.runner.run(
                    who, [a.replace('{id}', ident) for a in argv],
                    'benchops')
            return go

        def create(who, round_no):
            return self.runner.run(
                who, ['database', 'instance', 'create',
                      'created-%s-%d' % (who, round_no), '--flavor', '1',
                      '--size', '1', '--datastore', 'mysql',
                      '--datastore-version', '8.0', '-f', 'json'],
                'benchops')

        small = self.args.small
        listing = cmd('database', 'instance', 'list', '-f', 'json',
                      rows=True)
        return [
            ('token issue (no database command)',
             {w: cmd('token', 'issue', '-f', 'json') for w in WHO},
             'no request to Trove: python-openstackclient starting, loading '
             'every plugin and signing in, as every command does'),
            ('instance list (%d instances)' % small,
             {'ours': listing, 'theirs': listing},
             'python-troveclient lists the first page only'),
            ('instance list --limit 20 (one page each)',
             {w: cmd('database', 'instance', 'list', '--limit', str(PAGE),
                     '-f', 'json', rows=True) for w in WHO},
             'the same work for both'),
            ('all %d instances listed' % small,
             {'ours': listing,
              'theirs': lambda who, r: list_with_markers(self.runner, who,
                                                         'bench50')},
             'python-troveclient: one process per page, with --marker'),
            ('instance show <ID>',
             {w: cmd('database', 'instance', 'show', inst45['id'], '-f',
                     'json') for w in WHO}, ''),
            ('instance show <name> (%dth of %d)' % (fixtures['position'],
                                                    small),
             {w: cmd('database', 'instance', 'show', inst45['name'], '-f',
                     'json') for w in WHO},
             'python-troveclient searches the first page only'),
            ('instance create --flavor 1',
             {w: create for w in WHO}, ''),
            ('instance delete <ID>',
             {w: pooled('delete', 'database', 'instance', 'delete', '{id}')
              for w in WHO}, ''),
            ('instance restart <ID>',
             {w: pooled('restart', 'database', 'instance', 'restart',
                        '{id}') for w in WHO}, ''),
            ('instance resize flavor <ID> 2',
             {w: pooled('flavor', 'database', 'instance', 'resize', 'flavor',
                        '{id}', '2') for w in WHO}, ''),
            ('instance resize volume <ID> 2',
             {w: pooled('volume', 'database', 'instance', 'resize', 'volume',
                        '{id}', '2') for w in WHO}, ''),
            ('flavor list',
             {w: cmd('database', 'flavor', 'list', '-f', 'json', rows=True)
              for w in WHO}, ''),
            ('flavor show m1.small',
             {w: cmd('database', 'flavor', 'show', 'm1.small', '-f', 'json')
              for w in WHO}, ''),
            ('datastore list',
             {w: cmd('datastore', 'list', '-f', 'json', rows=True)
              for w in WHO}, ''),
            ('datastore show mysql',
             {w: cmd('datastore', 'show', 'mysql', '-f', 'json')
              for w in WHO}, ''),
            ('datastore version list mysql',
             {w: cmd('datastore', 'version', 'list', 'mysql', '-f', 'json',
                     rows=True) for w in WHO}, ''),
            ('datastore version show 8.0 --datastore mysql',
             {w: cmd('datastore', 'version', 'show', '8.0', '--datastore',
                     'mysql', '-f', 'json') for w in WHO}, ''),
        ]

    def run_commands(self, fixtures):
        table = self.commands(fixtures)
        samples = [{w: Sample() for w in WHO} for _row in table]
        reused = {}
        for round_no in range(self.args.runs):
            say('  round %d of %d' % (round_no + 1, self.args.runs))
            for index, (title, calls, _note) in enumerate(table):
                for who in self._round_order(round_no):
                    call = calls[who]
                    # The same command twice in a round (ours lists every
                    # page in both listing rows) is run once.
                    key = (id(call), who, round_no)
                    if key not in reused:
                        reused[key] = call(who, round_no)
                    samples[index][who].add(reused[key])
        self.rows = [(title, sample, note) for (title, _c, note), sample
                     in zip(table, samples)]

    def run_fleet(self):
        """The fleet scenarios, on a full ``benchfleet`` each time."""
        table = fleet_scenarios()
        samples = [{w: Sample() for w in WHO} for _row in table]
        for round_no in range(self.args.fleet_runs):
            say('  fleet round %d of %d' % (round_no + 1,
                                            self.args.fleet_runs))
            for index, (title, count, calls, _note) in enumerate(table):
                for who in self._round_order(round_no):
                    names = fleet_topup(self.trove)[:count]
                    result = calls[who](self.runner, who, names)
                    say('    %s, %s: %d requests, %.1f s%s'
                        % (title, LABEL[who], len(result['requests']),
                           result['wall'],
                           '' if result['rc'] == 0 else ' (failed: %s)'
                           % _first_error(result)))
                    samples[index][who].add(result)
        self.fleet = [(title, sample, note) for (title, _n, _c, note), sample
                      in zip(table, samples)]

    def run_imports(self):
        driver = self.runner.workdir / 'osc_importtime.py'
        driver.write_text(IMPORT_DRIVER)
        own = {'ours': ('troveclient_osc',), 'theirs': ('troveclient',)}
        mods = {'ours': ('troveclient_osc.v1.client',
                         'troveclient_osc.plugin'),
                'theirs': ('troveclient.v1.client', 'troveclient.osc.plugin')}
        plugin = {w: [] for w in WHO}
        mistral = {w: [] for w in WHO}
        client = {w: [] for w in WHO}
        hook = {w: [] for w in WHO}
        for round_no in range(self.args.import_runs):
            for who in self._round_order(round_no):
                result = self.runner.run(
                    who, ['database', 'flavor', 'list'],
                    python_args=['-X', 'importtime', str(driver)])
                if result['rc']:
                    raise Failure('%s: flavor list under -X importtime '
                                  'failed: %s' % (who, _first_error(result)))
                times = import_times(result['stderr'])
                plugin[who].append(self_time_ms(times, own[who]))
                mistral[who].append(self_time_ms(times, ('mistralclient',)))
                for module, store in zip(mods[who], (client, hook)):
                    done = subprocess.run(
                        [str(self.runner.venvs[who] / 'bin' / 'python'),
                         '-X', 'importtime', '-c', 'import ' + module],
                        env=self.runner.env, cwd=self.runner.workdir,
                        capture_output=True, text=True)
                    if done.returncode:
                        raise Failure('import %s failed: %s'
                                      % (module, done.stderr[-500:]))
                    store[who].append(
                        import_times(done.stderr)[module][1] / 1000.0)
        self.imports = [
            ('self time of the plugin modules during '
             '``openstack database flavor list``', plugin,
             'troveclient_osc.* / troveclient.*'),
            ('self time of mistralclient.* in the same run', mistral,
             'python-troveclient depends on python-mistralclient, an OSC '
             'plugin loaded by every command'),
            ('``import troveclient_osc.v1.client`` / '
             '``import troveclient.v1.client``', client,
             'cumulative, in a fresh interpreter'),
            ('``import troveclient_osc.plugin`` / '
             '``import troveclient.osc.plugin``', hook,
             'cumulative, in a fresh interpreter'),
        ]

    def run_big(self, count):
        trove = self.trove
        say('Creating %d instances in project bench1k ...' % count)
        admin_project = local_settings.ADMIN[1]
        trove.api(admin_project, 'PUT', '/mgmt/quotas/%s'
                  % trove.project_id('bench1k'),
                  {'quotas': {'instances': count + 10}})
        started = time.monotonic()
        trove.create_many('bench1k', ['big-%04d' % i for i in range(count)])
        created = time.monotonic() - started
        trove.wait_active('bench1k', count)
        ready = time.monotonic() - started
        say('  created in %.0f s, all ACTIVE after %.0f s' % (created, ready))
        samples = {w: Sample() for w in WHO}
        # Two runs of ours (~10-20 s each), one of theirs: one process per
        # page, 60-90 processes, 1.5-3 minutes.
        for round_no in range(min(2, self.args.runs)):
            for who in self._round_order(round_no):
                if who == 'theirs' and round_no > 0:
                    continue
                if who == 'ours':
                    result = self.runner.run(
                        who, ['database', 'instance', 'list', '-f', 'json'],
                        'bench1k')
                    result['rows'] = _rows(result)
                else:
                    result = list_with_markers(self.runner, who, 'bench1k')
                samples[who].add(result)
        self.big = {'count': count, 'samples': samples,
                    'setup_seconds': round(ready, 1)}


POOL_KINDS = ('delete', 'restart', 'flavor', 'volume')


def setup_fixtures(trove, small, runs):
    """Instances the commands work on, all ACTIVE before anything is timed.

    ``bench50`` holds the listed instances; ``benchops`` one instance per
    run, client and mutating command (delete, restart, resizes).
    """
    say('Creating %d instances to list and %d to act on ...'
        % (small, runs * len(WHO) * len(POOL_KINDS)))
    trove.create_many('bench50', ['b50-%02d' % i for i in range(small)])
    keys = [(kind, who, r) for r in range(runs) for who in WHO
            for kind in POOL_KINDS]
    ids = trove.create_many('benchops', ['pool-%s-%s-%d' % k for k in keys])
    listed = trove.wait_active('bench50', small)
    trove.wait_active('benchops', len(keys))
    position = min(45, small)
    return {'inst45': listed[position - 1], 'position': position,
            'pools': dict(zip(keys, ids))}
