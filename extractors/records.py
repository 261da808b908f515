"""What extractors read and write: the analysed article and the rows of each table.

Cleaning (pipeline/) produces an `Article`; extractors turn it into rows. The types live
here, with the extractors, so that the dependency runs one way: pipeline imports
extractors, extractors import nothing of pipeline. Offsets (`start`, `end`) always index
`Article.body`, the cleaned simplified text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Byline:
    """A named reporter, correspondent, author, editor or photographer."""

    name: str
    role: str  # 记者, 通讯员, 作者, 编辑, 摄影


@dataclass
class Article:
    """A cleaned, normalised article: what every extractor reads."""

    article_id: str
    uri: str
    title: str | None
    published: dt.date | None
    source: str | None
    bylines: list[Byline]
    script: str  # 'simplified' or 'traditional': the script as published
    truncated: bool
    body: str  # cleaned and simplified: every offset points into it
    body_original: str  # cleaned, in the script as published
    content_sha1: str  # of body: the same story on two sites shares it
    input_sha1: str  # of the raw bytes: decides whether an input changed
    encoding: str  # how the bytes were decoded
    extractor: str  # which main-content extractor produced the body
    url: str | None = None
    dup_cluster: str | None = None


@dataclass(frozen=True)
class DateRow:
    article_id: str
    text: str
    value: str  # ISO 8601, partial allowed: 2023-10-12, 2019, 2023-08, --11-17, 2016/2020
    kind: str  # day, month, year, span
    start: int
    end: int
    source: str = "rules"  # what found it: rules, hanlp, or both


@dataclass(frozen=True)
class RegionRow:
    article_id: str
    adcode: str
    name: str  # full official name
    surface: str  # as written
    level: str  # province, prefecture, county
    parent: str | None  # adcode of the parent division
    start: int
    end: int
    source: str = "rules"  # what found it: rules, hanlp, or both


@dataclass(frozen=True)
class OfficialRow:
    article_id: str
    name: str
    titles: tuple[str, ...]
    jurisdiction: str | None
    start: int
    end: int
    sentence: str
    source: str = "rules"  # what found it: rules, hanlp, or both


@dataclass(frozen=True)
class AgreementRow:
    article_id: str
    title: str
    kind: str  # framework, strategic, cooperation
    parties: tuple[str, ...]
    date: str | None
    start: int
    end: int
    sentence: str
    source: str = "rules"  # what found it: rules, hanlp, or both


@dataclass(frozen=True)
class ProgramRow:
    article_id: str
    name: str  # as printed, without quotes
    canonical: str | None  # lexicon name where known
    parent: str | None
    start: int
    end: int
    source: str = "rules"  # what found it: rules, hanlp, or both


@dataclass(frozen=True)
class DocumentRow:
    article_id: str
    title: str
    start: int
    end: int
    source: str = "rules"  # what found it: rules, hanlp, or both


@dataclass(frozen=True)
class PersonRow:
    """A person a NER model found with no position beside the name: never an official."""

    article_id: str
    name: str
    start: int
    end: int
    sentence: str
    source: str = "hanlp"


@dataclass
class Extraction:
    """All rows extracted from one article."""

    dates: list[DateRow] = field(default_factory=list)
    regions: list[RegionRow] = field(default_factory=list)
    officials: list[OfficialRow] = field(default_factory=list)
    agreements: list[AgreementRow] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    persons: list[PersonRow] = field(default_factory=list)  # only with a NER backend
    ner_error: str | None = None  # the NER backend failed on this article: the rows are the rules' alone
