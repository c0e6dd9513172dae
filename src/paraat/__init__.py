"""Paraat: het regionale dashboard weerbaarheid."""

__version__ = "0.1.0"
