"""Helpers for ``tools/local-trove``: a local Trove API in fake mode.

Nothing in here is part of the troveclient-osc library.  The modules are
run by ``tools/local-trove``:

* ``keystone_stub`` -- a tiny Keystone v3/v2.0 stand-in (stdlib only).
* ``setup_db``      -- schema + datastores, run with the Trove virtualenv.
* ``launcher``      -- the Trove API + taskmanager process (Trove venv).
* ``compat``        -- patches that make Trove 26.0.0's fake mode work.
"""
