"""The argument rules several calls share, each once.

A listing's ``limit``, a volume's size, a replica count, a number of log
lines, the concurrency of a call on many: each is an integer, and what an
integer argument is, and a positive one, is decided here, for the library
and for the command line's argument types, which wrap these.
"""

from troveclient_osc import exceptions


def integer(value: object) -> int | None:
    """``value`` as an integer: an ``int``, or the text of one (spaces
    around it allowed); None for anything else (a bool, a float, ``'1.5'``,
    ``'abc'``, None)."""
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def positive_int(value: object, what: str, most: int | None = None) -> int:
    """``value`` as an integer of at least 1 (and at most ``most``).

    :param what: what the value is, for the message (``'volume size'``)
    :raises ValidationError: ``Invalid <what> <value>: must be a positive
        integer`` (or ``: at most <most>``), the value as Python shows it
    """
    number = integer(value)
    if number is None or number < 1:
        raise exceptions.ValidationError(
            'Invalid %s %r: must be a positive integer' % (what, value))
    if most is not None and number > most:
        raise exceptions.ValidationError(
            'Invalid %s %r: at most %d' % (what, value, most))
    return number
