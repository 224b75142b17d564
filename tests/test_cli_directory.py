"""`ki-bot directory load|show` and `ki-bot audit`, run as an operator would run them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.cli import main
from domain.privacy import cpr_like_numbers
from tests.cpr_forms import cpr_forms, synthetic_cpr

EXAMPLE = Path(__file__).parents[1] / "directory.example.toml"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def _run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Runs ``ki-bot`` in-process (a subprocess per call would triple the suite's time)."""
    monkeypatch.chdir(tmp_path)  # no .env from the checkout

    def run(database_url: str, *args: str) -> Ran:
        monkeypatch.setenv("DATABASE_URL", database_url)
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run


def test_loading_shows_the_changes_and_loading_again_changes_nothing(_run, database_url: str):
    first = _run(database_url, "directory", "load", str(EXAMPLE))
    second = _run(database_url, "directory", "load", str(EXAMPLE))

    assert first.returncode == 0, first.stderr
    assert "+ organisation pc-amager" in first.stdout and "6 change(s) made" in first.stdout
    assert second.returncode == 0 and "no changes" in second.stdout


def test_show_prints_a_file_that_loads_back_without_changes(_run, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _run(url, "directory", "load", str(EXAMPLE))

    shown = _run(url, "directory", "show")
    (tmp_path / "shown.toml").write_text(shown.stdout, "utf-8")
    again = _run(url, "directory", "load", str(tmp_path / "shown.toml"))

    assert shown.returncode == 0 and "[[organisations]]" in shown.stdout
    assert "no changes" in again.stdout


def test_a_dry_run_shows_the_changes_and_makes_none(_run, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    dry = _run(url, "directory", "load", "--dry-run", str(EXAMPLE))
    shown = _run(url, "directory", "show")

    assert "6 change(s) would be made" in dry.stdout
    assert "[[organisations]]" not in shown.stdout


def test_a_bad_file_names_the_line_at_fault_and_changes_nothing(_run, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _run(url, "directory", "load", str(EXAMPLE))
    bad = tmp_path / "bad.toml"
    bad.write_text(
        EXAMPLE.read_text("utf-8")
        .replace('kind = "region"', 'kind = "county"')
        .replace('roles = ["backup"]', 'roles = ["boss"]'),
        "utf-8",
    )

    result = _run(url, "directory", "load", str(bad))
    shown = _run(url, "directory", "show")

    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{bad}:36: kind must be region or kommune" in result.stderr
    assert f"{bad}:58: role 'boss'" in result.stderr and "nothing was changed" in result.stderr
    assert 'kind = "region"' in shown.stdout


def test_a_missing_file_is_a_clear_error(_run, tmp_path: Path):
    result = _run(f"sqlite:///{tmp_path / 'db.sqlite3'}", "directory", "load", "nope.toml")

    assert result.returncode == 2 and "cannot read nope.toml" in result.stderr


def test_the_audit_log_lists_the_load_and_filters_by_date(_run, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _run(url, "directory", "load", str(EXAMPLE))

    everything = _run(url, "audit")
    future = _run(url, "audit", "--since", "2999-01-01")
    other_case = _run(url, "audit", "--case", "KI-2026-0001")
    bad = _run(url, "audit", "--since", "yesterday")

    assert "directory.loaded" in everything.stdout and "cli" in everything.stdout
    assert future.stdout == "" and other_case.stdout == ""
    assert bad.returncode == 2


def test_an_organisation_outside_the_allowed_tenants_is_warned_about(
    _run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ALLOWED_TENANTS", "11111111-1111-4111-8111-111111111111")

    result = _run(f"sqlite:///{tmp_path / 'db.sqlite3'}", "directory", "load", str(EXAMPLE))

    assert result.returncode == 0
    assert "warning: organisation crb-kbh" in result.stderr
    assert "organisation pc-amager" not in result.stderr


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize("form", ["hyphen-minus", "digits separated by spaces", "keycap digits"])
def test_a_file_with_a_cpr_number_in_a_name_is_refused_naming_the_lines_without_the_number(
    _run, tmp_path: Path, form: str
):
    number = synthetic_cpr(3)
    written = cpr_forms(number)[form]
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _run(url, "directory", "load", str(EXAMPLE))
    before = _run(url, "directory", "show").stdout
    text = EXAMPLE.read_text("utf-8")
    text = text.replace(
        'name = "Center for Rusmiddelbehandling København"', f'name = "CRB {written}"'
    )
    text = text.replace('name = "Anna Andersen"', f'name = "Anna {written}"')
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")

    result = _run(url, "directory", "load", str(bad))

    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert f"bad.toml:{_line_of(text, 'CRB ')}:" in output
    assert f"bad.toml:{_line_of(text, 'Anna ')}:" in output
    assert "CPR" in output and "nothing was changed" in output
    assert number not in cpr_like_numbers(output) and number[:6] not in output
    assert _run(url, "directory", "show").stdout == before


def test_no_command_prints_a_cpr_number_even_one_stored_before_names_were_checked(
    _run, tmp_path: Path
):
    """``directory show`` reads what the database holds; a row written before the names were
    redacted on the way in (or by hand) is still never printed as it is."""
    number = synthetic_cpr(4)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    _run(url, "directory", "load", str(EXAMPLE))
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE directory_people SET name = :name"), {"name": f"Anne {number}"}
        )
    engine.dispose()

    shown = _run(url, "directory", "show")
    audit = _run(url, "audit")

    assert shown.returncode == 0 and "Anne [CPR]" in shown.stdout
    for output in (shown.stdout, shown.stderr, audit.stdout, audit.stderr):
        assert number not in cpr_like_numbers(output) and number[:6] not in output
