"""``tools/local-trove``: the real Keystone and the real Trove API (fake
mode) on 127.0.0.1, for development and the functional tests.

Nothing in here is part of the troveclient-osc library.

Run with the system python (standard library only):

* ``cli``          -- the commands: start, stop, status, env.
* ``settings``     -- paths, ports, the provisioned users; shared helpers.
* ``venvs``        -- the servers' virtualenvs, cached outside the repo.
* ``processes``    -- spawning, recording and stopping the servers by PID.
* ``configs``      -- trove.conf, api-paste.ini, keystone.conf, clouds.yaml.
* ``identity``     -- Keystone's set-up template, provisioning, sign-in.
* ``trove_server`` -- Trove's database set-up and its process.

Run with a server's virtualenv:

* ``keystone_app`` -- Keystone's WSGI application plus the v2.0 sign-in
  (Keystone venv, under gunicorn).
* ``setup_db``     -- schema + datastores (Trove venv).
* ``launcher``     -- the Trove API + taskmanager process (Trove venv).
* ``compat``       -- patches that make Trove 26.0.0's fake mode work.
"""
