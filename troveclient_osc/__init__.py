"""troveclient-osc: an OpenStackClient plugin and Python library for Trove.

The package's own import is kept nearly empty on purpose: ``openstack``
imports every plugin at start-up, so the version is computed only when
somebody asks for it.

A library logs and the application decides what is shown: the package's
logger has a ``NullHandler``, so that its warnings (retries, failed polls)
do not reach the caller's stderr through logging's last-resort handler
when the application configured no logging. Its records still propagate
to the application's handlers (``openstack`` shows them on stderr).
"""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> str:
    if name == '__version__':
        from importlib import metadata
        try:
            return metadata.version('troveclient-osc')
        except metadata.PackageNotFoundError:
            return '0.0.0'
    raise AttributeError(name)
