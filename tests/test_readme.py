"""The README is read on its own (on PyPI, in a fresh clone): it cites nothing outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_cites_no_file_outside_the_repository():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # a relative path that climbs out and names a folder there (`../shared/...`); `../../x` as a hostile value
    # and `.../outcomes.parquet` as an elided path are not citations
    outside = re.findall(r"(?<![.\w/])\.\./[\w-]+/[\w./-]*", text)
    assert not outside, outside


def test_the_readme_says_what_the_analysis_argues_and_when():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "analysis written that week" in text and "north of Lyman" in text
    for future in ("dissuasion", "advance", "unprepared_conscripts"):
        assert f"`{future}`" in text


def test_the_citation_rule_catches_what_it_is_for():
    rule = r"(?<![.\w/])\.\./[\w-]+/[\w./-]*"
    assert re.findall(rule, "see (`../shared/seed/analysis.txt`)") == ["../shared/seed/analysis.txt"]
    assert not re.findall(rule, "`scenario_name=../../x` and `.../outcomes.parquet`")
