"""Two months of a municipality through the real bot (``bench.municipality``, small): ``ki-bot
serve`` on the test clock, restarted each month, over Easter and the change to summer time, with
courses, absences and coordinators on holiday; every reminder, escalation, case card and Monday
overview the fake connector received must be what the model's rules say, when they say."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bench.municipality.rules import ZONE
from bench.municipality.run import Options, simulate

# Two months over Easter (28 March - 1 April 2024) and summer time (31 March 2024).
START = datetime(2024, 2, 26, 7, 0, tzinfo=ZONE)


# On SQLite only: the run costs about 40 s of CPU, nearly all of it in the bot processes, and CI's
# budget is short; ``python -m bench.municipality --database postgresql://…`` runs it on PostgreSQL.
@pytest.mark.slow
async def test_two_months_of_a_municipality_get_every_nudge_escalation_and_overview_on_time(
    tmp_path: Path,
):
    options = Options(years=0.17, courses=16, seed=7, staff=12, start=START, keep=tmp_path)

    result = await simulate(options)

    counts = result.report.counts
    assert result.report.violations == []
    assert result.courses == 16 and result.restarts == 2
    for kind in ("nudge", "escalation", "overview", "case_card"):
        assert counts[f"matched {kind}"] > 0, kind
        assert counts[f"matched {kind}"] == counts[f"expected {kind}"], kind
