"""Process-wide logging: one format, and a last line of defence against CPR numbers.

Values the bot logs on purpose go through ``domain.loggable``; this formatter also redacts what
nobody chose to log, such as an exception message quoting user input in a traceback.
"""

from __future__ import annotations

import logging

from domain.privacy import redact_cpr

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact_cpr(super().format(record)).text


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format=FORMAT)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(FORMAT))
