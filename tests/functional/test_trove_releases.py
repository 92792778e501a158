"""What differs between the Trove releases the local cloud runs
(``TROVE_LOCAL_TROVE_RELEASE``), as the commands meet it.

The project-user API is the same from 2023.1 to 2026.2; the configuration
group kept through changes is in test_configuration_kept.py.
"""

import pytest

from tests.functional import utils

pytestmark = pytest.mark.releases

#: The releases before 2024.2, whose Trove knows neither registry_ext nor
#: repl_strategy on a datastore version.
BEFORE_2024_2 = ('2023.1', '2024.1')


def test_the_cloud_runs_the_release_it_was_asked_for(local_trove):
    assert local_trove['trove_release'] in (
        '2023.1', '2024.1', '2025.1', '2026.1', '2026.2')
    assert local_trove['trove_version']


def test_an_older_trove_s_500_to_registry_ext_names_the_option(
        local_trove, admin_cloud):
    if local_trove['trove_release'] not in BEFORE_2024_2:
        pytest.skip('Trove %s knows --registry-ext and --repl-strategy'
                    % local_trove['trove_version'])
    # (Trove's schema check breaks on the unknown key: nothing changes.)
    for option in ('--registry-ext', '--repl-strategy'):
        proc = admin_cloud.run('datastore', 'version', 'set', '5.7',
                               '--datastore', 'mysql', option,
                               'trove.guestagent.NoSuch', check=False)
        utils.assert_fails(proc, '(HTTP 500)', '%s needs Trove 2024.2 or '
                           'newer; an older Trove answers it with this '
                           'error' % option)
