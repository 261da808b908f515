"""Agreements reported as signed or concluded, with their parties and signing date.

The reporting verb (签署, 签订, 签约, 达成, 缔结) governs an agreement noun (协议,
协议书, 框架协议, 战略合作协议, 备忘录, 意向书) in the same clause. Parties are the
signatories as printed before the verb: 由A、B与C签署, A与B签订, A分别与B、C签订; where
the text says only 双方, 两地 or 三方, the parties it names earlier (A与B举行…仪式, A、B、C
三地…, A代表团来到B, 召开A——B联席会), else those in the title (A和B关于…的框架协议).
A signing named as an event (举行“…”签约仪式) is an agreement. A later 该协议, generic
协议 or paraphrase (两地签署深化…框架协议) is the agreement already named.
The date is one in the same sentence, else the nearest earlier one in the paragraph,
else the event date of the lead (agreements signed 会上 belong to the meeting's day).
Pairs signing side by side (A与B、C与D分别签订…) sign one agreement each; a title printed
first names its parties after it (《…》由A与B签署, 签约双方为A和B, 在协议上签字); a count
heading a name (两县人民政府, 三旗民族事务部门) and a signing with no subject (会上签署了《…》)
point back to the sides named earlier, in a list of places, or in the headline.
Planned agreements (将签署, 拟签订, 商定于…签署), summaries (…协议及其他单项协议), counts
(共签署两份协议) and relative clauses (两地签署的框架协议明确…) are left out.
"""

from __future__ import annotations

import re

from extractors.analysis import Analysis
from extractors.records import AgreementRow, DateRow, RegionRow

VERSION = "3"

_VERB = r"(?:签署|签订|签约|达成|缔结|共签|续签)"
_NOUN = r"(?:战略合作框架协议|战略合作协议|合作框架协议|框架协议|合作协议书|合作协议|协作协议|协议书|协议|合作备忘录|备忘录|意向书|意向协议)"
# 签订跨区域实施“三项计划”协作协议 / 签署了《…框架协议》 / 签订《…工作机制》协议 / 签署合作协议
_AFTER_VERB = re.compile(
    rf"{_VERB}(?:了|实施)?\s*(?P<title>《[^《》]{{2,80}}》(?:{_NOUN})?|[^,。;!?、《》]{{0,60}}?{_NOUN})")
# 《…协议》…签署 / 《…协议》正式签订 (the title before the verb)
_BEFORE_VERB = re.compile(rf"(?P<title>《[^《》]{{2,80}}{_NOUN}》)(?:[^,。;!?]{{0,12}}?|由[^,。;!?《》]{{4,60}}?){_VERB}")
# 宣读了《…协议》,两市负责人在协议上签字: signed by putting names to the title read out.
_SIGNED_ON = re.compile(
    rf"(?P<title>《[^《》]{{2,80}}{_NOUN}》)(?P<who>[^。;!?《》]{{0,30}}?)在(?:该|这份)?{_NOUN}上(?:签字|签名)")
# A signing named as an event: 举行“共同建设民族团结实践基地”签约仪式 (the quoted name is the agreement)
_EVENT = re.compile(r"(?:举行|举办)了?\s*[“\"](?P<title>[^“”\"\n]{4,40})[”\"]\s*签约仪式")
_PLANNED = re.compile(r"(?:将|拟|计划|准备|即将|有望|争取|推动|协商|商定|约定|同意|打算)\s*(?:于\S{0,8})?(?:另行|正式|共同)?$")
_SUMMARY = re.compile(r"^(?:及其他|等|和其他)")
# A back-reference to an agreement already named: 该协议, 上述协议, 此项协议, 这一协议.
_BACK_REFERENCE = re.compile(r"(?:该|此项?|上述|这一|这份|本)\s*$")
# Words around the signatories that are not part of their names.
_LEAD = re.compile(r"^(?:会上|会议期间|期间|随后|同时|此外|其中|当天|现场|活动中|仪式上|此前|此次|日前|近日|目前|一是|二是|三是|四是|五是|[一二三四五六七八九十]+是)?\s*(?:由)?")
_TAIL = re.compile(r"(?:主要负责人|有关负责人|负责同志|负责人|代表[^、与和]*|双方|共同|正式|分别|现场|联合|还|也|又|已|曾|均"
                   r"|在\S{0,12}上|等)+$")
