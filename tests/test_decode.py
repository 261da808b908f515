"""Bytes to text: declared, transported and detected encodings, and bytes that are no page."""

from __future__ import annotations

import pytest

from conftest import fixture_path
from pipeline.clean.decode import decode
from pipeline.records import PageError


def read(name: str) -> bytes:
    return fixture_path(name).read_bytes()


def test_gb2312_label_decodes_gbk_only_characters():
    # 镕 is not in GB2312; a strict gb2312 decoder would fail or drop it.
    decoded = decode(read("decode/gb2312_label_gbk_char.html"))
    assert "朱镕基同志当年在民族地区调研时强调" in decoded.text
    assert "\ufffd" not in decoded.text
    assert decoded.encoding == "gb18030"
    assert decoded.evidence == "meta"


def test_big5_traditional_page_decodes():
    decoded = decode(read("decode/big5_traditional.html"))
    assert "梧州日報訊（記者 梁萍）" in decoded.text
    assert "鑄牢中華民族共同體意識" in decoded.text
    assert decoded.encoding == "big5hkscs"


def test_short_undeclared_big5_is_not_misread_as_shift_jis():
    decoded = decode(read("decode/big5_short_undeclared.txt"), is_html=False)
    assert decoded.text == "民族團結進步示範市創建工作推進會在梧州召開。"
    assert decoded.evidence == "detected"


def test_utf8_with_bom():
    decoded = decode(read("decode/utf8_bom.html"))
    assert decoded.evidence == "bom"
    assert not decoded.text.startswith("\ufeff")
    assert "全州民族团结进步创建工作推进会在州府召开" in decoded.text


def test_utf8_without_any_declaration():
    decoded = decode(read("decode/utf8_undeclared.txt"), is_html=False)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("全州民族团结进步创建工作推进会召开\n10月12日")


def test_http_header_charset_wins_over_the_page_and_detection():
    data = read("decode/gbk_meta_says_big5.html")
    # The page's own (wrong) big5 label yields plausible-looking but wrong Han text ...
    assert "民族团结" not in decode(data).text
    # ... the transport header tells the truth.
    decoded = decode(data, "text/html; charset=GBK")
    assert decoded.evidence == "header"
    assert "民族团结进步示范市创建工作推进会在梧州召开。" in decoded.text


def test_bare_header_label_is_accepted():
    decoded = decode(read("decode/gbk_meta_says_big5.html"), "gbk")
    assert decoded.evidence == "header"
    assert "民族团结进步示范市创建工作推进会在梧州召开。" in decoded.text


@pytest.mark.parametrize(
    "name, error",
    [
        ("bad/undecodable.html", "undecodable"),
        ("bad/document.html", "binary"),
        ("bad/image.txt", "binary"),
        ("bad/empty.html", "empty"),
    ],
)
def test_bytes_that_are_no_page_raise_a_decode_error(name, error):
    with pytest.raises(PageError) as exc:
        decode(read(name))
    assert (exc.value.stage, exc.value.error) == ("decode", error)
    assert exc.value.message


def test_whitespace_only_is_empty():
    with pytest.raises(PageError) as exc:
        decode(b" \r\n\t ")
    assert exc.value.error == "empty"


def test_binary_error_names_the_format():
    with pytest.raises(PageError) as exc:
        decode(read("bad/document.html"))
    assert "PDF" in exc.value.message
