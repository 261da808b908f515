"""People named with a public position, from the formulas of official news.

  * 职务+姓名: 州委副书记、州人民政府州长李文华 (titles carried across 、);
  * shared titles: 市领导陆海波、覃春明、莫志远 (each name gets the title);
  * 姓名+职务 for the top national posts: 习近平总书记; and 姓名(职务): 张三(州委副书记).
A name is where the title ends and a surname begins (or a minority name with ·),
and it ends where the formula continues (、, 出席, 主持, 致辞…). Jurisdiction comes
from the first title: its leading region (楚雄州委… -> 532300), a national organ
(国家民委… -> 100000), or a bare 市/州/县/省 resolved to the article's home region.
Bylines are never officials; a name without a position is never reported.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from extractors import regions as regions_mod
from extractors.analysis import Analysis
from extractors.lexicon_files import entries
from pipeline.records import OfficialRow, RegionRow

VERSION = "1"

# What may follow a name in the formula: punctuation, or the verb of the sentence. Words of
# two or more characters (and 在, 等) are unmistakable; a single-character word (和, 对, 说)
# may as well be the name's last character (田景和介绍), so it counts only when nothing
# unmistakable fits.
_CONTINUATIONS = (
    "出席 主持 讲话 表示 指出 强调 致辞 参加 同志 一行 代表 陪同 介绍 会见 调研 宣布 发表 寄语 颁发 提出 要求 "
    "希望 一同 分别 先后 共同 进行 察看 考察 看望 慰问 参观 走访 深入 指导 部署 听取 回答 接受 前往 莅临 亲切 "
    "带队 会同 首先 随后 最后 充分 高度 详细 逐一 认真 围绕 结合 传达 通报 宣读 解读 汇报 作了 认为 透露 坦言 "
    "告诉 主讲 授课 上台 揭牌 亲自 通过 当选 出任 牵头 领衔 发言 交流 点评 总结 笑着 带领 率领 率团 率队 在 等"
).split()
_WEAK = "对向和与及为作率带说也就到赴来还则答称签共任兼以从把将已曾于讲致"
_STRONG_AFTER = re.compile(r"^(?:[、,。;:!?()\s“”]|$|" + "|".join(_CONTINUATIONS) + ")")
_AFTER_NAME = re.compile(r"^(?:[、,。;:!?()\s“”]|$|" + "|".join(_CONTINUATIONS) + f"|[{_WEAK}])")
# A transliterated name may end in what reads as a verb's first character (阿不来提出席 is
# 阿不来提 + 出席, not 阿不来 + 提出): after one, only the commonest continuations count first.
_AFTER_TRANSLITERATION = re.compile(r"^(?:[、,。;:!?()\s“”]|$|出席|主持|讲话|表示|指出|强调|致辞|参加|一行|同志|等|在|介绍|宣读|作了|通报)")
# Characters that end a title on the left: punctuation, and the verbs that introduce one.
_TITLE_LEFT = re.compile(
    r"(?:[,。;:!?()、“”\s]|由|邀请|陪同|会见|看望|慰问|带领|率领|在|向|对|是|为|请|据|听取|出席|参加|了|的|有|"
    r"会上|会议|期间|同时|此外|并|还|以及|及|其中|包括|分别是|主持|讲话|指出|强调|致辞|随后|最后|首先)$"
)
_NATIONAL_PREFIX = re.compile(r"^(?:国家|中央|全国|国务院|最高人民|中共中央|中国共产党中央)")
_NATIONAL_POST = re.compile(r"^(?:总书记|国家主席|总理|副总理|国务委员|委员长|副委员长)$")
# A bare level word at the start of a title refers to the article's own division: 市委书记, 州人民政府州长.
_RELATIVE = re.compile(r"^(?:自治区|自治州|自治县|省|市|州|县|区|旗|盟|地委|行署|地区)")
# Posts of schools and universities belong to no division's organs (FORMAT: jurisdiction null).
_SCHOOL = re.compile(r"大学|学院|学校|中学|小学|研究院|研究所")
_MAX_TITLE = 40


@functools.lru_cache(maxsize=1)
def _positions() -> tuple[str, ...]:
    return tuple(sorted(set(entries("positions.txt")), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _position_re() -> re.Pattern:
    # 委员会, 主席团, 书记处: the position word is part of an organ's name there.
    return re.compile("(?:" + "|".join(re.escape(w) for w in _positions()) + ")(?![会团处])")


@functools.lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = {w for line in entries("surnames.txt") for w in line.split()}
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


_MINORITY = re.compile(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,10})+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def parse_name(text: str, pos: int, need_surname: bool = True) -> str | None:
    """The personal name starting at `pos`, when the text after it continues the formula."""
    m = _MINORITY.match(text, pos)
    if m and not _position_re().search(m.group()):
        # The part after the last · runs on into the verb (阿不来提出席): take the shortest
        # ending at which the formula continues, unmistakably if possible.
        ends = range(pos + m.group().rindex("·") + 3, m.end() + 1)
        for after in (_AFTER_TRANSLITERATION, _AFTER_NAME):
            for end in ends:
                if after.match(text[end:end + 4]):
                    return text[pos:end]
    single, double = _surnames()
    compound = text[pos:pos + 2] in double
    if need_surname and not compound and text[pos:pos + 1] not in single:
        return None
    lengths = (3, 4) if compound else (2, 3)
    candidates = [text[pos:pos + n] for n in lengths]
    candidates = [c for c in candidates if len(c) > 1 and all(_HAN.match(ch) for ch in c) and not _position_re().search(c)]
    for after in (_STRONG_AFTER, _AFTER_NAME):
        for name in candidates:
            # 朗杰说, : a speech verb before a pause ends the clause, not the name.
            if after is _STRONG_AFTER and name[-1] in "说讲答称" and len(name) > 2:
                continue
            if after.match(text[pos + len(name):pos + len(name) + 4]):
                return name
    # Four characters without a compound surname (乌兰图雅, 巴图孟克): only before an unmistakable end.
    name = text[pos:pos + 4]
    if len(name) == 4 and all(_HAN.match(c) for c in name) and _STRONG_AFTER.match(text[pos + 4:pos + 8]):
        if not _position_re().search(name):
            return name
    return None


@dataclass
class _Found:
    name: str
    titles: list[str]
    title_start: int  # where the first title starts (for jurisdiction)
    start: int
    end: int


def _title_before(body: str, end: int) -> int:
    """Where the title ending at `end` starts: after punctuation or an introducing verb."""
    start = end
    while start > 0 and end - start < _MAX_TITLE and not _TITLE_LEFT.search(body[max(0, start - 4):start]):
        start -= 1
    return start


def _earlier_titles(body: str, start: int) -> tuple[list[str], int]:
    """Titles carried before `start` across 、 and , (楚雄州委副书记、州人民政府州长;
    自治州党委常委、统战部部长,自治州民宗委党组书记司马云峰): ([titles], new start)."""
    titles: list[str] = []
    while start > 0 and body[start - 1] in "、,":
        prev_end = start - 1
        prev_start = _title_before(body, prev_end)
        chunk = body[prev_start:prev_end]
        if not chunk or not chunk.endswith(_positions()) or parse_name(body, prev_start) and not _position_re().match(chunk):
            break
        titles.insert(0, chunk)
        start = prev_start
    return titles, start


_APPOINTMENT = re.compile(
    r"(?:(?<=[:;,。、\s])|(?<=免去))(?P<name>[\u4e00-\u9fff]{2,4}?)同志(?:任|担任|为|的)(?P<titles>[^;,。:]{2,40}?)(?:职务|[;,。]|$)"
)


def _mentions(body: str) -> list[_Found]:
    found: list[_Found] = []
    for m in _position_re().finditer(body):
        end = m.end()
        name = parse_name(body, end)
        if not name:
            continue
        start = _title_before(body, m.start())
        title = body[start:end]
        # 领导 is a title only as a level's leadership (市领导, 州领导), not 统战部领导多次….
        if not title or m.group() == "领导" and (start == m.start() or re.search(r"[委部局厅办院校处]", title)):
            continue
        earlier, first_start = _earlier_titles(body, start)
        titles = earlier + [title]
        pos = end
        while name:
            found.append(_Found(name, titles, first_start, pos, pos + len(name)))
            pos += len(name)
            # 市领导陆海波、覃春明、…: more names sharing the titles.
            if body[pos:pos + 1] != "、":
                break
            name = parse_name(body, pos + 1, need_surname=False)
            if name and len(name) > 4 and "·" not in name:
                break
            pos += 1
    # 习近平总书记: name before a top national post.
    for m in re.finditer(r"(总书记|国家主席|委员长|总理)", body):
        for n in (3, 2):
            s = m.start() - n
            if s >= 0 and parse_name(body[:m.start()] + "出席", s) == body[s:m.start()]:
                found.append(_Found(body[s:m.start()], [m.group()], m.start(), s, m.start()))
                break
    # 马建中同志任州民宗委党组书记、主任 / 免去赵慧敏同志的州民宗委主任职务: appointments.
    for m in _APPOINTMENT.finditer(body):
        titles = [t for t in m.group("titles").split("、") if t]
        if titles and all(t.endswith(_positions()) for t in titles) and parse_name(m.group("name") + "同志", 0):
            found.append(_Found(m.group("name"), titles, m.start("titles"), m.start("name"), m.end("name")))
    # 马文彪(州委副书记)、韩金花(州委常委、统战部部长): the name runs back to the previous separator.
    for m in re.finditer(r"(?<=[、,。;:\s])([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,10})\(([^()]{2,40})\)", body):
        titles = [t for t in m.group(2).split("、") if t]
        if titles and all(t.endswith(_positions()) for t in titles) and not _position_re().search(m.group(1)):
            found.append(_Found(m.group(1), titles, m.start(2), m.start(1), m.end(1)))
    return found


def _home(analysis: Analysis, regions: list[RegionRow]) -> list[str]:
    """The article's own divisions, most specific first: from its source and title, else the body."""
    art = analysis.article
    codes: list[str] = []
    for text in (art.source or "", art.title or ""):
        for _, div in regions_mod.find(text):
            codes.append(div.adcode)
    if not codes:
        counts = Counter(r.adcode for r in regions if r.level != "province")
        codes = [c for c, _ in counts.most_common(1)]
        if not codes:
            counts = Counter(r.adcode for r in regions)
            codes = [c for c, _ in counts.most_common(1)]
    chain: list[str] = []
    for code in codes:
        div = regions_mod.by_code(code)
        if div and code not in chain:
            chain.append(code)
            chain += [a for a in div.ancestors() if a not in chain]
    return chain


