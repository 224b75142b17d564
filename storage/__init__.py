"""Persistence: SQLModel tables, repositories, Alembic migrations and the bot state store."""
