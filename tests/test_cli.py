"""The `minzu run` command end to end: seeds, bad input, exit statuses, WARC archives."""

from __future__ import annotations

import json
import re
import shutil
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import LAST, LEAD, MIDDLE, ROOT, fixture_path, html_page, paragraphs, run_minzu
from pipeline.eval import META_FIELDS, evaluate
from pipeline.storage.schemas import DERIVED_SCHEMAS, SCHEMAS

TABLES = ("articles", "errors", "dates", "regions", "officials", "agreements", "programs", "documents",
          "persons", "officials_registry", "agreement_edges", "program_mentions_monthly")
SEEDS = ROOT / "corpora" / "seeds"


def read_table(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / table)


# --- the seed corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-out")
    result = run_minzu("run", SEEDS, "--out", out, "--quiet")
    return result, out


def test_seed_run_exits_0(seed_run):
    result, _ = seed_run
    assert result.returncode == 0, result.stderr
    assert "5 articles written" in result.stdout


def _seed_gold() -> list[dict]:
    return [json.loads((ROOT / "corpora" / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
            for seed in sorted(SEEDS.glob("*.txt"))]


def _tables_the_seeds_fill() -> set[str]:
    """Tables the seeds' gold says must get rows: each extracted table the gold lists something
    for, and the derived tables built from them."""
    gold = _seed_gold()
    tables = {"articles"} | {t for t in ("dates", "regions", "officials", "agreements", "programs", "documents")
                             if any(g[t] for g in gold)}
    if "officials" in tables:
        tables.add("officials_registry")
    if any(len(a["parties"]) >= 2 for g in gold for a in g["agreements"]):
        tables.add("agreement_edges")
    if "programs" in tables:
        tables.add("program_mentions_monthly")
    return tables


@pytest.mark.parametrize("table", TABLES)
def test_seed_run_writes_every_table_with_its_columns_and_rows_where_the_gold_has_some(seed_run, table):
    # Every table gets an empty part when a run starts, so being readable proves nothing:
    # a table the seeds' gold fills must hold rows, the others (errors; persons, which only
    # --ner fills) none.
    _, out = seed_run
    frame = read_table(out, table)
    # pandas adds the hive partition column (year) of the year-partitioned tables.
    assert [c for c in frame.columns if c != "year"] == {**SCHEMAS, **DERIVED_SCHEMAS}[table].names
    if table in _tables_the_seeds_fill():
        assert len(frame) > 0, f"{table}: the seeds' gold lists rows for it, the run wrote none"
    else:
        assert len(frame) == 0, table


def test_seed_run_has_five_articles_and_no_errors(seed_run):
    _, out = seed_run
    articles = read_table(out, "articles")
    assert len(articles) == 5
    assert sorted(Path(u).stem for u in articles["uri"]) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert len(read_table(out, "errors")) == 0


def test_seed_run_leaves_only_tables_and_state(seed_run):
    _, out = seed_run
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "_journal", "_state.sqlite"])
    assert not any((out / "_journal").iterdir())  # every commit carried out
    assert not list(out.rglob("*.tmp"))


@pytest.fixture(scope="module")
def seed_scores(seed_run, tmp_path_factory):
    _, out = seed_run
    gold = tmp_path_factory.mktemp("seed-gold")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(ROOT / "corpora" / "gold" / f"{seed.stem}.json", gold)
    return evaluate(gold, out)


@pytest.mark.parametrize("field", [*META_FIELDS, "body"])
def test_seed_gold_checks_pass(seed_scores, field):
    score = seed_scores[field]
    assert score.total == (15 if field == "body" else 5)
    assert score.misses == []


def test_eval_command_prints_a_report(seed_run, tmp_path):
    _, out = seed_run
    shutil.copy(ROOT / "corpora" / "gold" / "000_1633593c7baa3421.json", tmp_path)
    result = run_minzu("eval", "--gold", tmp_path, "--pred", out)
    assert result.returncode == 0, result.stderr
    assert "title" in result.stdout and "accuracy  1.000" in result.stdout


# --- bad input ----------------------------------------------------------------------------------

