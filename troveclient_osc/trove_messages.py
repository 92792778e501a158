"""The texts of Trove's answers that this client decides by.

Trove's error answers have a status and a message, and the status alone
does not always say what happened: a 404 may be about the instance named
in the URL or about a flavor the request names, a 400 may mean a version
name several versions share. Where the client has to tell such answers
apart it matches the message, and each text it matches is here, once,
with the Trove releases it was read from (the source of each, in
``trove/common/``; ``tests/unit/test_trove_messages.py`` reads them again
from the Trove releases in the local cloud's cache, when it has them).
When a Trove release words one differently, this is the one place to
change, and its tests say which behaviour follows.

Nothing else in the library matches a server's message: it calls the
functions below (a test checks that no other module of the library holds
these texts).
"""

# trove.common.exception.NotFound and FlavorNotFound: "Resource %(uuid)s
# cannot be found." -- read from Trove 19.0.1, 21.1.0, 23.1.0, 25.1.0 and
# 26.0.0. Trove answers it (404, or 400 for a flavor in a request body)
# for an ID it does not have, naming that ID.
RESOURCE_NOT_FOUND = ('Resource ', ' cannot be found.')

# webob.exc.HTTPNotFound's explanation, which Trove sends in its fault
# shape for a URL it has no route for (trove.common.wsgi.Fault) -- read
# from the WebOb (1.8.7 to 1.8.11) of Trove 19.0.1, 21.1.0, 23.1.0, 25.1.0
# and 26.0.0.
NO_ROUTE = 'The resource could not be found.'

# trove.common.auth.TenantBasedAuth: "User with tenant id %s cannot access
# this resource." (403) when the project in the URL is not the token's --
# read from Trove 19.0.1, 21.1.0, 23.1.0, 25.1.0 and 26.0.0.
FOREIGN_PROJECT = ('User with tenant id', 'cannot access')

# trove.common.exception.DatastoreVersionsNoUniqueMatch: "Multiple
# datastore versions found for '%(name)s', use an UUID or specify both the
# name and version number to be more specific." (400) -- read from Trove
# 19.0.1, 21.1.0, 23.1.0, 25.1.0 and 26.0.0.
SHARED_VERSION_NAME = 'specify both the name and version number'

# trove.common.exception.InvalidInstanceState: "The operation you have
# requested cannot be executed because the instance status is currently:
# %(status)s." (400, 409 on some routes) -- read from Trove 19.0.1,
# 21.1.0, 23.1.0, 25.1.0 and 26.0.0. What follows the text is the status.
INSTANCE_STATE = 'the instance status is currently: '


def names_missing(message: str, value: str) -> bool:
    """True when ``message`` is Trove's :data:`RESOURCE_NOT_FOUND` about
    ``value`` itself."""
    return message.strip() == value.join(RESOURCE_NOT_FOUND)


def names_other_missing(message: str, value: str) -> bool:
    """True when ``message`` is Trove's :data:`RESOURCE_NOT_FOUND` about
    something other than ``value`` (a flavor or a version a request about
    ``value`` names)."""
    text = message.strip()
    head, tail = RESOURCE_NOT_FOUND
    return (text.startswith(head) and text.endswith(tail)
            and len(text) > len(head + tail)
            and text[len(head):-len(tail)] != value)


def is_no_route(message: str) -> bool:
    """True for Trove's answer to a URL it has no route for."""
    return message.strip() == NO_ROUTE


def is_foreign_project(message: str) -> bool:
    """True for Trove's 403 to a URL whose project is not the token's."""
    return all(words in message for words in FOREIGN_PROJECT)


def is_shared_version_name(message: str) -> bool:
    """True for Trove's 400 to a version name several versions share."""
    return SHARED_VERSION_NAME in message


def instance_state(message: str) -> str | None:
    """The status an :data:`INSTANCE_STATE` answer names (its capitals and
    underscores), or None when ``message`` is not one."""
    _head, found, rest = message.partition(INSTANCE_STATE)
    status = ''
    for char in rest.lstrip() if found else '':
        if not ('A' <= char <= 'Z' or char == '_'):
            break
        status += char
    return status or None
