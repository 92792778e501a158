"""python-troveclient's ``troveclient.apiclient.exceptions``.

The same classes as :mod:`troveclient_osc.exceptions`, under the names
python-troveclient's ``apiclient.exceptions`` has (``troveclient.exceptions``
has these and three more, which :mod:`troveclient_osc.exceptions` has too).
"""

from troveclient_osc.exceptions import (
    AmbiguousEndpoints, AuthorizationFailure, AuthPluginOptionsMissing,
    AuthSystemNotFound, BadGateway, BadRequest, ClientException,
    CommandError, Conflict, ConnectionRefused, EndpointException,
    EndpointNotFound, ExpectationFailed, Forbidden, GatewayTimeout, Gone,
    HTTPClientError, HttpError, HttpNotImplemented, HttpServerError,
    HttpVersionNotSupported, InternalServerError, LengthRequired,
    MethodNotAllowed, MissingArgs, NotAcceptable, NotFound, NoUniqueMatch,
    PaymentRequired, PreconditionFailed, ProxyAuthenticationRequired,
    RequestedRangeNotSatisfiable, RequestEntityTooLarge, RequestTimeout,
    RequestUriTooLong, ServiceUnavailable, Unauthorized,
    UnprocessableEntity, UnsupportedMediaType, UnsupportedVersion,
    ValidationError, from_response)

__all__ = [
    'AmbiguousEndpoints', 'AuthorizationFailure', 'AuthPluginOptionsMissing',
    'AuthSystemNotFound', 'BadGateway', 'BadRequest', 'ClientException',
    'CommandError', 'Conflict', 'ConnectionRefused', 'EndpointException',
    'EndpointNotFound', 'ExpectationFailed', 'Forbidden', 'GatewayTimeout',
    'Gone', 'HTTPClientError', 'HttpError', 'HttpNotImplemented',
    'HttpServerError', 'HttpVersionNotSupported', 'InternalServerError',
    'LengthRequired', 'MethodNotAllowed', 'MissingArgs', 'NotAcceptable',
    'NotFound', 'NoUniqueMatch', 'PaymentRequired', 'PreconditionFailed',
    'ProxyAuthenticationRequired', 'RequestedRangeNotSatisfiable',
    'RequestEntityTooLarge', 'RequestTimeout', 'RequestUriTooLong',
    'ServiceUnavailable', 'Unauthorized', 'UnprocessableEntity',
    'UnsupportedMediaType', 'UnsupportedVersion', 'ValidationError',
    'from_response']
