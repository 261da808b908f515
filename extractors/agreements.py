"""Agreements reported as signed or concluded, with their parties and signing date.

The reporting verb (签署, 签订, 签约, 达成, 缔结) governs an agreement noun (协议,
协议书, 框架协议, 战略合作协议, 备忘录, 意向书) in the same clause. Parties are the
signatories as printed before the verb: 由A、B与C签署, A与B签订, A分别与B、C签订.
The date is one in the same sentence, else the nearest earlier one in the paragraph,
else the event date of the lead (agreements signed 会上 belong to the meeting's day).
Planned agreements (将签署, 拟签订) and summaries (…协议及其他单项协议) are left out.
"""

from __future__ import annotations

import re

from extractors.analysis import Analysis
from pipeline.records import AgreementRow, DateRow

VERSION = "1"

_VERB = r"(?:签署|签订|签约|达成|缔结|共签)"
_NOUN = r"(?:战略合作框架协议|战略合作协议|合作框架协议|框架协议|合作协议书|合作协议|协作协议|协议书|协议|合作备忘录|备忘录|意向书|意向协议)"
# 签订跨区域实施“三项计划”协作协议 / 签署了《…框架协议》 / 签署合作协议
_AFTER_VERB = re.compile(rf"{_VERB}(?:了|实施)?\s*(?P<title>《[^《》]{{2,80}}》|[^,。;!?、《》]{{0,60}}?{_NOUN})")
# 《…协议》…签署 / 《…协议》正式签订 (the title before the verb)
_BEFORE_VERB = re.compile(rf"(?P<title>《[^《》]{{2,80}}{_NOUN}》)[^,。;!?]{{0,12}}?{_VERB}")
_PLANNED = re.compile(r"(?:将|拟|计划|准备|即将|有望|争取|推动|协商)\s*(?:于\S{0,8})?$")
_SUMMARY = re.compile(r"^(?:及其他|等|和其他)")
# Words around the signatories that are not part of their names.
_LEAD = re.compile(r"^(?:会上|会议期间|期间|随后|同时|此外|其中|当天|现场|活动中|仪式上|一是|二是|三是|四是|五是|[一二三四五六七八九十]+是)?\s*(?:由)?")
_TAIL = re.compile(r"(?:主要负责人|有关负责人|负责同志|负责人|代表[^、与和]*|双方|共同|正式|分别|现场|在\S{0,12}上|等)+$")
_SPLIT = re.compile(r"、|与|和|同|及|以及|,")
_DATE_HINT = re.compile(r"会上|会议|仪式|期间|随后|现场|当天")


def _kind(title: str) -> str:
    if "战略" in title:
        return "strategic"
    if "框架" in title:
        return "framework"
    return "cooperation"


def _parties(clause: str) -> tuple[str, ...]:
    """Signatories printed before the verb in a clause: 由A、B与C(负责人代表…)."""
    clause = _LEAD.sub("", clause.strip())
    clause = re.sub(r"分别(?=与)", "", clause)  # A分别与B、C: A first, then B, C
    # 负责人代表13省(区、市)…参会单位签署: who signed for whom is not a party list.
    clause = re.sub(r"(?:主要|有关)?负责(?:人|同志).*$|代表.*$", "", clause)
    clause = _TAIL.sub("", clause)
    parts = [_TAIL.sub("", p.strip()) for p in _SPLIT.split(clause)]
    parts = [p for p in parts if p]
    if not parts or any(len(p) < 2 or len(p) > 30 for p in parts) or len(parts) > 12:
        return ()
    if parts in (["双方"], ["各方"]):
        return ()
    return tuple(parts)


def _clause_before(body: str, start: int, sentence_start: int) -> str:
    """The clause before the verb: back to the previous comma, semicolon or sentence start."""
    text = body[sentence_start:start]
    cut = max(text.rfind(","), text.rfind(";"), text.rfind(":"))
    return text[cut + 1:]


def extract(analysis: Analysis, dates: list[DateRow] | None = None) -> list[AgreementRow]:
    """One row per agreement reported as signed (first mention)."""
    body, aid = analysis.body, analysis.article.article_id
    day_dates = [d for d in dates or [] if d.kind == "day"]
    rows: list[AgreementRow] = []
    seen: set[str] = set()
    hits = [(m, True) for m in _AFTER_VERB.finditer(body)] + [(m, False) for m in _BEFORE_VERB.finditer(body)]
    for m, verb_first in sorted(hits, key=lambda h: h[0].start()):
        sentence = analysis.sentence_at(m.start())
        raw_title = m.group("title")
        title = re.sub(r"[《》“”\"]", "", raw_title)
        if not re.search(rf"{_NOUN}$", title):
            continue
        title = re.sub(r"^(?:了|实施)", "", title).strip()
        prefix = body[sentence.start:m.start()]
        if _PLANNED.search(prefix) or _SUMMARY.match(body[m.end("title"):m.end("title") + 3]):
            continue
        if title in seen or any(title in s or s in title for s in seen if len(title) > 4):
            continue
        seen.add(title)
        parties = _parties(_clause_before(body, m.start(), sentence.start)) if verb_first else ()
        rows.append(AgreementRow(aid, title, _kind(title), parties, _date(analysis, day_dates, m.start(), sentence),
                                 m.start("title"), m.end("title"), sentence.text.strip()))
    return rows


def _date(analysis: Analysis, day_dates: list[DateRow], offset: int, sentence) -> str | None:
    same = [d for d in day_dates if sentence.start <= d.start < sentence.end]
    if same:
        return same[0].value
    # The nearest earlier date in the same paragraph.
    para_start = analysis.body.rfind("\n", 0, offset) + 1
    earlier = [d for d in day_dates if para_start <= d.start < offset]
    if earlier:
        return earlier[-1].value
    # Signed 会上/随后/仪式上: the event date given in the lead sentence.
    lead = analysis.sentences[0] if analysis.sentences else None
    lead_dates = [d for d in day_dates if lead and lead.start <= d.start < lead.end]
    if lead_dates and _DATE_HINT.search(analysis.body[para_start:offset]):
        return lead_dates[0].value
    return None
