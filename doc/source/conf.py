"""Sphinx configuration of the troveclient-osc documentation."""

project = 'troveclient-osc'
copyright = '2026, troveclient-osc developers'
extensions = [
    'sphinx.ext.autodoc',
    'sphinx.ext.doctest',
    'cliff.sphinxext',
]
autoprogram_cliff_application = 'openstack'
master_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'alabaster'
html_static_path = []
autodoc_member_order = 'bysource'
# Option names such as --wait-timeout must stay as typed: no en dashes.
smartquotes = False

PERFORMANCE = 'performance'


def _list_performance(app, docname, source):
    """Put the benchmarks' page in the index's toctree once it exists.

    The page is written by the benchmarks, and a toctree entry for a page
    that does not exist yet would fail the build.
    """
    if docname != 'index' or PERFORMANCE not in app.env.found_docs:
        return
    if '\n   %s\n' % PERFORMANCE not in source[0]:
        source[0] = source[0].replace(
            '\n   reliability\n', '\n   reliability\n   %s\n' % PERFORMANCE)


def setup(app):
    app.connect('source-read', _list_performance)
