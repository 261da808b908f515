"""People named with a public position, from the formulas of official news.

Formulas, one function each:
  * 职务+姓名: 州委副书记、州人民政府州长李文华 (titles carried across 、 and ,);
  * shared titles: 市领导陆海波、覃春明、莫志远 (each name gets the title);
  * 姓名+职务 for the top national posts: 习近平总书记;
  * appointments: 马建新同志任州民宗委主任; and 姓名(职务): 张三(州委副书记).
A name starts with a surname of surnames.txt (or is a ·-joined minority name, or, right
after a title, a Mongolian or Tibetan name of four or five characters) and ends
where the formula goes on: one table of continuations, each with its strength (、, 出席,
率队, 的 …). Surnames that are also common words need more evidence (build_surnames).
Jurisdiction: the first of a person's titles that names its organ decides: its leading
division (楚雄州委… -> 532300), a national organ or ministry (国家民委…, 文化和旅游部… ->
100000), or a bare level (市委, 县长, 省民宗委) resolved to the article's home division,
found in the outlet, the headline or the lead sentence (when several have the level, the
outlet's own, or the one inside another home division, decides). A title naming no organ continues
the organ of the official before it in the same sentence.
Bylines are never officials; a name without a position is never reported.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType
from typing import Callable, Mapping, NamedTuple

from extractors import regions as regions_mod
from extractors import words
from extractors.analysis import Analysis
from extractors.gazetteer import NATIONAL, surfaces
from extractors.lexicon_files import entries
from extractors.patterns import starting
from extractors.records import OfficialRow, RegionRow

VERSION = "2"

# What may follow a name: ONE table, each continuation with its strength.
#   COMMON  the formula's commonest verbs: they end even a transliterated name whose last
#           syllable could start another word (阿不来提出席 is 阿不来提 + 出席, not 阿不来 + 提出);
#   STRONG  other words of two or more characters, which no name runs into (王海东率队, 刘建国的讲话);
#   WEAK    single characters that may as well be the name's last character (田秋和介绍: 和), so
#           they count only when nothing stronger fits (赵刚向大会作报告: 向).
# Punctuation and the end of the text count as COMMON.
COMMON, STRONG, WEAK = 1, 2, 3
_CONTINUATION_TABLE = (
    (COMMON, "出席 主持 讲话 表示 指出 强调 致辞 参加 一行 同志 等 在 介绍 宣读 作了 通报 "
             # 作 + what is delivered: 买买提·阿不都作工作部署, 张三作重要讲话
             "作工作 作重要 作报告 作讲话 作总结 作动员 作专题 作主旨 作辅导 作交流 作发言 作说明 作部署"),
    (STRONG, "代表 陪同 会见 调研 宣布 发表 寄语 颁发 提出 要求 希望 一同 分别 先后 共同 进行 察看 考察 看望 "
             "慰问 参观 走访 深入 指导 部署 听取 回答 接受 前往 莅临 亲切 带队 会同 首先 随后 最后 充分 高度 详细 "
             "逐一 认真 围绕 结合 传达 解读 汇报 认为 透露 坦言 告诉 主讲 授课 上台 揭牌 亲自 通过 当选 出任 "
             "牵头 领衔 发言 交流 点评 总结 笑着 带领 率领 率团 率队 率市 率县 率州 率省 率区 率代表团 的 "
             "向记者 向大会 对记者 "
             # 普某某见证签约, 崔某某应邀出席
             "见证 应邀"),
    (WEAK, "对 向 和 与 及 同 为 作 率 带 说 也 就 到 赴 来 还 则 答 称 签 共 任 兼 以 从 把 将 已 曾 于 讲 致"),
)
# word -> strength; read-only. A word listed twice keeps its first (strongest) strength.
_CONTINUATIONS = MappingProxyType({
    w: strength for strength, words in reversed(_CONTINUATION_TABLE) for w in words.split()
})
_LONGEST_CONTINUATION = max(len(w) for w in _CONTINUATIONS)
# first character -> the words starting with it, strongest first (率: 率队, 率领 … before 率); read-only.
_CONTINUATIONS_BY_FIRST = MappingProxyType({
    first: tuple(sorted(((w, st) for w, st in _CONTINUATIONS.items() if w[0] == first), key=lambda ws: ws[1]))
    for first in {w[0] for w in _CONTINUATIONS}
})
_CONTINUATION_FIRST = frozenset(_CONTINUATIONS_BY_FIRST)
# Punctuation that closes a name: 张三、李四; 张三(州委书记); 张三:
_NAME_END = frozenset("、,。;:!?()“” \n\t")
_SPEECH_VERBS = "说讲答称"  # 次旦说, : a speech verb before a pause ends the clause, not the name
# The characters a continuation can start with, and "" (the end of the text): a place whose next
# character is none of these continues nothing, which one set lookup tells (most places after a
# candidate name; continuation() then need not be called).
_MAY_CONTINUE = _NAME_END | _CONTINUATION_FIRST | {""}


def continuation(text: str, pos: int) -> int | None:
    """The strength (COMMON, STRONG, WEAK) of the continuation of the formula at text[pos:], or None.
    The strongest word that starts there decides: 率领 (STRONG) over 率 (WEAK)."""
    first = text[pos:pos + 1]
    if not first or first in _NAME_END:
        return COMMON
    if first in _CONTINUATION_FIRST:
        for word, strength in _CONTINUATIONS_BY_FIRST[first]:
            if text.startswith(word, pos):
                return strength
    return None


# What ends a title on the left: punctuation or a space, and the verbs that introduce one
# (邀请州委书记…, 会上县长…), of one to three characters. Tested with set lookups of the
# last one, two and three characters before a place a title is walked back over.
_TITLE_LEFT_CHARS = frozenset(",。;:!?()、“”")
_TITLE_LEFT_WORDS = tuple(
    "由 邀请 陪同 会见 看望 慰问 带领 率领 在 向 对 是 为 请 据 听取 出席 参加 了 的 有 会上 会议 期间 同时 "
    "此外 并 还 以及 及 其中 包括 分别是 主持 讲话 指出 强调 致辞 随后 最后 首先".split()
)
_TITLE_LEFT = _TITLE_LEFT_CHARS | frozenset(_TITLE_LEFT_WORDS)


def _ends_title_left(text: str) -> bool:
    """Whether `text` ends with what ends a title on the left."""
    return bool(text) and (text[-1:] in _TITLE_LEFT or text[-1].isspace() or text[-2:] in _TITLE_LEFT
                           or text[-3:] in _TITLE_LEFT)
# National organs: 国家民委…, 中央统战部…, 全国政协委员, 国务院…, 最高人民法院….
_NATIONAL_PREFIX = re.compile(r"^(?:国家|中央|全国|国务院|最高人民|中共中央|中国共产党中央)")
# The State Council's ministries exist only nationally (a province has a 厅, a city a 局): 文化和旅游部副部长.
_MINISTRY = re.compile(
    r"^(?:外交|国防|教育|科学技术|工业和信息化|公安|国家安全|民政|司法|财政|人力资源和社会保障|自然资源|生态环境|"
    r"住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理)部|^审计署|^中国人民银行"
)
_NATIONAL_POST = re.compile(r"^(?:总书记|国家主席|总理|副总理|国务委员|委员长|副委员长)$")
# A title that is national by any of the three (one test instead of three): 国家民委主任, 总理, 教育部部长.
_NATIONAL_TITLE = re.compile("|".join(p.pattern for p in (_NATIONAL_PREFIX, _NATIONAL_POST, _MINISTRY)))
# A bare level word at the start of a title refers to the article's own division: 市委书记, 州人民政府州长.
_RELATIVE = re.compile(r"^(?:自治区|自治州|自治县|省|市|州|县|区|旗|盟|地委|行署|地区)")
# The level inside a bare post: 市长, 副州长, 县委常委 (市 + 长, 县 + 委).
_LEVEL_IN_POST = re.compile(r"(?:省|市|州|县|区|旗|盟)(?=长$|委)")
# Posts of schools and universities belong to no division's organs (FORMAT: jurisdiction null).
_SCHOOL = re.compile(r"大学|学院|学校|中学|小学|研究院|研究所")
_MAX_TITLE = 40


@functools.lru_cache(maxsize=1)
def _positions() -> tuple[str, ...]:
    return tuple(sorted(set(entries("positions.txt")), key=len, reverse=True))


def _longest_first(words: tuple[str, ...]) -> str:
    """A regex alternation of `words` that prefers the longest word at a place, as `a|ab|abc`
    sorted longest first does, written as a tree of shared prefixes (副(?:书记|县长|…)): the
    engine then tests a place once per character, not once per word."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        # Longer words first: the empty alternative (a word ending here) comes last.
        alts = [re.escape(ch) + branch(child) for ch, child in node.items() if ch] + [""] * ("" in node)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return branch(tree)


