"""Sphinx configuration of the troveclient-osc release notes."""

project = 'troveclient-osc release notes'
copyright = '2026, troveclient-osc developers'
extensions = ['reno.sphinxext']
master_doc = 'index'
html_theme = 'alabaster'
html_static_path = []