def _jurisdiction(title: str, title_start: int, regions: list[RegionRow], home: list[str]) -> str | None:
    if _SCHOOL.search(title):
        return None
    if _NATIONAL_PREFIX.match(title) or _NATIONAL_POST.match(title):
        return "100000"
    # Leading divisions of the title: 浙江省杭州市民宗局局长 -> 杭州市 (the most specific).
    lead = None
    pos = title_start
    for r in sorted(regions, key=lambda r: r.start):
        if r.start == pos:
            lead, pos = r.adcode, r.end
    if lead:
        return lead
    # 市委书记, 州人民政府州长: the level word opens the title; 副州长, 市长: it is in the post.
    m = _RELATIVE.match(title) or re.search(r"(?:省|市|州|县|区|旗|盟)(?=长$|委)", title)
    if m and home:
        word = m.group()
        levels = {"省": ("province",), "自治区": ("province",), "市": ("prefecture", "county"), "州": ("prefecture",),
                  "自治州": ("prefecture",), "盟": ("prefecture",), "县": ("county",), "自治县": ("county",),
                  "区": ("county",), "旗": ("county",), "地委": ("prefecture",), "行署": ("prefecture",),
                  "地区": ("prefecture",)}[word]
        # 地委 and 行署 are the party committee and the office of a 地区.
        suffix = "地区" if word in ("地委", "行署", "地区") else word[-1]
        for code in home:
            div = regions_mod.by_code(code)
            if div and div.level in levels and (word in ("省", "自治区") or div.name.endswith(suffix)):
                return code
    return None