# The last characters of _TAIL's words: a name that ends in none of them (before a final newline,
# where $ also matches) and holds no 代表 (代表… may end in anything) has no tail to cut.
_TAIL_LAST = frozenset("人志方同式别场合还也又已曾均上等")
_SPLIT = re.compile(r"、|与|和|同|及|以及|,")
# A connector inside a department's name, not between two parties: 厦门市民族、宗教事务局,
# 民族与宗教事务委员会, 文化和旅游局, 人力资源和社会保障局, 发展和改革委员会.
_ORGAN_JOIN = re.compile(
    r"(?<=民族)(?:、|与|和)(?=宗教)|(?<=文化)(?:和|与)(?=旅游)|(?<=人力资源)和(?=社会保障)"
    r"|(?<=住房)和(?=城乡建设)|(?<=工业)和(?=信息化)|(?<=教育)和(?=体育)|(?<=卫生)和(?=计划生育|健康)"
    r"|(?<=自然资源)和(?=规划)|(?<=发展)和(?=改革)|(?<=农业)和(?=农村)"
)
# Counts and pronouns that point back to parties named elsewhere: 双方, 两地, 三方, 校地三方, 四地.
_POINTER = re.compile(r"(?P<word>双方|各方|[两二三四五六七八九十](?:地|方|市|州|县|旗|区|盟|校|家))")
_POINTER_AT_END = re.compile(rf"{_POINTER.pattern}$")
# A count heading a party's name stands for the parties too: 两县人民政府, 两市州, 三旗民族事务部门.
_POINTER_AT_START = re.compile(rf"^{_POINTER.pattern}")
# A count of agreements sums up several, it names none: 共签署两份协议, 还签订了三项协议, 同场签约的还有三份协议.
# (the count and a short kind make the whole title: not 两个甘南民族团结进步创建战略合作协议, a name)
_COUNT_OF_AGREEMENTS = re.compile(r"^\S{0,4}?[两二三四五六七八九十\d]+(?:份|项(?!计划)|个)[^“”\"‘’]{0,6}$")
# 签署的框架协议明确…: a relative clause about an agreement (the one signed), not a signing.
_RELATIVE = re.compile(r"^的")
# Parties given after the agreement: 签约双方为A和B / 签约的三方——A、B、C—— (up to the next dash or comma).
_PARTIES_AFTER = re.compile(
    r"签约的?(?:双方|三方|各方|[两二三四五六七八九十]方)(?:为|是|——|:)(?P<list>[^,。;!?——]{4,90}?)(?=——|,|。|;|$)")
# The signatories after a title printed first: 《…协议》由A与B签署.
_BY_AFTER_TITLE = re.compile(r"由(?P<list>[^,。;!?《》]{4,60}?)(?:共同|正式|联合)?(?:签署|签订)")
_COUNT = {"双": 2, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Pieces that are no signatory: a domain (文旅), a department word (民宗部门), an adverb (联合).
_FRAGMENT = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}部门(?:联合)?|[\u4e00-\u9fff]{0,4}联合|文旅|民宗|文化|旅游|教育|宣传|统战|卫健|人社|发改|工信|商务|农业)$")
# An organ or division name's last word: 民宗委, 人民政府, 民族宗教事务局, 凯里学院, 甘南县, 社区.
_ORGAN_END = re.compile(r"(?:政府|委员会|委|局|厅|办|办公室|部|院|校|学校|大学|学院|中心|公司|社区|村|镇|乡|街道|会|所|馆|省|市|州|县|区|旗|盟)$")
# Words that place a signing at the reported event: 会上, 仪式上, 同日, 同场签约的还有…, 在…见证下.
_DATE_HINT = re.compile(r"会上|会议|仪式|活动中|期间|随后|现场|当天|同日|同场|同时|签约|见证")


def _kind(title: str) -> str:
    if "战略" in title:
        return "strategic"
    if "框架" in title:
        return "framework"
    return "cooperation"


def _split(text: str) -> list[str]:
    """Split a list of names on its connectors, leaving those inside an organ's name."""
    return _split_joined(text)[0]


