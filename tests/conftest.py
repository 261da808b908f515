"""Shared helpers: fixture files, small HTML pages, cleaning a page, running the `minzu` command.

Test modules import them (`from conftest import clean_html`); pytest puts tests/ on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.process import clean
from extractors.records import Article
from pipeline.records import RawPage
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The console script of the venv running the tests, not whatever `minzu` is on PATH.
MINZU = Path(sys.executable).parent / "minzu"

# Three paragraphs of an invented article; the body of most test pages.
LEAD = "10月12日,全州民族团结进步创建工作推进会在州府召开,各县市民族宗教部门负责人参加会议。"
MIDDLE = "会议要求,各地要进一步提高政治站位,扎实推进铸牢中华民族共同体意识工作走深走实。"
LAST = "会议强调,要坚持以铸牢中华民族共同体意识为主线,推动民族团结进步创建工作提质增效。"


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def html_page(body: str, title: str = "全州民族团结进步创建工作推进会召开", head: str = "") -> str:
    """A minimal UTF-8 page around `body`."""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def clean_html(html: str | bytes, url: str | None = None, charset: str | None = None) -> Article:
    """Run the cleaning stage on one HTML page."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    return clean(RawPage(uri="page.html", data=data, kind="html", url=url, charset=charset), Settings())


def clean_text(text: str) -> Article:
    """Run the cleaning stage on one scraped text page."""
    return clean(RawPage(uri="page.txt", data=text.encode("utf-8"), kind="text"), Settings())


def run_minzu(*args: str | Path, unset: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`minzu ARGS` in the repository root, output captured as text; `unset` names environment
    variables the command must not see."""
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [str(MINZU), *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory) -> Path:
    """An output folder of `minzu run` on the bundled corpus (seeds and our articles), derived tables included."""
    out = tmp_path_factory.mktemp("bundled") / "data"
    result = run_minzu("run", ROOT / "corpora" / "seeds", ROOT / "corpora" / "articles", "--out", out, "-q",
                       "--workers", "1")
    assert result.returncode == 0, result.stderr
    return out


def blank(png: bytes) -> bool:
    """Whether a PNG is one flat colour (an empty figure or an unrendered element)."""
    import io

    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(png)).convert("L")
    return ImageStat.Stat(image).stddev[0] < 2.0