@functools.lru_cache(maxsize=1)
def _position_re() -> re.Pattern:
    # 委员会, 主席团, 书记处: the position word is part of an organ's name there.
    return re.compile(_longest_first(_positions()) + "(?![会团处])")


@functools.lru_cache(maxsize=1)
def _position_end_re() -> re.Pattern:
    # A position word that ends the text: 州委副书记 (书记).
    return re.compile("(?:" + _longest_first(_positions()) + r")\Z")


@functools.lru_cache(maxsize=1)
def _longest_position() -> int:
    return len(_positions()[0])  # sorted longest first


def _ends_with_position(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends with a position word (州委副书记, 统战部部长): one search of its
    last few characters."""
    return bool(_position_end_re().search(text, max(start, end - _longest_position()), end))


@functools.lru_cache(maxsize=1)
def _surnames() -> MappingProxyType:
    """Surname -> class (plain, ambiguous, function), from surnames.txt (see build_surnames)."""
    out: dict[str, str] = {}
    for line in entries("surnames.txt"):
        surname, cls = line.split("\t")
        out[surname] = cls
    return MappingProxyType(out)


# A string jieba knows this often, under a tag other than a person's name, is a word, not a name:
# 全面 (全 is a surname) in 书记全面部署; 各位 in 局长和各位代表座谈.
_WORD_FREQ = 50
_GIVEN_WORD_FREQ = 300


def _common_word(text: str, min_freq: int) -> bool:
    return words.as_word(text)[0] >= min_freq


# A ·-joined minority name, at most six characters after a dot (吐尔逊·阿不来提, 阿依古丽·阿不都热依木).
_MINORITY = re.compile(r"[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,6})+")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _transliterated_name(text: str, pos: int) -> str | None:
    """A ·-joined minority name at `pos` (吐尔逊·阿不来提). The part after the last · may run on
    into the verb (阿不来提出席, 阿不都作工作部署): the end with the strongest continuation wins,
    the shortest among equals."""
    m = _MINORITY.match(text, pos)
    if not m or _position_re().search(m.group()):
        return None
    # 的 is never a transcribed syllable: 热合曼·吐尔逊的讲话 ends before it.
    last = m.end() if "的" not in m.group() else pos + m.group().index("的")
    if "·" not in text[pos:last]:
        return None
    best: tuple[int, int] | None = None
    first = pos + text[pos:last].rindex("·") + 3
    for end in range(first, last + 1):
        strength = continuation(text, end)
        # 吐尔洪·艾力交流。: the name does not swallow a whole continuation word (交流) that an
        # earlier end starts, though punctuation follows it.
        if any(_CONTINUATIONS.get(text[e:end], WEAK) < WEAK for e in range(max(first, end - _LONGEST_CONTINUATION), end - 1)):
            continue
        if strength is not None and (best is None or strength < best[0]):
            best = (strength, end)
    return text[pos:best[1]] if best else None


def _surname_name(text: str, pos: int, cls: str, compound: bool) -> tuple[str | None, str | None]:
    """Han names of two or three characters (three or four after a compound surname) at `pos`,
    whose surname is of class `cls`, shortest first: (the first after which the formula continues
    unmistakably, None) if there is one, else (None, the first after which it continues with a
    WEAK word or None)."""
    weak = None
    # A candidate is Han throughout: text[pos] is (parse_name's test), a compound surname's two
    # characters are, and each longer candidate adds one character, tested as it is added.
    for n in (3, 4) if compound else (2, 3):
        if not "\u4e00" <= text[pos + n - 1:pos + n] <= "\u9fff":
            break
        # What follows decides first (it costs least); then whether the candidate reads as a name.
        follow = text[pos + n:pos + n + 1]
        if follow not in _MAY_CONTINUE:
            continue
        strength = continuation(text, pos + n)
        if strength is None:
            continue
        name = text[pos:pos + n]
        reads = None  # whether it reads as a name, asked once and only when what follows allows it
        # 次旦说: a name of three ending in a speech verb does not end unmistakably before it.
        if strength <= STRONG and not (n > 2 and name[-1] in _SPEECH_VERBS):
            reads = _reads_as_name(text, pos, name, cls, compound)
            if reads:
                return name, None
        # Before a WEAK word. 县长全程陪同: 同 is the end of 陪同 (STRONG), which starts inside the
        # candidate. A surname that is usually a function word (和, 向) may end before a WEAK word
        # too (县长向某某向代表团介绍): _plausible refuses candidates made of common words (向全体,
        # 和各位), which is what the preposition reading produces.
        if weak is None and (continuation(text, pos + n - 1) or WEAK) >= WEAK:
            if reads is None:
                reads = _reads_as_name(text, pos, name, cls, compound)
            if reads:
                weak = name
    return None, weak


def _reads_as_name(text: str, pos: int, name: str, cls: str, compound: bool) -> bool:
    """Whether a candidate at `pos` reads as a name: no position word in it, and _plausible
    (a candidate followed by 、 is listed)."""
    if _position_re().search(name):
        return False
    if cls == "plain":  # (_plausible's first test, made before its call and the look at what follows)
        return True
    listed = text[pos + len(name):pos + len(name) + 1] == "、"
    return _plausible(name, cls, compound, listed)


# Parts of speech no given name reads as: verbs, adverbs, pronouns, prepositions, conjunctions,
# particles, numerals, measure words, locatives (送到 in 瓜分图送到总理衙门, 各位 in 和各位代表).
_NOT_GIVEN_NAME_TAGS = ("v", "d", "r", "p", "c", "u", "m", "q", "f", "ad")


def _plausible(name: str, cls: str, compound: bool, listed: bool = False) -> bool:
    """Whether a candidate reads as a name rather than as words, given its surname's class.
    `listed`: the candidate is followed by 、, as names in a list are (县领导马维新、韩某某) and a
    verb phrase after a title is not; a given name that is also a verb (维新, 振兴) then stands."""
    if cls == "plain" or name[1:].strip("某") == "" and cls != "function":  # 高某, 高某某: anonymised
        return True
    if _common_word(name, _WORD_FREQ):  # 全面, 多次
        return False
    given = name[2:] if compound else name[1:]
    if cls == "function":  # 和各位, 向全体: made of common words; 和丽华, 向春燕 are names
        return not (_common_word(given, _GIVEN_WORD_FREQ) or _common_word(name[:2], _GIVEN_WORD_FREQ))
    # 图送到: the given name would be a common verb.
    freq, tag = words.as_word(given)
    return listed or not (freq >= _GIVEN_WORD_FREQ and tag.startswith(_NOT_GIVEN_NAME_TAGS))


def _long_name(text: str, pos: int, need_surname: bool) -> str | None:
    """Four characters starting with a surname or a name syllable but no compound surname
    (乌云其木格, 巴图朝鲁), only before an unmistakable end."""
    # What follows is tested first: it rules out most places, and costs least.
    if text[pos + 4:pos + 5] not in _MAY_CONTINUE:
        return None
    name = text[pos:pos + 4]
    cls = _surnames().get(name[:1])
    if need_surname and cls is None or cls == "function" or len(name) < 4 or not _HAN.fullmatch(name):
        return None
    strength = continuation(text, pos + 4)
    if strength is None or strength > STRONG:
        return None
    if _position_re().search(name) or not _plausible(name, cls or "plain", False):
        return None
    # 全程陪同, 常年坚持, 包括王刚: two words, not a name (乌云其木格, 扎西顿珠 are not common words).
    if _common_word(name[:2], _GIVEN_WORD_FREQ) or _common_word(name[2:], _GIVEN_WORD_FREQ):
        return None
    return name


def _reads_as_words(run: str) -> bool:
    """Whether `run` splits wholly into common words of two or more characters (深入基层, 高度重视),
    as no transcribed name (那顺孟和, 完玛才让) does."""
    ok = [True] + [False] * len(run)
    for i in range(len(run)):
        if ok[i]:
            for j in range(i + 2, min(len(run), i + 4) + 1):
                if _common_word(run[i:j], _WORD_FREQ):
                    ok[j] = True
    return ok[-1]


# Particles no transcribed name contains: 书记高兴地说, 部长讲话的精神, 作了.
_PARTICLES = frozenset("的地得了着过")


def _unsurnamed_name(text: str, pos: int) -> str | None:
    """A Mongolian or Tibetan name of four or five characters with no surname, right after a
    title (旗委书记巴特尔朝鲁介绍, 州委常委七林扎西主持): only before a COMMON or STRONG continuation,
    and only when the run is not made of common words (书记高度重视, 部长深入基层)."""
    if continuation(text, pos) is not None:  # 书记主持会议, 部长一行: the title has no name
        return None
    for n in (4, 5):
        name = text[pos:pos + n]
        if len(name) < n:
            continue
        # What follows is tested first: it rules out most runs, and costs least.
        if text[pos + n:pos + n + 1] not in _MAY_CONTINUE:
            continue
        strength = continuation(text, pos + n)
        if strength is None or strength > STRONG:
            continue
        if not _HAN.fullmatch(name) or not _PARTICLES.isdisjoint(name) or _position_re().search(name):
            continue
        # 书记专门作了部署: a verb of the formula inside the run (作了) means it is words, not a name.
        if any((continuation(text, i) or WEAK) < WEAK for i in range(pos + 1, pos + n)):
            continue
        if not _reads_as_words(name):
            return name
    return None


# WEAK words that as often end a name: 田秋和, 那顺孟和 (孟和, Mongolian "eternal").
_NAME_FINAL_WEAK = frozenset("和")


def parse_name(text: str, pos: int, need_surname: bool = True, after_title: bool = False) -> str | None:
    """The personal name starting at `pos`, when the text after it continues the formula.
    A name ending before 和 yields to a longer one ending unmistakably (那顺孟和出席 is not
    那顺孟 + 和); right after a title (`after_title`), a name may have no surname."""
    # Every form of name opens with a Han character: most places after a title that hold none
    # are punctuation (副书记、州长…).
    if not "\u4e00" <= text[pos:pos + 1] <= "\u9fff":
        return None
    # A transliterated name has a · within nine characters (_MINORITY): most places have none.
    if text.find("·", pos, pos + 9) >= 0:
        name = _transliterated_name(text, pos)
        if name:
            return name
    surnames = _surnames()
    two = text[pos:pos + 2]
    cls = surnames.get(two)  # a class is a non-empty string
    compound = cls is not None and len(two) == 2
    if cls is None:
        cls = surnames.get(two[:1])
        if cls is None:
            if need_surname:
                # No surname opens the text: no name of _surname_name or _long_name stands here;
                # right after a title, a name without one may.
                return after_title and _unsurnamed_name(text, pos) or None
            cls = "plain"  # 市领导陆海波、覃春明: later names of a list need no surname
    name, weak = _surname_name(text, pos, cls, compound)
    if name:
        return name
    # No candidate ends unmistakably: one may end before a WEAK word.
    if weak and text[pos + len(weak):pos + len(weak) + 1] not in _NAME_FINAL_WEAK:  # the text's end ends it too
        return weak
    return (_long_name(text, pos, need_surname) or (after_title and _unsurnamed_name(text, pos) or None)
            or weak)


@dataclass(slots=True)
class _Found:
    name: str
    titles: list[str]
    starts: list[int]  # where each title starts in the body (for jurisdiction)
    start: int
    end: int


# Conjunctions between two officials: 局长陈某与原州区民宗局局长马某, 部长吉某同保亭县副县长黄某.
_CONJUNCTIONS = frozenset("与和同")
# 我县县委常委, 我市市长: 我 + a level is the article's own division, named again by the title.
_LEVEL_CHARS = frozenset("省市州县区旗盟")
_OWN_DIVISION = re.compile(r"我(?:省|市|州|县|区|旗|盟)(?=自治区|省|市|州|县|区|旗|盟)")


def _opens_with_division(body: str, pos: int) -> bool:
    """Whether a level word (自治区人大代表) or a division's name (原州区民宗局) starts at `pos`."""
    if _RELATIVE.match(body[pos:pos + 3]):  # sliced: match(body, pos) would not honour the ^
        return True
    found = regions_mod.mentions(body[pos:pos + 12])
    return bool(found) and found[0].start == 0


# What can end a title on the left, read backwards (in the reversed text before the title),
# for _title_before to find in one search the places its walk could stop at:
#   left  what ends a title for certain (_ends_title_left): punctuation, a space, an introducing
#         word (邀请州委书记: 请邀 backwards);
#   else  a conjunction (与自治区人大代表: 与), a level after 我 (我县县委常委: 县我) or 我
#         (我市民宗局局长), which _title_starts_at decides.
# Opened with a look-ahead of the characters all these begin with (see patterns.starting).
_TITLE_LEFT_BACKWARDS = starting(
    re.escape("".join(sorted(_TITLE_LEFT_CHARS | {w[-1] for w in _TITLE_LEFT_WORDS} | _CONJUNCTIONS
                             | _LEVEL_CHARS | {"我"}))) + r"\s",
    "(?=(?P<left>[" + re.escape("".join(sorted(_TITLE_LEFT_CHARS))) + r"]|\s|"
    + "|".join(re.escape(w[::-1]) for w in _TITLE_LEFT_WORDS) + ")"
    + "|[" + "".join(sorted(_CONJUNCTIONS)) + "]|[" + "".join(sorted(_LEVEL_CHARS)) + "]?我)"
)
# How far before a place its test reads: the longest introducing word (分别是) and 我县.
_TITLE_LEFT_REACH = max(2, *(len(w) for w in _TITLE_LEFT_WORDS))


def _title_starts_at(body: str, start: int) -> bool:
    """Whether a title walked back over from its end starts at `start` (see _title_before)."""
    return bool(
        _ends_title_left(body[max(0, start - 4):start])
        or body[start - 1] in _CONJUNCTIONS and _opens_with_division(body, start)
        or start >= 2 and _OWN_DIVISION.match(body, start - 2)
        # 我市民宗局局长: the level names the organ (市民宗局局长); 我 only says it is the article's own.
        or body[start - 1] == "我" and body[start] in _LEVEL_CHARS and not _OWN_DIVISION.match(body, start - 1)
    )


def _title_before(body: str, end: int) -> int:
    """Where the title ending at `end` starts: after punctuation or an introducing verb, after
    与/和/同 when a division opens the title (与自治区人大代表; 文化和旅游部 stays whole), after 我县;
    at most _MAX_TITLE characters back."""
    lo = max(0, end - _MAX_TITLE)
    # Walked right to left over the places where a title may start only (one search of the
    # reversed text, not a test at every place): window[k] is the character before end - k.
    window = body[max(0, lo - _TITLE_LEFT_REACH):end][::-1]
    m = _TITLE_LEFT_BACKWARDS.search(window)
    while m and m.start() < end - lo:
        start = end - m.start()
        if m.group("left") is not None or _title_starts_at(body, start):
            return start
        m = _TITLE_LEFT_BACKWARDS.search(window, m.start() + 1)
    return lo


def _earlier_titles(body: str, start: int) -> tuple[list[str], list[int]]:
    """Titles carried before `start` across 、 and , (楚雄州委副书记、州人民政府州长;
    自治州党委常委、统战部部长,自治州民宗委党组书记司马青云): ([titles], [their starts])."""
    titles: list[str] = []
    starts: list[int] = []
    while start > 0 and body[start - 1] in "、,":
        prev_end = start - 1
        # The text before the comma must end with a position word (tested before the walk for
        # the title's start, which would be in vain): 州委副书记、.
        if not _ends_with_position(body, 0, prev_end):
            break
        prev_start = _title_before(body, prev_end)
        chunk = body[prev_start:prev_end]
        # (A chunk as long as the longest position word ends with one: the test above read the same
        # characters.)
        if (not chunk or len(chunk) < _longest_position() and not _ends_with_position(body, prev_start, prev_end)
                or parse_name(body, prev_start) and not _position_re().match(chunk)):
            break
        titles.insert(0, chunk)
        starts.insert(0, prev_start)
        start = prev_start
    return titles, starts


def _title_list(text: str, offset: int) -> tuple[list[str], list[int]]:
    """Titles listed with 、 in `text` (which starts at body offset `offset`), with their starts;
    empty unless every one ends in a position word: 州委常委、统战部部长."""
    titles, starts, pos = [], [], offset
    for part in text.split("、"):
        if part:
            titles.append(part)
            starts.append(pos)
        pos += len(part) + 1
    return (titles, starts) if titles and all(_ends_with_position(t, 0, len(t)) for t in titles) else ([], [])


# 会议宣读决定:马建新同志任州民宗委主任; 免去赵淑敏同志的州民宗委主任职务 (matched at each 同志).
_APPOINTMENT = re.compile(
    r"(?:(?<=[:;,。、\s])|(?<=免去))(?P<name>[\u4e00-\u9fff]{2,4}?)同志(?:任|担任|为|的)(?P<titles>[^;,。:]{2,40}?)(?:职务|[;,。]|$)"
)
# 张三(州委书记、州长): titles in brackets right after a name.
_BRACKETED_TITLES = re.compile(r"\(([^()]{2,40})\)")
# The name before the bracket, after a separator: ,马文虎|(州委副书记)、韩玉花|(州委常委、统战部部长).
# Matched backwards from each bracket, which is cheaper than trying every position of the body.
_NAME_BEFORE_BRACKET = re.compile(r"(?<=[、,。;:\s])(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff]{1,10})$")
_NAME_BEFORE_BRACKET_WINDOW = 20
# 习近平总书记: the top national posts that follow the name.
_POSTS_AFTER_NAME = ("总书记", "国家主席", "委员长", "总理")
_POST_AFTER_NAME = re.compile("|".join(_POSTS_AFTER_NAME))
# 领导 is a title only as a level's leadership (市领导, 州领导, 地区领导, 自治区领导), not an
# organ's people (统战部领导) nor a bare noun (班子--领导者).
_LEADERSHIP = re.compile(r"(?:[省市州县区旗盟乡镇]|地区)领导$")


def _title_then_names(body: str) -> list[_Found]:
    """职务+姓名, with titles carried across 、 and names sharing them (市领导黄某、李某)."""
    found: list[_Found] = []
    for m in _position_re().finditer(body):
        end = m.end()
        name = parse_name(body, end, after_title=True)
        if not name:
            continue
        start = _title_before(body, m.start())
        title = body[start:end]
        if not title or m.group() == "领导" and not _LEADERSHIP.search(title):
            continue
        # Titles carried from before a 、 or , (楚雄州委副书记、州长…); most titles have none.
        titles, starts = _earlier_titles(body, start) if start and body[start - 1] in "、," else ([], [])
        titles.append(title)
        starts.append(start)
        pos = end
        while name:
            found.append(_Found(name, titles, starts, pos, pos + len(name)))
            pos += len(name)
            # 市领导陆海波、覃春明、…: more names sharing the titles.
            if body[pos:pos + 1] != "、":
                break
            name = parse_name(body, pos + 1, need_surname=False)
            if name and len(name) > 4 and "·" not in name:
                break
            pos += 1
    return found


def _names_then_posts(body: str) -> list[_Found]:
    """姓名+职务 for the top national posts: 习近平总书记."""
    found: list[_Found] = []
    # Every post holds 总 (总书记, 总理), 主席 or 委员长, and most articles name none: a test of one
    # character is the cheapest (a search for a word of two or more costs several times more).
    if "总" not in body and "主席" not in body and "委员长" not in body:
        return found
    for m in _POST_AFTER_NAME.finditer(body):
        for n in (3, 2):
            s = m.start() - n
            # parse_name reads nothing before s: the name alone, then the formula's verb.
            if s >= 0 and parse_name(body[s:m.start()] + "出席", 0) == body[s:m.start()]:
                found.append(_Found(body[s:m.start()], [m.group()], [m.start()], s, m.start()))
                break
    return found


def _appointments(body: str) -> list[_Found]:
    """马建新同志任州民宗委党组书记、主任 / 免去赵淑敏同志的州民宗委主任职务."""
    found: list[_Found] = []
    if "志" not in body:  # (a test of one character is cheaper than a search for 同志)
        return found
    i = body.find("同志")
    while i >= 0:
        # The name is two to four characters before 同志, the longest that follows a separator.
        for s in range(max(0, i - 4), i - 1):
            m = _APPOINTMENT.match(body, s)
            if m:
                titles, starts = _title_list(m.group("titles"), m.start("titles"))
                if titles and parse_name(m.group("name") + "同志", 0):
                    found.append(_Found(m.group("name"), titles, starts, m.start("name"), m.end("name")))
                break
        i = body.find("同志", i + 2)
    return found


def _names_with_bracketed_titles(body: str) -> list[_Found]:
    """马文虎(州委副书记): the name runs back to the previous separator."""
    found: list[_Found] = []
    for m in _BRACKETED_TITLES.finditer(body):
        # Titles first: most brackets hold none, and they cost less to tell than the name.
        titles, starts = _title_list(m.group(1), m.start(1))
        if not titles:
            continue
        n = _NAME_BEFORE_BRACKET.search(body, max(0, m.start() - _NAME_BEFORE_BRACKET_WINDOW), m.start())
        if n and not _position_re().search(n.group()):
            found.append(_Found(n.group(), titles, starts, n.start(), n.end()))
    return found


def _mentions(body: str) -> list[_Found]:
    return _title_then_names(body) + _names_then_posts(body) + _appointments(body) + _names_with_bracketed_titles(body)


def _divisions_in(text: str) -> list[str]:
    """The divisions `text` names (regions.find): resolved only when it names any (most outlets
    and many headlines name none, and resolving nothing still costs its sets and lists)."""
    found = regions_mod.mentions(text)
    return [div.adcode for _, div in regions_mod.resolve(found)] if found else []


class _Home(NamedTuple):
    groups: list[tuple[str, ...]]  # each home division with its parents: (楚雄州, 云南省)
    outlet: frozenset[str]  # the divisions the outlet itself names (来凤新闻网 -> 来凤县)
    # The home division each bare level word names (市 -> 梧州市), filled in as titles ask: an
    # article's officials share a few levels (市委书记, 市长, 市民宗局局长).
    by_level: dict[str, str | None]


# An outlet named after its place, in the place's short form: 来凤新闻网, 城步发布, 莫旗融媒.
_OUTLET_WORD = re.compile(r"^(?:新闻网|融媒|发布|日报|电视台|广播|统战|民宗|政府网|之窗|在线|网)")


def _outlet_divisions(source: str) -> list[str]:
    """The divisions an outlet names: in full (某某县融媒体中心), or as the short form of a single
    division right before a media word (来凤新闻网; regions.find leaves bare short forms out)."""
    if not source:
        return []
    codes = _divisions_in(source)
    if codes:
        return codes
    for n in (4, 3, 2):
        if _OUTLET_WORD.match(source[n:]):  # a media word first: most sources have none there
            cands = {s.division.adcode for s in surfaces().get(source[:n], ())}
            if len(cands) == 1:
                return list(cands)
    return []


def _home(analysis: Analysis, regions: list[RegionRow]) -> _Home:
    """The article's own divisions, each with its parents: (楚雄州, 云南省). Found in the outlet
    (某某县融媒体中心, 某某市民宗局, 来凤新闻网) and the headline; else in the lead sentence (every
    division it names, the body's most-named first); else the body's most-named prefecture."""
    art = analysis.article
    outlet = _outlet_divisions(art.source or "")
    codes = outlet + _divisions_in(art.title) if art.title else outlet
    if not codes and analysis.sentences:
        lead = analysis.sentences[0]
        counts = Counter(r.adcode for r in regions)
        in_lead = [r.adcode for r in regions if lead.start <= r.start < lead.end]
        codes = sorted(dict.fromkeys(in_lead), key=lambda c: -counts[c])  # stable: lead order among equals
    if not codes:
        counts = Counter(r.adcode for r in regions if r.level != "province") or Counter(r.adcode for r in regions)
        codes = [c for c, _ in counts.most_common(1)]
    groups: list[tuple[str, ...]] = []
    for code in dict.fromkeys(codes):
        div = regions_mod.by_code(code)
        if div:
            groups.append((code, *div.ancestors()))
    return _Home(groups, frozenset(outlet), {})


def _narrowed(found: list[str], word: str, home: _Home) -> list[str]:
    """Several home divisions of a title's level, narrowed (the first rule that leaves any decides):
    the one the outlet names (来凤新闻网; 来凤县与龙山县签署…, 县委书记 -> 来凤县); the one inside
    another home division (白山日报; 长白县与宽甸县…, 县委书记 -> 长白县, in 白山市); for 自治区 and 省,
    the province of that kind (深圳与百色…, 自治区民宗委主任 -> 广西壮族自治区)."""
    heads = {g[0] for g in home.groups}
    rules = (
        lambda c: c in home.outlet,
        lambda c: any(a in heads for a in regions_mod.by_code(c).ancestors()),
        lambda c: word in ("省", "自治区") and regions_mod.by_code(c).name.endswith(word),
    )
    for rule in rules:
        kept = [c for c in found if rule(c)]
        if kept:
            return kept
    return found


# Which divisions a bare level word may denote: 市委 a prefecture-level or county-level city.
_LEVELS = MappingProxyType({
    "省": ("province",), "自治区": ("province",), "市": ("prefecture", "county"), "州": ("prefecture",),
    "自治州": ("prefecture",), "盟": ("prefecture",), "县": ("county",), "自治县": ("county",),
    "区": ("county",), "旗": ("county",), "地委": ("prefecture",), "行署": ("prefecture",), "地区": ("prefecture",),
})


_START = attrgetter("start")  # sort key of region rows and mentions


# An article's region rows as the jurisdiction rules look them up (built once per article): where
# each starts -> the first of them, in the article's order, that starts there.
_Spans = Mapping[int, RegionRow]


def _spans(regions: list[RegionRow]) -> _Spans:
    return {r.start: r for r in reversed(regions)}  # the first row at a start is written last


def _leading_division(title_start: int, spans: _Spans) -> str | None:
    """The most specific of the divisions that open a title: 浙江省杭州市民宗局局长 -> 杭州市 (the
    chain of mentions, each starting where the one before ends, that opens it; a mention is never
    empty, so the chain ends)."""
    lead = None
    r = spans.get(title_start)  # most titles open with no division's name
    while r is not None:
        lead = r.adcode
        r = spans.get(r.end)
    return lead


def _relative_division(title: str, home: Callable[[], _Home]) -> str | None:
    """The home division a bare level names: 市委书记, 州人民政府州长 (the level opens the title),
    副州长, 区长 (it is in the post); 省民宗委主任 -> the home division's province. When two home
    divisions of that level are named (兰州市与天水市…, 市委书记), the title is left undecided."""
    m = _RELATIVE.match(title) or _LEVEL_IN_POST.search(title)
    if not m:
        return None
    word = m.group()
    h = home()
    if word not in h.by_level:
        h.by_level[word] = _level_division(word, h)
    return h.by_level[word]


def _level_division(word: str, h: _Home) -> str | None:
    """The home division of the level `word` names (市, 自治州, 地委), if exactly one."""
    # 地委 and 行署 are the party committee and the office of a 地区.
    suffix = "地区" if word in ("地委", "行署", "地区") else word[-1]
    found: list[str] = []
    for group in h.groups:
        for code in group:
            div = regions_mod.by_code(code)
            if div and div.level in _LEVELS[word] and (word in ("省", "自治区") or div.name.endswith(suffix)):
                if code not in found:
                    found.append(code)
                break
    if len(found) > 1:
        found = _narrowed(found, word, h)
    return found[0] if len(found) == 1 else None


def national_organ(name: str) -> bool:
    """Whether an organ's name is a national organ's: it opens with the name of the state, the
    centre or the nation (国家民委, 中央统战部, 全国工商联, 国务院办公厅, 最高人民法院), and is
    no school (中央民族大学, 国家行政学院: FORMAT.md gives schools no jurisdiction)."""
    return bool(_NATIONAL_PREFIX.match(name)) and not _SCHOOL.search(name)


def _jurisdiction(title: str, title_start: int, spans: _Spans, home: Callable[[], _Home]) -> str | None:
    """The division whose organ holds this title, where the title or the article determines it."""
    if _SCHOOL.search(title):
        return None
    if _NATIONAL_TITLE.match(title):
        return NATIONAL
    return _leading_division(title_start, spans) or _relative_division(title, home)


# A title that names its organ's level or kind, by any of these (one search instead of four; the
# patterns anchored with ^ hold at the start only): 国家民委主任, 市委书记, 副州长, 某某大学校长.
_OWN_ORGAN = re.compile("|".join(p.pattern for p in (_NATIONAL_TITLE, _RELATIVE, _LEVEL_IN_POST, _SCHOOL)))


def _person_jurisdiction(f: _Found, spans: _Spans, home: Callable[[], _Home]) -> tuple[str | None, bool]:
    """(jurisdiction, decided): from the first of the person's titles that names its organ, its
    division or level (调研组组长、国家民委某司司长 -> 100000); undecided when none does."""
    for title, start in zip(f.titles, f.starts):
        if start in spans or _OWN_ORGAN.search(title):
            return _jurisdiction(title, start, spans, home), True
    # No title names its organ: _jurisdiction finds nothing in one that opens with no division and
    # matches none of the patterns _OWN_ORGAN joins.
    return None, False


def extract(analysis: Analysis, regions: list[RegionRow] | None = None) -> list[OfficialRow]:
    """One row per person named with a position (first mention); titles merged across mentions."""
    body = analysis.body
    regions = regions or []
    # The home division is looked for only when a bare title needs it (finding it costs more than the
    # rest), and then once.
    found_home: list[_Home] = []

    def home() -> _Home:
        if not found_home:
            found_home.append(_home(analysis, regions))
        return found_home[0]

    bylines = {b.name for b in analysis.article.bylines} if analysis.article.bylines else ()
    merged: dict[str, _Found] = {}
    for f in sorted(_mentions(body), key=_START):
        if f.name in bylines:
            continue
        known = merged.get(f.name)
        if known is None:
            merged[f.name] = f
            continue
        for title, start in zip(f.titles, f.starts):
            if title not in known.titles:
                # A new _Found, its lists new: the names of a list share their mentions' lists
                # (市领导陆海波、覃春明), and a person's later titles are theirs alone.
                known = merged[f.name] = _Found(f.name, known.titles + [title], known.starts + [start],
                                                known.start, known.end)
    if not merged:
        return []
    aid = analysis.article.article_id
    rows: list[OfficialRow] = []
    spans = _spans(regions)
    for f in merged.values():
        sentence = analysis.sentence_at(f.start)
        jurisdiction, decided = _person_jurisdiction(f, spans, home)
        # 国家民委…副司长刘某、政策法规司二级巡视员慕容某: titles naming no organ of their own
        # belong to the organ of the official before them in the same sentence.
        if jurisdiction is None and not decided and rows and rows[-1].start >= sentence.start:
            jurisdiction = rows[-1].jurisdiction
        rows.append(OfficialRow(aid, f.name, tuple(f.titles), jurisdiction, f.start, f.end, sentence.text.strip()))
    return rows


def titled_person(analysis: Analysis, regions: list[RegionRow], name: str, start: int, end: int) -> OfficialRow | None:
    """An official for a name another recogniser (a NER model) found at body[start:end], when a
    lexicon title ends right before it (州民宗委主任|张三) or follows it in brackets; else None."""
    body = analysis.body
    window = max(0, start - _MAX_TITLE)
    ending = [m for m in _position_re().finditer(body, window, start) if m.end() == start]
    titles: list[str] = []
    starts: list[int] = []
    if ending:
        last_start = _title_before(body, ending[-1].start())
        # 楚雄州委副书记、州长|张三: the titles carried before it too, as the rules read them.
        titles, starts = _earlier_titles(body, last_start)
        titles, starts = titles + [body[last_start:start]], starts + [last_start]
    elif m := _BRACKETED_TITLES.match(body, end):
        titles, starts = _title_list(m.group(1), m.start(1))
    if not titles or not titles[0]:
        return None
    jurisdiction, _ = _person_jurisdiction(_Found(name, titles, starts, start, end), _spans(regions),
                                           lambda: _home(analysis, regions))
    sentence = analysis.sentence_at(start).text.strip()
    return OfficialRow(analysis.article.article_id, name, tuple(titles), jurisdiction, start, end, sentence,
                       source="hanlp")


def is_school_post(title: str) -> bool:
    """Whether a title is held in a school or institute (no administrative jurisdiction)."""
    return bool(_SCHOOL.search(title))
