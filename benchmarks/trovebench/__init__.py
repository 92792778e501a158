"""The modules of ``benchmarks/bench.py`` (standard library only).

* ``common``    -- constants, messages, the children's environment;
* ``venvs``     -- the two virtualenvs;
* ``proxy``     -- the counting reverse proxy in front of Trove;
* ``cloud``     -- the benchmark's own local Trove, its projects and users,
  and the REST calls that set up the instances;
* ``runner``    -- running one command, and the samples of its runs;
* ``scenarios`` -- the command table, the imports and the big listing;
* ``fleet``     -- many instances by name, with ``--wait``;
* ``report``    -- the tables, the saved results and the docs.
"""
