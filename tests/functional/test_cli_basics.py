"""What every database command shares: which package runs it, argument
errors, authentication errors.
"""

from importlib import metadata

from cliff import commandmanager

from tests.functional import utils


def test_every_command_of_the_plugin_is_ours():
    """python-troveclient, installed alongside, registers many of the same
    command names; ours must be the ones ``openstack`` runs."""
    ours = [ep for ep in metadata.distribution('troveclient-osc').entry_points
            if ep.group == 'openstack.extension']
    assert len(ours) == 31  # with database instance wait (issue 26)
    # The groups in OpenStackClient's order: python-troveclient's commands
    # are in openstack.database.v1.
    manager = commandmanager.CommandManager('openstack.cli')
    for group in ('openstack.database.v1', 'openstack.common',
                  'openstack.extension'):
        manager.add_command_group(group)
    for entry_point in ours:
        factory, _name, rest = manager.find_command(
            entry_point.name.split('_'))
        assert rest == []
        assert '%s:%s' % (factory.__module__, factory.__name__) == \
            entry_point.value, entry_point.name


ARGUMENT_ERRORS = [
    (('database', 'instance', 'create', 'x', '--flavor', '1', '--size', '0'),
     "argument --size: '0' must be a positive integer"),
    (('database', 'instance', 'create', 'x'),
     '--flavor is required unless --replica-of is given'),
    (('database', 'instance', 'create', 'x', '--flavor', '1', '--users',
      'bob'), "expected <user:password>, got no password for 'bob'"),
    (('database', 'instance', 'create', 'x', '--flavor', '1', '--user',
      'name=bob', '--password-prompt', '--password-file', '-'),
     'argument --password-file: not allowed with argument '
     '--password-prompt'),
    (('database', 'instance', 'list', '--bogus'),
     'unrecognized arguments: --bogus'),
    (('database', 'instance', 'set', 'x'), 'nothing to change'),
    # The library's checks of the request, worded with the options.
    (('database', 'instance', 'create', 'x', '--flavor', '1',
      '--volume-type', 'ssd'), '--volume-type needs --size'),
    (('database', 'instance', 'create', 'x', '--replica-of', 'y',
      '--replica-count', '4'), 'Invalid replica count 4: at most 3'),
    (('database', 'instance', 'set', 'x', '--no-configuration',
      '--private'), 'only one of --no-configuration, '
     '--public/--private/--allowed-cidr/--no-allowed-cidr can be changed'),
    (('datastore', 'version', 'create', '1.0', 'ds', 'mysql'),
     'give an <image-id> or --image-tag'),
]


def test_argument_errors_exit_2_before_any_request(cloud, dead_end):
    # No authentication (osc-lib authenticates before it parses the
    # command's arguments) and a database endpoint that counts connections.
    env = {key: None for key in cloud.env if key.startswith('OS_')}
    env.update(OS_AUTH_TYPE='none',
               OS_ENDPOINT='http://127.0.0.1:%d/v1.0/p' % dead_end.port)

    *procs, typo = cloud.run_many(
        *[args for args, _why in ARGUMENT_ERRORS],
        ('database', 'instanse', 'list'), check=False, env=env)

    for proc, (_args, why) in zip(procs, ARGUMENT_ERRORS):
        utils.assert_usage_error(proc, why)
        assert proc.stderr.startswith('usage: openstack ')
    assert typo.returncode == 2
    assert "'database instanse list' is not an openstack command" in \
        typo.stdout
    assert dead_end.connections == 0
    # ... where a request would have been noticed:
    proc = cloud.run('database', 'instance', 'list', check=False, env=env)
    assert proc.returncode == 1
    assert dead_end.connections > 0


def test_argument_error_with_password_authentication(cloud):
    proc = cloud.run('database', 'instance', 'list', '--limit', '0',
                     check=False)

    utils.assert_usage_error(proc, "argument --limit: '0' must be a "
                             'positive integer')


def test_authentication_and_version_errors_are_one_line(cloud):
    wrong, version = utils.parallel(
        lambda: cloud.run('database', 'instance', 'list', check=False,
                          env={'OS_PASSWORD': 'wrong-password'}),
        lambda: cloud.run('--os-database-api-version', '2', 'database',
                          'flavor', 'list', check=False))

    utils.assert_fails(wrong, 'The request you have made requires '
                       'authentication. (HTTP 401)')
    assert 'wrong-password' not in wrong.stderr
    utils.assert_fails(version, 'Database API version 2 is not supported')


def test_interactive_mode_goes_on_after_each_usage_error(cloud):
    # printf '<usage error>\ndatastore list\n' | openstack ended the
    # session at the plugin's own usage errors, where a mistyped option
    # let it go on (issue 23, item 1).
    lines = []
    for args, _why in ARGUMENT_ERRORS:
        lines.append(' '.join(args))
        lines.append('datastore list -f value -c Name')
    proc = cloud.run(input='\n'.join(lines) + '\n', check=False)

    assert 'Traceback' not in proc.stderr, proc.stderr
    assert proc.stdout.split().count('mysql') == len(ARGUMENT_ERRORS), \
        proc.stdout
    errors = [line for line in proc.stderr.splitlines()
              if ': error: ' in line]
    assert len(errors) == len(ARGUMENT_ERRORS), proc.stderr
    for line, (_args, why) in zip(errors, ARGUMENT_ERRORS):
        assert why in line, (why, line)
    # the plugin's usage errors are one line each, without the usage
    ours = [line for line in errors if 'unrecognized' not in line and
            'argument ' not in line and 'expected <' not in line]
    assert all(line.startswith(('database ', 'datastore '))
               for line in ours), ours
    assert cloud.names() == []
