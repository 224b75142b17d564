"""The access log without query strings, and with every user-controlled part made loggable.

aiohttp's default format logs the request line (``%r``) with its query string and the raw
Referer and User-Agent: a CPR number or a forged line in any of them would reach the log.
"""

from __future__ import annotations

from typing import Any, Final

from aiohttp.abc import AbstractAccessLogger
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


SERVER_OPTIONS: Final[dict[str, Any]] = {"access_log_class": SafeAccessLogger}
