"""What a newcomer runs from the README works as written, and start-up faults are one line."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import zipfile
from pathlib import Path

import pytest

from bot import cli
from tests.cli_process import REPO, VENV_BIN, free_port, ki_bot_env, run_ki_bot

APP_ID = "0b0b0b0b-1111-4222-8333-444444444444"
README = (REPO / "README.md").read_text("utf-8")


def _readme_commands() -> list[str]:
    """Every shell command in the README: fenced bash lines and inline code that runs something."""
    fenced = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)
    lines = [line.split("  #")[0].strip() for block in fenced for line in block.splitlines()]
    inline = re.findall(r"`([^`\n]*ki-bot [^`\n]*)`", README)
    return [line for line in lines + inline if line and not line.startswith("#")]


def test_every_ki_bot_command_in_the_readme_names_the_venvs_script():
    bare = [c for c in _readme_commands() if re.search(r"(^|[\s;&|])ki-bot ", c)]

    assert bare == [], f"not on PATH after scripts/setup, write .venv/bin/ki-bot: {bare}"


def test_every_ki_bot_subcommand_in_the_readme_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    subcommands = {
        m.group(1)
        for c in _readme_commands()
        for m in [re.search(r"\.venv/bin/ki-bot ([\w-]+(?: upgrade)?)", c)]
        if m
    }

    # The venv's script runs (one process; starting one costs seconds of CPU) …
    script = run_ki_bot(tmp_path, "--help")
    assert script.returncode == 0, script.stderr
    # … and its parser, the same as that process's, knows every subcommand the README uses.
    for subcommand in sorted(subcommands):
        with pytest.raises(SystemExit) as exit_:
            cli.main([*subcommand.split(), "--help"])
        assert exit_.value.code == 0, (subcommand, capsys.readouterr().err)
        assert f"usage: ki-bot {subcommand}" in capsys.readouterr().out, subcommand
    assert {"serve", "db upgrade", "manifest", "screen"} <= subcommands


def test_the_readmes_migration_commands_work_on_a_fresh_clone_without_data(tmp_path: Path):
    database = tmp_path / "data" / "dev.sqlite3"  # ./data/ does not exist yet
    fenced = re.search(r"## Migrations.*?```bash\n(.*?)```", README, flags=re.DOTALL)
    assert fenced is not None
    upgrade = next(line for line in fenced.group(1).splitlines() if "upgrade head" in line)
    assert upgrade.startswith("DATABASE_URL=sqlite:///data/")

    result = subprocess.run(
        [str(VENV_BIN / "alembic"), "-c", str(REPO / "alembic.ini"), "upgrade", "head"],
        cwd=REPO,
        env=ki_bot_env(DATABASE_URL=f"sqlite:///{database}"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert database.is_file()


@pytest.mark.parametrize("command", [("serve",), ("db", "upgrade")])
def test_an_unreachable_postgresql_is_one_clear_line_and_status_2(tmp_path: Path, command):
    url = f"postgresql://kibot:secret@127.0.0.1:{free_port()}/kibot"

    result = run_ki_bot(tmp_path, *command, DATABASE_URL=url, PORT=str(free_port()))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "database" in line]
    assert "cannot reach the database postgresql+psycopg://kibot:***@127.0.0.1" in line
    assert "secret" not in result.stderr


def test_a_port_in_use_is_one_clear_line_and_status_2(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_ki_bot(tmp_path, "serve", PORT=str(port), HOST="127.0.0.1")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr.splitlines()[-1]
    assert "listening on" not in result.stderr


def test_manifest_needs_only_the_app_id_and_takes_the_developer_urls(tmp_path: Path):
    result = run_ki_bot(
        tmp_path,
        "manifest",
        "--out",
        "dist",
        "--website-url",
        "https://www.regionh.dk/ki-bot",
        MicrosoftAppId=APP_ID,
        MANIFEST_PRIVACY_URL="https://www.regionh.dk/privatliv",
        MANIFEST_TERMS_URL="https://www.regionh.dk/vilkaar",
    )

    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "dist" / "ki-bot-teams-app.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["id"] == APP_ID
    assert manifest["developer"]["websiteUrl"] == "https://www.regionh.dk/ki-bot"
    assert manifest["developer"]["privacyUrl"] == "https://www.regionh.dk/privatliv"
    assert manifest["developer"]["termsOfUseUrl"] == "https://www.regionh.dk/vilkaar"


def test_manifest_with_the_placeholder_urls_warns_that_they_must_be_set(tmp_path: Path):
    result = run_ki_bot(tmp_path, "manifest", "--app-id", APP_ID)

    assert result.returncode == 0, result.stderr
    assert "example.org" in result.stderr and "MANIFEST_WEBSITE_URL" in result.stderr


def test_the_readme_says_to_set_the_manifests_developer_urls_and_documents_host():
    for setting in ("MANIFEST_WEBSITE_URL", "MANIFEST_PRIVACY_URL", "MANIFEST_TERMS_URL", "HOST"):
        assert f"`{setting}`" in README
    example = (REPO / ".env.example").read_text("utf-8")
    assert re.search(r"^HOST=", example, flags=re.MULTILINE)


def _setup_sandbox(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of scripts/setup, pyproject.toml and the Node validators' lock file, with a fake
    python3 and a fake npm that log what they run."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "setup", tmp_path / "scripts" / "setup")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "tests" / "node").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "node" / "package-lock.json", tmp_path / "tests" / "node")
    log = tmp_path / "calls.log"
    fake_bin = tmp_path / "fake-bin"
    fake_bin.mkdir()
    fake_python = (
        "#!/bin/sh\n"
        f'echo "$0 $*" >> {log}\n'
        'if [ "$1 $2" = "-m venv" ]; then\n'
        '  mkdir -p "$3/bin" && cp "$0" "$3/bin/python"\n'
        "fi\n"
    )
    (fake_bin / "python3").write_text(fake_python)
    (fake_bin / "python3").chmod(0o755)
    fake_npm = f'#!/bin/sh\necho "npm $*" >> {log}\nmkdir -p tests/node/node_modules\n'
    (fake_bin / "npm").write_text(fake_npm)
    (fake_bin / "npm").chmod(0o755)
    return fake_bin, log


def _setup(tmp_path: Path, fake_bin: Path, *args: str) -> None:
    subprocess.run(
        [shutil.which("bash") or "/bin/bash", "scripts/setup", *args],
        cwd=tmp_path,
        env={"PATH": f"{fake_bin}:/usr/bin:/bin"},
        check=True,
        timeout=60,
    )


def test_setup_installs_once_and_again_only_when_pyproject_changes(tmp_path: Path):
    fake_bin, log = _setup_sandbox(tmp_path)

    _setup(tmp_path, fake_bin)
    first = log.read_text().count("pip install")
    _setup(tmp_path, fake_bin)
    unchanged = log.read_text().count("pip install")
    with (tmp_path / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# a new dependency\n")
    _setup(tmp_path, fake_bin)
    changed = log.read_text().count("pip install")

    assert first >= 1 and unchanged == first and changed > unchanged


def test_setup_for_development_installs_the_dev_tools_even_after_a_plain_setup(tmp_path: Path):
    fake_bin, log = _setup_sandbox(tmp_path)

    _setup(tmp_path, fake_bin)
    _setup(tmp_path, fake_bin, "dev")
    _setup(tmp_path, fake_bin)  # a dev install serves plain use too

    installs = [line for line in log.read_text().splitlines() if "pip install" in line]
    assert [".[dev]" in line for line in installs if " -e " in line] == [False, True]
    assert [line for line in log.read_text().splitlines() if line.startswith("npm ")] == [
        "npm ci --prefix tests/node --no-audit --no-fund --loglevel=error"
    ]


def test_a_command_prints_its_output_without_alembics_log_unless_asked_with_v(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"

    quiet = run_ki_bot(tmp_path, "directory", "show", DATABASE_URL=url)
    verbose = run_ki_bot(tmp_path, "-v", "directory", "show", DATABASE_URL=url)

    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    assert quiet.stdout.startswith("# KI-bot directory")
    assert verbose.returncode == 0, verbose.stderr
    assert "INFO alembic" in verbose.stderr
