"""Named random streams give common random numbers: the same names draw the same numbers whatever else
exists, and `MeanDraws` (the model with randomness removed) answers every draw the world makes, with the mean."""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from sim.world.streams import MeanDraws, Streams

ROOT = Path(__file__).resolve().parents[2]
WORLD = sorted((ROOT / "sim" / "world").glob("*.py"))
LAWS = sorted((ROOT / "sim" / "laws").glob("*.py"))


def draws(streams: Streams, *names: str, n: int = 8) -> list[float]:
    return streams.get(*names).random(n).tolist()


# ------------------------------------------------------------------------------------ common random numbers
def test_the_same_names_give_the_same_draws():
    """Two worlds with the same seed draw the same numbers in the same sub-model."""
    assert draws(Streams(2022), "combat", "lyman") == draws(Streams(2022), "combat", "lyman")


def test_a_stream_is_created_once_and_then_continues():
    """Asking again for a stream gives the same generator, so its draws go on rather than restart."""
    streams = Streams(2022)
    first = draws(streams, "air")
    assert streams.get("air") is streams.get("air")
    assert draws(streams, "air") != first


def test_a_new_stream_does_not_shift_the_others():
    """Streams created in another order, or a new sub-model or sector, leave every other stream's draws unchanged."""
    names = [("combat", "lyman"), ("manoeuvre", "lyman"), ("isr",), ("strikes",), ("decisions",)]
    plain = Streams(2022)
    reference = {key: draws(plain, *key) for key in names}
    shuffled = Streams(2022)
    shuffled.get("combat", "kupiansk").random(1000)  # a new sector, drawn from heavily first
    shuffled.get("drones").random(10)  # a new sub-model
    for key in reversed(names):
        assert draws(shuffled, *key) == reference[key], key


def test_different_names_and_seeds_differ():
    """Sub-models, sectors and seeds each get their own numbers."""
    base = draws(Streams(2022), "combat", "lyman")
    assert draws(Streams(2022), "combat", "kherson") != base
    assert draws(Streams(2022), "manoeuvre", "lyman") != base
    assert draws(Streams(2022), "combat") != base
    assert draws(Streams(2023), "combat", "lyman") != base


def test_non_stochastic_streams_are_mean_draws():
    """`stochastic=false` hands every sub-model the mean stand-in instead of a generator."""
    streams = Streams(2022, stochastic=False)
    assert isinstance(streams.get("combat", "lyman"), MeanDraws)
    assert streams.get("air") is streams.get("air")


# ------------------------------------------------------------------------ every draw the world makes
@dataclass(frozen=True)
class Draw:
    method: str
    positional: int  # plain positional arguments
    starred: bool  # also `*args` (as in `beta(*beta_params(...))`): the count is not known from the source
    keywords: tuple[str, ...]
    where: str


