"""The Teams app package: manifest, icons and the zip builder (``ki-bot manifest``)."""

from .package import SCHEMA_VERSION, build_manifest, write_package

__all__ = ["SCHEMA_VERSION", "build_manifest", "write_package"]