def _split_joined(text: str) -> tuple[list[str], list[str]]:
    """The names of a list and the connectors between them (甲区与乙县、丙区 -> [与, 、])."""
    parts, joins, last = [], [], 0
    for m in _SPLIT.finditer(text):
        # 民族、宗教事务局: a connector inside an organ's name (tried only at the connectors: its
        # look-behinds would cost ten tries at every character). 与同仁市: a 同 right after a
        # connector opens a name, it joins nothing.
        if _ORGAN_JOIN.match(text, m.start()) or (m.group() == "同" and m.start() == last and last > 0):
            continue
        parts.append(text[last:m.start()])
        joins.append(m.group())
        last = m.end()
    parts.append(text[last:])
    return [p.strip() for p in parts], joins


_EACH_WITH = re.compile(r"分别(?=与)")  # A分别与B、C: A first, then B, C
# 负责人代表13省(区、市)…参会单位签署: who signed for whom is not a party list.
_FOR_WHOM = re.compile(r"(?:主要|有关)?负责(?:人|同志).*$|代表.*$")
# 在吉首市 / 在19日上午召开的座谈会上: where and when, not who.
_WHERE_WHEN = re.compile(r"(?:在|于)[^与和、]{1,20}$")


def _clean(clause: str) -> str:
    """A clause before the verb without the words around its signatories (会上, 负责人, 在某地)."""
    # Each cut is tried only on clauses holding a word every match of it holds.
    clause = _LEAD.sub("", clause.strip())
    if "分别" in clause:
        clause = _EACH_WITH.sub("", clause)
    if "负责" in clause or "代表" in clause:
        clause = _FOR_WHOM.sub("", clause)
    if "在" in clause or "于" in clause:
        clause = _WHERE_WHEN.sub("", clause)
    return _untail(clause)


def _untail(name: str) -> str:
    """`name` without the words after a signatory (负责人, 共同, 在某地上, 等): _TAIL cut."""
    if name.rstrip("\n")[-1:] in _TAIL_LAST or "代表" in name:
        return _TAIL.sub("", name)
    return name


def _parties(clause: str) -> tuple[str, ...]:
    """Signatories printed before the verb in a clause: 由A、B与C(负责人代表…)."""
    return _listed(_clean(clause))


def _listed(cleaned: str) -> tuple[str, ...]:
    """The signatories in a clause already cleaned (_clean)."""
    return _valid([_untail(_bare(p)) for p in _split(cleaned)])


# Around a party's name inside a list: the person who signed for it (甲局局长张三), when it had
# signed (乙社区已于2022年5月), what the sentence said before (会议通报了12月28日丙委).
_SIGNER = re.compile(r"(?<=[局委院厅府办部校])(?:党组)?副?(?:局长|主任|书记|院长|厅长|部长|校长|县长|市长|州长|区长|旗长)"
                     r"[\u4e00-\u9fff·]{2,8}$")
_WHEN = re.compile(r"(?:已|曾|先后)?(?:在|于)[^与和、]{1,20}$")
_BEFORE_DATE = re.compile(r"^.*?\d+月\d+日|^来自")
# 丙州的民宗部门: the place whose department it is.
_WHOSE = re.compile(r"的[\u4e00-\u9fff]{0,6}(?:部门|单位|代表)$")


def _bare(part: str) -> str:
    """A party's name without its signer, its signing time or the words before a date."""
    # Each cut is tried only on names holding a word every match of it holds.
    part = part.strip()
    if "日" in part or "来自" in part:
        part = _BEFORE_DATE.sub("", part)
    if "在" in part or "于" in part:
        part = _WHEN.sub("", part)
    if "长" in part or "主任" in part or "书记" in part:
        part = _SIGNER.sub("", part)
    if "的" in part:
        part = _WHOSE.sub("", part)
    return part


def _valid(parts: list[str]) -> tuple[str, ...]:
    """Names that can be a party list: each 2-30 characters, no count, pronoun or fragment."""
    parts = [p for p in parts if p]
    if not parts or len(parts) > 12:
        return ()
    for p in parts:
        if (len(p) < 2 or len(p) > 30 or "双方" in p or "各方" in p or _POINTER_AT_END.search(p)
                or _POINTER_AT_START.search(p) or _FRAGMENT.match(p)):
            return ()
    return tuple(parts)


def _pairs(cleaned: str) -> list[tuple[str, ...]]:
    """Pairs signing side by side, one agreement each: 甲区与乙县、丙区与丁县分别签订… ->
    [(甲区, 乙县), (丙区, 丁县)]; empty unless the clause (cleaned: _clean) alternates 与 and 、
    (A分别与B、C is one)."""
    parts, joins = _split_joined(cleaned)
    if (len(joins) < 3 or len(joins) % 2 == 0 or any(j != "、" for j in joins[1::2])
            or any(j not in ("与", "和", "同") for j in joins[0::2])):
        return []
    parts = [_untail(_bare(p)) for p in parts]
    groups = [_valid(parts[i:i + 2]) for i in range(0, len(parts), 2)]
    return groups if all(len(g) == 2 for g in groups) else []


