"""One self-contained HTML page beside a Markdown report (`report.html` beside `summary.md`,
`comparison.html` beside `comparison.md`): the same text and tables, the figures embedded as PNG data URIs,
the style inline. No external resource of any kind, so the file can be mailed, archived or opened offline.

The page is made from the report's own Markdown, which sim writes in a small, fixed subset (`markdown.py`):
headings, paragraphs, tables with alignment rows, image lines, `code` and **bold**. This module reads that
subset only; it is not a general Markdown converter.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from sim.experiment.files import atomic_write

STYLE = """
body { font: 15px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; margin: 2em auto;
       max-width: 1250px; padding: 0 1.5em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #0072B2; padding-bottom: .2em; }
h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.08em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .8em 0; font-size: 13px; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d0d0; padding: 3px 7px; vertical-align: top; }
th { background: #eef3f8; }
tr:nth-child(even) td { background: #fafafa; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 12px; background: #f3f3f3; padding: 0 3px; }
figure { margin: 1.2em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption { color: #555; font-size: 13px; }
"""
IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]+)\)\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
CELL_SPLIT = re.compile(r"(?<!\\)\|")


def inline(text: str) -> str:
    """Escape the text, then mark up `code` and **bold**."""
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) >= 2:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
        else:
            escaped = html.escape(part.replace("\\|", "|"))
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped))
    return "".join(out)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in CELL_SPLIT.split(line.strip().strip("|"))]


def _table(lines: list[str]) -> str:
    header = _cells(lines[0])
    rule = _cells(lines[1]) if len(lines) > 1 else []
    right = [r.endswith(":") for r in rule] + [False] * len(header)
    head = "".join(f'<th class="{"r" if right[i] else "l"}">{inline(c)}</th>' for i, c in enumerate(header))
    body = [
        "<tr>"
        + "".join(f'<td class="{"r" if right[i] else "l"}">{inline(c)}</td>' for i, c in enumerate(_cells(row)))
        + "</tr>"
        for row in lines[2:]
    ]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _image(alt: str, src: str, folder: Path) -> str:
    path = folder / src
    if path.suffix.lower() == ".png" and path.is_file():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        img = f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
    else:
        img = f"<p>[figure not found: {html.escape(src)}]</p>"
    return f"<figure>{img}<figcaption>{inline(alt)}</figcaption></figure>"


def page(markdown: str, folder: Path, title: str) -> str:
    """The Markdown report as one HTML page; images are read from `folder` and embedded."""
    blocks: list[str] = []
    paragraph: list[str] = []
    table_lines: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if table_lines:
            blocks.append(_table(table_lines))
            table_lines.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            if paragraph:
                flush()
            table_lines.append(line)
            continue
        if table_lines:
            flush()
        if not line.strip():
            flush()
        elif heading := HEADING.match(line):
            flush()
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
        elif image := IMAGE.match(line):
            flush()
            blocks.append(_image(image.group("alt"), image.group("src"), folder))
        else:
            paragraph.append(line.strip())
    flush()
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(blocks)
        + "\n</body>\n</html>\n"
    )


def write_page(markdown: str, folder: Path, name: str, title: str) -> Path:
    path = Path(folder) / name
    text = page(markdown, Path(folder), title)
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"))
    return path
