"""The configuration files ``start`` writes into the state directory:
Trove's trove.conf and api-paste.ini, Keystone's keystone.conf, and the
clouds.yaml that ``openstack`` and the tests use."""

import os

from local_trove import settings

TROVE_CONF = """\
# Written by tools/local-trove start; rewritten on every start.
[DEFAULT]
debug = {debug}
use_stderr = true
bind_host = 127.0.0.1
bind_port = {trove_port}
host = 127.0.0.1
api_paste_config = {paste_ini}
region = {region}
graceful_shutdown_timeout = 3

# One process: API + taskmanager over the in-memory RPC bus, which does not
# reach forked workers.
trove_api_workers = 1
transport_url = fake:/
# The launcher's taskmanager uses the API's key (None when disabled).
enable_secure_rpc_messaging = false

# Fakes shipped with trove (trove/tests/fakes); glance from local_trove.
remote_nova_client = trove.tests.fakes.nova.fake_create_nova_client
remote_cinder_client = trove.tests.fakes.nova.fake_create_cinder_client
remote_guest_client = trove.tests.fakes.guestagent.fake_create_guest_client
remote_swift_client = trove.tests.fakes.swift.fake_create_swift_client
remote_neutron_client = trove.tests.fakes.neutron.fake_create_neutron_client
remote_glance_client = local_trove.compat.fake_cloud.fake_create_glance_client
# Backups: without swift_url the taskmanager raises EmptyCatalog.
swift_url = http://127.0.0.1:8080/v1/AUTH_

trove_volume_support = true
block_device_mapping = vdb
device_path = /dev/vdb
max_accepted_volume_size = 25
# Room for the functional tests (~50 instances per project).
max_instances_per_tenant = 100
max_volumes_per_tenant = 2500
max_backups_per_tenant = 100
# The client relies on the default page size.
instances_page_size = 20

# Fast fake world (see also [local_trove] below).
usage_sleep_time = 1
state_change_wait_time = 15
agent_heartbeat_time = 5
volume_time_out = 30
server_delete_time_out = 30
reboot_time_out = 30
resize_time_out = 60
revert_time_out = 60
# No API rate limiting: tests poll a lot.
http_get_rate = 1000000
http_post_rate = 1000000
http_put_rate = 1000000
http_delete_rate = 1000000
http_mgmt_post_rate = 1000000

[database]
connection = sqlite:///{db}

[postgresql]
# Trove generates a root password for each new postgresql instance and
# returns it once, as 'password' in the create's answer: the functional
# tests check that the client shows it (mysql instances get none).
root_on_create = true

[oslo_messaging_notifications]
driver = noop

[local_trove]
fake_delay_scale = {delay_scale}
max_poll_interval = {poll_interval}
heartbeat_interval = 1.0

[keystone_authtoken]
# Every token is validated by the local Keystone.
www_authenticate_uri = {auth_url}
auth_url = {auth_url}
auth_type = password
{service_auth}
# Seconds a validated token is trusted without asking Keystone again:
# short, so that a revoked token is refused soon after.
token_cache_time = {token_cache_time}

[service_credentials]
auth_url = {auth_url}
{service_auth}
"""

API_PASTE_INI = """\
# Written by tools/local-trove start: Trove's own api-paste.ini, with
# keystonemiddleware's auth_token validating every token at Keystone.
[composite:trove]
use = call:trove.common.wsgi:versioned_urlmap
/: versions
/healthcheck: healthcheck
/v1.0: troveapi

[app:versions]
paste.app_factory = trove.versions:app_factory

[pipeline:troveapi]
pipeline = cors request_id http_proxy_to_wsgi faultwrapper osprofiler
    authtoken authorization contextwrapper ratelimit extensions troveapp

[filter:extensions]
paste.filter_factory = trove.common.extensions:factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:authorization]
paste.filter_factory = trove.common.auth:AuthorizationMiddleware.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = trove

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory

[filter:contextwrapper]
paste.filter_factory = trove.common.wsgi:ContextMiddleware.factory

[filter:faultwrapper]
paste.filter_factory = trove.common.wsgi:FaultWrapper.factory

[filter:ratelimit]
paste.filter_factory = trove.common.limits:RateLimitingMiddleware.factory

[filter:osprofiler]
paste.filter_factory = osprofiler.web:WsgiMiddleware.factory

[app:troveapp]
paste.app_factory = trove.common.api:app_factory

[app:healthcheck]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
backends = disable_by_file
disable_by_file_path = {state}/healthcheck_disable

[filter:http_proxy_to_wsgi]
use = egg:oslo.middleware#http_proxy_to_wsgi
"""