def _pointer_count(text: str) -> int | None:
    """How many parties a pronoun in `text` stands for (双方 -> 2, 三地 -> 3); 0 for 各方."""
    m = _POINTER.search(text)
    if not m:
        return None
    return _COUNT.get(m.group("word")[0], 0)


# Where earlier text names the parties a pronoun points back to, most specific first:
# A、B、C三地民宗部门负责人齐聚… / 某州与某市双方… (a list before its count)
# (A window is scanned for a list only when it holds a count word: the lazy list costs thirty
# tries a character.)
_COUNT_WORD = re.compile(r"[两二三四五六七八九十双][地方市州县校]")  # 三地, 双方
_LIST_WITH_COUNT = re.compile(rf"(?P<list>[^,。;:!?“”《》\n]{{4,90}}?){_COUNT_WORD.pattern}")
# A run of text between two stops: 甲县、乙县两地 in 会上,甲县、乙县两地签署… (no list crosses one).
_RUN = re.compile(r"[^,。;:!?“”《》\n]+")
# 甲州代表团一行来到乙县 / 甲市党政代表团赴乙州考察 (a visiting delegation and its host)
_DELEGATION = re.compile(
    r"(?P<a>[^,。;:!?“”《》\n]{2,30}?)(?:党政)?(?:代表团|考察团|调研组)(?:一行)?(?:\d+人)?"
    r"(?:来到|赴|到|抵达|前往|走进)(?P<b>[^,。;:!?“”《》\n]{2,30}?)(?=,|。|;|开展|考察|调研|学习|交流|参观|对接|座谈|$)")
# The delegation and its verb, which every match holds: 代表团一行来到, 考察团赴.
_DELEGATION_HEAD = re.compile(r"(?:代表团|考察团|调研组)(?:一行)?(?:\d+人)?(?:来到|赴|到|抵达|前往|走进)")
# How far before that a match can begin: its 30-character place and 党政.
_DELEGATION_REACH = 30 + len("党政")
# 召开甲市——乙州东西部协作联席会 / 甲—乙协作座谈会 (two sides joined by a dash, cut by the region rows)
_DASH = re.compile(r"——|—|－")
# A市与B区举行…签约仪式 / A与B在某地召开座谈会 (a list opening a clause, before an event verb)
_LIST_BEFORE_EVENT = re.compile(
    r"(?:^|(?<=[,:]))(?P<list>[^,。;:!?“”《》\n]{4,80}?)(?:举行|举办|召开|签署|签订|签约|共同|正式|就|达成|座谈|会谈|在[^,。;]{1,12}(?:举行|举办|召开))")


def _context_parties(analysis: Analysis, regions: list[RegionRow], offset: int, count: int | None) -> tuple[str, ...]:
    """The parties a pronoun at `offset` points back to: named earlier in its sentence, then
    in the sentences before it, nearest first, back to the article's lead."""
    body = analysis.body
    i = analysis.sentence_index(offset)
    earlier = analysis.sentences[max(0, i - 7):i][::-1]
    windows = [(analysis.sentences[i].start, offset)] + [(s.start, s.end) for s in earlier]
    places = {r.surface for r in regions}
    for start, end in windows:
        text = body[start:end]
        for parties in _window_parties(text, start, regions):
            parties = tuple(_trim_to_places(p, places) for p in parties)
            if len(parties) >= 2 and (not count or len(parties) == count) and all(_named_party(p, places) for p in parties):
                return parties
    # 甲县与乙县签署…协议 as the headline: the sides the body calls only 双方.
    title = analysis.article.title or ""
    for m in _LIST_BEFORE_EVENT.finditer(title):
        parties = _parties(m.group("list"))
        if len(parties) >= 2 and (not count or len(parties) == count) and all(_ORGAN_END.search(p) for p in parties):
            return parties
    return ()


# A meeting's name, not a signatory's, though it ends in 会: 甲县与乙县茶文化联盟成立大会.
_MEETING_END = re.compile(r"(?:大会|座谈会|联席会议?|会议|推进会|交流会|研讨会|现场会|见面会|恳谈会)$")


