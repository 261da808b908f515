"""Which extractor's body an HTML page keeps, and when the second extractor is asked at all.

trafilatura is asked only when readability's body leaves it a chance to win: when that
body scores less than two thirds of the page's prose. Skipping it must never change
the body a page gets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LAST, LEAD, MIDDLE, html_page, paragraphs
from pipeline.clean import html as html_clean
from pipeline.clean.decode import decode

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PAGES = sorted((ROOT / "corpora").glob("*/*.html")) + sorted((ROOT / "corpora").glob("heldout/pages/*.html"))


@pytest.fixture
def trafilatura_calls(monkeypatch) -> list[str]:
    """Records each call of trafilatura, which still runs."""
    calls: list[str] = []
    real = html_clean._trafilatura

    def spy(html: str, url: str | None) -> str:
        calls.append(html)
        return real(html, url)

    monkeypatch.setattr(html_clean, "_trafilatura", spy)
    return calls


def test_an_article_that_is_the_page_needs_only_readability(trafilatura_calls):
    page = html_clean.extract(html_page(f'<div class="article">{paragraphs(LEAD, MIDDLE, LAST)}</div>'))
    assert page.extractor == "readability"
    assert trafilatura_calls == []


def test_a_page_whose_prose_lies_outside_readabilitys_block_asks_trafilatura(trafilatura_calls):
    # w05: a 专题 page whose long article sits in a layout readability mistakes for a sidebar.
    html = decode((ROOT / "corpora/articles/w05_akesai_zhuanti_changpian.html").read_bytes(), None, is_html=True).text
    page = html_clean.extract(html)
    assert len(trafilatura_calls) == 1
    assert page.extractor == "trafilatura"


@pytest.mark.parametrize("path", CORPUS_PAGES, ids=lambda p: p.name)
def test_skipping_trafilatura_never_changes_a_corpus_pages_body(path, monkeypatch):
    html = decode(path.read_bytes(), None, is_html=True).text  # many are GBK, as their sites serve them
    skipped = html_clean.extract(html)
    monkeypatch.setattr(html_clean, "_holds_the_page", lambda first, page_lines: False)
    both = html_clean.extract(html)
    assert (skipped.extractor, [line.orig for line in skipped.segmented.body]) == (
        both.extractor, [line.orig for line in both.segmented.body])
