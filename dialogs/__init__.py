"""Conversation flows, one module or package per capability."""
