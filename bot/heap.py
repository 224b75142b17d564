"""What startup built lives as long as the process: out of the garbage collector's way."""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Collect once, then leave every object alive now out of later collections (call it
    once, in the serving process: what it keeps is never collected again). A full
    collection otherwise walks the modules and services each time, pausing the event loop
    (650 ms under load on a 2-core machine, in the middle of a fan-out)."""
    gc.collect()
    gc.freeze()
