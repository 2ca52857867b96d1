"""Norwegian dates and weekdays from Babel's CLDR data (bokmål), never a hand-written table."""

from __future__ import annotations

import datetime as dt

LOCALE = "nb_NO"


def long_date(day: dt.date) -> str:
    """`onsdag 1. september 2021`."""
    from babel.dates import format_date

    return format_date(day, "EEEE d. MMMM y", locale=LOCALE)


def plain_date(day: dt.date) -> str:
    """`1. september 2021`."""
    from babel.dates import format_date

    return format_date(day, "d. MMMM y", locale=LOCALE)


def meeting_time(day: dt.date | None, tid: str | None) -> str:
    """`onsdag 1. september 2021 kl. 10.00–15.00`; without a time, the date alone."""
    if day is None:  # the meeting file's date is invalid (check says so): a forced build
        return f"kl. {tid}" if tid else ""
    text = long_date(day)
    return f"{text} kl. {tid}" if tid else text
