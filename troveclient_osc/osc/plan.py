"""``--dry-run``: what a command that changes something would send.

Every command with a ``verb`` (see :class:`troveclient_osc.osc.command.
Command`) has ``--dry-run``. The command then runs as it would, on a dry
run of the client (:meth:`troveclient_osc.v1.client.Client.dry_run`, the
one mechanism, in the request funnel): the reads go out, so every name is
looked up by the requests of a real run; every ID too, which a real run
sends as it is (one GET for one target, the one scan of the listing for
several, :mod:`troveclient_osc.osc.many`), so that the plan names the
instance each request is for and a target that does not resolve fails as
it would. No change is sent, no wait is made, and the command prints the
plan, one row per request that would change something, in the order the
command made them: the target as given, the ID it resolved to, the method,
the path and the body, its secrets masked (:data:`FIELDS`). ``-f json`` and
``-f yaml`` give them as a list of objects.

A request whose answer the command would read (a create: the new
instance's ID) ends the dry run there: the plan has it, and nothing that
would depend on Trove's answer to it (the replicas of ``--replica-count``,
a configuration group attached again). The exit codes are those of a real
run: 2 for bad arguments (before any request), 1 when a target does not
resolve (its error, and for several targets the count of those that would
fail), else 0.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from typing import Any

from troveclient_osc.i18n import _
from troveclient_osc.osc import command
from troveclient_osc.osc import output

_F = output.Field
_PLAN = (output.LIST,)

#: The columns of a plan, one row per request not sent.
FIELDS = output.fields(
    _F('target', 'Target', shows=_PLAN),
    _F('id', 'ID', shows=_PLAN),
    _F('method', 'Method', shows=_PLAN),
    _F('path', 'Path', shows=_PLAN),
    _F('body', 'Body', kind=output.JSON_KIND, shows=_PLAN),
)


def rehearse(cmd: Any, parsed_args: argparse.Namespace,
             run: Callable[[argparse.Namespace], int]) -> int:
    """Run the command (``run``, cliff's) on a dry run of its client, then
    print the plan; raise what a real run would have raised, after the
    plan of what resolved.

    :raises UsageError: bad arguments, before any request (no plan)
    """
    from troveclient_osc import dry_run

    _check_format(cmd, parsed_args)
    client = cmd.client
    cmd.given = {}
    error: Exception | None = None
    with client.dry_run() as plan:
        cmd.rehearsal = plan
        try:
            run(parsed_args)
        except command.UsageError:
            raise
        except dry_run.Stopped:
            pass  # the plan has what was decided without Trove's answers
        except Exception as caught:  # noqa: BLE001 - raised after the plan
            error = caught
        finally:
            cmd.rehearsal = None
    if error is None or len(plan):
        _emit(cmd, parsed_args, [_row(request, cmd.given)
                                 for request in plan])
    if error is not None:
        raise error
    return 0


def _check_format(cmd: Any, parsed_args: argparse.Namespace) -> None:
    """A plan is a listing: a format of one record alone (``-f shell``)
    is a usage error."""
    plugins = getattr(cmd, '_formatter_plugins', None)
    name = getattr(parsed_args, 'formatter', None)
    if plugins is None or name is None:
        return
    if not hasattr(plugins[name].obj, 'emit_list'):
        raise command.UsageError(
            _('-f %s shows one record: with --dry-run give -f table, json, '
              'value or yaml') % name)


def _row(request: Any, given: Mapping[str, str]) -> dict[str, Any]:
    """A plan's row: the request, with the target as given."""
    if request.about is not None:
        target = given.get(request.about, request.about)
    else:
        target = given.get(request.ident or '') or request.name or \
            request.ident or ''
    return {'target': target, 'id': request.ident or '',
            'method': request.method, 'path': request.path,
            'body': request.body}


def _emit(cmd: Any, parsed_args: argparse.Namespace,
          bodies: list[dict[str, Any]]) -> None:
    """Print the plan with the command's formatter, as a listing (``-c``
    picks its columns)."""
    output.emit_listing(cmd, parsed_args, output.headers(FIELDS),
                        output.rows(FIELDS, bodies))