def _has_own_organ(title: str, title_start: int, regions: list[RegionRow]) -> bool:
    """Whether a title names its organ's division or level (else it continues the previous one's)."""
    return bool(_NATIONAL_PREFIX.match(title) or _NATIONAL_POST.match(title) or _RELATIVE.match(title)
                or re.search(r"(?:省|市|州|县|区|旗|盟)(?=长$|委)", title) or _SCHOOL.search(title)
                or any(r.start == title_start for r in regions))


def extract(analysis: Analysis, regions: list[RegionRow] | None = None) -> list[OfficialRow]:
    """One row per person named with a position (first mention); titles merged across mentions."""
    body = analysis.body
    regions = regions or []
    home = _home(analysis, regions)
    bylines = {b.name for b in analysis.article.bylines}
    merged: dict[str, _Found] = {}
    for f in sorted(_mentions(body), key=lambda f: f.start):
        if f.name in bylines:
            continue
        if f.name in merged:
            merged[f.name].titles += [t for t in f.titles if t not in merged[f.name].titles]
        else:
            merged[f.name] = _Found(f.name, list(f.titles), f.title_start, f.start, f.end)
    aid = analysis.article.article_id
    rows: list[OfficialRow] = []
    for f in merged.values():
        sentence = analysis.sentence_at(f.start)
        jurisdiction = _jurisdiction(f.titles[0], f.title_start, regions, home)
        # 国家民委…副司长刘某、政策法规司二级巡视员慕容某: a title naming no organ of its own
        # belongs to the organ of the title before it in the same sentence.
        if jurisdiction is None and rows and rows[-1].start >= sentence.start \
                and not _has_own_organ(f.titles[0], f.title_start, regions):
            jurisdiction = rows[-1].jurisdiction
        rows.append(OfficialRow(aid, f.name, tuple(f.titles), jurisdiction, f.start, f.end, sentence.text.strip()))
    return rows