KEYSTONE_CONF = """\
# Written by tools/local-trove start; rewritten on every start.
[DEFAULT]
debug = {debug}

[database]
connection = sqlite:///{keystone_db}

[token]
provider = fernet
expiration = {token_expiration}

[fernet_tokens]
key_repository = {state}/fernet-keys

[fernet_receipts]
key_repository = {state}/fernet-keys

[credential]
key_repository = {state}/credential-keys

# A warm authenticated request in 10-20 ms instead of ~1 s: a cache in the
# (one) worker process, and cheap password hashes (test passwords only).
[cache]
enabled = true
backend = oslo_cache.dict

[identity]
password_hash_rounds = 4
"""

CLOUD_YAML = """\
  {name}:
    auth:
      auth_url: {auth_url}
      username: {user}
      password: {password}
      project_name: {project}
      user_domain_id: default
      project_domain_id: default
    region_name: {region}
    regions: [{region}, {other_region}]
    identity_api_version: 3
    interface: public
"""


# How Trove signs in at Keystone, in the sections that need it.
SERVICE_AUTH = """\
username = {service_user}
password = {service_password}
project_name = {service_project}
user_domain_id = default
project_domain_id = default
region_name = {region}"""


def _values(cfg):
    service_user, service_project, _role, service_password = \
        settings.TROVE_SERVICE
    return dict(
        service_auth=SERVICE_AUTH.format(
            service_user=service_user, service_password=service_password,
            service_project=service_project, region=settings.REGION),
        debug='true' if cfg.debug else 'false',
        trove_port=cfg.trove_port, auth_url=cfg.auth_url,
        paste_ini=cfg.paste_ini, db=cfg.db, keystone_db=cfg.keystone_db,
        region=settings.REGION, state=cfg.state,
        token_cache_time=cfg.token_cache_time,
        token_expiration=os.environ.get('TROVE_LOCAL_TOKEN_EXPIRATION',
                                        '3600'),
        delay_scale=os.environ.get('TROVE_LOCAL_FAKE_DELAY_SCALE', '0.2'),
        poll_interval=os.environ.get('TROVE_LOCAL_POLL_INTERVAL', '0.25'))


def clouds_yaml(cfg):
    """clouds.yaml: ``local`` (user demo, a member of project demo) and
    ``local-admin`` (user admin, admin of project admin)."""
    return '# Written by tools/local-trove start.\nclouds:\n' + ''.join(
        CLOUD_YAML.format(name=name, user=user, project=project,
                          password=password, region=settings.REGION,
                          other_region=settings.OTHER_REGION,
                          auth_url=cfg.auth_url)
        for name, (user, project, _role, password) in (
            ('local', settings.DEMO), ('local-admin', settings.ADMIN)))


def write_keystone_conf(cfg):
    cfg.keystone_conf.write_text(KEYSTONE_CONF.format(**_values(cfg)))


def write_all(cfg):
    values = _values(cfg)
    cfg.trove_conf.write_text(TROVE_CONF.format(**values))
    cfg.paste_ini.write_text(API_PASTE_INI.format(**values))
    cfg.keystone_conf.write_text(KEYSTONE_CONF.format(**values))
    cfg.clouds_yaml.write_text(clouds_yaml(cfg))
