"""The programmatic client of the Trove v1 API.

::

    from troveclient_osc.v1 import client
    tc = client.Client(username='testuser', password='PASSWORD',
                       project_id='test_project', region_name='EAST',
                       auth_url='http://api-server:5000/v3')
    tc.instances.list()

or, with a keystoneauth1 session you already have::

    tc = client.Client(session=sess)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, NoReturn

from troveclient_osc import http

if TYPE_CHECKING:
    import contextlib

    from keystoneauth1 import plugin as ksa_plugin
    from keystoneauth1 import session as ksa_session

    from troveclient_osc import dry_run as _dry_run
    from troveclient_osc.v1 import configurations as _configurations
    from troveclient_osc.v1 import datastores as _datastores
    from troveclient_osc.v1 import flavors as _flavors
    from troveclient_osc.v1 import instances as _instances
    from troveclient_osc.v1 import management as _management


#: python-troveclient's Client arguments after ``auth_url``, in its order:
#: ``Client(username, password, project_id, auth_url, *args)`` takes them
#: so, whether this client has them as keywords or not.
POSITIONAL = ('insecure', 'timeout', 'tenant_id', 'proxy_tenant_id',
              'proxy_token', 'region_name', 'endpoint_type', 'extensions',
              'service_type', 'service_name', 'database_service_name',
              'retries', 'http_log_debug', 'cacert', 'bypass_url',
              'auth_system', 'auth_plugin', 'session', 'auth')
# The keyword arguments of Client and their defaults.
_DEFAULTS: dict[str, Any] = {
    'region_name': None, 'session': None, 'auth': None, 'insecure': False,
    'cacert': None, 'timeout': None, 'endpoint_type': None,
    'interface': None, 'service_type': 'database', 'service_name': None,
    'endpoint_override': None, 'user_domain_name': None,
    'project_domain_name': None, 'user_domain_id': None,
    'project_domain_id': None, 'project_name': None, 'tenant_id': None,
    'tenant_name': None, 'cert': None}


def _take_positional(args: tuple[Any, ...], given: dict[str, Any],
                     kwargs: dict[str, Any]) -> None:
    """Put ``args`` (after ``auth_url``) in ``given`` or ``kwargs`` by
    python-troveclient's order; refuse what cannot be meant so."""
    if len(args) > len(POSITIONAL):
        raise TypeError('Client() takes at most %d positional arguments'
                        % (4 + len(POSITIONAL)))
    for name, value in zip(POSITIONAL, args):
        if name in given:
            if given[name] != _DEFAULTS[name]:
                raise TypeError('Client() got multiple values for argument '
                                '%r' % name)
            given[name] = value
        else:
            if name in kwargs:
                raise TypeError('Client() got multiple values for argument '
                                '%r' % name)
            kwargs[name] = value
    if not isinstance(given['insecure'], bool):
        raise TypeError(
            'The 5th positional argument of Client() is insecure, as in '
            "python-troveclient, not %r: give region_name and the other "
            'arguments after auth_url by keyword' % (given['insecure'],))


def _take_legacy(given: dict[str, Any], kwargs: dict[str, Any]) -> None:
    """python-troveclient's arguments this client has under other names
    (into ``given``), refused where ignoring them would act otherwise than
    asked, named in a warning where they only had an effect there."""
    from troveclient_osc import exceptions

    for old, new in (('bypass_url', 'endpoint_override'),
                     ('database_service_name', 'service_name')):
        value = kwargs.pop(old, None)
        if value and not given[new]:
            given[new] = value
    refused = [name for name in ('proxy_token', 'proxy_tenant_id',
                                 'auth_plugin') if kwargs.get(name)]
    if kwargs.get('auth_system') not in (None, 'keystone'):
        refused.append('auth_system')
    if kwargs.get('extensions'):
        refused.append('extensions')
    if refused:
        raise exceptions.NotSupported(
            'Client() does not take %s: python-troveclient acted with them '
            'as another user, through another authentication system or with '
            'managers of its own. Give an authenticated keystoneauth1 '
            'session= (or auth=) instead' % ', '.join(sorted(refused)))
    kwargs.pop('auth_system', None)
    if kwargs:
        # python-troveclient took many more arguments (retries,
        # extensions, timings, ...); code moving over keeps working,
        # but is told what has no effect here.
        import logging
        logging.getLogger(__name__).warning(
            'Ignoring Client argument(s) with no effect in '
            'troveclient-osc: %s', ', '.join(sorted(kwargs)))


