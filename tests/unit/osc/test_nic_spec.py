"""--nic parsing: Trove 26's keys, python-troveclient's v4-fixed-ip."""

import argparse

import pytest

from troveclient_osc.osc.v1 import common


def test_nic_spec_maps_dashed_keys_to_trove_keys():
    assert common.nic_spec('network-id=n,subnet-id=s,ip-address=10.0.0.5') \
        == {'network_id': 'n', 'subnet_id': 's', 'ip_address': '10.0.0.5'}


def test_nic_spec_takes_python_troveclient_v4_fixed_ip_as_ip_address():
    assert common.nic_spec('net-id=n,v4-fixed-ip=10.0.0.5') == {
        'net-id': 'n', 'ip_address': '10.0.0.5'}


def test_nic_spec_refuses_port_id_which_trove_does_not_take():
    with pytest.raises(argparse.ArgumentTypeError, match='port-id'):
        common.nic_spec('port-id=p')


def test_nic_spec_and_the_library_share_one_table_of_keys():
    from troveclient_osc.v1 import instances

    for key, trove_key in instances.NIC_KEYS.items():
        assert common.nic_spec('%s=x' % key) == {trove_key: 'x'}
        assert instances.build_nics([{key: 'x'}]) == [{trove_key: 'x'}]
    with pytest.raises(argparse.ArgumentTypeError) as info:
        common.nic_spec('port=p')
    assert str(info.value).endswith(
        'keys net-id, network-id, subnet-id, ip-address, v4-fixed-ip')
