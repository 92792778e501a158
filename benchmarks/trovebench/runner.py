"""Running one command as a fresh process, and the samples of its runs."""

import json
import os
import statistics
import subprocess
import tempfile
import time

from trovebench.common import PAGE, clean_env

IDENTITY_LOG_SETTLE = 0.05      # seconds; see Runner.run


class Runner:
    def __init__(self, venvs, trove, proxy, clouds, workdir):
        self.venvs = venvs
        self.trove = trove
        self.proxy = proxy
        self.workdir = workdir
        self.env = clean_env(OS_CLIENT_CONFIG_FILE=str(clouds))

    def run(self, who, argv, cloud='bench50', python_args=None):
        """One process: wall time, peak RSS, requests, exit code, output."""
        venv = self.venvs[who]
        if python_args is None:
            cmd = [str(venv / 'bin' / 'openstack'), '--os-cloud', cloud]
        else:
            cmd = [str(venv / 'bin' / 'python')] + python_args + [
                '--os-cloud', cloud]
        cmd += list(argv)
        self.proxy.take()
        before = self.trove.identity_requests()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL, env=self.env,
                                    cwd=self.workdir)
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode('utf-8', 'replace')
            stderr = err.read().decode('utf-8', 'replace')
        requests, trove_seconds = self.proxy.take()
        # Keystone writes a request's access-log line just after its
        # answer: give the client's last one time to get there.
        time.sleep(IDENTITY_LOG_SETTLE)
        return {'wall': wall, 'rss_kb': usage.ru_maxrss,
                'requests': requests, 'trove': trove_seconds,
                'identity': self.trove.identity_requests() - before,
                'rc': proc.returncode, 'stdout': stdout, 'stderr': stderr}


def _rows(result):
    """How many rows the JSON output has; records distinct IDs too."""
    try:
        value = json.loads(result['stdout'])
    except ValueError:
        return None
    if not isinstance(value, list):
        return 1
    result['distinct'] = len({row.get('ID') for row in value
                              if isinstance(row, dict)})
    return len(value)


def _first_error(result):
    lines = [line for line in result['stderr'].splitlines()
             if line.strip()]
    return (lines[-1][:100].rstrip('.') if lines
            else 'exit %d' % result['rc'])


class Sample:
    """All runs of one command by one client."""

    def __init__(self):
        self.runs = []

    def add(self, result):
        self.runs.append(result)

    def summary(self):
        runs = self.runs
        counts = sorted({len(r['requests']) for r in runs})
        identity = sorted({r['identity'] for r in runs})
        failed = [r for r in runs if r['rc'] != 0]
        rows = sorted({r.get('rows') for r in runs if r.get('rows')
                       is not None})
        distinct = sorted({r.get('distinct') for r in runs
                           if r.get('distinct') is not None})
        return {
            'requests': counts[0] if len(counts) == 1 else counts,
            'identity': identity[0] if len(identity) == 1 else identity,
            'wall_median': statistics.median(r['wall'] for r in runs),
            'wall_min': min(r['wall'] for r in runs),
            # The time the client spends on anything but waiting for Trove:
            # start-up, signing in, its own work and the output.
            'outside_median': statistics.median(r['wall'] - r['trove']
                                                for r in runs),
            'trove_median': statistics.median(r['trove'] for r in runs),
            'rss_mib': max(r['rss_kb'] for r in runs) / 1024.0,
            'rows': rows[0] if len(rows) == 1 else rows,
            'distinct': distinct[0] if len(distinct) == 1 else distinct,
            'failed': len(failed),
            'error': _first_error(failed[0]) if failed else None,
            'paths': runs[0]['requests'],
            'processes': runs[0].get('processes', 1),
            'runs': len(runs),
        }


def combine(results):
    """Several processes of one scripted step as one result."""
    return {'wall': sum(r['wall'] for r in results),
            'trove': sum(r['trove'] for r in results),
            'rss_kb': max(r['rss_kb'] for r in results),
            'requests': [q for r in results for q in r['requests']],
            'identity': sum(r['identity'] for r in results),
            'rc': max(r['rc'] for r in results),
            'stdout': '', 'stderr': '\n'.join(r['stderr'] for r in results),
            'rows': sum(r.get('rows') or 0 for r in results),
            'distinct': len(set().union(*(r.get('ids', ()) for r in results))),
            'processes': len(results)}


def list_with_markers(runner, who, cloud):
    """What a script must do to list everything with python-troveclient:
    one process per page, passing the last ID as ``--marker``."""
    results, marker = [], None
    while True:
        argv = ['database', 'instance', 'list', '-f', 'json']
        if marker:
            argv += ['--marker', marker]
        result = runner.run(who, argv, cloud)
        page = json.loads(result['stdout']) if result['rc'] == 0 else []
        result['rows'] = len(page)
        result['ids'] = {row['ID'] for row in page}
        results.append(result)
        if result['rc'] != 0 or len(page) < PAGE:
            return combine(results)
        marker = page[-1]['ID']
