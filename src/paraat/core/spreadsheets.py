"""Spreadsheet safety for every export: a cell never runs as a formula.

Text that begins with `=`, `+`, `-`, `@` (or a tab or carriage return) would be read as a
formula by Excel or LibreOffice (and openpyxl would even write it as one). `neutralise` puts an
apostrophe in front; `unneutralise` removes it again on import, so an export imports unchanged.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value to write into a spreadsheet cell; numbers and dates stay what they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` for a value read from a spreadsheet."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value
