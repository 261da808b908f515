"""Named programs, plans, campaigns and initiatives.

Two sources: the curated lexicon of national programs (lexicons/programs.tsv, with
canonical names and parents), and discovery of named ones it lacks, from the forms
official news gives them:
  * a quoted name ending in a program word: “各族青少年交流计划”;
  * a quoted name followed by its kind: “双促双增”精准帮扶行动, “民族一家亲”文化下基层活动;
  * a 创建 campaign at any level: 创建全国民族团结进步示范市 / 民族团结进步示范社区创建 / …示范区建设;
  * a quoted name the text says is launched or carried out: 开展“双联双帮”;
  * a named festival, camp, belt or zone that is held or built: 举办多民族一家亲邻里节.
Methods (某某工作法), single events (…走进某某大学活动, 才艺秀) and generic or traditional
festivals (邻里节, “四月八”姑娘节) are not programs; slogans in quotes are not either,
since nothing launches them.
Mentions inside 《》 belong to the document cited, not to the text, except the known programs
an agreement is named after (签署《“三项计划”协作框架协议》). A showcase or a one-off session
(山歌展演活动, 就业帮扶专场活动) is a single event.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick, MatchKind

from extractors.analysis import Analysis
from extractors.lexicon_files import entries
from extractors.patterns import anchored
from extractors.records import ProgramRow

VERSION = "3"

# The kinds of program, as the last word of a name. 节 only as a festival's name (邻里节,
# 文化节), not 环节/季节/章节.
_KIND_WORDS = ("计划", "工程", "行动", "活动月", "活动", "创建", "宣传月", "宣传周", "示范区", "示范带", "创新区", "体验区",
               "夏令营", "冬令营", "研学营", "专项行动", "主题教育", "主题宣讲", "攻坚战")
_NOT_BEFORE_FESTIVAL = "环季章细关调礼音时春中"
_KIND = rf"(?:{'|'.join(_KIND_WORDS)}|[\u4e00-\u9fff](?<![{_NOT_BEFORE_FESTIVAL}])节)"
# “X”…KIND with no punctuation between: “双促双增”精准帮扶行动, “六+N”民族团结宣传教育活动,
# ‘湘西·泉城手拉手’结对共建行动 (single quotes inside a quoted speech). The longest kind is
# taken, but not across a list word: “花儿传情”民族团结进步宣传周等系列活动 ends at 宣传周.
_AFTER_OPENING_QUOTE = (rf"([^“”\"‘’\n,。;:!?]{{2,24}}?)[”\"’]([\u4e00-\u9fff+]{{0,12}}?{_KIND})?"
                        rf"(?!(?:(?![等和与及的])[\u4e00-\u9fff])*{_KIND})")
_QUOTED = re.compile(rf"[“\"‘]{_AFTER_OPENING_QUOTE}")
# The same, opened by “ alone: what _QUOTED finds in a text holding neither " nor ‘ (most texts).
# A scan for a pattern that begins with one character skips ahead to it; one that begins with a
# set of them tries the set at every character, which costs more than the rest of the scan.
_CURLY_QUOTED = re.compile(rf"“{_AFTER_OPENING_QUOTE}")
# Quoted names the text says are launched, held or carried out, with no kind word after them
# (the clause or a 等 ends the list; three-character catchwords like “回头看”, “放管服” are
# left out): 开展“双联双帮”, 启动“情系中华·边关行”,
# 举办第二届“同心某某·共建家园”、“携手奋进新时代”等系列活动.
_LAUNCHED_QUOTED = re.compile(
    r"(?:开展|启动|实施|举办|举行|组织|发起|推出|推进|深化|参加|参与)了?\s*(?:第[\d一二三四五六七八九十]+届|首届)?\s*"
    r"(?P<list>(?:[“\"][^“”\"\n,。;:!?、]{4,16}[”\"]\s*[、和与及]?\s*)+)(?=[,。;!、]|等|\s*$)")
_LIST_ITEM = re.compile(r"[“\"]([^“”\"]+)[”\"]")
# An unquoted name ending in a festival or camp word, after the verb that holds it:
# 举办第三届多民族一家亲邻里节, 开办各族青少年石榴籽夏令营, 建设民族团结进步示范带.
_HELD_NAME = re.compile(
    r"(?:举办|举行|开展|启动|开办|组织|打造|建设|创建|推出)了?\s*(?:第[\d一二三四五六七八九十]+届|首届|\d{4}年)?\s*"
    r"(?P<name>[\u4e00-\u9fff·]{2,20}?(?:活动月|宣传月|宣传周|夏令营|冬令营|研学营|示范带|创新区|体验区"
    r"|[\u4e00-\u9fff](?<![环季章细关调礼音时春中])节))(?=[,。;、!和与及]|活动|$)")
# Not programs: a method (某某工作法), a single event (…走进某某大学活动, …参观交流活动).
# A show, contest or performance is a single event too: 邻里才艺秀, 演讲比赛, 民族团结杯, 文艺晚会.
# A showcase or a one-off session too: 山歌展演活动, 就业帮扶专场活动.
_NOT_A_PROGRAM = re.compile(r"工作法$|走进|参观|观摩|(?:座谈|交流|联谊|慰问|晚)会$|揭牌|(?:秀|赛|杯|(?<!发)展|演出)$"
                            r"|(?:展演|专场)(?:活动)?$")
# A festival or camp is named, not generic, when a distinctive part is left once the generic
# words are set aside: 多民族一家亲邻里节 and 某地区各族青少年石榴籽夏令营 are, 民族文化节,
# 邻里节 and 首期各族青少年冬令营 are not.
_FESTIVAL_OR_CAMP = re.compile(r"(?:夏令营|冬令营|研学营|节)$")
_GENERIC_WORDS = re.compile(
    r"首期|首届|第[\d一二三四五六七八九十]+(?:期|届)|各族|各民族|少数民族|民族团结|民族|青少年|群众|师生|学生|社区|文化|艺术|体育|传统")
# A traditional festival named by its date, not a program: “四月八”姑娘节, “三月三”歌节
# (but “三月三·某某情”文化节, a date joined to a name by ·, is one edition's name).
_DATE_FESTIVAL = re.compile(r"^[一二三四五六七八九十]+月[一二三四五六七八九十]+(?!·)")


def _named(name: str) -> bool:
    """Whether a festival's or camp's name is a name, not a generic one or a traditional feast."""
    if not _FESTIVAL_OR_CAMP.search(name):
        return True
    if _DATE_FESTIVAL.match(name):
        return False
    return len(_GENERIC_WORDS.sub("", _FESTIVAL_OR_CAMP.sub("", name))) >= 3


# 创建全国民族团结进步示范市, (争创|创建)…示范州, 全国民族团结进步示范县创建
# 民族团结进步示范社区创建, 民族团结进步示范区建设: the same campaign at any level, named by
# its 创建/建设 (the bare 示范区 or 示范社区 is an honour, not a campaign)
# (Found from its title's words, and tried only where 争创, 创建, 全国 or the title begins.)
_DEMO = anchored("民族团结进步示范", "争创建全国",
                 r"(?:争创|创建)?(?:全国)?民族团结进步示范(?:市|州|县|区|盟|旗|单位|社区)(?:创建|建设)?", first="争创全民")
_CITED = re.compile(r"《[^《》]*》")
# An agreement's title: the known programs it is named after are the text's own (签署
# 《“三项计划”东西部协作框架协议》 names 三项计划); a policy document's are not.
_AGREEMENT_TITLE = re.compile(r"(?:协议|协议书|备忘录|意向书)》|》协议")


@dataclass(frozen=True)
class Entry:
    canonical: str
    parent: str | None


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Entry]:
    """Printed form -> lexicon entry, for canonical names and aliases."""
    table: dict[str, Entry] = {}
    for line in entries("programs.tsv"):
        canonical, parent, aliases, *_ = line.split("\t") + ["", ""]
        entry = Entry(canonical, None if parent in ("-", "") else parent)
        table.setdefault(canonical, entry)
        for alias in aliases.split("|"):
            if alias and alias != "-":
                table.setdefault(alias, entry)
    return table


@functools.lru_cache(maxsize=1)
def _not_programs() -> frozenset[str]:
    return frozenset(entries("not_programs.txt"))


@functools.lru_cache(maxsize=1)
def _lexicon_automaton() -> tuple[AhoCorasick, tuple[str | None, ...]]:
    """The lexicon's printed forms in one leftmost-longest automaton, and by index the forms
    that name a program (None for one `_kept` refuses: the lexicon lists 某某工作法 too, and a
    form's verdict depends on it alone, so it is made once here, not at every mention)."""
    names = tuple(lexicon())
    return AhoCorasick(names, matchkind=MatchKind.LeftmostLongest), tuple(_kept(name) for name in names)


def _kept(plain: str, printed: str | None = None) -> str | None:
    """`plain`, a candidate name without its quotes, if it names a program: not a listed non-program,
    a method or single event (read on the `printed` form, quotes and all, by default `plain`),
    nor a generic festival or camp; else None."""
    if plain in _not_programs() or _NOT_A_PROGRAM.search(plain if printed is None else printed) or not _named(plain):
        return None
    return plain


_QUOTES = "“”‘’\""
_QUOTE = re.compile(f"[{_QUOTES}]")


def _strip_quotes(s: str) -> str:
    return _QUOTE.sub("", s)  # (str.translate costs four times more on Chinese text)


# A 创建 campaign's verb, set aside to name the campaign: 争创全国…示范县 / …示范县创建 / …示范区建设.
_CAMPAIGN_VERB = re.compile(r"^(?:争创|创建)|创建$|建设$")
# A kind after a quoted name that makes it a list or a class, not the name's kind: “X”和各类交流活动.
_NOT_ITS_KIND = re.compile(r"[和与及等的]|各类|有关")
# A name that ends in a program word already: “各族青少年交流计划”, “某某宣传月”.
_ENDS_IN_KIND = re.compile(rf"{_KIND}$")


def _ends_in_kind(name: str) -> bool:
    """Whether `name` (no line break in it) ends in a program word: _ENDS_IN_KIND's test, by suffix
    tests (the scan tries its words at every character of the name)."""
    if name.endswith(_KIND_WORDS):
        return True
    # 邻里节, 文化节: a Han character before 节, not 环节, 季节, 章节
    return name[-1:] == "节" and len(name) >= 2 and "\u4e00" <= name[-2] <= "\u9fff" and name[-2] not in _NOT_BEFORE_FESTIVAL


def extract(analysis: Analysis) -> list[ProgramRow]:
    """One row per program named in the body (first mention), printed form and canonical name."""
    body = analysis.body
    cited = [m.span() for m in _CITED.finditer(body)]  # in order, never overlapping
    cited_starts = [s for s, _ in cited]
    table = lexicon()
    found: list[tuple[int, int, str]] = []  # (start, end, name without its quotes)

    def inside_cited(start: int, known: bool) -> bool:
        i = bisect.bisect_right(cited_starts, start) - 1
        if i < 0 or start >= cited[i][1]:
            return False
        return not (known and _AGREEMENT_TITLE.search(body, cited[i][1] - 5, cited[i][1] + 2))

    checked: dict[str, str | None] = {}  # name -> its form without quotes, None if it is no program

    def add(start: int, end: int, name: str, known: bool = False, quoted: bool = False) -> None:
        # (A name found again is not checked again; only a `quoted` one, which can hold quote
        # marks, is stripped of them.)
        if name in checked:
            plain = checked[name]
        else:
            plain = checked[name] = _kept(_strip_quotes(name), name) if quoted else _kept(name)
        if plain is None or (cited and inside_cited(start, known)):
            return
        found.append((start, end, plain))

    # The quotes around a lexicon name are set aside by searching a quote-free copy (its names
    # hold none).
    plain, shifts = _unquoted(body)
    automaton, kept = _lexicon_automaton()
    for index, start, end in automaton.find_matches_as_indexes(plain):
        name = kept[index]
        if name is None:  # (a form the lexicon lists that names no program)
            continue
        start += bisect.bisect_right(shifts, start)
        end += bisect.bisect_right(shifts, end - 1)  # (moved as its last character is)
        if not (cited and inside_cited(start, True)):
            found.append((start, end, name))
    demo_seen: set[str] = set()
    for m in _DEMO.finditer(body):
        title = m.group()
        core = _CAMPAIGN_VERB.sub("", title)
        # Only as a campaign (争创/创建…), and once per title: the honour itself is no program;
        # 示范县创建 and 争创全国示范县 in one article are one campaign.
        if core != title and core.removeprefix("全国") not in demo_seen:
            demo_seen.add(core.removeprefix("全国"))
            add(m.start(), m.end(), title)
    for m in _quoted(body):
        inner, kind = m.groups()
        # “三项计划”活动 is the named program doing activities; “X”和各类交流活动 is a list;
        # “某某宣传月”活动 is the month itself.
        if (kind and inner not in table and not _NOT_ITS_KIND.search(kind)
                and not (kind == "活动" and _ends_in_kind(inner))):
            add(m.start(), m.end(), inner + kind)
        elif _ends_in_kind(inner):
            add(m.start(1), m.end(1), inner)
    for m in _LAUNCHED_QUOTED.finditer(body):
        for item in _LIST_ITEM.finditer(m.group("list")):
            add(m.start("list") + item.start(1), m.start("list") + item.end(1), item.group(1), quoted=True)
    for m in _HELD_NAME.finditer(body):
        add(m.start("name"), m.end("name"), m.group("name"))

    aid = analysis.article.article_id
    return [ProgramRow(aid, name, entry.canonical if entry else None, entry.parent if entry else None, start, end)
            for start, end, name, entry in _first_mentions(found, table)]


def _quoted(body: str) -> Iterator[re.Match]:
    """The matches of _QUOTED in `body`."""
    return (_QUOTED if '"' in body or "‘" in body else _CURLY_QUOTED).finditer(body)


def _first_mentions(found: list[tuple[int, int, str]],
                    table: dict[str, Entry]) -> list[tuple[int, int, str, Entry | None]]:
    """The first mention of each program among the names found (start, end, name), in order of
    start, the longest first, with its lexicon entry."""
    out: list[tuple[int, int, str, Entry | None]] = []
    seen: set[str] = set()
    reach = 0  # the furthest end of the names taken: as they are taken in order of start, a later
    # one overlaps one of them exactly when it starts before that end
    for start, end, name in sorted(found, key=lambda f: (f[0], f[0] - f[1])):
        entry = table.get(name)
        # A name inside a longer one already taken is that program, not another; an alias of a
        # program already taken (民族团结进步宣传月活动 ~ 民族团结进步宣传月) is that program too.
        key = entry.canonical if entry else name
        if key in seen or (start < reach and any(name in s and name != s for s in seen)):
            continue
        seen.add(key)
        reach = max(reach, end)
        out.append((start, end, name, entry))
    return out


def _unquoted(text: str) -> tuple[str, list[int]]:
    """`text` without quote marks, and the shifts that take an offset in it back to `text`: the
    character at offset i of the copy stands at i + bisect_right(shifts, i) in `text`."""
    # The k-th quote removed (0-based) at offset q shifts every later character back by one: a
    # character at offset i of the copy stands at i + (the number of quotes with q - k <= i), and
    # q - k is the length of the text between the quotes before it.
    pieces = [text]
    for quote in _QUOTES:  # (a split for each mark the text holds costs less than one by _QUOTE)
        if quote in text:
            pieces = [piece for part in pieces for piece in part.split(quote)]
    return "".join(pieces), list(itertools.accumulate(map(len, pieces[:-1])))