def _is_stream(node: ast.expr) -> bool:
    """`rng`, `self.combat_rng`, or `world.streams.get(...)` used directly."""
    if isinstance(node, ast.Name):
        return node.id.endswith("rng")
    if isinstance(node, ast.Attribute):
        return node.attr.endswith("rng")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        owner = node.func.value
        return (owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")) == "streams"
    return False


def _draws_in(tree: ast.AST, where: str, is_stream=_is_stream) -> list[Draw]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_stream(node.func.value):
            keywords = tuple(k.arg for k in node.keywords if k.arg)
            plain = [a for a in node.args if not isinstance(a, ast.Starred)]
            starred = len(plain) < len(node.args)
            found.append(Draw(node.func.attr, len(plain), starred, keywords, f"{where}:{node.lineno}"))
    return found


def _law_functions() -> dict[str, tuple[ast.FunctionDef, dict[str, ast.FunctionDef], str]]:
    """Every function of sim/laws by name, with the other functions of its module."""
    table = {}
    for path in LAWS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for name, fn in module.items():
            table[name] = (fn, module, path.name)
    return table


def _draws_through(fn: ast.FunctionDef, module: dict[str, ast.FunctionDef], where: str, seen: set[str]) -> list[Draw]:
    """Draws a law makes on the generator it is handed as `rng`, following it into helpers of its module."""
    if fn.name in seen:
        return []
    seen.add(fn.name)
    found = _draws_in(fn, f"{where}:{fn.name}", lambda node: isinstance(node, ast.Name) and node.id == "rng")
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in module:
            passes = [*node.args, *(k.value for k in node.keywords)]
            if any(isinstance(a, ast.Name) and a.id == "rng" for a in passes):
                found += _draws_through(module[node.func.id], module, where, seen)
    return found


def world_draws() -> list[Draw]:
    """Draw calls on streams in sim/world/*.py, and in the laws the world hands a stream to (`rng=...`)."""
    laws = _law_functions()
    found: list[Draw] = []
    for path in WORLD:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += _draws_in(tree, path.name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in laws and any(k.arg == "rng" and _is_stream(k.value) for k in node.keywords):
                fn, module, where = laws[name]
                found += _draws_through(fn, module, where, set())
    return found


def test_the_scan_finds_the_worlds_draws():
    """The scan sees draws in several sub-models, including the attrition law's gamma draws (a guard on the scan)."""
    found = world_draws()
    methods = {d.method for d in found}
    assert {"gamma", "standard_normal", "exponential", "random"} <= methods
    assert any(d.where.startswith("lanchester.py") for d in found)
    assert len({d.where.split(":")[0] for d in found}) >= 3


@pytest.mark.parametrize("draw", world_draws(), ids=lambda d: f"{d.method}@{d.where}")
def test_mean_draws_answers_every_draw_the_world_makes(draw):
    """With randomness removed each draw of the world still has an answer, taking the same arguments."""
    method = getattr(MeanDraws(), draw.method, None)
    assert method is not None, f"MeanDraws has no {draw.method}() (used at {draw.where})"
    signature = inspect.signature(method)
    bind = signature.bind_partial if draw.starred else signature.bind
    bind(*range(2, 2 + draw.positional), **dict.fromkeys(draw.keywords, 1.0))


def test_mean_draws_are_the_distribution_means_by_hand():
    """Each stand-in returns its distribution's mean: gamma kθ, exponential its scale, beta a/(a+b), binomial np."""
    mean = MeanDraws()
    assert mean.gamma(3.0, 2.0) == 6.0 and mean.gamma(4.0) == 4.0
    assert mean.exponential(7.0) == 7.0 and mean.exponential() == 1.0
    assert mean.beta(0.9, 5.1) == pytest.approx(0.15)
    assert mean.binomial(60, 0.05) == 3
    assert mean.random() == 0.5
    assert mean.standard_normal() == 0.0
    assert np.array_equal(mean.standard_normal(2), np.zeros(2))


@pytest.mark.parametrize(
    ("method", "args"),
    [("gamma", (3.0, 2.0)), ("exponential", (7.0,)), ("beta", (0.9, 5.1)), ("binomial", (60, 0.05)), ("random", ())],
)
def test_mean_draws_match_numpys_own_sample_means(method, args):
    """Against 200,000 draws of numpy's generator (seed 2022) each stand-in is the sample mean, to sampling error."""
    rng = np.random.default_rng(2022)
    sample = getattr(rng, method)(*args, size=200_000)
    standard_error = sample.std() / np.sqrt(sample.size)
    stand_in = getattr(MeanDraws(), method)(*args)
    slack = 0.5 if method == "binomial" else 0.0  # a whole number of losses: the mean rounded
    assert abs(stand_in - sample.mean()) <= slack + 5 * standard_error


def test_mean_standard_normal_matches_in_shape_and_mean():
    """Two standard normals at once (a fight's luck on each side) are two zeros, numpy's mean to sampling error."""
    sample = np.random.default_rng(2022).standard_normal((200_000, 2))
    assert MeanDraws().standard_normal(2).shape == sample[0].shape
    assert np.all(np.abs(sample.mean(axis=0)) <= 5 / np.sqrt(200_000))
