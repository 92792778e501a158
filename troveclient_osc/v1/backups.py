"""Backups, as far as the instance calls need them: an instance's backups
(``instances.backups(instance)``) are Backup objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from troveclient_osc import base
from troveclient_osc.base import MaybeAbsent

if TYPE_CHECKING:
    from troveclient_osc.v1 import bodies


class Backup(base.Resource):
    """A backup; its attributes are the fields of Trove's body
    (trove/backup/views.py), declared below for type checkers."""

    human_name = 'backup'
    manager: BackupManager

    id: str
    name: str
    description: str | None
    #: ``NEW``, ``BUILDING``, ``COMPLETED``, ``FAILED``, ...
    status: str
    #: the instance backed up
    instance_id: str | None
    #: the parent of an incremental backup
    parent_id: str | None
    #: GB
    size: float | None
    #: where the backup is stored (a Swift URL)
    locationRef: str | None
    created: str
    updated: str
    #: missing in the API reference's sample
    project_id: MaybeAbsent[str]
    datastore: MaybeAbsent[bodies.BackupDatastore]


class BackupManager(base.Manager[Backup]):
    """What a :class:`Backup` needs of a manager: a GET by ID."""

    resource_class = Backup
    key = 'backup'
    collection_key = 'backups'

    def _show(self, backup: str | Backup) -> Backup:
        """One GET of the backup with this ID."""
        return self._get('/backups/%s' % base.quote(base.getid(backup)))