def _trim_to_places(party: str, places: set[str]) -> str:
    """A name run on into the event's name, cut after the last place in it:
    乙省甲市东西部协作座谈 (from 甲州与乙省甲市东西部协作座谈会) -> 乙省甲市."""
    if _ORGAN_END.search(party) and not _MEETING_END.search(party):
        return party
    end = max((party.find(p) + len(p) for p in places if p in party), default=0)
    return party[:end] if end else party


def _named_party(party: str, places: set[str]) -> bool:
    """Whether a name from context can sign: an organ or division (…民宗委, …县), or a place the
    regions extractor found (南京); not two people met at a forum (张某与李某座谈)."""
    return bool(_ORGAN_END.search(party)) or any(party.startswith(p) for p in places)


def _lists_with_count(text: str):
    """_LIST_WITH_COUNT's matches in `text`, scanned for only in the runs between stops that hold a
    count word, and in each only up to its last one: no match crosses a stop or ends elsewhere,
    and the lazy list costs thirty tries a character."""
    if not _COUNT_WORD.search(text):
        return
    for run in _RUN.finditer(text):
        last = None
        for last in _COUNT_WORD.finditer(text, run.start(), run.end()):
            pass
        if last is not None:
            yield from _LIST_WITH_COUNT.finditer(text, run.start(), last.end())


def _delegations(text: str):
    """_DELEGATION's matches in `text`, scanned for only where one can begin: within its reach
    before the first delegation with its verb (a failing scan costs sixty tries a character)."""
    head = _DELEGATION_HEAD.search(text)
    if head is None:
        return iter(())
    return _DELEGATION.finditer(text, max(0, head.start() - _DELEGATION_REACH))


# What opens a list before its count: 来自 / 齐聚 and all before them, or a word and its comma.
# 会上,来自甲县、乙县两地 -> 甲县、乙县
_LIST_OPENING = re.compile(r"^.*?(?:齐聚|来自)|^\S*?[,:]")
# The leader of a delegation and all before: 甲市委书记张三率(甲市代表团)
_LED_BY = re.compile(r"^.*(?:率|带领|带队|随)")


def _joins(text: str) -> bool:
    """Whether `text` holds a connector _SPLIT splits on: without one it names one side at most."""
    return "、" in text or "与" in text or "和" in text or "同" in text or "及" in text or "," in text


def _window_parties(text: str, start: int, regions: list[RegionRow]):
    """Candidate lists of two parties or more named in one stretch of text, most specific pattern
    first."""
    for m in _lists_with_count(text):
        if _joins(m.group("list")):
            yield _parties(_LIST_OPENING.sub("", m.group("list")))
    for m in _delegations(text):
        # 甲市委书记张三率甲市代表团来到乙州: the delegation's place follows 率.
        a = _LED_BY.sub("", _LEAD.sub("", m.group("a"))).strip()
        b = m.group("b").strip()
        if _ORGAN_END.search(a) or any(r.start == start + m.start("a") for r in regions):
            yield (a, b)
    for m in _DASH.finditer(text):
        left = next((r for r in regions if r.end == start + m.start()), None)
        right = next((r for r in regions if r.start == start + m.end()), None)
        if left and right:
            yield (left.surface, right.surface)
    for m in _LIST_BEFORE_EVENT.finditer(text):
        if _joins(m.group("list")):
            yield _parties(m.group("list"))
    yield from _region_lists(text, start, regions)


# What may join two places of one list: 甲县、乙县与丙旗.
_LIST_JOIN = frozenset(("、", "与", "和", "及", "同"))


def _region_lists(text: str, start: int, regions: list[RegionRow]):
    """Places the regions extractor found printed as one list: 甲旗、乙旗、丙旗的代表队 ->
    (甲旗, 乙旗, 丙旗); two places printed together are one (甲州乙县)."""
    spans: list[list[int]] = []
    end = start + len(text)
    inside = [r for r in regions if r.start >= start and r.end <= end]  # (sorted after: fewer)
    for r in sorted(inside, key=lambda r: r.start):
        if spans and r.start < spans[-1][1]:
            continue
        gap = text[spans[-1][1] - start:r.start - start] if spans else None
        if gap == "":
            spans[-1][1] = r.end
        elif gap in _LIST_JOIN:
            spans.append([r.start, r.end])
        else:
            if len(spans) >= 2:
                yield tuple(text[a - start:b - start] for a, b in spans)
            spans = [[r.start, r.end]]
    if len(spans) >= 2:
        yield tuple(text[a - start:b - start] for a, b in spans)


