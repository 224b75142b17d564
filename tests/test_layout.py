"""Every dialogs module has a unit test module named after it (issue 17, item 6), so a new module
cannot arrive without its tests on fakes: ``dialogs/<package>/<module>.py`` is tested in
``tests/dialogs/test_<package>_<module>.py``, ``dialogs/<module>.py`` in
``tests/dialogs/test_<module>.py``. And those tests stay fast: on the in-memory fakes, with no
database, harness or HTTP."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIALOGS = ROOT / "dialogs"
TESTS = ROOT / "tests" / "dialogs"


def name_of_tests_for(module: Path) -> str:
    """The name of the test module ``module`` (a path under ``dialogs/``) is tested in."""
    parts = module.relative_to(DIALOGS).with_suffix("").parts
    return f"test_{'_'.join(parts)}.py"


def dialogs_modules() -> list[Path]:
    return sorted(p for p in DIALOGS.rglob("*.py") if p.name != "__init__.py")


def test_the_test_module_of_a_dialogs_module_is_named_after_its_package_and_module():
    assert name_of_tests_for(DIALOGS / "reminders" / "occurrences.py") == (
        "test_reminders_occurrences.py"
    )
    assert name_of_tests_for(DIALOGS / "router.py") == "test_router.py"


def test_every_dialogs_module_has_a_test_module_named_after_it():
    assert len(dialogs_modules()) > 40  # the walk found the package
    missing = [
        str(module.relative_to(ROOT))
        for module in dialogs_modules()
        if not (TESTS / name_of_tests_for(module)).is_file()
    ]
    assert missing == [], (
        f"dialogs modules without tests/dialogs/test_<package>_<module>.py: {missing}"
    )


FORBIDDEN_IN_DIALOG_TESTS = (
    "storage.db",
    "sqlmodel",
    "sqlalchemy",
    "tests.storage",
    "tests.harness",
    "aiohttp",
)


def _imports_and_arguments(path: Path) -> tuple[set[str], set[str]]:
    """The modules ``path`` imports and the argument names of its functions (its fixtures)."""
    imports: set[str] = set()
    arguments: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imports.add(node.module)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments.update(arg.arg for arg in node.args.args)
    return imports, arguments


def test_the_dialogs_unit_tests_run_on_fakes_without_a_database_or_http():
    offending: dict[str, list[str]] = {}
    for path in sorted(TESTS.glob("*.py")):
        imports, arguments = _imports_and_arguments(path)
        found = sorted(
            name
            for name in imports
            if any(name == f or name.startswith(f"{f}.") for f in FORBIDDEN_IN_DIALOG_TESTS)
        ) + sorted({"database", "world", "bot"} & arguments)
        if found:
            offending[path.name] = found
    assert offending == {}