# 张三(州委书记、州长): titles in brackets right after a name.
_BRACKETED_TITLES = re.compile(r"\(([^()]{2,40})\)")


def titled_person(analysis: Analysis, regions: list[RegionRow], name: str, start: int, end: int) -> OfficialRow | None:
    """An official for a name another recogniser (a NER model) found at body[start:end], when a
    lexicon title ends right before it (州民宗委主任|张三) or follows it in brackets; else None."""
    body = analysis.body
    window = max(0, start - _MAX_TITLE)
    ending = [m for m in _position_re().finditer(body, window, start) if m.end() == start]
    titles: list[str] = []
    if ending:
        title_start = _title_before(body, ending[-1].start())
        # 楚雄州委副书记、州长|张三: the titles carried before it too, as the rules read them.
        titles, title_start = _earlier_titles(body, title_start)
        titles.append(body[_title_before(body, ending[-1].start()):start])
    elif (m := _BRACKETED_TITLES.match(body, end)) and all(t.endswith(_positions()) for t in m.group(1).split("、")):
        title_start, titles = m.start(1), [t for t in m.group(1).split("、") if t]
    if not titles or not titles[0]:
        return None
    jurisdiction = _jurisdiction(titles[0], title_start, regions, _home(analysis, regions))
    sentence = analysis.sentence_at(start).text.strip()
    return OfficialRow(analysis.article.article_id, name, tuple(titles), jurisdiction, start, end, sentence,
                       source="hanlp")


def is_school_post(title: str) -> bool:
    """Whether a title is held in a school or institute (no administrative jurisdiction)."""
    return bool(_SCHOOL.search(title))
