"""Every row of the reliability matrix is a test, and the docs say which.

The rows are those of ``matrix_ids.txt``: the rows of
``../shared/notes/reliability-matrix.md`` (kept in step with that file when
it is next to the repository), then the rows the project added after it
(F26 on: issues 23 and 25). A row counts as tested when a test function in
tests/reliability is named ``test_<ID>_...``; the table in
doc/source/reliability.rst must name, for each row, tests that exist.
"""

import ast
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
MATRIX = REPO.parent / 'shared' / 'notes' / 'reliability-matrix.md'
COPY = HERE / 'matrix_ids.txt'
DOCS = REPO / 'doc' / 'source' / 'reliability.rst'
ROW = re.compile(r'^\| ([BFS][0-9]+) \|', re.MULTILINE)


def _ids_from_copy():
    return [line.strip() for line in COPY.read_text().splitlines()
            if line.strip() and not line.startswith('#')]


def shared_ids():
    """The rows of the shared matrix, or None when it is not there."""
    return ROW.findall(MATRIX.read_text()) if MATRIX.exists() else None


def matrix_ids():
    return _ids_from_copy()


def _test_names():
    names = set()
    for path in HERE.glob('test_*.py'):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and \
                    node.name.startswith('test_'):
                names.add(node.name)
    return names


def _documented():
    """{row ID: [test names]} from the table of the docs page."""
    table = {}
    row = None
    for line in DOCS.read_text().splitlines():
        found = re.match(r'\s*\* - ([BFS][0-9]+)\s*$', line)
        if found:
            row = found.group(1)
            table[row] = []
            continue
        if row is not None:
            if line.strip() and not line.startswith(' '):
                break  # the table has ended
            table[row].extend(re.findall(r'\btest_\w+', line))
    return table


def test_the_matrix_has_its_rows():
    ids = matrix_ids()
    assert len(ids) >= 47 and len(set(ids)) == len(ids)
    for prefix, count in (('B', 12), ('F', 25), ('S', 10)):
        assert ['%s%d' % (prefix, n) for n in range(1, count + 1)] == [
            i for i in ids if i.startswith(prefix)][:count]


def test_the_copy_of_the_row_ids_matches_the_matrix():
    shared = shared_ids()
    if shared is not None:
        assert _ids_from_copy()[:len(shared)] == shared


def test_every_row_of_the_matrix_has_a_test():
    names = _test_names()
    missing = [row for row in matrix_ids()
               if not any(name.startswith('test_%s_' % row)
                          for name in names)]
    assert missing == []


def test_the_docs_map_every_row_to_tests_that_exist():
    table = _documented()
    names = _test_names()
    assert sorted(table) == sorted(matrix_ids())
    for row, tests in table.items():
        assert tests, row
        assert [t for t in tests if t not in names] == [], row
        assert any(t.startswith('test_%s_' % row) for t in tests), row
