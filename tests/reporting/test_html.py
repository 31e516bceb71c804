"""The self-contained HTML report: the Markdown subset sim writes becomes one page with its figures
embedded and nothing fetched from anywhere; headless Chromium renders it to something that is not blank."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from sim.reporting.html import page
from sim.reporting.run_report import write_run

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_the_markdown_subset_becomes_html(tmp_path):
    (tmp_path / "fig.png").write_bytes(PNG_1PX)
    text = "\n".join(
        [
            "# Title <b>",
            "",
            "A paragraph with `code | pipe` and **bold**,",
            "over two lines.",
            "",
            "| name | value |",
            "|---|---:|",
            "| a \\| b | **1,234** |",
            "",
            "![A figure](fig.png)",
            "![Missing](nowhere.png)",
        ]
    )
    html = page(text, tmp_path, "T & T")
    assert "<title>T &amp; T</title>" in html and "<h1>Title &lt;b&gt;</h1>" in html
    assert "<p>A paragraph with <code>code | pipe</code> and <strong>bold</strong>, over two lines.</p>" in html
    assert '<th class="l">name</th><th class="r">value</th>' in html
    assert '<td class="l">a | b</td><td class="r"><strong>1,234</strong></td>' in html
    assert 'src="data:image/png;base64,' + base64.b64encode(PNG_1PX).decode() + '"' in html
    assert "<figcaption>A figure</figcaption>" in html and "[figure not found: nowhere.png]" in html


def _external(html: str) -> list[str]:
    """Every reference the page would fetch: src/href not a data URI or an in-page anchor, CSS url(), @import."""
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    refs = [r for r in refs if not r.startswith(("data:", "#"))]
    return refs + re.findall(r"url\(|@import", html)


def test_the_run_report_is_one_self_contained_page(small_run, tmp_path):
    cfg, results = small_run
    folder = write_run(results, cfg, tmp_path / "run")
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert not _external(html)
    assert html.count("<img ") == html.count('<img src="data:image/png;base64,') >= 7  # every figure, the map too
    for section in ("outcome", "bridgehead", "halt_cause", "Numeric outcomes", "Figures"):
        assert f">{section}</h2>" in html


def _chromium() -> str | None:
    return next((p for p in ("chromium", "chromium-browser", "/usr/bin/chromium") if shutil.which(p)), None)


def test_chromium_renders_the_report_to_a_page_that_is_not_blank(small_run, tmp_path):
    """Installed on Debian by `apt-get install -y chromium`; skipped, with the reason, where it is not."""
    binary = _chromium()
    if binary is None:
        pytest.skip("no chromium binary on PATH (Debian: apt-get install -y chromium)")
    cfg, results = small_run
    folder = write_run(results, cfg, tmp_path / "run")
    shot = tmp_path / "shot.png"
    args = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1200,2000",
        (folder / "report.html").resolve().as_uri(),
    ]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0 and shot.is_file(), proc.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("RGB"), dtype=int)
    assert pixels.shape[:2] == (2000, 1200)
    inked = (pixels.min(axis=2) < 200).mean()  # share of pixels that are not white or near white
    colours = len(np.unique(pixels.reshape(-1, 3)[::7], axis=0))
    heading = (np.abs(pixels - np.array([0x00, 0x72, 0xB2])).sum(axis=2) < 60).sum()  # the title's blue rule
    assert inked > 0.03 and colours > 100 and heading > 500, (inked, colours, heading)