BAD = {
    # file name in the input folder: (fixture, stage, error)
    "empty.html": ("bad/empty.html", "decode", "empty"),
    "document.html": ("bad/document.html", "decode", "binary"),
    "image.txt": ("bad/image.txt", "decode", "binary"),
    "truncated.html": ("bad/truncated.html", "clean", "no_main_text"),
    "undecodable.html": ("bad/undecodable.html", "decode", "undecodable"),
    "menu_only.html": ("bad/menu_only.html", "clean", "no_main_text"),
}
GOOD = {"a_news_page.html": "good/news_page.html", "b_cut_after_text.html": "good/cut_after_text.html"}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("bad-in")
    for name, (fixture, _, _) in BAD.items():
        shutil.copy(fixture_path(fixture), inputs / name)
    for name, fixture in GOOD.items():
        shutil.copy(fixture_path(fixture), inputs / name)
    (inputs / "c_plain.txt").write_text("\n".join(["全州民族团结进步创建工作推进会召开", LEAD, MIDDLE, LAST]), encoding="utf-8")
    # 50 MB, sparse: the size alone must disqualify it, without reading it.
    with open(inputs / "huge.html", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    out = tmp_path_factory.mktemp("bad-out")
    result = run_minzu("run", inputs, "--out", out, "-q")
    return result, inputs, out


def test_bad_input_does_not_stop_the_run(bad_run):
    result, _, _ = bad_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_good_pages_still_become_articles(bad_run):
    _, inputs, out = bad_run
    articles = read_table(out, "articles")
    assert sorted(Path(u).name for u in articles["uri"]) == ["a_news_page.html", "b_cut_after_text.html", "c_plain.txt"]
    assert set(articles["body"]) == {"\n".join([LEAD, MIDDLE, LAST])}


@pytest.mark.parametrize("name", BAD)
def test_each_bad_page_is_an_error_row(bad_run, name):
    _, inputs, out = bad_run
    errors = read_table(out, "errors").set_index("uri")
    row = errors.loc[(inputs / name).as_posix()]
    _, stage, error = BAD[name]
    assert (row["stage"], row["error"]) == (stage, error)
    assert len(row["message"]) > 10


def test_a_50_mb_file_is_refused_at_read(bad_run):
    _, inputs, out = bad_run
    row = read_table(out, "errors").set_index("uri").loc[(inputs / "huge.html").as_posix()]
    assert (row["stage"], row["error"]) == ("read", "too_large")
    assert "52,428,800 bytes" in row["message"] and "20,971,520" in row["message"]


def test_error_rows_are_summarised(bad_run):
    result, _, _ = bad_run
    assert re.search(r"errors\s+7\n", result.stdout)
    assert "decode/binary: 2" in result.stdout


def test_max_page_mb_lowers_the_limit(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(fixture_path("good/news_page.html"), inputs / "a_small.html")
    big = html_page(paragraphs(LEAD, MIDDLE, LAST) + "<!--" + "x" * 1_100_000 + "-->")
    (inputs / "b_big.html").write_text(big, encoding="utf-8")
    out = tmp_path / "out"
    assert run_minzu("run", inputs, "--out", out, "--max-page-mb", "1", "-q").returncode == 0
    assert [Path(u).name for u in read_table(out, "articles")["uri"]] == ["a_small.html"]
    errors = read_table(out, "errors")
    assert [(Path(u).name, e) for u, e in zip(errors["uri"], errors["error"])] == [("b_big.html", "too_large")]


# --- exit statuses -------------------------------------------------------------------------------


def test_only_a_missing_path_exits_1_with_one_line(tmp_path):
    result = run_minzu("run", tmp_path / "no-such-file.html", "--out", tmp_path / "out", "-q")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["minzu: error: no input could be read"]
    errors = read_table(tmp_path / "out", "errors")
    assert list(errors["error"]) == ["missing"]


def test_a_missing_path_beside_good_input_is_an_error_row(tmp_path):
    good = tmp_path / "good.html"
    shutil.copy(fixture_path("good/news_page.html"), good)
    result = run_minzu("run", good, tmp_path / "gone.html", "--out", tmp_path / "out", "-q")
    assert result.returncode == 0
    assert len(read_table(tmp_path / "out", "articles")) == 1
    assert list(read_table(tmp_path / "out", "errors")[["stage", "error"]].itertuples(index=False, name=None)) == [("read", "missing")]


@pytest.mark.parametrize(
    "args",
    [["run", "--out", "OUT"], ["run", "corpora/seeds"], ["run", "corpora/seeds", "--out", "OUT", "--no-such-option"], [],
     ["frobnicate"]],
    ids=["no inputs", "no --out", "unknown option", "no command", "unknown command"],
)
def test_usage_errors_exit_2(args, tmp_path):
    out = tmp_path / "out"
    result = run_minzu(*[str(out) if a == "OUT" else a for a in args])
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert not out.exists()


# --- WARC -------------------------------------------------------------------------------------------

WARC_PAGES = {
    # GBK, with the charset only in the HTTP header.
    "http://news.example.cn/2023/10/13/a.html": (
        html_page(paragraphs(LEAD, MIDDLE, LAST), title="全州民族团结进步创建工作推进会召开").replace('<meta charset="utf-8">', "").encode("gbk"),
        "text/html; charset=GBK",
    ),
    "http://news.example.cn/b.html": (
        html_page(paragraphs(MIDDLE, LAST, LEAD), title="民族团结进步创建").encode("utf-8"),
        "text/html; charset=utf-8",
    ),
    "http://news.example.cn/logo.png": (fixture_path("bad/image.txt").read_bytes(), "image/png"),
}


def write_warc(path: Path) -> None:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, (payload, ctype) in WARC_PAGES.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload), http_headers=headers))


def test_warc_html_records_become_articles(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    result = run_minzu("run", warc, "--out", tmp_path / "out", "-q")
    assert result.returncode == 0, result.stderr
    articles = read_table(tmp_path / "out", "articles").set_index("uri")
    assert sorted(articles.index) == ["http://news.example.cn/2023/10/13/a.html", "http://news.example.cn/b.html"]
    gbk = articles.loc["http://news.example.cn/2023/10/13/a.html"]
    assert gbk["encoding"] == "gb18030"
    assert gbk["body"] == "\n".join([LEAD, MIDDLE, LAST])
    assert gbk["url"] == "http://news.example.cn/2023/10/13/a.html"
    assert str(gbk["published"]) == "2023-10-13"  # from the URL
    assert len(read_table(tmp_path / "out", "errors")) == 0  # the image is skipped, not an error
