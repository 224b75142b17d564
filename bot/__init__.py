"""Wiring: configuration, the aiohttp app, the adapter, the activity handler and background work."""
