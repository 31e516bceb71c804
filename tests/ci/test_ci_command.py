"""CI runs the README's test command character for character, and that command holds the project's habits:
lint, format, types, and the tests with a coverage floor."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The lines of the README's first code block: the set-up commands a user pastes."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.DOTALL)
    assert block, "the README must open with a bash block of set-up commands"
    return [line for line in block.group(1).splitlines() if line.strip()]


def ci_commands() -> list[str]:
    """What .ci/run executes: its lines that are neither comments nor shell set-up."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    setup = ("#", "set ", "cd ")
    return [line for line in lines if line.strip() and not line.startswith(setup)]


def test_ci_runs_the_readme_test_command_verbatim():
    """The second set-up command of the README is exactly what CI runs, and nothing else is."""
    assert ci_commands() == [readme_commands()[1]]


def test_the_test_command_lints_checks_types_and_covers():
    """The test command installs the test extra, then ruff, ruff format, mypy and pytest with a floor of 85% or more."""
    steps = [shlex.split(step) for step in readme_commands()[1].split("&&")]
    assert steps[0] == ["python", "-m", "pip", "install", "-e", ".[test]"]
    assert ["python", "-m", "ruff", "check"] in steps
    assert ["python", "-m", "ruff", "format", "--check"] in steps
    assert ["python", "-m", "mypy", "sim"] in steps
    pytest_step = steps[-1]
    assert pytest_step[:3] == ["python", "-m", "pytest"]
    assert "--cov=sim" in pytest_step
    floors = [int(arg.split("=", 1)[1]) for arg in pytest_step if arg.startswith("--cov-fail-under=")]
    assert len(floors) == 1 and floors[0] >= 85


def test_tools_are_pinned_in_the_test_extra_and_coverage_stays_off_addopts():
    """ruff and mypy are pinned in `test` (a new release cannot turn CI red); a targeted run has no floor."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = project["project"]["optional-dependencies"]["test"]
    names = {re.split(r"[<>=~!\[ ]", req, maxsplit=1)[0]: req for req in test_extra}
    assert {"pytest", "hypothesis", "pytest-xdist", "pytest-cov", "ruff", "mypy"} <= set(names)
    assert re.fullmatch(r"ruff(==|~=)[\d.]+", names["ruff"])
    assert re.fullmatch(r"mypy(==|~=)[\d.]+", names["mypy"])
    assert "--cov" not in project["tool"]["pytest"]["ini_options"]["addopts"]
