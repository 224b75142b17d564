"""A loopback server that accepts connections and never answers (a hanging network path).

It runs in threads of its own, so it keeps "hanging" even while the test's event loop is blocked
(as the SDK's blocking key fetch did); connections are dropped after ``hold_seconds`` or on close.
"""

from __future__ import annotations

import socketserver
import threading
from types import TracebackType


class HangingServer:
    def __init__(self, hold_seconds: float = 5.0) -> None:
        released = self._released = threading.Event()

        class Hang(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                released.wait(hold_seconds)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Hang)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def __enter__(self) -> HangingServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
