"""Errors of the SDK. Server refusals carry the server's code (``extensions.code``), e.g. ``FORBIDDEN``."""


class TightropeError(Exception):
    """Base class of every error the SDK raises."""


class NotReadyError(TightropeError):
    """route() was called before any configuration was known (none from the server, none from the file cache)."""


class ApiError(TightropeError):
    """The server refused a request: ``status`` is the HTTP status, ``code`` the error code, ``retry_after`` the
    ``Retry-After`` header (seconds) when the server sent one."""

    def __init__(self, status, code, message, retry_after=None):
        super(ApiError, self).__init__("%s (HTTP %s): %s" % (code, status, message))
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after

    @property
    def retryable(self):
        """Whether the same request may succeed later (overloaded, unavailable, a server error)."""
        return self.status in (429, 503) or self.status >= 500
