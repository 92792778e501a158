"""python-troveclient's ``troveclient.client`` entry point.

``Client(version, *args, **kwargs)`` is
:class:`troveclient_osc.v1.client.Client` for the one API version Trove
has, ``'1.0'``, as python-troveclient's is ``troveclient.v1.client.Client``:
code that says ``from troveclient import client; client.Client('1.0', ...)``
works with ``from troveclient_osc import client``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from troveclient_osc import exceptions

if TYPE_CHECKING:
    from troveclient_osc.v1 import client as v1_client


def get_version_map() -> dict[str, str]:
    """The API versions :func:`Client` takes, each with its client class."""
    return {'1.0': 'troveclient_osc.v1.client.Client'}


def Client(version: str | float, *args: Any,  # noqa: N802 - its name
           **kwargs: Any) -> v1_client.Client:
    """The client of API ``version``, given ``args`` and ``kwargs``.

    ``version`` is ``'1.0'`` (or ``1.0``), as python-troveclient takes it;
    the other arguments are those of :class:`troveclient_osc.v1.client.Client`,
    python-troveclient's positional order included.

    :raises UnsupportedVersion: any other version; nothing is sent
    """
    versions = get_version_map()
    if str(version) not in versions:
        raise exceptions.UnsupportedVersion(
            "Invalid database client version '%s'. must be one of: %s"
            % (version, ', '.join(versions)))
    from troveclient_osc.v1 import client as v1_client

    return v1_client.Client(*args, **kwargs)
