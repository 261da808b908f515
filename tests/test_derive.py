"""Derived tables: the officials registry, agreement edges and monthly program mentions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow.parquet as pq

from pipeline.derived.tables import DERIVED_FILE, agreement_edges, officials_registry, program_mentions_monthly

ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "a3", "a4"],
                         "published": [dt.date(2024, 1, 8), dt.date(2024, 3, 5), None, dt.date(2024, 3, 6)],
                         "dup_cluster": ["a1", "a2", "a3", "a2"]})  # a4 reposts a2


def _officials(*rows):
    return pd.DataFrame(rows, columns=["article_id", "name", "titles", "jurisdiction", "start"])


def test_people_who_share_a_name_in_two_jurisdictions_stay_two_rows_and_are_flagged():
    registry = officials_registry(_officials(
        ("a1", "张伟", ["州长"], "522600", 10), ("a2", "张伟", ["县委书记"], "522601", 5),
        ("a1", "李娜", ["副主任"], "100000", 30)), ARTICLES).set_index(["name", "jurisdiction"])
    assert len(registry.loc["张伟"]) == 2
    assert registry.loc[("张伟", "522600"), "shared_name"] and registry.loc[("张伟", "522601"), "shared_name"]
    assert not registry.loc[("李娜", "100000"), "shared_name"]
    assert registry.loc[("李娜", "100000"), "jurisdiction_name"] == "全国"
    assert registry.loc[("张伟", "522600"), "jurisdiction_name"] == "黔东南苗族侗族自治州"


def test_a_name_without_a_jurisdiction_is_not_merged_into_one_with_it():
    registry = officials_registry(_officials(("a1", "王强", ["州长"], "522600", 1), ("a2", "王强", ["州长"], None, 1)),
                                  ARTICLES)
    assert len(registry) == 2 and registry["shared_name"].all()
    assert registry["jurisdiction"].isna().sum() == 1


def test_a_person_collects_titles_in_order_and_the_span_of_dated_articles():
    row = officials_registry(_officials(
        ("a2", "马明", ["州委副书记", "州长"], "622900", 3), ("a1", "马明", ["州委副书记"], "622900", 9),
        ("a3", "马明", ["州委书记"], "622900", 2)), ARTICLES).iloc[0]
    assert list(row["titles"]) == ["州委副书记", "州长", "州委书记"]  # by article date; the undated last
    assert (row["first_date"], row["last_date"]) == (dt.date(2024, 1, 8), dt.date(2024, 3, 5))
    assert (row["articles"], row["stories"]) == (3, 3)


def test_reposts_of_one_story_count_once_as_stories():
    row = officials_registry(_officials(("a2", "马明", ["州长"], "622900", 3), ("a4", "马明", ["州长"], "622900", 3)),
                             ARTICLES).iloc[0]
    assert (row["articles"], row["stories"]) == (2, 1)


def test_an_agreement_of_n_parties_gives_every_pair_resolved_to_the_most_specific_region():
    agreements = pd.DataFrame([("a1", "协作协议", "cooperation", ["江苏省南京市民宗局", "湖北省恩施州民宗委", "国家民委"],
                                "2023-10-12", 0, 40)],
                              columns=["article_id", "title", "kind", "parties", "date", "start", "end"])
    regions = pd.DataFrame([("a1", "320000", "江苏省", "江苏省"), ("a1", "320100", "南京市", "南京市"),
                            ("a1", "420000", "湖北省", "湖北省"), ("a1", "422800", "恩施土家族苗族自治州", "恩施州")],
                           columns=["article_id", "adcode", "name", "surface"])
    edges = agreement_edges(agreements, regions, ARTICLES)
    assert len(edges) == 3 and set(edges["parties"]) == {3} and set(edges["dup_cluster"]) == {"a1"}
    resolved = dict(zip(edges["party_a"], edges["adcode_a"])) | dict(zip(edges["party_b"], edges["adcode_b"]))
    resolved = {party: None if pd.isna(code) else code for party, code in resolved.items()}
    # A national organ belongs to 100000, as the officials table and the gold (FORMAT.md) have it.
    assert resolved == {"江苏省南京市民宗局": "320100", "湖北省恩施州民宗委": "422800", "国家民委": "100000"}


def test_a_national_organ_party_is_national_but_a_school_or_an_unresolved_local_one_stays_null():
    agreements = pd.DataFrame([("a1", "合作协议", "cooperation", ["中央统战部", "全国工商联", "中央民族大学", "某县民宗局"],
                                "2023-10-12", 0, 40)],
                              columns=["article_id", "title", "kind", "parties", "date", "start", "end"])
    regions = pd.DataFrame(columns=["article_id", "adcode", "name", "surface"])
    edges = agreement_edges(agreements, regions, ARTICLES)
    resolved = dict(zip(edges["party_a"], edges["adcode_a"])) | dict(zip(edges["party_b"], edges["adcode_b"]))
    resolved = {party: None if pd.isna(code) else code for party, code in resolved.items()}
    assert resolved == {"中央统战部": "100000", "全国工商联": "100000", "中央民族大学": None, "某县民宗局": None}


def test_program_mentions_are_counted_per_month_with_undated_articles_apart():
    programs = pd.DataFrame([("a1", "三项计划", "三项计划", None), ("a1", "“三项计划”", "三项计划", None),
                             ("a2", "各族青少年交流计划", "各族青少年交流计划", "三项计划"),
                             ("a4", "各族青少年交流计划", "各族青少年交流计划", "三项计划"),
                             ("a3", "兴边富民行动", None, None)],
                            columns=["article_id", "name", "canonical", "parent"])
    monthly = program_mentions_monthly(programs, ARTICLES)
    rows = {(m, p): (a, s) for m, p, a, s in monthly[["month", "program", "articles", "stories"]].itertuples(index=False)}
    assert rows[("2024-01", "三项计划")] == (1, 1)
    assert rows[("2024-03", "各族青少年交流计划")] == (2, 1)  # a repost: two articles, one story
    assert rows[(None, "兴边富民行动")] == (1, 1)


def test_a_run_writes_the_derived_tables_with_the_rows_its_tables_call_for(bundled_run):
    # The expected counts are computed here from the run's own tables, independently of derive:
    # one registry row per (name, jurisdiction), one edge per pair of distinct parties, one
    # monthly row per (month, program, parent).
    derived = {t: pq.read_table(bundled_run / t / DERIVED_FILE).to_pandas()
               for t in ("officials_registry", "agreement_edges", "program_mentions_monthly")}
    officials = pd.read_parquet(bundled_run / "officials")
    agreements = pd.read_parquet(bundled_run / "agreements")
    programs = pd.read_parquet(bundled_run / "programs")
    articles = pd.read_parquet(bundled_run / "articles", columns=["article_id", "published"])
    # The bundled gold names officials, agreements of two or more parties and programs: none may be empty.
    assert len(officials) and len(agreements) and len(programs)
    pairs = {(name, jurisdiction) for name, jurisdiction in zip(officials["name"], officials["jurisdiction"].fillna(""))}
    assert len(derived["officials_registry"]) == len(pairs)
    distinct = [len(set(parties)) if parties is not None else 0 for parties in agreements["parties"]]
    edges = sum(n * (n - 1) // 2 for n in distinct)
    assert edges > 0 and len(derived["agreement_edges"]) == edges
    published = dict(zip(articles["article_id"], articles["published"]))
    value = lambda v: None if pd.isna(v) else v  # noqa: E731 (null strings read as NaN)
    months = {(None if pd.isna(published[a]) else published[a].strftime("%Y-%m"), value(canonical) or name, value(parent))
              for a, name, canonical, parent in programs[["article_id", "name", "canonical", "parent"]].itertuples(index=False)}
    assert len(derived["program_mentions_monthly"]) == len(months)
    registry = pd.read_parquet(bundled_run / "officials_registry")
    assert registry["articles"].sum() == len(officials)  # officials: one row per person and article
    assert registry["person_id"].is_unique and (registry["stories"] <= registry["articles"]).all()
