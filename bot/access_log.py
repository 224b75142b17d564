"""How the HTTP server logs: the access log without query strings and with every user-controlled
part made loggable, and a client's malformed request without a traceback.

aiohttp's default format logs the request line (``%r``) with its query string and the raw
Referer and User-Agent: a CPR number or a forged line in any of them would reach the log.
And aiohttp logs a request it cannot parse (a request line over 8,190 bytes, a control character
in a header) as an ERROR with a traceback, although it answers 400: the client's mistake then
looks like the bot's. Here such a request gets its access-log line (status 400) and, for
debugging, one line with the reason; a traceback is left for the bot's own errors.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any, Final

from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.log import server_logger
from aiohttp.web import BaseRequest, StreamResponse

from domain.loggable import loggable

PATH_CHARACTERS: Final = 120


class SafeAccessLogger(AbstractAccessLogger):
    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %d %s %.3fs %s",
            request.remote,
            request.method[:10],
            loggable(request.path, PATH_CHARACTERS),
            response.status,
            response.body_length,
            time,
            loggable(request.headers.get("User-Agent", "-"), 60),
        )


def _client_error(exc_info: object) -> HttpProcessingError | None:
    """The error if ``exc_info`` is a request the client got wrong (aiohttp answers it 4xx)."""
    error = exc_info[1] if isinstance(exc_info, tuple) and len(exc_info) == 3 else exc_info
    if isinstance(error, HttpProcessingError) and 400 <= error.code < 500:
        return error
    return None


class ServerLogger(logging.LoggerAdapter[logging.Logger]):
    """aiohttp's server logger (``aiohttp.server``), with a client's malformed request as one
    debug line naming the reason, without a traceback; everything else as aiohttp logs it."""

    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        error = _client_error(kwargs.get("exc_info"))
        if error is None:
            super().log(level, msg, *args, **kwargs)
            return
        remote = args[0] if args else "-"
        self.logger.debug(
            "refused a malformed request from %s: %d %s %s",
            loggable(remote, 60),
            error.code,
            type(error).__name__,
            loggable(error.message, 120),
        )

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, Any]:
        return msg, kwargs


SERVER_OPTIONS: Final[dict[str, Any]] = {
    "access_log_class": SafeAccessLogger,
    "logger": ServerLogger(server_logger, {}),
}
