#!/usr/bin/env python3
"""troveclient-osc against python-troveclient 8.11.0, on one local Trove.

    benchmarks/run [--runs 5] [--import-runs 11] [--big 1000] [--update-docs]

What it does, with the standard library only:

* keeps two virtualenvs in ``${TROVECLIENT_OSC_CACHE:-~/.cache/
  troveclient-osc}``: ``bench-ours`` (this checkout, reinstalled every run,
  and python-openstackclient) and ``bench-theirs`` (python-troveclient
  8.11.0 and the *same* python-openstackclient version);
* starts its own local cloud (``tools/local-trove``: the real Keystone and
  Trove, with a temporary state directory and free ports, never the shared
  one on 8779/5000) whose catalog points at a counting proxy on 127.0.0.1,
  and stops it at the end, whatever happens;
* makes its projects in that Keystone, through its API as the admin, each
  with a user of the same name and a password; both clients sign in as
  those users through one clouds.yaml, and the set-up's own REST calls use
  their real tokens and project IDs;
* runs every command with both clients, alternating which goes first, and
  reports the requests each sent to Trove (counted by the proxy), to
  Keystone (the access-log lines of Keystone's log during the run, less
  those of Trove's keystonemiddleware: validating the client's token,
  signing its own service user in), the median wall time and the peak RSS
  of the process;
* measures import costs with ``python -X importtime``;
* lists 1,000 instances (all pages) with both.

The tables are printed as reStructuredText and saved, with the raw numbers,
in ``<cache>/bench-results/``; ``--update-docs`` also writes them into
``doc/source/performance.rst``.

This file is the entry point (the options and the order of the steps);
the work is done by the modules of ``trovebench/``, next to it.
"""


import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from trovebench.cloud import (CLOUD, CLOUDS, PASSWORD, PROJECTS, LocalTrove,
                              free_ports, local_settings)
from trovebench.common import Failure, cache_dir, say
from trovebench.proxy import CountingProxy
from trovebench.report import (DOC, FLEET_DOC, machine, report, report_fleet,
                               save, update_docs)
from trovebench.runner import Runner
from trovebench.scenarios import Bench, setup_fixtures
from trovebench.venvs import ensure_venvs


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=5,
                        help='runs of each command per client (default 5)')
    parser.add_argument('--import-runs', type=int, default=11,
                        help='runs of each import measurement per client '
                             '(default 11: a few milliseconds vary more '
                             'from run to run than seconds do)')
    parser.add_argument('--small', type=int, default=50,
                        help='instances in the listed project (default 50)')
    parser.add_argument('--big', type=int, default=1000,
                        help='instances in the big listing; 0 skips it '
                             '(default 1000)')
    parser.add_argument('--fleet-runs', type=int, default=1,
                        help='runs of each fleet scenario (many instances '
                             'by name, with --wait) per client (default 1: '
                             "python-troveclient's loops take minutes)")
    parser.add_argument('--only', type=_sections, default=SECTIONS,
                        metavar='SECTION[,SECTION]',
                        help='run only these of %s (default: all; '
                             '--update-docs then writes only what ran)'
                             % ', '.join(SECTIONS))
    parser.add_argument('--osc-version',
                        help='python-openstackclient version for both '
                             '(default: the newest, as installed in '
                             'bench-ours)')
    parser.add_argument('--update-docs', action='store_true',
                        help='write the tables into '
                             'doc/source/performance.rst')
    parser.add_argument('--keep', action='store_true',
                        help='keep the temporary state directory')
    args = parser.parse_args(argv)
    if args.runs < 1 or args.import_runs < 1 or args.small < 2 \
            or args.big < 0 or args.fleet_runs < 1:
        parser.error('--runs >= 1, --import-runs >= 1, --small >= 2, '
                     '--big >= 0 and --fleet-runs >= 1, please')
    if 'big' not in args.only:
        args.big = 0
    return args


SECTIONS = ('commands', 'imports', 'big', 'fleet')


def _sections(value):
    chosen = tuple(part.strip() for part in value.split(',') if part.strip())
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            'choose from %s' % ', '.join(SECTIONS))
    return chosen


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    began = time.monotonic()
    cache = cache_dir()
    venvs, osc_version = ensure_venvs(cache, args.osc_version)
    workdir = Path(tempfile.mkdtemp(prefix='troveclient-osc-bench-'))
    trove_port, keystone_port, proxy_port = free_ports()
    proxy = CountingProxy(proxy_port, trove_port)
    proxy.start()
    trove = LocalTrove(workdir / 'trove', trove_port, keystone_port,
                       'http://127.0.0.1:%d/v1.0' % proxy.port)
    ok = False
    try:
        say('Starting the benchmark Trove on 127.0.0.1:%d (identity %d, '
            'counting proxy %d), state in %s ...'
            % (trove_port, keystone_port, proxy.port, trove.state))
        trove.start()
        say('Making the projects and users %s in Keystone ...'
            % ', '.join(PROJECTS))
        trove.provision()
        clouds = workdir / 'clouds.yaml'
        clouds.write_text(CLOUDS.format(clouds=''.join(
            CLOUD.format(name=name, auth_url=trove.auth_url,
                         password=PASSWORD, region=local_settings.REGION)
            for name in PROJECTS)))
        runner = Runner(venvs, trove, proxy, clouds, workdir)
        info = machine(venvs, osc_version)
        info['runs'] = args.runs
        info['import_runs'] = args.import_runs
        info['fleet_runs'] = args.fleet_runs
        bench = Bench(args, runner, trove)
        if 'commands' in args.only:
            fixtures = setup_fixtures(trove, args.small, args.runs)
            say('Timing the commands ...')
            bench.run_commands(fixtures)
        if 'imports' in args.only:
            say('Timing the imports ...')
            bench.run_imports()
        if args.big:
            bench.run_big(args.big)
        if 'fleet' in args.only:
            say('Timing many instances by name, with --wait ...')
            bench.run_fleet()
        info['loadavg_end'] = '%.2f %.2f %.2f' % os.getloadavg()
        ok = True
    finally:
        trove.stop()
        proxy.stop()
        if ok and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            say('State and logs kept in %s' % workdir)
    full = 'commands' in args.only and 'imports' in args.only
    text = report(info, bench) if full else ''
    if bench.fleet:
        fleet = report_fleet(info, bench)
        text += ('\n' if text else '') + fleet
    say()
    say(text)
    saved = save(cache / 'bench-results', info, bench, text)
    say('Saved %s (and latest.json/.rst next to it); took %.0f s.'
        % (saved, time.monotonic() - began))
    if args.update_docs:
        # Only what ran: the tables of a full run, the fleet's own.
        if full:
            update_docs(report(info, bench))
        if bench.fleet:
            update_docs(fleet, FLEET_DOC)
        say('Updated %s' % DOC)
    failed = [title for title, samples, _n in bench.rows + bench.fleet
              if samples['ours'].summary()['failed']]
    if failed:
        say('troveclient-osc failed on: %s' % ', '.join(failed))
        return 1
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Failure as error:
        print('benchmark failed: %s' % error, file=sys.stderr)
        sys.exit(1)
