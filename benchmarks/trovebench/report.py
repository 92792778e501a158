"""The tables (reStructuredText), the saved results and the docs."""

import datetime
import json
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

from trovebench.common import REPO, WHO, Failure
from trovebench.fleet import FLEET, FLEET_DELETE

DOC = REPO / 'doc' / 'source' / 'performance.rst'
DOC_START = '.. benchmark-results-start'
DOC_END = '.. benchmark-results-end'
FLEET_DOC = ('.. fleet-results-start', '.. fleet-results-end')


def rst_table(header, rows):
    """A reStructuredText simple table (also readable as plain text)."""
    cells = [list(map(str, header))] + [list(map(str, r)) for r in rows]
    widths = [max(len(row[i]) for row in cells)
              for i in range(len(header))]
    rule = '  '.join('=' * w for w in widths)

    def line(row):
        return '  '.join(cell.ljust(w) for cell, w in
                         zip(row, widths)).rstrip()

    out = [rule, line(cells[0]), rule]
    out += [line(row) for row in cells[1:]]
    out.append(rule)
    return '\n'.join(out)


def _count(value):
    return '-'.join(map(str, value)) if isinstance(value, list) else str(
        value)


def _note(summary, expected_rows=None):
    notes = []
    if summary['failed']:
        notes.append('fails: %s' % summary['error'])
    if summary['processes'] > 1:
        notes.append('%d processes' % summary['processes'])
    if expected_rows is not None and summary['rows'] not in (None, []) \
            and summary['rows'] != expected_rows:
        if summary['distinct'] not in (None, [], summary['rows']):
            notes.append('%s rows, %s distinct' % (
                _count(summary['rows']), _count(summary['distinct'])))
        else:
            notes.append('%s rows' % _count(summary['rows']))
    return '; '.join(notes)


def command_table(rows):
    header = ('Command', 'Requests ours', 'theirs', 'Identity ours/theirs',
              'Wall ours (s)', 'theirs (s)', 'ours/theirs',
              'Outside Trove ours/theirs (s)', 'RSS ours (MiB)',
              'theirs (MiB)', 'Notes')
    body = []
    for title, samples, note in rows:
        s = {w: samples[w].summary() for w in WHO}
        outside = '%.2f/%.2f' % tuple(s[w]['outside_median'] for w in WHO)
        expected = s['ours']['rows'] if title.startswith(
            ('instance list', 'all ')) else None
        notes = ['%s: %s' % (who, _note(s[who], expected)) for who in WHO
                 if _note(s[who], expected)]
        if note:
            notes.append(note)
        body.append((
            title, _count(s['ours']['requests']),
            _count(s['theirs']['requests']),
            '%s/%s' % (_count(s['ours']['identity']),
                       _count(s['theirs']['identity'])),
            '%.2f' % s['ours']['wall_median'],
            '%.2f' % s['theirs']['wall_median'],
            '%.2f' % (s['ours']['wall_median'] /
                      s['theirs']['wall_median']),
            outside, '%.1f' % s['ours']['rss_mib'],
            '%.1f' % s['theirs']['rss_mib'],
            '. '.join(notes)))
    return rst_table(header, body)


def import_table(imports):
    header = ('Import cost, ms: median (lowest-highest)', 'ours', 'theirs',
              'Notes')
    return rst_table(header, [
        (title, _spread(values['ours']), _spread(values['theirs']), note)
        for title, values, note in imports])


def _spread(values):
    return '%.1f (%.1f-%.1f)' % (statistics.median(values), min(values),
                                 max(values))


def big_table(big):
    header = ('Listing %d instances, all pages' % big['count'], 'ours',
              'theirs')
    s = {w: big['samples'][w].summary() for w in WHO}
    rows = [
        ('processes', s['ours']['processes'], s['theirs']['processes']),
        ('requests to Trove', _count(s['ours']['requests']),
         _count(s['theirs']['requests'])),
        ('requests to identity', _count(s['ours']['identity']),
         _count(s['theirs']['identity'])),
        ('rows listed (distinct instances)',) + tuple(
            '%s (%s)' % (_count(s[w]['rows']), _count(s[w]['distinct']))
            for w in WHO),
        ('wall time (s), median of runs',) + tuple(
            '%.1f (%d run%s)' % (s[w]['wall_median'], s[w]['runs'],
                                 's' if s[w]['runs'] > 1 else '')
            for w in WHO),
        ('of which Trove answering (s)',) + tuple(
            '%.1f' % s[w]['trove_median'] for w in WHO),
        ('peak RSS (MiB)', '%.1f' % s['ours']['rss_mib'],
         '%.1f' % s['theirs']['rss_mib']),
    ]
    return rst_table(header, rows)


