"""The Parquet tables' schemas: the contract with every reader of minzu's output.

Each column carries its meaning and an example in the field metadata, which is
written into every Parquet file and from which docs/schema.md is generated
(`minzu schema > docs/schema.md`; a test fails when the two disagree).
"""

from __future__ import annotations

import pyarrow as pa


def _f(name: str, type_: pa.DataType, meaning: str, example: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable, metadata={"description": meaning, "example": example})


def _article_id(what: str = "the article the row was extracted from") -> pa.Field:
    return _f("article_id", pa.string(), f"{what} (articles.article_id)", "3f2a9c1e0b7d4a65", nullable=False)


_OFFSETS = [
    _f("start", pa.int32(), "offset of the mention's first character in articles.body", "128", nullable=False),
    _f("end", pa.int32(), "offset just past the mention's last character in articles.body", "135", nullable=False),
]
_STAMP = [_f("pipeline_version", pa.string(), "version of minzu that wrote the row", "0.1.0", nullable=False)]
_SOURCE = _f("source", pa.string(), "what found the row: rules (minzu's extractors), hanlp (the optional NER "
             "backend) or both", "rules", nullable=False)
_SENTENCE = _f("sentence", pa.string(), "the sentence of the body holding the mention: the evidence",
               "楚雄州委书记张三出席会议并讲话。")

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        _f("article_id", pa.string(), "stable id of the page: sha1 of its URL (or path), 16 hex digits",
           "3f2a9c1e0b7d4a65", nullable=False),
        _f("uri", pa.string(), "where the page was read: its URL, or the file path", "corpora/articles/t01.txt",
           nullable=False),
        _f("url", pa.string(), "the page's web address, when known (WARC, crawl)", "https://www.neac.gov.cn/…/1.shtml"),
        _f("title", pa.string(), "headline, simplified", "迪庆州与遵义市签订“三项计划”跨区域协作框架协议"),
        _f("published", pa.date32(), "publication date: printed on the page, else given by the page's metadata "
           "or its URL; null when none is", "2024-01-08"),
        _f("source", pa.string(), "the outlet the page names as the article's origin (来源, dateline)", "黔东南日报"),
        _f("bylines", pa.list_(pa.struct([pa.field("name", pa.string()), pa.field("role", pa.string())])),
           "named reporters, correspondents, editors, photographers", "[{name: 王敏, role: 记者}]"),
        _f("script", pa.string(), "script as published: simplified or traditional", "traditional", nullable=False),
        _f("truncated", pa.bool_(), "the page shows only part of the article (paywall, 未完)", "false",
           nullable=False),
        _f("body", pa.string(), "cleaned article text, simplified; every offset points into it",
           "1月8日,全州民族团结进步创建工作推进会召开……", nullable=False),
        _f("body_original", pa.string(), "cleaned article text in the script as published", "1月8日,全州民族團結……",
           nullable=False),
        _f("content_sha1", pa.string(), "sha1 of body: the same text on two sites shares it", "9b1c…",
           nullable=False),
        _f("input_sha1", pa.string(), "sha1 of the raw page bytes: decides whether an input changed", "51de…",
           nullable=False),
        _f("encoding", pa.string(), "codec the page was decoded with", "gb18030", nullable=False),
        _f("extractor", pa.string(), "what found the body: readability, trafilatura, text or site (a site rule)",
           "readability", nullable=False),
        _f("dup_cluster", pa.string(), "near-duplicate cluster: article_id of the cluster's first article (its own "
           "when it has none, or its body is too short to compare); null when clustering is off",
           "3f2a9c1e0b7d4a65"),
        *_STAMP,
        _f("processed_at", pa.timestamp("us", tz="UTC"), "when the article was processed",
           "2026-11-23 14:39:21+00:00", nullable=False),
    ]),
    "dates": pa.schema([
        _article_id(),
        _f("text", pa.string(), "the date as printed", "今年1月", nullable=False),
        _f("value", pa.string(), "ISO 8601, partial allowed: day, month, year, --MM-DD, or a span a/b",
           "2024-01", nullable=False),
        _f("kind", pa.string(), "day, month, year or span", "month", nullable=False),
        *_OFFSETS, _SOURCE, *_STAMP,
    ]),
    "regions": pa.schema([
        _article_id(),
        _f("adcode", pa.string(), "6-digit administrative division code (jionlp's gazetteer)", "522600",
           nullable=False),
        _f("name", pa.string(), "the division's full official name", "黔东南苗族侗族自治州", nullable=False),
        _f("surface", pa.string(), "as written in the body", "黔东南州", nullable=False),
        _f("level", pa.string(), "province, prefecture or county", "prefecture", nullable=False),
        _f("parent", pa.string(), "adcode of the parent division", "520000"),
        *_OFFSETS, _SOURCE, *_STAMP,
    ]),
    "officials": pa.schema([
        _article_id(),
        _f("name", pa.string(), "the person's name as printed (· kept in minority names)", "买买提江·阿不来提",
           nullable=False),
        _f("titles", pa.list_(pa.string()), "positions given to the person in this mention", "[州委书记, 州长]"),
        _f("jurisdiction", pa.string(), "adcode of the place the titles are held in; 100000 for national organs",
           "522600"),
        *_OFFSETS, _SENTENCE, _SOURCE, *_STAMP,
    ]),
    "agreements": pa.schema([
        _article_id(),
        _f("title", pa.string(), "the agreement as named (《》 removed)", "“三项计划”跨区域协作框架协议",
           nullable=False),
        _f("kind", pa.string(), "framework, strategic or cooperation", "framework", nullable=False),
        _f("parties", pa.list_(pa.string()), "the signing parties as printed", "[迪庆州民宗委, 遵义市民宗局]"),
        _f("date", pa.string(), "signing date, ISO partial; null when the article gives none", "2024-01-12"),
        *_OFFSETS, _SENTENCE, _SOURCE, *_STAMP,
    ]),
    "programs": pa.schema([
        _article_id(),
        _f("name", pa.string(), "program, plan or campaign as printed, without quotes", "各族青少年交流计划",
           nullable=False),
        _f("canonical", pa.string(), "the lexicon's name for it, when known", "各族青少年交流计划"),
        _f("parent", pa.string(), "the umbrella program it belongs to", "三项计划"),
        *_OFFSETS, _SOURCE, *_STAMP,
    ]),
    "documents": pa.schema([
        _article_id(),
        _f("title", pa.string(), "a cited document's title (in 《》 in the body)", "全国民族团结进步示范区示范单位命名管理办法",
           nullable=False),
        *_OFFSETS, _SOURCE, *_STAMP,
    ]),
    "persons": pa.schema([
        _article_id(),
        _f("name", pa.string(), "a person a NER model found with no position beside the name", "王晓红",
           nullable=False),
        *_OFFSETS, _SENTENCE,
        _f("source", pa.string(), "the NER backend that found it", "hanlp", nullable=False),
        *_STAMP,
    ]),
    "errors": pa.schema([
        _f("uri", pa.string(), "the page or file that failed", "http://127.0.0.1/news/huge.html", nullable=False),
        _f("stage", pa.string(), "read, fetch, decode, clean, extract, ner (a NER backend failed; the article is kept with the rule rows) or store", "fetch", nullable=False),
        _f("error", pa.string(), "a short machine-readable reason", "too_large", nullable=False),
        _f("message", pa.string(), "what happened, for people", "3,900,000 bytes, above the limit of 1,048,576",
           nullable=False),
        _f("at", pa.timestamp("us", tz="UTC"), "when it failed", "2026-11-23 14:39:21+00:00", nullable=False),
        *_STAMP,
    ]),
}

