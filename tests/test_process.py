"""`process` and `clean` on one page: errors become records, never exceptions."""

from __future__ import annotations

import pytest

from conftest import LAST, LEAD, MIDDLE, clean_html, fixture_path, html_page, paragraphs
from pipeline import process as process_module
from pipeline.process import clean, process
from pipeline.records import article_id
from pipeline.records import PageError, RawPage
from pipeline.settings import Settings

PAGE = html_page(paragraphs(LEAD, MIDDLE, LAST)).encode("utf-8")


def test_process_returns_an_article_with_its_rows():
    result = process(RawPage(uri="a.html", data=PAGE, kind="html"), Settings())
    assert result.error is None
    body = result.article.body
    assert body == "\n".join([LEAD, MIDDLE, LAST])
    rows = result.extraction
    # LEAD opens with 10月12日 and the page prints no year: one partial date, at the start.
    assert [(d.text, d.value, d.start, d.end) for d in rows.dates] == [("10月12日", "--10-12", 0, 6)]
    # 民族团结进步创建 is a program of the lexicon, written in LEAD (and LAST).
    assert "民族团结进步创建" in {p.canonical for p in rows.programs}
    # 全州 names no division, and nobody is named: no region, no official.
    assert rows.regions == [] and rows.officials == [] and rows.agreements == []
    for row in [*rows.dates, *rows.programs]:
        assert row.article_id == result.article.article_id
        assert body[row.start:row.end] == (row.text if hasattr(row, "text") else row.name)


def test_oversized_page_is_refused_before_decoding():
    # WARC records reach `clean` without the file-size check of the files source.
    with pytest.raises(PageError) as exc:
        clean(RawPage(uri="a.html", data=PAGE, kind="html"), Settings(max_page_bytes=100))
    assert (exc.value.stage, exc.value.error) == ("read", "too_large")


def test_page_error_becomes_an_error_row():
    result = process(RawPage(uri="empty.html", data=b"", kind="html"), Settings())
    assert result.article is None
    assert (result.error.uri, result.error.stage, result.error.error) == ("empty.html", "decode", "empty")


def test_unexpected_failure_becomes_an_error_row(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("library failure")

    monkeypatch.setattr(process_module, "decode", broken)
    result = process(RawPage(uri="a.html", data=PAGE, kind="html"), Settings())
    assert (result.error.stage, result.error.error, result.error.message) == ("clean", "RuntimeError", "library failure")


def test_html_cut_inside_its_first_tag_is_malformed():
    with pytest.raises(PageError) as exc:
        clean_html(b"<html")
    assert (exc.value.stage, exc.value.error) == ("clean", "malformed_html")


def test_html_cut_in_a_tag_after_the_text_is_still_an_article():
    article = clean_html(fixture_path("good/cut_after_text.html").read_bytes())
    assert article.body.endswith(LAST)


def test_text_file_holding_html_is_read_as_html():
    article = clean(RawPage(uri="saved.txt", data=PAGE, kind="text"), Settings())
    assert article.extractor != "text"
    assert "<p>" not in article.body


def test_text_without_prose_has_no_main_text():
    with pytest.raises(PageError) as exc:
        clean(RawPage(uri="menu.txt", data="首页\n新闻中心\n工作动态\n联系我们".encode("utf-8"), kind="text"), Settings())
    assert (exc.value.stage, exc.value.error) == ("clean", "no_main_text")


def test_article_id_follows_the_url_when_known():
    a = RawPage(uri="x.warc", data=b"", kind="html", url="http://example.cn/a.html")
    b = RawPage(uri="y.warc", data=b"", kind="html", url="http://example.cn/a.html")
    c = RawPage(uri="x.warc", data=b"", kind="html", url="http://example.cn/b.html")
    assert article_id(a) == article_id(b) != article_id(c)
    assert len(article_id(a)) == 16


def test_hashes_and_encoding_are_recorded():
    article = clean_html(fixture_path("decode/gb2312_label_gbk_char.html").read_bytes())
    assert article.encoding == "gb18030"
    assert len(article.content_sha1) == len(article.input_sha1) == 40
    assert article.content_sha1 != article.input_sha1
