"""The rules of the KI model as plain Python: no chat SDK, web or database imports."""