# The parties in a title: 甲市人民政府和乙州人民政府关于…的框架协议.
_TITLE_PARTIES = re.compile(r"^(?P<list>[^关]{4,80}?)关于")


def _title_parties(title: str) -> tuple[str, ...]:
    """Signatories named at the head of a title, each an organ (…人民政府, …民宗委)."""
    m = _TITLE_PARTIES.match(title)
    if not m:
        return ()
    parts = _parties(m.group("list"))
    return parts if len(parts) >= 2 and all(_ORGAN_END.search(p) for p in parts) else ()


def _clause_before(body: str, start: int, sentence_start: int) -> str:
    """The clause before the verb: back to the previous comma, semicolon or sentence start."""
    text = body[sentence_start:start]
    cut = max(text.rfind(","), text.rfind(";"), text.rfind(":"))
    return text[cut + 1:]


_NO_MARKS = str.maketrans("", "", "《》“”\"")  # a title's brackets and quotes
_ENDS_IN_NOUN = re.compile(rf"{_NOUN}$")  # …合作框架协议
_VERB_TAIL = re.compile(r"^(?:了|实施)")  # what a verb leaves before the title: 签署了, 签订实施
_GENERIC = re.compile(_NOUN)
_ANOTHER = re.compile(r"还|另外|此外")  # 双方还签署了…: another agreement, not the one named


def _is_generic(title: str) -> bool:
    """A title that only names the kind of agreement: 协议, 合作协议, 框架协议."""
    return _GENERIC.fullmatch(title) is not None


def extract(analysis: Analysis, dates: list[DateRow] | None = None,
            regions: list[RegionRow] | None = None) -> list[AgreementRow]:
    """One row per agreement reported as signed (first mention)."""
    body, aid = analysis.body, analysis.article.article_id
    dates = dates or []
    regions = regions or []
    rows: list[AgreementRow] = []
    seen: set[str] = set()
    counted: list[tuple[re.Match, object, str]] = []
    events = [(m, "event") for m in _EVENT.finditer(body)]
    hits = ([(m, "after") for m in _AFTER_VERB.finditer(body)] + [(m, "before") for m in _BEFORE_VERB.finditer(body)]
            + events + [(m, "signed_on") for m in _SIGNED_ON.finditer(body)])
    # The sentences that sign an agreement, asked only about a signing ceremony's.
    signed_in = {analysis.sentence_index(m.start()) for m, form in hits if form != "event"} if events else set()
    for m, form in sorted(hits, key=lambda h: h[0].start()):
        sentence = analysis.sentence_at(m.start())
        # 举行“共建某基地”签约仪式,双方签署《共建协议》: the ceremony is that agreement's signing.
        if form == "event" and analysis.sentence_index(m.start()) in signed_in:
            continue
        raw_title = m.group("title")
        title = raw_title.translate(_NO_MARKS)
        if form != "event" and not _ENDS_IN_NOUN.search(title):
            continue
        title = _VERB_TAIL.sub("", title).strip()
        prefix = body[sentence.start:m.start()]
        if _PLANNED.search(prefix) or _SUMMARY.match(body[m.end("title"):m.end("title") + 3]):
            continue
        if not _quoted(raw_title, form) and _COUNT_OF_AGREEMENTS.search(title):
            counted.append((m, sentence, title))  # kept only when no agreement is named by itself
            continue
        if not _quoted(raw_title, form) and _RELATIVE.search(title):
            if rows:
                continue  # 两地签署的框架协议明确…: the one already named
            title = title[1:]  # 甲与乙签署的合作协议正式生效: the only report of the signing
        if title in seen or any(title in s or s in title for s in seen if len(title) > 4):
            continue
        clause = _clause_before(body, m.start(), sentence.start)
        quoted = _quoted(raw_title, form)
        # 该协议 / a later bare 协议: the agreement already named, not another.
        if rows and (_is_generic(title) and _BACK_REFERENCE.search(body[max(0, m.start("title") - 3):m.start("title")])
                     or _is_generic(title) and _pointer_count(clause) is not None):
            continue
        parties: tuple[str, ...] = ()
        # Only where the text makes each pair sign its own: 分别/各自, or a pairing (结对) agreement.
        each_own = "分别" in clause or "各自" in clause or "结对" in title
        # The clause before the verb without the words around its signatories, read by the pairs,
        # the parties and the test for a signing with no subject.
        cleaned = _clean(clause) if form in ("after", "event") else ""
        if form == "after" and each_own and len(pairs := _pairs(cleaned)) >= 2:
            # 甲区与乙县、丙区与丁县分别签订了结对协议: one agreement per pair, on the same day.
            day = _date(analysis, dates, m.start(), sentence)
            seen.add(title)
            rows.extend(AgreementRow(aid, title, _kind(title), pair, day, m.start("title"), m.end("title"),
                                     sentence.text.strip()) for pair in pairs)
            continue
        if form == "after":
            parties = _listed(cleaned)
        elif form == "before" and (by := _BY_AFTER_TITLE.match(body, m.end("title"))):
            parties = _parties(by.group("list"))
        elif form == "event":
            parties = _listed(cleaned)
        elif form == "signed_on":
            parties = _parties(m.group("who"))
        if not parties:
            parties = _title_parties(title)
        if not parties:
            parties = _named_after(analysis, m.end("title"))
        count = _pointer_count({"before": prefix, "signed_on": m.group("who") if form == "signed_on" else ""}.get(form, clause))
        # 会上签署了《…》: no signatory printed, the sides of the meeting sign.
        subjectless = form in ("after", "event") and not cleaned
        if not parties and (count is not None or subjectless):
            parties = _context_parties(analysis, regions, m.start(), count)
        # 两地签署深化…框架协议 after the agreement was named: a paraphrase of it, not a second one.
        # (双方还签署了… says it is another one.)
        if (rows and not quoted and count is not None and not _ANOTHER.search(clause)
                and any(not parties or set(r.parties) == set(parties) for r in rows)):
            continue
        seen.add(title)
        rows.append(AgreementRow(aid, title, _kind(title), parties, _date(analysis, dates, m.start(), sentence),
                                 m.start("title"), m.end("title"), sentence.text.strip()))
    if not rows and counted:
        # 双方签订了两项合作协议 and nothing else: the text names them only by that phrase.
        m, sentence, title = counted[0]
        rows.append(AgreementRow(aid, title, _kind(title), _parties(_clause_before(body, m.start(), sentence.start)),
                                 _date(analysis, dates, m.start(), sentence), m.start("title"), m.end("title"),
                                 sentence.text.strip()))
    return rows


