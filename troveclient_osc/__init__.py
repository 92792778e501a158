"""troveclient-osc: an OpenStackClient plugin and Python library for Trove.

The package's own import is kept empty on purpose: ``openstack`` imports every
plugin at start-up, so the version is computed only when somebody asks for it.
"""


def __getattr__(name: str) -> str:
    if name == '__version__':
        from importlib import metadata
        try:
            return metadata.version('troveclient-osc')
        except metadata.PackageNotFoundError:
            return '0.0.0'
    raise AttributeError(name)
