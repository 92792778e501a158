"""What the database commands print: each resource's fields, declared once.

A :class:`Field` says everything about one field of a resource: its name
(the column of ``show`` and ``create``, which ``-c`` takes there), its
header (the column of the listings), where its value is in Trove's body,
how a list or a mapping is shown, and where the field shows: in the
listing (:data:`LIST`), with ``--long`` (:data:`LONG`), in an
administrator's listing of other projects (:data:`ADMIN`), in ``show`` and
``create`` (:data:`SHOW`), in ``create`` only (:data:`CREATE`). A command
takes its columns and values from the declarations: :func:`listed` and
:func:`rows` for a listing, :func:`record` for one resource.

The fields python-troveclient 8.11.0 printed keep its names, values and
types; the richer views of this plugin are fields of their own beside them.

A value is a plain one (a string, a number, a boolean), or a list or a
mapping shown through osc-lib's ``format_columns`` (python-ironicclient's
way): real lists and objects in ``-f json`` and ``-f yaml``, readable text
in a table. An absent value is ``''`` for a plain field and the empty list
or mapping for the others, unless the field declares what
python-troveclient printed instead.

Every listing and record goes out through :class:`Lister` or
:class:`ShowOne`, the one place that escapes control characters (a
tenant's ``ESC [2J`` in an instance name, a line break) in every
human-readable format: table, value, shell, csv. ``-f json`` and ``-f
yaml`` stay exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from cliff import columns
from osc_lib.command import command as osc_command

from troveclient_osc.osc import command

# Where a field shows.
LIST = 'list'      # the listing
LONG = 'long'      # the listing with --long
ADMIN = 'admin'    # the listing of every project, or of another project
SHOW = 'show'      # show and create
CREATE = 'create'  # create only (what Trove says once, in its answer)
PLACES = frozenset((LIST, LONG, ADMIN, SHOW, CREATE))

# The kinds of value a field holds besides a plain one.
LIST_KIND = 'list'
DICT_KIND = 'dict'
LIST_OF_DICTS_KIND = 'list of dicts'
LINES_KIND = 'lines'  # text lines (python-troveclient's joined text)
JSON_KIND = 'json'  # any JSON value (a request body): JSON text in a table
KINDS = frozenset((None, LIST_KIND, DICT_KIND, LIST_OF_DICTS_KIND,
                   LINES_KIND, JSON_KIND))

#: The formats that print values exactly; every other one is read by a
#: person or a line-based tool, and gets control characters escaped.
EXACT_FORMATS = frozenset(('json', 'yaml'))

_DEFAULT = object()

Source = str | Callable[[Mapping[str, Any]], Any]


class Lines(columns.FormattableColumn[list[str]]):
    """Text of several lines, one item each: the same text in every
    format (python-troveclient's ``versions (id)``), its lines escaped one
    by one, so that escaping keeps the line breaks this plugin put there."""

    def human_readable(self) -> str:
        return '\n'.join(str(line) for line in self._value or ())

    def machine_readable(self) -> str:
        return self.human_readable()


class JSONText(columns.FormattableColumn[Any]):
    """Any JSON value (a request body): the value itself in ``-f json``
    and ``yaml``, its JSON text in every other format (:func:`escaped`),
    which escapes every control and non-ASCII character by itself (none
    is left to escape again); None is ``null`` there and empty
    elsewhere."""

    def human_readable(self) -> str:
        import json

        return '' if self._value is None else json.dumps(self._value)

    def machine_readable(self) -> Any:
        return self._value


def _column(kind: str) -> Any:
    from osc_lib.cli import format_columns
    return {LIST_KIND: format_columns.ListColumn,
            DICT_KIND: format_columns.DictColumn,
            LIST_OF_DICTS_KIND: format_columns.ListDictColumn,
            LINES_KIND: Lines, JSON_KIND: JSONText}[kind]


def dig(body: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` of ``body`` (``volume.size``), or
    None when a part of the way is missing or not a mapping."""
    value: Any = body
    for key in path.split('.'):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


class Field:
    """One field of a resource, as every command shows it.

    :param name: the column of ``show``/``create`` (the attribute name)
    :param header: the column of the listings (Title Case)
    :param source: where the value is: a dotted path in Trove's body
        (default: ``name``), or a function of the body; None is absent
    :param kind: None for a plain value, or one of the list and mapping
        kinds (:data:`LIST_KIND`, :data:`DICT_KIND`,
        :data:`LIST_OF_DICTS_KIND`, :data:`LINES_KIND`, :data:`JSON_KIND`)
    :param shows: the places it shows (:data:`LIST`, :data:`LONG`,
        :data:`ADMIN`, :data:`SHOW`, :data:`CREATE`)
    :param absent: what an absent value is shown as, where that is not
        the empty value of the kind (python-troveclient's ``Size`` is
        ``-``)
    """

    __slots__ = ('name', 'header', 'source', 'kind', 'shows', 'absent')

    def __init__(self, name: str, header: str, source: Source | None = None,
                 kind: str | None = None, shows: Iterable[str] = (SHOW,),
                 absent: Any = _DEFAULT) -> None:
        if kind not in KINDS:
            raise ValueError('unknown kind %r of the field %s' % (kind, name))
        self.shows = frozenset(shows)
        if not self.shows or not self.shows <= PLACES:
            raise ValueError('the field %s shows nowhere known: %r'
                             % (name, sorted(self.shows)))
        self.name = name
        self.header = header
        self.source: Source = name if source is None else source
        self.kind = kind
        self.absent = absent

    def __repr__(self) -> str:
        return '<Field %s>' % self.name

    def raw(self, body: Mapping[str, Any]) -> Any:
        """The value in Trove's ``body`` (None when absent)."""
        if callable(self.source):
            return self.source(body)
        return dig(body, self.source)

    def value(self, body: Mapping[str, Any]) -> Any:
        """The value as the commands print it: a column object for a list
        or a mapping, the declared or the kind's empty value when
        absent."""
        value = self.raw(body)
        if value is None and self.absent is not _DEFAULT:
            return self.absent
        if self.kind is None:
            return '' if value is None else value
        if isinstance(value, columns.FormattableColumn):
            return value
        if value is None and self.kind != JSON_KIND:
            value = {} if self.kind == DICT_KIND else []
        return _column(self.kind)(value)


def _check_unique(fields: Sequence[Field]) -> None:
    for what in ('name', 'header'):
        seen = [getattr(field, what) for field in fields]
        twice = sorted({value for value in seen if seen.count(value) > 1})
        if twice:
            raise ValueError('fields declared twice: %s' % ', '.join(twice))


def fields(*declared: Field) -> tuple[Field, ...]:
    """The fields of a resource, in the order ``show`` prints them; each
    name and each header once."""
    _check_unique(declared)
    return declared


def listed(declared: Sequence[Field], long: bool = False,
           admin: bool = False) -> tuple[Field, ...]:
    """The columns of a listing: the :data:`LIST` fields, then with
    ``long`` the :data:`LONG` ones, then with ``admin`` the :data:`ADMIN`
    ones, each group in the declared order."""
    places = [LIST] + ([LONG] if long else []) + ([ADMIN] if admin else [])
    return tuple(field for place in places for field in declared
                 if place in field.shows)


def shown(declared: Sequence[Field], create: bool = False
          ) -> tuple[Field, ...]:
    """The fields of ``show`` (``create``: and those shown only there)."""
    places = {SHOW, CREATE} if create else {SHOW}
    return tuple(field for field in declared if field.shows & places)


def headers(chosen: Sequence[Field]) -> tuple[str, ...]:
    return tuple(field.header for field in chosen)


def rows(chosen: Sequence[Field], bodies: Iterable[Mapping[str, Any]]
         ) -> list[tuple[Any, ...]]:
    """One row per body, with the values of the ``chosen`` fields."""
    return [tuple(field.value(body) for field in chosen) for body in bodies]


def record(chosen: Sequence[Field], body: Mapping[str, Any]
           ) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """``(names, values)`` for a ShowOne: every field of ``chosen``,
    present in the body or not, named by its attribute name so that ``-c
    <name>`` works whatever the resource's state."""
    return (tuple(field.name for field in chosen),
            tuple(field.value(body) for field in chosen))


def strip_links(value: Any) -> Any:
    """A copy of a dict (or list of dicts) without the API's ``links``."""
    if isinstance(value, list):
        return [strip_links(item) for item in value]
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != 'links'}
    return value


