"""Configuration groups: sets of datastore parameters an instance can use.

Only what the instance commands need so far: list, get and find by name or
ID, so that ``--configuration`` accepts either.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from troveclient_osc import base
from troveclient_osc import lookup
from troveclient_osc.base import MaybeAbsent


class Configuration(base.Resource):
    """A configuration group; its attributes are the fields of Trove's body
    (trove/configuration/views.py), declared below for type checkers."""

    human_name = 'configuration group'
    manager: ConfigurationManager

    id: str
    name: str
    description: str | None
    created: str
    updated: str
    datastore_name: str
    datastore_version_id: str
    datastore_version_name: str
    # A show (get, find) only.
    #: each parameter's value (those that are secrets masked by Trove)
    values: MaybeAbsent[dict[str, Any]]
    #: how many instances use it
    instance_count: MaybeAbsent[int]
    datastore_version_number: MaybeAbsent[str | None]


class ConfigurationManager(base.Manager[Configuration]):
    """``client.configurations``."""

    resource_class = Configuration
    key = 'configuration'
    collection_key = 'configurations'

    def list(self, limit: int | None = None,
             marker: str | None = None) -> base.Page[Configuration]:
        """One page of configuration groups: a list with ``.next``."""
        return self._page('/configurations', limit=limit, marker=marker,
                          collection=True)

    def list_all(self) -> Iterator[Configuration]:
        """A generator over the configuration groups of every page."""
        return self._iter('/configurations', collection=True)

    def get(self, configuration: str | Configuration) -> Configuration:
        """One configuration group by ID or name: an ID costs one GET, a
        name one scan of the listing, then that GET."""
        return self._act_on(configuration, self._show)

    def _show(self, configuration: str | Configuration) -> Configuration:
        """One GET of the group with this ID; no lookup."""
        return self._get('/configurations/%s'
                         % base.quote(base.getid(configuration)))

    def _listing(self, scope: lookup.Scope = lookup.OWN
                 ) -> Iterator[Configuration]:
        """What a name is looked up in: every group, all pages."""
        return self.list_all()

    def find(self, name_or_id: str | Configuration | None = None,
             **attrs: Any) -> Configuration:
        """One configuration group by name or ID.

        A UUID costs one GET; a name one scan of the listing.
        python-troveclient's ``find(**attrs)`` works too.

        :raises NotFound: nothing matches
        :raises NoUniqueMatch: several groups have that name
        """
        if name_or_id is None or attrs:
            return self._find_by_attrs(attrs, self.list_all, name_or_id)
        return self._lookup().find(name_or_id)
