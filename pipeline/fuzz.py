"""Property-based checks of the pure stages, and `minzu fuzz`, which runs them at scale.

Each target pairs Hypothesis strategies with a property that must hold for every
input: decoding, cleaning, the extractors and date reading never fail on anything a
page can hold except with `PageError`, and what they return keeps its promises
(offsets that hold their text, dates that exist). tests/test_properties.py runs the
same targets with a few hundred examples each; `minzu fuzz` with 100,000.

The inputs mix noise (any bytes, any unicode) with Chinese text assembled from the
fragments news is made of (dates, 《》 titles, “” names, officials' titles, regions,
agreement verbs), so the properties are exercised where the rules fire. Region
names, positions, surnames and programs are drawn from the pipeline's own lexicons
and gazetteer, never written here.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from extractors.records import Article
from pipeline.records import PageError, RawPage

# --- strategies ----------------------------------------------------------------------------

# The characters Chinese numerals are written with: 二〇二三, ○八, 二十八.
_CN_DIGITS = "〇零○一二三四五六七八九十"
# Punctuation and glue of news prose, half- and full-width (NFKC folds the latter).
_PUNCT = ["、", ",", "，", "。", ";", ":", "：", "!", "?", "“", "”", "\"", "《", "》", "(", ")", "（", "）",
          "〔", "〕", "[", "]", "【", "】", "·", "-", "—", "~", "至", "到", "\n", " ", "\u3000", "\t", "/", "."]
_WORDS = ["年", "月", "日", "号", "上旬", "中旬", "下旬", "底", "初", "份", "年度", "多年", "年代", "以来",
          "签署", "签订", "签约", "达成", "缔结", "了", "将", "拟", "会上", "随后", "由", "与", "和", "分别",
          "协议", "框架协议", "战略合作协议", "合作协议书", "备忘录", "意向书", "实施方案", "意见", "办法",
          "规划", "通知", "条例", "日报", "计划", "工程", "行动", "活动", "创建", "示范市", "示范州",
          "全国民族团结进步", "出席", "主持", "讲话", "强调", "指出", "同志", "一行", "等", "代表", "负责人",
          "民族团结进步", "铸牢中华民族共同体意识", "会议", "召开", "记者", "通讯员", "编辑", "来源", "本报讯",
          "电", "发布时间", "日期", "作者", "责任编辑", "(完)", "上一篇", "相关新闻", "同志们", "省", "市",
          "州", "县", "区", "旗", "盟", "自治州", "自治县", "人民政府", "党委", "国家民委", "中央", "总书记",
          "十四五", "国办发", "号", "近年来", "网", "?bào)", "(ben)", "(wǎng)", "![](a.jpg)", "本(ben)报"]
# Characters that make names and fill sentences: common Han, and a few traditional ones that
# give OpenCC's t2s work.
_HAN_POOL = "的一是在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领打族团结进步委宗協議簽署臺灣廣東縣"
_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@functools.lru_cache(maxsize=1)
def _lexicon_words() -> dict[str, tuple[str, ...]]:
    """Words the extractors look for, from their own lexicons and gazetteer (sampled, sorted)."""
    from extractors.gazetteer import surfaces
    from extractors.lexicon_files import entries

    regions = sorted({form for form in surfaces()})
    positions = sorted(set(entries("positions.txt")))
    surnames = sorted({w for line in entries("surnames.txt") for w in line.split()})
    programs = sorted({line.split("\t")[0] for line in entries("programs.tsv")})
    # Every 7th region form keeps the pool varied across provinces and levels yet small.
    return {"regions": tuple(regions[::7]), "positions": tuple(positions), "surnames": tuple(surnames),
            "programs": tuple(programs)}


def _number() -> st.SearchStrategy[str]:
    """Numbers as news prints them: 2023, 12, 0, 9999, 二〇二三, 二十八, 十二."""
    return st.one_of(
        st.integers(0, 40).map(str),
        st.integers(1985, 2105).map(str),
        st.integers(0, 99999).map(str),
        st.sampled_from(["02", "29", "30", "31", "13", "00", "0", "1", "2"]),
        st.text(alphabet=_CN_DIGITS, min_size=1, max_size=4),
    )


def _cn_number(n: int) -> str:
    """12 -> 十二, 29 -> 二十九, 10 -> 十, 0 -> 〇: months and days as Chinese numerals."""
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _part(low: int, high: int) -> st.SearchStrategy[str]:
    """A month or day, just inside or outside its range, in Arabic or Chinese numerals (02, 2, 二)."""
    n = st.integers(low, high)
    return st.one_of(n.map(str), n.map(lambda v: f"{v:02d}"), n.map(_cn_number))


def _year() -> st.SearchStrategy[str]:
    """Years as printed, in range or not: 2023, 1989, 2100, 二〇二三, 〇〇〇〇, 九九九九."""
    return st.one_of(st.integers(1895, 2105).map(str),
                     st.text(alphabet="〇零○一二三四五六七八九十", min_size=4, max_size=4))


def _calendar_date() -> st.SearchStrategy[str]:
    """Dates in the shapes news prints them, with impossible days among them: 2023年2月29日,
    2月30日, 2023年2月29日至3月1日, 7月15日—21日, 2016-2020年, 29.02.2023, 2023-02-29."""
    y, m, d = _year(), _part(0, 13), _part(0, 32)
    dash = st.sampled_from(["至", "到", "-", "—", "~", "～", "–"])
    day_mark = st.sampled_from(["日", "号"])
    return st.one_of(
        st.builds(lambda y, m, d, k: f"{y}年{m}月{d}{k}", y, m, d, day_mark),
        st.builds(lambda m, d, k: f"{m}月{d}{k}", m, d, day_mark),
        st.builds(lambda y, m, w: f"{y}年{m}月{w}", y, m, st.sampled_from(["", "中旬", "底", "份", "初"])),
        st.builds(lambda m, w: f"{m}月{w}", m, st.sampled_from(["上旬", "中旬", "下旬", "底", "初", "份"])),
        st.builds(lambda y: f"{y}年", y),
        st.builds(lambda y, m, d, s, m2, d2: f"{y}年{m}月{d}日{s}{m2}月{d2}日", y, m, d, dash, m, d),
        st.builds(lambda m, d, s, d2: f"{m}月{d}日{s}{d2}日", m, d, dash, d),
        st.builds(lambda y1, s, y2: f"{y1}{s}{y2}年", y, dash, y),
        st.builds(lambda y, m, d, s: f"{y}{s}{m}{s}{d}", y, m, d, st.sampled_from(["-", "/", "."])),
        st.builds(lambda d, m, y, s: f"{d}{s}{m}{s}{y}", d, m, y, st.sampled_from(["/", "."])),
        st.builds(lambda y, n: f"〔{y}〕{n}号", y, st.integers(0, 200)),
    )


def _date_fragment() -> st.SearchStrategy[str]:
    """Calendar-looking runs, well formed or not: the shapes above, and numbers and date words in
    any order (2023年年12, 〔2007〕14号, 12.04.2016)."""
    n = _number()
    sep = st.sampled_from(["年", "月", "日", "号", "-", "/", ".", "至", "—", "~", "", " ", "年度", "〔", "〕"])
    return st.one_of(_calendar_date(), st.lists(st.one_of(n, sep), min_size=1, max_size=9).map("".join))


def _cited() -> st.SearchStrategy[str]:
    """Titles in 《》 as printed, spaces and all: 《 关于…的实施方案 》, 《…框架协议》, 《…日报》."""
    kind = st.sampled_from(["实施方案", "意见", "办法", "规划(2021-2025年)", "通知", "条例", "框架协议",
                            "合作协议", "日报", "计划", "报告", "(试行)", ""])
    space = st.sampled_from(["", " ", "  ", "\u3000"])
    return st.builds(lambda a, t, k, b: f"《{a}{t}{k}{b}》", space, st.text(alphabet=_HAN_POOL, max_size=12),
                     kind, space)


@functools.lru_cache(maxsize=1)
def _fragment() -> st.SearchStrategy[str]:
    words = _lexicon_words()
    name = st.builds(lambda s, g: s + g, st.sampled_from(words["surnames"]),
                     st.text(alphabet=_HAN_POOL, min_size=1, max_size=2))
    minority = st.builds(lambda a, b: f"{a}·{b}", st.text(alphabet=_HAN_POOL, min_size=1, max_size=4),
                         st.text(alphabet=_HAN_POOL, min_size=1, max_size=4))
    return st.one_of(
        st.sampled_from(_PUNCT),
        st.sampled_from(_WORDS),
        _cited(),
        st.text(alphabet=_HAN_POOL, min_size=1, max_size=6),
        _date_fragment(),
        st.sampled_from(words["regions"]),
        st.sampled_from(words["positions"]),
        st.sampled_from(words["programs"]),
        name,
        minority,
        st.text(alphabet=_LATIN, min_size=1, max_size=5),
        st.text(max_size=3),  # anything at all, control characters and surrogates' neighbours included
    )


def chinese_text(max_fragments: int = 60) -> st.SearchStrategy[str]:
    """Text built from fragments of Chinese news (see module doc), in any order."""
    return st.lists(_fragment(), max_size=max_fragments).map("".join)


def prose(max_sentences: int = 8) -> st.SearchStrategy[str]:
    """Sentence-like runs ending in 。 so that cleaning finds prose, one per line or run together."""
    sentence = st.builds(lambda a, b: a + b + "。", chinese_text(15),
                         st.text(alphabet=_HAN_POOL, min_size=8, max_size=40))
    return st.lists(st.tuples(sentence, st.sampled_from(["", "\n", "\n\n", " "])), max_size=max_sentences).map(
        lambda parts: "".join(s + sep for s, sep in parts))


def any_text() -> st.SearchStrategy[str]:
    """Noise, news fragments, or prose."""
    return st.one_of(st.text(), chinese_text(), prose())


def markup() -> st.SearchStrategy[str]:
    """Markup-ish strings: tags, attributes, meta dates and scripts around Chinese text, well formed or not."""
    tag = st.sampled_from(["p", "div", "span", "h1", "h2", "title", "script", "style", "a", "br", "img", "table",
                           "td", "tr", "li", "ul", "figure", "figcaption", "article", "body", "html", "head"])
    meta = st.builds(lambda k, v: f'<meta name="{k}" content="{v}">',
                     st.sampled_from(["pubdate", "article:published_time", "publishdate", "date", "og:title",
                                      "datePublished", "charset"]), _date_fragment())
    json_ld = st.builds(lambda v: f'<script type="application/ld+json">{{"datePublished": "{v}"}}</script>',
                        _date_fragment())
    open_tag = st.builds(lambda t, a: f"<{t}{a}>", tag, st.sampled_from(["", ' class="content"', ' id="main"',
                                                                         ' href="/2023/08/26/a.html"', " src=x", ' lang="zh"']))
    close_tag = tag.map(lambda t: f"</{t}>")
    piece = st.one_of(open_tag, close_tag, meta, json_ld, prose(3), chinese_text(10),
                      st.sampled_from(["<!DOCTYPE html>", "<!--", "-->", "&nbsp;", "&#12345;", "&amp;", "<", ">",
                                       '<meta charset="gbk">', "<![CDATA[", "]]>", "<?xml version='1.0'?>"]))
    return st.lists(piece, max_size=40).map("".join)


def header_charsets() -> st.SearchStrategy[str | None]:
    """Transport charset hints as servers send them, right, wrong or garbled."""
    return st.one_of(st.none(), st.text(max_size=20), st.sampled_from([
        "utf-8", "gbk", "gb2312", "GB18030", "big5", "big5-hkscs", "utf-16", "utf-32", "latin-1", "ascii",
        "text/html; charset=utf-8", "text/html; charset=gb2312", 'text/html; charset="big5"', "charset=",
        "x-unknown", "hz-gb-2312", "utf-7", "cp1252", "shift_jis", "euc-jp", "iso-2022-jp", "rot13", "base64",
        "idna", "punycode", "uu", "zlib", "hex", "bz2", "quopri", "mbcs", "undefined", "unicode_escape",
    ]))


def page_bytes() -> st.SearchStrategy[bytes]:
    """Any bytes, or text encoded the ways pages are (with BOMs and lying declarations)."""
    codec = st.sampled_from(["utf-8", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-32", "cp1252",
                             "shift_jis", "euc-kr"])
    encoded = st.builds(lambda t, c: t.encode(c, errors="replace"), st.one_of(any_text(), markup()), codec)
    prefix = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
                              b'<meta charset="gbk">', b'<meta charset="utf-16">', b"<html>", b"\x1f\x8b", b"%PDF"])
    return st.one_of(st.binary(max_size=400), st.builds(lambda p, b, t: p + b + t, prefix, encoded,
                                                        st.binary(max_size=4)))


def publication_dates() -> st.SearchStrategy[dt.date | None]:
    """A publication date anywhere in the calendar, leap days and year ends included, or none."""
    return st.one_of(st.none(), st.dates(), st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))


def article(body: str, published: dt.date | None = None, title: str | None = None) -> Article:
    """An Article whose body is `body` as given, for running the extractors on it."""
    return Article(article_id="fuzz", uri="fuzz.txt", title=title, published=published, source=None, bylines=[],
                   script="simplified", truncated=False, body=body, body_original=body, content_sha1="",
                   input_sha1="", encoding="utf-8", extractor="text")


# --- properties ----------------------------------------------------------------------------

def check_decode(data: bytes, header: str | None, is_html: bool) -> None:
    """decode() returns text or raises PageError, on any bytes and any header."""
    from pipeline.clean.decode import decode

    try:
        decoded = decode(data, header, is_html=is_html)
    except PageError:
        return
    assert isinstance(decoded.text, str), f"decode returned {type(decoded.text).__name__}, not text"


def _check_clean(raw: RawPage, source_text: str | None) -> None:
    from pipeline.clean.normalize import normalize_text, to_simplified
    from pipeline.process import clean
    from pipeline.settings import Settings

    try:
        art = clean(raw, Settings())
    except PageError:
        return
    assert isinstance(art.body, str) and isinstance(art.body_original, str)
    lines, original = art.body.split("\n"), art.body_original.split("\n")
    assert len(lines) == len(original), f"body has {len(lines)} lines, body_original {len(original)}"
    for line in lines + original:
        assert line and line == line.strip(), f"blank or unstripped body line: {line!r}"
    if source_text is not None:
        # Cleaning only cuts: every character of the body was in the normalised input (as published
        # for body_original, simplified for body).
        normal = normalize_text(source_text)
        extra = set(art.body_original) - set("".join(normal)) - {"\n"}
        assert not extra, f"body_original holds characters not in the input: {sorted(extra)}"
        extra = set(art.body) - set("".join(to_simplified(line) for line in normal)) - {"\n"}
        assert not extra, f"body holds characters not in the simplified input: {sorted(extra)}"


def check_clean_text(text: str) -> None:
    """A text page cleans to an article whose body only cuts the input, or raises PageError."""
    _check_clean(RawPage(uri="fuzz.txt", data=text.encode("utf-8"), kind="text"), text)


def check_clean_html(html: str) -> None:
    """An HTML page cleans to an article with matching body forms, or raises PageError."""
    _check_clean(RawPage(uri="fuzz.html", data=html.encode("utf-8"), kind="html"), None)


def _unquote(s: str) -> str:
    return re.sub(r"[《》“”\"]", "", s)


def check_extractors(body: str, published: dt.date | None, title: str | None,
                     enabled: tuple[str, ...] | None = None) -> None:
    """run_all (of the `enabled` extractors, all by default) never raises, and every row's offsets
    hold the text it reports."""
    from extractors import run_all

    out = run_all(article(body, published, title), enabled)
    spans = []
    for row in out.dates:
        spans.append(("dates", row, row.text, body[row.start:row.end]))
    for row in out.regions:
        spans.append(("regions", row, row.surface, body[row.start:row.end]))
    for row in out.officials:
        spans.append(("officials", row, row.name, body[row.start:row.end]))
    for row in out.documents:
        spans.append(("documents", row, row.title, body[row.start:row.end]))
    for row in out.programs:
        # A program is named without the quotes it is printed with (“民族团结”进步行动).
        spans.append(("programs", row, row.name, re.sub(r"[“”\"]", "", body[row.start:row.end])))
    for row in out.agreements:
        # An agreement's title drops 《》 and quotes, and a verb's 了/实施 caught before it.
        held = re.sub(r"^\s*(?:了|实施)?\s*", "", _unquote(body[row.start:row.end]))
        spans.append(("agreements", row, row.title, held))
    for table, row, text, held in spans:
        assert 0 <= row.start <= row.end <= len(body), f"{table}: offsets outside the body: {row}"
        assert text, f"{table}: empty text: {row}"
        assert held == text, f"{table}: body[{row.start}:{row.end}] is {held!r}, the row says {text!r}"


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
_MONTH_ONLY = re.compile(r"^--(\d{2})$")


def iso_partial(value: str) -> tuple[str, tuple[int, ...]]:
    """The precision of an ISO 8601 partial date and its sort key; AssertionError when impossible."""
    if m := _ISO_DAY.match(value):
        date = dt.date(int(m[1]), int(m[2]), int(m[3]))  # ValueError: no such day
        return "day", (date.year, date.month, date.day)
    if m := _ISO_MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        assert year >= 1 and 1 <= month <= 12, f"no such year or month: {value}"
        return "month", (year, month)
    if m := _ISO_YEAR.match(value):
        assert int(m[1]) >= 1, f"no such year: {value}"
        return "year", (int(m[1]),)
    if m := _MONTH_DAY.match(value):
        dt.date(2000, int(m[1]), int(m[2]))  # a leap year: --02-29 exists
        return "monthday", (int(m[1]), int(m[2]))
    if m := _MONTH_ONLY.match(value):
        assert 1 <= int(m[1]) <= 12, f"no such month: {value}"
        return "monthonly", (int(m[1]),)
    raise AssertionError(f"not an ISO 8601 partial date: {value!r}")


_KIND_OF = {"day": "day", "monthday": "day", "month": "month", "monthonly": "month", "year": "year"}


def check_date_values(body: str, published: dt.date | None) -> None:
    """Every date the dates extractor returns exists, its kind matches its precision, and a span
    runs forward."""
    from extractors import dates
    from extractors.analysis import analyse

    for row in dates.extract(analyse(article(body, published))):
        try:
            if "/" in row.value:
                a, b = row.value.split("/")
                (pa, ka), (pb, kb) = iso_partial(a), iso_partial(b)
                assert pa == pb, f"a span of two precisions: {row.value}"
                # Without a year a span may cross the new year (--12-28/--01-03); with one it runs forward.
                assert ka <= kb or pa in ("monthday", "monthonly"), f"a span that runs backwards: {row.value}"
                assert row.kind == "span", f"a span of kind {row.kind}: {row.value}"
            else:
                precision, _ = iso_partial(row.value)
                assert row.kind == _KIND_OF[precision], f"{row.value} is of kind {row.kind}"
        except ValueError as exc:
            raise AssertionError(f"impossible date ({exc}) {row.value!r} from {row.text!r}") from None


def check_metadata_dates(text: str, lead: str) -> None:
    """DateReader and find_date never raise and never return a date outside 1990-2099."""
    from pipeline.clean.metadata import DateReader, find_date, url_date

    reader = DateReader.for_page(text.split("\n"), lead)
    found = [d for d, _, _ in reader.dates(text)] + [find_date(text), reader.first(text), url_date(text)]
    for date in found:
        if date is not None:
            assert isinstance(date, dt.date) and 1990 <= date.year <= 2099, f"date out of bounds: {date}"


# --- targets and the runner ----------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    name: str
    check: Callable[..., None]
    strategies: Callable[[], tuple[st.SearchStrategy, ...]]  # built on demand: they read the lexicons


def targets() -> dict[str, Target]:
    """The fuzz targets by name, in the order `minzu fuzz` runs them."""
    found = [
        Target("decode", check_decode, lambda: (page_bytes(), header_charsets(), st.booleans())),
        Target("clean-text", check_clean_text, lambda: (any_text(),)),
        Target("clean-html", check_clean_html, lambda: (markup(),)),
        Target("extractors", check_extractors, lambda: (any_text(), publication_dates(),
                                                        st.one_of(st.none(), chinese_text(8)))),
        Target("date-values", check_date_values, lambda: (st.one_of(chinese_text(), prose()),
                                                          publication_dates())),
        Target("metadata-dates", check_metadata_dates, lambda: (st.one_of(st.text(), chinese_text()),
                                                                chinese_text(10))),
    ]
    return {t.name: t for t in found}


@dataclass
class Outcome:
    name: str
    tried: int  # generated inputs the property was checked on (shrinking steps not counted)
    failed: int  # of those, how many broke it
    seconds: float
    example: str | None  # the first failing input, shrunk, as Hypothesis reports it
    # Failures by kind (exception and the start of its message) -> (count, the shortest input seen)
    kinds: dict[str, tuple[int, str]] = field(default_factory=dict)


# Where a failure's message stops naming its kind: its first quote, digit or colon.
_KIND_END = re.compile(r"[:'\"\d]")


def _kind(exc: Exception) -> str:
    """What sort of failure: the exception and its message up to the first quote, digit or colon."""
    return f"{type(exc).__name__}: {_KIND_END.split(str(exc), maxsplit=1)[0].strip()}".rstrip(": ")


def _hypothesis_run(target: Target, examples: int, seed: int | None, prop: Callable, shrink: bool) -> None:
    prop.__name__ = target.name.replace("-", "_")  # Hypothesis names the failing call after it
    test = settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                    phases=(Phase.generate, Phase.shrink) if shrink else (Phase.generate,),
                    report_multiple_bugs=False, print_blob=False)(given(st.tuples(*target.strategies()))(prop))
    if seed is not None:
        from hypothesis import seed as seed_decorator

        test = seed_decorator(seed)(test)
    test()


def run_target(target: Target, examples: int, seed: int | None = None, progress: int = 10_000) -> Outcome:
    """Check one target on `examples` generated inputs, printing a line every `progress` inputs.

    Hypothesis stops at the first failure and shrinks it; the run then goes on to the full
    count without stopping, so that the figure says how often the property fails, not only
    that it does."""
    counts = {"tried": 0, "failed": 0, "shrinking": False}
    kinds: dict[str, tuple[int, str]] = {}
    started = time.perf_counter()

    def checked(args, raise_failure: bool) -> None:
        if counts["shrinking"]:  # Hypothesis trying smaller versions of a failure: not new inputs
            target.check(*args)
            return
        counts["tried"] += 1
        if progress and counts["tried"] % progress == 0:
            print(f"  {target.name}: {counts['tried']:,} inputs, {counts['failed']:,} failed, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
        try:
            target.check(*args)
        except Exception as exc:
            counts["failed"] += 1
            kind, shown = _kind(exc), repr(args)[:300]
            count, shortest = kinds.get(kind, (0, shown))
            kinds[kind] = (count + 1, min(shortest, shown, key=len))
            if raise_failure:
                counts["shrinking"] = True
                raise

    example = None
    try:
        _hypothesis_run(target, examples, seed, lambda args: checked(args, True), shrink=True)
    except Exception as exc:
        notes = "\n".join(getattr(exc, "__notes__", []))
        example = f"{notes}\n{type(exc).__name__}: {str(exc)[:500]}".strip()
        counts["shrinking"] = False
        if progress:  # shown at once: the rest of a long run may be cut short
            print(f"  {target.name}: first failure after {counts['tried']:,} inputs, shrunk:\n"
                  + "\n".join("    " + line for line in example.splitlines()), flush=True)
        rest = examples - counts["tried"]
        if rest > 0:
            _hypothesis_run(target, rest, seed, lambda args: checked(args, False), shrink=False)
    return Outcome(target.name, counts["tried"], counts["failed"], time.perf_counter() - started, example, kinds)


def _report(outcome: Outcome) -> bool:
    """Print a target's figures (and its failures); True when it failed."""
    verdict = "ok" if outcome.example is None else "FAILED"
    print(f"{outcome.name:15s} {outcome.tried:>9,} inputs tried  {outcome.failed:>6,} failed  "
          f"{outcome.seconds:8.1f} s  {verdict}")
    if outcome.example:
        print("  first failing input (shrunk):")
        print("\n".join("    " + line for line in outcome.example.splitlines()))
        print("  failures by kind (count, shortest input):")
        for kind, (count, shortest) in sorted(outcome.kinds.items(), key=lambda k: -k[1][0]):
            print(f"    {count:>7,}  {kind}  {shortest}")
    sys.stdout.flush()
    return outcome.example is not None


def main(examples: int, names: list[str] | None = None, seed: int | None = None) -> int:
    """`minzu fuzz`: run each target, print inputs tried and failed; 1 when any property failed."""
    available = targets()
    unknown = [n for n in names or [] if n not in available]
    if unknown:
        print(f"unknown target(s): {', '.join(unknown)}; choose from {', '.join(available)}")
        return 2
    # readability and trafilatura log a traceback for every page they give up on; the pipeline
    # handles those, and at 100,000 inputs the logs would bury the figures.
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        failed = sum(_report(run_target(available[name], examples, seed, progress=max(examples // 10, 1000)))
                     for name in names or list(available))
    finally:
        logging.disable(previous)
    return 1 if failed else 0