class _Elsewhere:
    """An attribute of python-troveclient's Client that this one does not
    have: reading it raises AttributeError, saying so."""

    def __init__(self, name: str, message: str | None = None) -> None:
        self.name = name
        self.message = message or (
            "Client.%s is python-troveclient's %s manager, which "
            "troveclient-osc does not have yet: use python-troveclient's "
            'client for it' % (name, name))

    def __get__(self, client: object, owner: type | None = None
                ) -> NoReturn:
        raise AttributeError(self.message)


def _version() -> str:
    import troveclient_osc
    return troveclient_osc.__version__


class Client:
    """The Trove v1 client: ``flavors``, ``datastores``,
    ``datastore_versions``, ``instances`` and ``configurations`` managers on
    one funnel.

    Give either credentials (``username``, ``password``, ``project_id`` - a
    project name or ID -, ``auth_url``; v2.0 and v3 URLs both work) or an
    authenticated keystoneauth1 ``session`` (optionally with ``auth``).

    :param region_name: the catalog region of the database endpoint
    :param interface: ``public`` (default), ``internal`` or ``admin``;
        ``endpoint_type`` is accepted as an older name (``publicURL`` too)
    :param service_type: the catalog service type, ``database``
    :param endpoint_override: use this URL instead of the catalog's
        (``bypass_url``, python-troveclient's name, is accepted too)
    :param insecure: do not verify the server's TLS certificate
    :param cacert: a CA bundle to verify it with
    :param timeout: seconds each request may take (default 60)
    :param user_domain_name: and ``project_domain_name``,
        ``user_domain_id``, ``project_domain_id``: without any of them, the
        user and the project are in the domain with ID ``default``
        (Keystone v3 only)

    The arguments after ``auth_url`` are keywords. Given by position, they
    are python-troveclient's, in its order (:data:`POSITIONAL`):
    ``Client(user, password, project, url, False, 30)`` is
    ``insecure=False, timeout=30``. Of python-troveclient's other
    arguments, ``api_key`` is ``password``, ``bypass_url`` is
    ``endpoint_override`` and ``database_service_name`` is
    ``service_name``; ``proxy_token``,
    ``proxy_tenant_id``, ``auth_system``, ``auth_plugin`` and non-empty
    ``extensions`` raise NotSupported (acting without them would act as
    someone else); any other is named in a warning and has no effect.
    """

    def __init__(self, username: str | None = None,
                 password: str | None = None,
                 project_id: str | None = None,
                 auth_url: str | None = None,
                 *args: Any,
                 region_name: str | None = None,
                 session: ksa_session.Session | None = None,
                 auth: ksa_plugin.BaseAuthPlugin | None = None,
                 insecure: bool = False, cacert: str | None = None,
                 timeout: float | None = None,
                 endpoint_type: str | None = None,
                 interface: str | None = None,
                 service_type: str = 'database',
                 service_name: str | None = None,
                 endpoint_override: str | None = None,
                 user_domain_name: str | None = None,
                 project_domain_name: str | None = None,
                 user_domain_id: str | None = None,
                 project_domain_id: str | None = None,
                 project_name: str | None = None,
                 tenant_id: str | None = None,
                 tenant_name: str | None = None,
                 cert: str | tuple[str, str] | None = None,
                 **kwargs: Any) -> None:
        given = {name: value for name, value in locals().items()
                 if name in _DEFAULTS}
        if args:
            _take_positional(args, given, kwargs)
        if password is None:
            # The password's name in python-troveclient's older clients.
            password = kwargs.pop('api_key', None)
        _take_legacy(given, kwargs)
        self._connect(username, password, project_id, auth_url, **given)

    def _connect(self, username: str | None, password: str | None,
                 project_id: str | None, auth_url: str | None,
                 region_name: str | None,
                 session: ksa_session.Session | None,
                 auth: ksa_plugin.BaseAuthPlugin | None, insecure: bool,
                 cacert: str | None, timeout: float | None,
                 endpoint_type: str | None, interface: str | None,
                 service_type: str, service_name: str | None,
                 endpoint_override: str | None,
                 user_domain_name: str | None,
                 project_domain_name: str | None,
                 user_domain_id: str | None,
                 project_domain_id: str | None, project_name: str | None,
                 tenant_id: str | None, tenant_name: str | None,
                 cert: str | tuple[str, str] | None) -> None:
        if session is None:
            session = self._make_session(
                username, password, project_id or tenant_id,
                project_name or tenant_name, auth_url, auth, insecure,
                cacert, cert, timeout, user_domain_name, project_domain_name,
                user_domain_id, project_domain_id)
        elif auth is not None:
            session.auth = auth
        interface = interface or endpoint_type
        if interface and interface.endswith('URL'):
            interface = interface[:-3]  # publicURL -> public
        self.session = session
        self.http = http.HTTPClient(
            session, service_type=service_type, service_name=service_name,
            interface=interface or 'public', region_name=region_name,
            endpoint_override=endpoint_override, timeout=timeout,
            client_version=_version())

    # The managers are made, and their modules imported, on first use:
    # ``openstack`` imports every command module of every plugin for every
    # command it runs, and a flavor listing needs only the flavors.

    @functools.cached_property
    def flavors(self) -> _flavors.FlavorManager:
        """The :class:`~troveclient_osc.v1.flavors.FlavorManager`."""
        from troveclient_osc.v1 import flavors
        return flavors.FlavorManager(self.http)

    @functools.cached_property
    def datastores(self) -> _datastores.DatastoreManager:
        """The :class:`~troveclient_osc.v1.datastores.DatastoreManager`."""
        from troveclient_osc.v1 import datastores
        return datastores.DatastoreManager(self.http)

    @functools.cached_property
    def datastore_versions(self) -> _datastores.DatastoreVersionManager:
        """The
        :class:`~troveclient_osc.v1.datastores.DatastoreVersionManager`."""
        from troveclient_osc.v1 import datastores
        return datastores.DatastoreVersionManager(self.http)

    @functools.cached_property
    def instances(self) -> _instances.InstanceManager:
        """The :class:`~troveclient_osc.v1.instances.InstanceManager`."""
        from troveclient_osc.v1 import instances
        return instances.InstanceManager(self.http)

    @functools.cached_property
    def configurations(self
                       ) -> _configurations.ConfigurationManager:
        """The
        :class:`~troveclient_osc.v1.configurations.ConfigurationManager`."""
        from troveclient_osc.v1 import configurations
        return configurations.ConfigurationManager(self.http)

    @functools.cached_property
    def mgmt_instances(self) -> _management.Management:
        """python-troveclient's administrator calls on instances
        (:class:`~troveclient_osc.v1.management.Management`)."""
        from troveclient_osc.v1 import management
        return management.Management(self.http)

    @functools.cached_property
    def mgmt_ds_versions(self) -> _management.MgmtDatastoreVersions:
        """python-troveclient's administrator calls on datastore versions
        (:class:`~troveclient_osc.v1.management.MgmtDatastoreVersions`)."""
        from troveclient_osc.v1 import management
        return management.MgmtDatastoreVersions(self.http)

    def dry_run(self) -> contextlib.AbstractContextManager[_dry_run.Plan]:
        """A dry run of the calls made inside the ``with`` block: the
        reads are sent, the changes recorded in the
        :class:`~troveclient_osc.dry_run.Plan` it gives, with their
        secrets masked, and not sent. See :mod:`troveclient_osc.dry_run`.
        ::

            with tc.dry_run() as plan:
                tc.instances.delete("orders")
            print([(r.method, r.path) for r in plan])
        """
        return self.http.dry_run()

    # python-troveclient's managers that troveclient-osc does not have yet.
    backups = _Elsewhere('backups')
    backup_strategies = _Elsewhere('backup_strategies')
    clusters = _Elsewhere('clusters')
    configuration_parameters = _Elsewhere('configuration_parameters')
    databases = _Elsewhere('databases')
    limits = _Elsewhere('limits')
    metadata = _Elsewhere('metadata')
    modules = _Elsewhere('modules')
    quota = _Elsewhere('quota')
    root = _Elsewhere('root')
    security_group_rules = _Elsewhere('security_group_rules')
    security_groups = _Elsewhere('security_groups')
    users = _Elsewhere('users')
    volume_types = _Elsewhere('volume_types')
    client = _Elsewhere(
        'client', "Client.client is python-troveclient's HTTP client; "
        "troveclient-osc's is Client.http, whose get, post, put, patch and "
        'delete take a path (and json=, not body=) and return (response, '
        'body)')

    @staticmethod
    def _make_session(username: str | None, password: str | None,
                      project: str | None, project_name: str | None,
                      auth_url: str | None,
                      auth: ksa_plugin.BaseAuthPlugin | None,
                      insecure: bool, cacert: str | None,
                      cert: str | tuple[str, str] | None,
                      timeout: float | None,
                      user_domain_name: str | None,
                      project_domain_name: str | None,
                      user_domain_id: str | None,
                      project_domain_id: str | None
                      ) -> ksa_session.Session:
        from keystoneauth1.identity import generic
        from keystoneauth1 import session as ksa_session

        from troveclient_osc import exceptions

        if auth is None:
            if not auth_url:
                raise exceptions.ValidationError(
                    'auth_url is required without a session')
            if not username or password is None:
                raise exceptions.ValidationError(
                    'username and password are required without a session')
            kwargs: dict[str, Any] = {'auth_url': auth_url,
                                      'username': username,
                                      'password': password}
            if project_name:
                kwargs['project_name'] = project_name
            if project:
                # The spec's project_id may be a name or an ID: an ID-like
                # value is taken as an ID, anything else as a name.
                from troveclient_osc import base
                if base.is_uuid_like(project) and not project_name:
                    kwargs['project_id'] = project
                elif project_name:
                    kwargs['project_id'] = project
                else:
                    kwargs['project_name'] = project
            if not any((user_domain_id, user_domain_name,
                        project_domain_id, project_domain_name)):
                # Keystone's default domain has the ID "default"; its name
                # is "Default", and a real Keystone refuses the lower-case
                # name. Applies to Keystone v3 only, so v2.0 URLs still
                # work.
                kwargs['default_domain_id'] = 'default'
            kwargs.update({k: v for k, v in (
                ('user_domain_name', user_domain_name),
                ('user_domain_id', user_domain_id),
                ('project_domain_name', project_domain_name),
                ('project_domain_id', project_domain_id)) if v})
            auth = generic.Password(**kwargs)
        verify = False if insecure else (cacert or True)
        # The timeout also bounds the requests to the identity service,
        # which keystoneauth1 sends with the session's timeout (none by
        # default: a silent identity service would hang the caller).
        if timeout is None:
            timeout = http.DEFAULT_TIMEOUT
        return ksa_session.Session(auth=auth, verify=verify, cert=cert,
                                   timeout=timeout)