def joined(path: str, key: str | None = None
           ) -> Callable[[Mapping[str, Any]], str | None]:
    """A source: the list at ``path`` as python-troveclient prints it,
    its items (or each item's ``key``) joined with ``, ``."""
    def source(body: Mapping[str, Any]) -> str | None:
        items = dig(body, path)
        if not isinstance(items, list):
            return None
        if key is not None:
            items = [item.get(key) for item in items
                     if isinstance(item, Mapping)]
        return ', '.join(str(item) for item in items)

    return source


# -- escaping ---------------------------------------------------------------

def _escaped_data(value: Any) -> Any:
    """``value`` with every string in it escaped (keys too)."""
    if isinstance(value, str):
        from troveclient_osc import base
        return base.escaped(value)
    if isinstance(value, (list, tuple)):
        return [_escaped_data(item) for item in value]
    if isinstance(value, Mapping):
        return {_escaped_data(k): _escaped_data(v) for k, v in value.items()}
    return value


class _EscapedColumn(columns.FormattableColumn[Any]):
    """A list or mapping as a human-readable format prints it safely.

    Its text (a table cell) is made from its escaped contents. Its value
    is left as it is when it is a list or a mapping: ``-f value``, ``shell``
    and ``csv`` print ``str()`` of it, whose ``repr`` of each string
    already escapes control characters (escaping them first would escape
    them twice); when it is text, it is the escaped contents' text.
    """

    def __init__(self, column: columns.FormattableColumn[Any]) -> None:
        super().__init__(column._value)
        self._column = column
        self._clean = type(column)(_escaped_data(column._value))

    def human_readable(self) -> Any:
        return self._clean.human_readable()

    def machine_readable(self) -> Any:
        value = self._column.machine_readable()
        if isinstance(value, str):
            return self._clean.machine_readable()
        return value


