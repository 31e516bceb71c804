"""The layout is the architecture: no import cycles, and each layer imports only the layers below it.

laws (pure functions of numbers) < world (SimPy processes) < experiment (replication, executors,
storage) < reporting, the exploration of the assumptions (`sim.explore`: designs over a config's parameters,
their analysis and report) < the calibration against the record (`sim.calibration`, built on the exploration)
and the CLI. `sim.outcomes` and `sim.version` are leaves anyone may import, and
the config schema is data every layer reads.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sim"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def module_level_imports(path: Path, known: set[str]) -> set[str]:
    """The sim modules a file imports when it is loaded (not in functions, not under TYPE_CHECKING)."""
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if _is_type_checking(node):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in known)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module in known:
                    found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in known)
            elif isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: module_level_imports(path, set(mods)) - {name} for name, path in mods.items()}


def test_no_import_cycle_in_sim():
    """A topological order of the module-level imports exists."""
    try:
        order = list(TopologicalSorter(import_graph()).static_order())
    except CycleError as err:
        pytest.fail(f"import cycle: {' -> '.join(err.args[1])}")
    assert "sim.world.kernel" in order


LAYERS = {  # a module of the key's layer may not import, at module level, a module of these
    "sim.laws": ("sim.world", "sim.experiment", "sim.reporting", "sim.cli", "sim.config", "sim.validation"),
    "sim.config": ("sim.world", "sim.experiment", "sim.reporting", "sim.cli", "sim.validation"),
    "sim.world": ("sim.experiment", "sim.reporting", "sim.cli", "sim.validation"),
    "sim.experiment": ("sim.cli", "sim.validation", "sim.explore", "sim.calibration"),
    "sim.explore": ("sim.cli", "sim.validation", "sim.calibration"),
    "sim.calibration": ("sim.cli", "sim.validation"),
}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_the_layers_below(layer):
    wrong = []
    for module, imports in import_graph().items():
        if module == layer or module.startswith(layer + "."):
            wrong += [f"{module} imports {i}" for i in imports if i.startswith(LAYERS[layer])]
    assert not wrong, wrong


def test_the_experiment_layer_sees_only_the_campaign_interface_of_the_world():
    """Replication needs `simulate(cfg, seed)`; the world's internals stay the world's."""
    reaching = [
        f"{module} imports {i}"
        for module, imports in import_graph().items()
        if module.startswith(("sim.experiment", "sim.reporting", "sim.explore", "sim.calibration"))
        for i in imports
        if i.startswith("sim.world") and i != "sim.world.campaign"
    ]
    assert not reaching, reaching


def test_every_module_imports_alone():
    """Each module, imported first in a clean sim namespace, loads (a cycle would leave one half-initialised)."""
    names = sorted(n for n in modules() if n not in ("sim.__main__",))
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'sim' or m.startswith('sim.')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]