# Tables derived from the ones above by `minzu derive` (pipeline/derived/tables.py), rewritten whole each time.
DERIVED_SCHEMAS: dict[str, pa.Schema] = {
    "officials_registry": pa.schema([
        _f("person_id", pa.string(), "id of the person in this registry: sha1 of name and jurisdiction, 16 hex digits",
           "0c9e7d1f2a3b4c5d", nullable=False),
        _f("name", pa.string(), "the name as printed", "马晓东", nullable=False),
        _f("jurisdiction", pa.string(), "adcode of the jurisdiction; null when no mention gave one", "532300"),
        _f("jurisdiction_name", pa.string(), "the jurisdiction's official name (全国 for 100000)", "楚雄彝族自治州"),
        _f("titles", pa.list_(pa.string()), "every title seen for the person, in order of first appearance",
           "[州委副书记, 州长]"),
        _f("first_date", pa.date32(), "earliest publication date (articles.published) of an article naming the "
           "person", "2023-10-13"),
        _f("last_date", pa.date32(), "latest publication date of an article naming the person", "2024-05-20"),
        _f("articles", pa.int32(), "articles naming the person", "3", nullable=False),
        _f("stories", pa.int32(), "distinct stories among them: reposts of one story (one dup_cluster) count once",
           "2", nullable=False),
        _f("shared_name", pa.bool_(), "the same name is also seen under another jurisdiction (or none): rows are "
           "kept apart, as they may be different people", "false", nullable=False),
        _f("article_ids", pa.list_(pa.string()), "the articles, for joins back to the evidence",
           "[3f2a9c1e0b7d4a65]"),
    ]),
    "agreement_edges": pa.schema([
        _article_id("the article reporting the agreement"),
        _f("dup_cluster", pa.string(), "the article's near-duplicate cluster: reposts report the same agreement, "
           "so count edges once per cluster", "3f2a9c1e0b7d4a65"),
        _f("agreement", pa.string(), "the agreement's title", "“三项计划”跨区域协作框架协议", nullable=False),
        _f("kind", pa.string(), "framework, strategic or cooperation", "framework", nullable=False),
        _f("date", pa.string(), "signing date, ISO partial", "2024-01-12"),
        _f("party_a", pa.string(), "one party, as printed", "迪庆州民宗委", nullable=False),
        _f("party_b", pa.string(), "another party of the same agreement, as printed", "遵义市民宗局", nullable=False),
        _f("adcode_a", pa.string(), "division party_a belongs to, from the article's resolved regions", "533400"),
        _f("adcode_b", pa.string(), "division party_b belongs to", "520300"),
        _f("parties", pa.int32(), "parties to the agreement: an agreement of n parties gives n(n-1)/2 edges", "2",
           nullable=False),
        *_OFFSETS,
    ]),
    "program_mentions_monthly": pa.schema([
        _f("month", pa.string(), "publication month YYYY-MM; null for undated articles", "2024-01"),
        _f("program", pa.string(), "the lexicon's name, else the name as printed", "各族群众互嵌式发展计划",
           nullable=False),
        _f("parent", pa.string(), "umbrella program", "三项计划"),
        _f("articles", pa.int32(), "articles of that month naming it", "3", nullable=False),
        _f("stories", pa.int32(), "distinct stories among them (reposts count once)", "2", nullable=False),
    ]),
}
