"""Backups, as far as the instance calls need them: an instance's backups
(``instances.backups(instance)``) are Backup objects."""

from __future__ import annotations

from troveclient_osc import base


class Backup(base.Resource):
    """A backup (``id``, ``name``, ``status``, ``instance_id``, ...)."""

    human_name = 'backup'
    manager: BackupManager


class BackupManager(base.Manager[Backup]):
    """What a :class:`Backup` needs of a manager: a GET by ID."""

    resource_class = Backup
    key = 'backup'
    collection_key = 'backups'

    def _show(self, backup: str | Backup) -> Backup:
        """One GET of the backup with this ID."""
        return self._get('/backups/%s' % base.quote(base.getid(backup)))
