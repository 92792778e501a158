"""python-troveclient's commands, as far as the coexistence tests need them:
one it alone has and two that troveclient-osc replaces."""

from osc_lib.command import command


class ListBackups(command.Lister):
    """List database backups"""

    def take_action(self, parsed_args):
        client = self.app.client_manager.database
        return ('Client',), [('%s.%s' % (type(client).__module__,
                                         type(client).__name__),)]


class ListInstances(command.Lister):
    """List database instances"""

    def take_action(self, parsed_args):
        return ('Implementation',), [('legacy_trove',)]


class ListDatastores(ListInstances):
    """List available datastores"""
