"""Sozialraum-Monitor: outcome-oriented steering of social services per social space."""

__version__ = "0.1.0"