def escaped(value: Any) -> Any:
    """A value as a human-readable format prints it safely: text with its
    control characters escaped (:func:`troveclient_osc.base.escaped`), a
    list or mapping whose contents hold some printed from its escaped
    contents (:class:`_EscapedColumn`), anything else (a number, a
    boolean, clean contents) as it is, so that a table still aligns it."""
    if isinstance(value, str):
        return _escaped_data(value)
    if isinstance(value, JSONText):
        return value.human_readable()  # JSON text escapes by itself
    if isinstance(value, columns.FormattableColumn) and \
            _escaped_data(value._value) != value._value:
        return _EscapedColumn(value)
    return value


def human(parsed_args: object) -> bool:
    """Whether the format asked for is read by a person (or a line-based
    tool): any but ``json`` and ``yaml``."""
    return getattr(parsed_args, 'formatter', None) not in EXACT_FORMATS


def escaped_rows(parsed_args: object, data: Iterable[Sequence[Any]]
                 ) -> Iterable[Sequence[Any]]:
    """The rows of a listing as its format prints them (see
    :func:`escaped`); as they are for ``-f json``/``yaml``. Lazily: a
    listing's rows are escaped as they are printed."""
    if not human(parsed_args):
        return data
    return (tuple(escaped(value) for value in row) for row in data)


def emit_listing(cmd: Any, parsed_args: Any, column_names: Sequence[str],
                 data: Iterable[Sequence[Any]]) -> None:
    """Print ``data`` as a listing with the command's formatter, ``-c``
    picking its columns, from a command that prints one record otherwise
    (a dry run's plan, the replicas of a create)."""
    columns, selector = cmd._generate_columns_and_selector(parsed_args,
                                                           column_names)
    if selector:
        data = [list(cmd._compress_iterable(row, selector)) for row in data]
    cmd.formatter.emit_list(columns, escaped_rows(parsed_args, data),
                            cmd.app.stdout, parsed_args)


class Lister(command.Command, osc_command.Lister):
    """A database command that prints a listing (see
    :class:`troveclient_osc.osc.command.Command`), whose human-readable
    output has control characters escaped. In a dry run
    (:mod:`troveclient_osc.osc.plan`) it prints the plan instead."""

    def produce_output(self, parsed_args: Any, column_names: Any,
                       data: Any) -> int:
        if self.rehearsal is not None:
            return 0  # the plan is printed instead
        result: int = super().produce_output(
            parsed_args, column_names, escaped_rows(parsed_args, data))
        return result


class Changer(Lister):
    """A command that changes something and prints nothing (``delete``,
    ``set``, the actions) but the plan of its ``--dry-run``
    (:mod:`troveclient_osc.osc.plan`): a listing, for that plan's formats
    (``-f json``, ``-f yaml``, ...). A subclass does its work in
    :meth:`act`."""

    def act(self, parsed_args: Any) -> None:
        """What the command does (its ``take_action``, which prints
        nothing)."""
        raise NotImplementedError

    def take_action(self, parsed_args: Any) -> tuple[tuple[str, ...],
                                                     tuple[Any, ...]]:
        self.act(parsed_args)
        return (), ()

    def produce_output(self, parsed_args: Any, column_names: Any,
                       data: Any) -> int:
        return 0


class ShowOne(command.Command, osc_command.ShowOne):
    """A database command that prints one record (see
    :class:`troveclient_osc.osc.command.Command`), whose human-readable
    output has control characters escaped. In a dry run
    (:mod:`troveclient_osc.osc.plan`) it prints the plan instead."""

    def produce_output(self, parsed_args: Any, column_names: Any,
                       data: Any) -> int:
        if self.rehearsal is not None:
            return 0  # the plan is printed instead
        if human(parsed_args):
            data = tuple(escaped(value) for value in data)
        result: int = super().produce_output(parsed_args, column_names,
                                             data)
        return result
