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
# Shown by its name, not as the Annotated[...] it stands for.
autodoc_type_aliases = {'MaybeAbsent': 'troveclient_osc.base.MaybeAbsent'}
