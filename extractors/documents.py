"""Policy documents cited in 《》: 方案, 意见, 办法, 规划, 通知, 决定, 条例, 纲要 and kin.

A title counts when, with a trailing period in parentheses set aside
(《…实施方案(2016-2020年)》), it ends in a document-type word. Newspapers, books
and agreements in 《》 are not documents (agreements have their own table); a short
back-reference (《条例》 after the full title) is the document already cited.
"""

from __future__ import annotations

import re

from extractors.analysis import Analysis
from extractors.records import DocumentRow

VERSION = "2"

_CITED = re.compile(r"《([^《》\n]{2,120})》")
# The types of policy documents, as the last word of their titles.
_DOC_TYPE = re.compile(
    r"(?:方案|意见|实施意见|指导意见|办法|规划|通知|决定|条例|纲要|规定|细则|计划|法|准则|指南|"
    r"决议|公告|通告|章程|规则|标准|清单|目录|守则|措施|要点|制度|政策|批复|报告|白皮书)$"
)
# A trailing period or version in parentheses: (2016-2020年), (试行), (修订)
_TRAILER = re.compile(r"\s*[(（][^()（）]{1,20}[)）]$")
_NOT_DOCUMENT = re.compile(r"(?:协议|协议书|备忘录|意向书|合同)$|(?:报|日报|晚报|杂志|周刊|月刊)$")


def is_document_title(title: str) -> bool:
    """Whether a 《》 title names a policy document."""
    core = title.strip()
    if core.endswith((")", "）")):  # the trailer's last character (a stripped title ends there)
        core = _TRAILER.sub("", core)
    return bool(_DOC_TYPE.search(core)) and not _NOT_DOCUMENT.search(core)


def extract(analysis: Analysis) -> list[DocumentRow]:
    """One row per document title (first mention)."""
    seen: set[str] = set()
    rows = []
    for m in _CITED.finditer(analysis.body):
        title = m.group(1).strip()
        if title in seen or not is_document_title(title):
            continue
        # 《条例》 after 《某某自治州民族团结进步条例》: the short form of a document already cited.
        if any(earlier.endswith(title) or title in earlier for earlier in seen):
            continue
        seen.add(title)
        # 《 实施方案 》: the offsets hold the title without the spaces around it.
        start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip())
        rows.append(DocumentRow(analysis.article.article_id, title, start, start + len(title)))
    return rows