def fleet_ratio_table(fleet):
    """Deleting 40 against deleting one, each client against itself."""
    walls = {title: {w: samples[w].summary()['wall_median'] for w in WHO}
             for title, samples, _note in fleet}
    titles = list(walls)
    one, many = titles[0], titles[1]
    header = ('Wall time ratio', 'ours', 'theirs')
    return rst_table(header, [
        ('delete x%d --wait / delete 1 --wait' % FLEET_DELETE,) + tuple(
            '%.2f' % (walls[many][w] / walls[one][w]) for w in WHO)])


def machine(venvs, osc_version):
    model = '?'
    memory = '?'
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
        for line in Path('/proc/meminfo').read_text().splitlines():
            if line.startswith('MemTotal:'):
                memory = '%.1f GiB' % (int(line.split()[1]) / 1024 ** 2)
                break
    except OSError:
        pass
    python = subprocess.run(
        [str(venvs['ours'] / 'bin' / 'python'), '-c',
         'import platform; print(platform.python_version())'],
        capture_output=True, text=True).stdout.strip()
    return {'date': datetime.datetime.now(datetime.timezone.utc).strftime(
                '%Y-%m-%d %H:%M UTC'),
            'nproc': os.cpu_count(), 'cpu': model, 'memory': memory,
            'python': python, 'os': platform.platform(terse=True),
            'openstackclient': osc_version,
            'loadavg_start': '%.2f %.2f %.2f' % os.getloadavg()}


def report_fleet(info, bench):
    return '\n'.join([
        'Taken on %(date)s: %(nproc)s CPUs (%(cpu)s), Python %(python)s, '
        'python-openstackclient %(openstackclient)s; load average '
        '%(loadavg_start)s at the start and %(loadavg_end)s at the end.  '
        '%(fleet_runs)s run%(fleet_plural)s per scenario and client, each '
        'on a full project of %(fleet)d instances, alternating which client '
        'goes first.' % dict(info, fleet=FLEET, fleet_plural='s' if info[
            'fleet_runs'] > 1 else ''),
        '', command_table(bench.fleet), '', fleet_ratio_table(bench.fleet)
    ]) + '\n'


def report(info, bench):
    parts = [
        'Taken on %(date)s: %(nproc)s CPUs (%(cpu)s), %(memory)s of memory, '
        'Python %(python)s, %(os)s, python-openstackclient '
        '%(openstackclient)s; load average %(loadavg_start)s at the start '
        'and %(loadavg_end)s at the end.  %(runs)s runs per command and '
        '%(import_runs)s per import measurement, alternating which client '
        'goes first.' % info,
        '', command_table(bench.rows), '', import_table(bench.imports)]
    if bench.big:
        parts += ['', big_table(bench.big)]
    return '\n'.join(parts) + '\n'


def update_docs(text, markers=(DOC_START, DOC_END)):
    doc = DOC.read_text()
    start, end = doc.find(markers[0]), doc.find(markers[1])
    if start < 0 or end < start:
        raise Failure('%s has no %s ... %s markers'
                      % (DOC, markers[0], markers[1]))
    start += len(markers[0])
    DOC.write_text(doc[:start] + '\n\n' + text + '\n' + doc[end:])


def save(results_dir, info, bench, text):
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime('%Y%m%d-%H%M%S')

    def dump(samples):
        return {w: samples[w].summary() for w in WHO}

    data = {'machine': info,
            'commands': [{'command': title, 'note': note,
                          'results': dump(samples)}
                         for title, samples, note in bench.rows],
            'imports': [{'what': title, 'note': note, 'ms': values}
                        for title, values, note in bench.imports],
            'big': ({'count': bench.big['count'],
                     'setup_seconds': bench.big['setup_seconds'],
                     'results': dump(bench.big['samples'])}
                    if bench.big else None),
            'fleet': [{'scenario': title, 'note': note,
                       'results': dump(samples)}
                      for title, samples, note in bench.fleet]}
    for name in ('latest', stamp):
        (results_dir / ('%s.json' % name)).write_text(
            json.dumps(data, indent=1, default=str))
        (results_dir / ('%s.rst' % name)).write_text(text)
    return results_dir / ('%s.json' % stamp)
