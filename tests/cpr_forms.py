"""The written forms of one CPR number that must all be caught, generated from synthetic digits.

No CPR-like number is written in this file: ``synthetic_cpr`` builds one at run time.
"""

from __future__ import annotations

import random
from urllib.parse import quote


def synthetic_cpr(seed: int = 7) -> str:
    """Ten digits with a plausible day and month, different for each seed."""
    rng = random.Random(seed)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(0, 99)
    return f"{day:02d}{month:02d}{year:02d}{rng.randint(0, 9999):04d}"


_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_CIRCLED = "\u24ea\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467\u2468"


def _digits(number: str, zero: int) -> str:
    return "".join(chr(zero + int(digit)) for digit in number)


def _each(number: str, make: str) -> str:
    """Every digit written as ``make`` says: ``{d}`` is the digit."""
    return "".join(make.format(d=digit) for digit in number)


def _mapped(number: str, shapes: str) -> str:
    return "".join(shapes[int(digit)] for digit in number)


def cpr_forms(number: str) -> dict[str, str]:
    """Every form by name: separators, Unicode look-alikes, invisible characters, markup."""
    date, serial = number[:6], number[6:]
    day, month, year = date[:2], date[2:4], date[4:]
    forms = {
        "hyphen-minus": f"{date}-{serial}",
        "no separator": f"{date}{serial}",
        "space": f"{date} {serial}",
        "no-break space": f"{date}\u00a0{serial}",
        "narrow no-break space": f"{date}\u202f{serial}",
        "en dash": f"{date}\u2013{serial}",
        "em dash": f"{date}\u2014{serial}",
        "figure dash": f"{date}\u2012{serial}",
        "hyphen": f"{date}\u2010{serial}",
        "non-breaking hyphen": f"{date}\u2011{serial}",
        "minus sign": f"{date}\u2212{serial}",
        "small hyphen-minus": f"{date}\ufe63{serial}",
        "spaced dash": f"{date} - {serial}",
        "slash": f"{date}/{serial}",
        "dot": f"{date}.{serial}",
        "underscore": f"{date}_{serial}",
        "tab": f"{date}\t{serial}",
        "newline": f"{date}\n{serial}",
        "carriage return and newline": f"{date}\r\n{serial}",
        "spaced date": f"{day} {month} {year} {serial}",
        "dotted date": f"{day}.{month}.{year}-{serial}",
        "dashed date": f"{day}-{month}-{year}-{serial}",
        "slashed date": f"{day}/{month}/{year}-{serial}",
        "zero-width space": f"{date}\u200b{serial}",
        "soft hyphen": f"{date}\u00ad{serial}",
        "zero-width space inside the digits": f"{date[:3]}\u200b{date[3:]}-{serial}",
        "full-width": _digits(date, 0xFF10) + "\uff0d" + _digits(serial, 0xFF10),
        "arabic-indic digits": _digits(date, 0x0660) + "-" + _digits(serial, 0x0660),
        "extended arabic-indic digits": _digits(number, 0x06F0),
        "devanagari digits": _digits(date, 0x0966) + "-" + _digits(serial, 0x0966),
        "html-split": f"{date[:4]}<b>{date[4:]}</b>-<span>{serial}</span>",
        "html entity dash": f"{date}&#8211;{serial}",
        "url-encoded dash": f"{date}%2D{serial}",
        "url-encoded en dash": quote(f"{date}\u2013{serial}"),
        "url-encoded digits": "".join(f"%{ord(c):02X}" for c in f"{date}-{serial}"),
        # Issue 16 item 4: forms that got through a matcher with a list of separators.
        "double hyphen": f"{date}--{serial}",
        "dotted then dashed date": f"{day}.{month}-{year}-{serial}",
        "space inside the date": f"{day}{month} {year}-{serial}",
        "four spaces": f"{date}    {serial}",
        "middle dot": f"{date}\u00b7{serial}",
        "comma": f"{date},{serial}",
        "digits separated by spaces": " ".join(number),
        "keycap digits": _each(number, "{d}\ufe0f\u20e3"),
        "combining underline digits": _each(number, "{d}\u0332"),
        "superscript digits": _mapped(number, _SUPERSCRIPTS),
        # The same idea, a step further: any separator, any way of drawing a digit.
        "middle-dotted date": f"{day}\u00b7{month}\u00b7{year}\u00b7{serial}",
        "comma and space": f"{date}, {serial}",
        "bullet": f"{date}\u2022{serial}",
        "colon": f"{date}:{serial}",
        "spaced double hyphen": f"{date} -- {serial}",
        "digits separated by dots": ".".join(number),
        "digits separated by hyphens": "-".join(number),
        "digits separated by two spaces": "  ".join(number),
        "keycap digits without the variation selector": _each(number, "{d}\u20e3"),
        "subscript digits": _digits(number, 0x2080),
        "circled digits": _mapped(number, _CIRCLED),
        "mathematical bold digits": _digits(number, 0x1D7CE),
        "digits with a combining overline and underline": _each(number, "{d}\u0305\u0332"),
        "superscript date, ordinary serial": _mapped(date, _SUPERSCRIPTS) + f"-{serial}",
    }
    return forms
