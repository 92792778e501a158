"""What counts as a secret, and the one way it is masked.

Every place that must not show a password, a token or an application
credential secret uses this module:

* the request funnel's debug log of bodies (:func:`redact`) and the secrets
  a request carries, masked again where a server echoes them
  (:func:`collect`, :func:`mask`);
* error messages (:func:`mask`, from ``exceptions``);
* the command line osc-lib logs (:func:`mask_argv`,
  :func:`mask_command_line`, from the plugin's log filter);
* the CLI's password values (:class:`Secret`).

Standard library only, and nothing imported at module level beyond
``re``: the OpenStackClient plugin imports this for every ``openstack``
command.
"""

import re
from collections.abc import Iterable
from typing import Any, overload

#: What a secret is shown as.
MASK = '***'

#: A JSON key or an option whose name holds one of these words holds a
#: secret.
WORDS = ('password', 'passwd', 'passcode', 'secret', 'token', 'otp',
         'private_key')

# Options with a secret word in their name whose value is not a secret,
# and the secret options as argparse also takes them abbreviated
# (--os-passw).
_NOT_SECRET = frozenset(('--password-prompt', '--password-file',
                         '--os-access-token-endpoint',
                         '--os-access-token-type'))
_KNOWN_SECRET = ('--os-password', '--os-token', '--os-passcode',
                 '--os-client-secret', '--os-access-token',
                 '--os-application-credential-secret',
                 '--os-oauth2-client-secret', '--os-idp-otp-key')
# Options whose values hold user passwords: --user name=..,password=..
# and python-troveclient's --users <user>:<password> ...
_USER_OPTIONS = ('--users', '--user')
_LEGACY_USERS = '--users'
# A --user password runs to the next key: it may hold "," and "=".
_PASSWORD_FIELD = r'(?s)(password=).*?(?=,(?:name|host|databases)=|$)'


def is_secret_name(name: object) -> bool:
    """True for a JSON key or an option name that holds a secret word."""
    name = str(name).lower()
    return any(word in name for word in WORDS)


def redact(value: Any) -> Any:
    """A copy of a decoded JSON value with every secret field masked."""
    if isinstance(value, dict):
        return {k: (MASK if is_secret_name(k) and v is not None
                    else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def collect(value: Any) -> list[str]:
    """The secret strings inside a JSON value (to mask them if echoed)."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if is_secret_name(k) and isinstance(v, str):
                found.append(v)
            else:
                found.extend(collect(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(collect(v))
    return found


def _escapers() -> tuple[Any, ...]:
    """The ways a server may write a string it quotes back: JSON (ASCII
    or not), Python's repr and ascii, HTML, URL-encoded (path or form)."""
    import html
    import json
    import urllib.parse

    return (lambda s: json.dumps(s)[1:-1],
            lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
            lambda s: repr(s)[1:-1],
            lambda s: ascii(s)[1:-1],
            html.escape,
            lambda s: html.escape(s, quote=False),
            lambda s: urllib.parse.quote(s, safe=''),
            urllib.parse.quote,
            urllib.parse.quote_plus)


def forms(secret: str) -> set[str]:
    """Every form ``secret`` may be echoed in: as is, and written by one
    or two of the escapings of :func:`_escapers` (a message that quotes a
    body that quoted the secret: JSON in repr, HTML in JSON, ...)."""
    escapers = _escapers()
    once = {secret} | {escape(secret) for escape in escapers}
    twice = {escape(form) for form in once for escape in escapers}
    return {form for form in once | twice if form}


@overload
def mask(text: str, secrets: Iterable[str]) -> str:
    ...


@overload
def mask(text: None, secrets: Iterable[str]) -> None:
    ...


def mask(text: str | None, secrets: Iterable[str]) -> str | None:
    """``text`` with every secret in ``secrets`` masked, in every form of
    :func:`forms`: as is, JSON-, repr-, HTML- or URL-escaped, once or
    twice. The longest forms go first, so none is left half masked."""
    if not text:
        return text
    found = set()
    for secret in {s for s in secrets if s}:
        found |= forms(secret)
    for form in sorted(found, key=len, reverse=True):
        if form in text:
            text = text.replace(form, MASK)
    return text


class Secret(str):
    """A password: its value is the string, its repr and str are masked.

    OpenStackClient logs the parsed arguments with ``--debug``; a Secret
    shows as ``***`` there and in any other message, while ``reveal()``
    gives the plain value to send.
    """

    def __repr__(self) -> str:
        return "'%s'" % MASK

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return format(MASK, spec)

    def reveal(self) -> str:
        """The password as a plain ``str``."""
        return str.__str__(self)


# -- command lines ---------------------------------------------------------

def _option_kind(name: str) -> str | None:
    """'secret', 'user' or None for an option as typed (argparse also takes
    unambiguous abbreviations, such as --os-passw)."""
    name = name.lower()
    if not name.startswith('--') or name in _NOT_SECRET:
        return None
    if len(name) > 4 and any(opt.startswith(name) for opt in _USER_OPTIONS):
        return 'user'
    if is_secret_name(name):
        return 'secret'
    if len(name) > 5 and any(opt.startswith(name) for opt in _KNOWN_SECRET):
        return 'secret'
    return None


def _masked_user(value: str) -> str:
    """A --user or --users value with its password masked."""
    value = re.sub(_PASSWORD_FIELD, r'\1' + MASK, value)
    name, sep, rest = value.partition(':')
    return name + sep + MASK if sep and rest != MASK else value


def _masked_pair(value: str) -> str:
    name, sep, _password = value.partition(':')
    return name + sep + MASK if sep else MASK


def mask_argv(tokens: Iterable[str]) -> list[str]:
    """A command line (a list of arguments) with every secret masked: the
    value of each password, secret or token option, and the passwords in
    ``--user``/``--users`` values."""
    masked: list[str] = []
    # 'secret': the next argument; 'user': those that follow
    pending: str | None = None
    for token in tokens:
        if pending == 'secret':
            masked.append(MASK)
            pending = None
            continue
        if pending == 'user':
            if not token.startswith('-'):
                masked.append(_masked_user(token))
                continue
            pending = None
        name, eq, value = token.partition('=')
        kind = _option_kind(name)
        if kind == 'secret':
            masked.append(name + '=' + MASK if eq else token)
            pending = None if eq else 'secret'
        elif kind == 'user':
            masked.append(name + '=' + _masked_user(value) if eq else token)
            pending = None if eq else 'user'
        else:
            masked.append(token)
    return masked


def mask_command_line(text: str) -> str:
    """A logged command line, split on spaces, with its secrets masked.

    Used when the arguments themselves are not at hand: a value may have
    held spaces, so every word after a secret option or ``--users`` is
    masked up to the next option. ``--users a:pw b:pw`` becomes ``--users
    a:*** b:***``; a word there without a colon becomes ``***``.
    """
    words = text.split(' ')
    masking: str | None = None
    for index, word in enumerate(words):
        if word.startswith('-') and word != '-':
            name, eq, value = word.partition('=')
            masking = None if eq else _option_kind(name)
            if masking == 'user' and name != _LEGACY_USERS:
                masking = 'user-spec'
            if eq and _option_kind(name) == 'secret':
                words[index] = name + '=' + MASK
            elif eq and _option_kind(name) == 'user':
                words[index] = name + '=' + (
                    _masked_pair(value) if name == _LEGACY_USERS
                    else _masked_user(value))
        elif masking == 'user':
            words[index] = _masked_pair(word)
        elif masking == 'user-spec':
            words[index] = _masked_user(word)
        elif masking == 'secret':
            words[index] = MASK
    return ' '.join(words)
