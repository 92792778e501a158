"""The one translation marker of troveclient-osc.

Messages are marked with ``_()`` so that a message catalog can be added
later without touching every call site. Until then ``_`` returns its
argument, which keeps the plugin free of any import cost at start-up.
"""


def _(message: str) -> str:
    """Mark ``message`` for translation; return it unchanged for now."""
    return message
