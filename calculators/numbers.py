"""Exact numbers: parsing what a reader typed, and printing a Fraction back as a decimal.

Thresholds are compared with `fractions.Fraction`, never binary floats (spec pitfall P1). A number is at
most `MAX_CHARS` characters: no measurement needs more, and exact arithmetic on a 100,000-digit decimal took
the browser's worker 48 s (reliability review 2026-11, #3).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

__all__ = ["MAX_CHARS", "TRIMMED", "NotANumber", "OutOfRangeNumber", "format_number", "parse_number", "trim"]

MAX_CHARS = 32
TOO_LONG = f"Enter at most {MAX_CHARS} characters: no measurement needs more digits."
# Only ASCII digits are digits: `\d` (and Decimal) also read the Bengali ৪, which looks like an 8, as a 4.
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
#: What is trimmed from either end of an entry: exactly what the browser's `String.prototype.trim()` trims
#: (ECMA-262 WhiteSpace and LineTerminator), so a field reads the same in the page and on the command line.
#: Python's own `str.strip()` differs both ways (it keeps U+FEFF and trims U+001C-U+001F and U+0085).
TRIMMED = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def trim(text: str) -> str:
    return text.strip(TRIMMED)


class OutOfRangeNumber(str):
    """A JSON number whose exponent lies outside what `Decimal` can hold (10**18 and beyond on 64-bit CPython, less
    in Pyodide's wasm32): kept as its text, so that it is refused at its field like any over-long number."""


class NotANumber(ValueError):
    """The text is not a plain decimal number; the message says how to write it."""


def _written_length(value: Decimal) -> int:
    """Characters of `value` written out without an exponent, counted without writing it (1e999999999 is short
    as text and a billion digits as a number)."""
    sign, digits, exponent = value.as_tuple()
    if exponent >= 0:
        length = len(digits) + exponent
    elif -exponent >= len(digits):
        length = 2 - exponent  # "0." and the fraction's digits
    else:
        length = len(digits) + 1  # the point
    return length + sign


def parse_number(raw: object) -> Fraction:
    """Read an int, a Decimal (a JSON number, read from its text), a float or a decimal string exactly
    (a float by its shortest repr). Nothing longer than `MAX_CHARS` characters is read."""
    if isinstance(raw, bool) or raw is None:
        raise NotANumber("Enter a number.")
    if isinstance(raw, OutOfRangeNumber):
        raise NotANumber(TOO_LONG)
    if isinstance(raw, int):
        if abs(raw) >= 10**MAX_CHARS:  # compared, not printed: str() of a 5,000-digit int raises
            raise NotANumber(TOO_LONG)
        return Fraction(raw)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NotANumber("Enter a finite number.")
        if _written_length(raw) > MAX_CHARS:
            raise NotANumber(TOO_LONG)
        return Fraction(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise NotANumber("Enter a finite number.")
        # repr gives the shortest decimal that round-trips: 7.14 stays 7.14, not 7.13999...
        return Fraction(Decimal(repr(raw)))
    if isinstance(raw, str):
        text = trim(raw)
        if not text:
            raise NotANumber("Enter a value.")
        if len(text) > MAX_CHARS:
            raise NotANumber(TOO_LONG)
        if _DECIMAL.fullmatch(text):
            return Fraction(Decimal(text))
        if _DECIMAL_COMMA.fullmatch(text):
            # "1,500" may be a thousands separator or a decimal comma: never guess which.
            raise NotANumber("Use a decimal point, not a comma, and no thousands separator.")
        raise NotANumber("Enter a number: digits, with a decimal point if needed.")
    raise NotANumber("Enter a number.")


def format_number(value: Fraction) -> str:
    """A Fraction as a short decimal: 23/2 -> '11.5', 7 -> '7', 1/3 -> '0.333333'."""
    if value.denominator == 1:
        return str(value.numerator)
    den = value.denominator
    places = {2: 0, 5: 0}
    for prime in places:
        while den % prime == 0:
            den //= prime
            places[prime] += 1
    if den == 1:
        # A terminating decimal, written out digit for digit: Decimal division would round it to the
        # context's 28 digits, and a 32-character entry would be shown as another number.
        scale = max(places.values())
        digits = str(abs(value.numerator) * 10**scale // value.denominator).rjust(scale + 1, "0")
        text = f"{'-' if value < 0 else ''}{digits[:-scale]}.{digits[-scale:]}"
    else:
        text = format(round(Decimal(value.numerator) / Decimal(value.denominator), 6), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
