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
from typing import TYPE_CHECKING, Any

from troveclient_osc import http

if TYPE_CHECKING:
    from keystoneauth1 import plugin as ksa_plugin
    from keystoneauth1 import session as ksa_session

    from troveclient_osc.v1 import configurations as _configurations
    from troveclient_osc.v1 import datastores as _datastores
    from troveclient_osc.v1 import flavors as _flavors
    from troveclient_osc.v1 import instances as _instances


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
    """

    def __init__(self, username: str | None = None,
                 password: str | None = None,
                 project_id: str | None = None,
                 auth_url: str | None = None,
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
                 http_log_debug: bool = False,
                 bypass_url: str | None = None,
                 **kwargs: Any) -> None:
        if kwargs:
            # python-troveclient took many more arguments (retries,
            # extensions, timings, ...); code moving over keeps working,
            # but is told what has no effect here.
            import logging
            logging.getLogger(__name__).warning(
                'Ignoring Client argument(s) with no effect in '
                'troveclient-osc: %s', ', '.join(sorted(kwargs)))
        # python-troveclient's name for an endpoint override.
        endpoint_override = endpoint_override or bypass_url
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
