"""Stand-in working-day calendar until ``domain.calendar.WorkingCalendar`` is merged.

Swap point: replace ``InterimWorkingCalendar()`` with ``WorkingCalendar`` where it is built
(``bot/cli_meetings.py``, ``bench/rank_slots.py`` and ``WORKING_DAYS`` in
``tests/meeting_factories.py``), then delete this module; the slot code only needs
``is_working_day(d) -> bool`` (the ``WorkingDays`` protocol in ``slots.py``).
"""

from __future__ import annotations

from datetime import date

import holidays

# Days most Danish public workplaces close although they are not public holidays.
CLOSED_DAYS: frozenset[tuple[int, int]] = frozenset({(6, 5), (12, 24), (12, 31)})


class InterimWorkingCalendar:
    """Monday to Friday, minus Danish public holidays and the closed days above."""

    def __init__(self) -> None:
        self._holidays = holidays.country_holidays("DK")

    def is_working_day(self, d: date) -> bool:
        if d.weekday() >= 5 or (d.month, d.day) in CLOSED_DAYS:
            return False
        return d not in self._holidays
