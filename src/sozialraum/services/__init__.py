"""Workflows that read through ``store``, compute through ``analysis`` and write back through ``store``."""
