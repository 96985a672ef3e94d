"""Exact numbers: parsing what a reader typed, and printing a Fraction back as a decimal.

Thresholds are compared with `fractions.Fraction`, never binary floats (spec pitfall P1).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

__all__ = ["NotANumber", "format_number", "parse_number"]

_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class NotANumber(ValueError):
    """The text is not a plain decimal number; the message says how to write it."""


def parse_number(raw: object) -> Fraction:
    """Read an int, a float or a decimal string exactly (a float by its shortest repr)."""
    if isinstance(raw, bool) or raw is None:
        raise NotANumber("Enter a number.")
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise NotANumber("Enter a finite number.")
        # repr gives the shortest decimal that round-trips: 7.14 stays 7.14, not 7.13999...
        return Fraction(Decimal(repr(raw)))
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise NotANumber("Enter a value.")
        if _DECIMAL.match(text):
            return Fraction(Decimal(text))
        if re.match(r"^[+-]?\d+,\d+$", text):
            # "1,500" may be a thousands separator or a decimal comma: never guess which.
            raise NotANumber("Use a decimal point, not a comma, and no thousands separator.")
        raise NotANumber("Enter a number: digits, with a decimal point if needed.")
    raise NotANumber("Enter a number.")


def format_number(value: Fraction) -> str:
    """A Fraction as a short decimal: 23/2 -> '11.5', 7 -> '7', 1/3 -> '0.333333'."""
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den == 1:
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    else:
        text = format(round(Decimal(value.numerator) / Decimal(value.denominator), 6), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