def _quoted(raw_title: str, form: str) -> bool:
    """Whether the agreement was printed by name: in 《》 or as a quoted signing event."""
    return raw_title.startswith("《") or form == "event"


def _named_after(analysis: Analysis, end: int) -> tuple[str, ...]:
    """Parties given after the agreement, in its sentence or the next: 签约双方为A和B."""
    i = analysis.sentence_index(end)
    stop = analysis.sentences[min(i + 1, len(analysis.sentences) - 1)].end
    m = _PARTIES_AFTER.search(analysis.body, end, stop)
    return _parties(m.group("list")) if m else ()


def _date(analysis: Analysis, dates: list[DateRow], offset: int, sentence) -> str | None:
    day_dates = [d for d in dates if d.kind == "day"]
    same = [d for d in day_dates if sentence.start <= d.start < sentence.end]
    if same:
        return same[0].value
    # 已于2022年5月与某校签订…: a month given before the verb in the same sentence.
    months = [d for d in dates if d.kind == "month" and sentence.start <= d.start < offset]
    if months:
        return months[-1].value
    lead = analysis.sentences[0] if analysis.sentences else None
    lead_dates = [d for d in day_dates if lead and lead.start <= d.start < lead.end]
    # 两市将于4月11日举办…。甲区与乙区也在会上签订了…: signed 会上, on the meeting's day, not on
    # a date planned earlier in the paragraph.
    if lead_dates and _DATE_HINT.search(analysis.body[sentence.start:offset]):
        return lead_dates[0].value
    # The nearest earlier date in the same paragraph.
    para_start = analysis.body.rfind("\n", 0, offset) + 1
    earlier = [d for d in day_dates if para_start <= d.start < offset]
    if earlier:
        return earlier[-1].value
    # Signed 会上/随后/仪式上/同日: the event date given in the lead sentence.
    if lead_dates and _DATE_HINT.search(analysis.body[para_start:offset]):
        return lead_dates[0].value
    return None
