"""Numbers in query strings: one reading for every view and the API.

A number in a URL is written with the digits 0-9. ``str.isdigit()`` and ``str.isdecimal()``
say otherwise: ``isdigit`` accepts "²" and "①", which ``int()`` refuses (a checked value that
still fails the request), and both accept "٣" and "３", which ``int()`` reads as 3. The
length is checked before ``int()`` is called, so a parameter of a million digits costs nothing
(and Python refuses to convert more than 4,300).
"""

import re

# The largest value of PostgreSQL's bigint, the widest column a number in a URL is compared
# with (page ids are integers, snippet ids bigints).
MAX_WHOLE_NUMBER = 2**63 - 1

_DIGITS = re.compile(r"[0-9]+")  # not \d, which matches every script's digits


def ascii_digits(value):
    """``value`` without the spaces around it if it is written with the digits 0-9 only,
    else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _DIGITS.fullmatch(value) else None


def whole_number(value, minimum=0, maximum=MAX_WHOLE_NUMBER):
    """The whole number ``value`` writes with the digits 0-9 (spaces around it are ignored),
    or None when it writes none, or one below ``minimum`` or above ``maximum``."""
    digits = ascii_digits(value)
    if digits is None:
        return None
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    number = int(digits)
    return number if minimum <= number <= maximum else None


def printable(value, length=40):
    """The start of ``value`` as a message may quote it: without control characters (a
    parameter may hold any), at most ``length`` characters."""
    return "".join(char for char in value if char.isprintable())[:length]
