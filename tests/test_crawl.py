"""`minzu crawl` against the fixture site (corpora/sites/fixture/), served on 127.0.0.1.

One module-scoped site and output folder go through three crawls, as a scheduled
re-crawl would: the first gets the listed articles, the second (nothing changed)
processes nothing, the third (one article edited, one added) processes exactly those.
Each crawl runs in its own process, as Scrapy's reactor starts once per process.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, run_minzu

from pipeline.bench_crawl import fixture_site

FIXTURE = ROOT / "corpora" / "sites" / "fixture"
CONTACT = "https://example.org/minzu-tests"

# What the fixture's list pages link to, by what should become of each link.
ARTICLES = {
    "/news/2024/0715-yinchuan.html", "/news/2024/0611-ganzi.html", "/news/2024/0520-neac.html",
    "/news/2024/0412-haidong.html", "/news/2024/0305-aksu.html", "/news/2024/0108-linxia.html",
    "/news/2023/1230-enshi.html",
}
EDITED, ADDED = "/news/2024/0520-neac.html", "/news/2024/0901-qiandongnan.html"
NEW_ARTICLE = ROOT / "corpora" / "articles" / "x01_qiandongnan_sanxiang_xiezuo.html"  # what ADDED serves


class Crawls:
    """A copy of the fixture site, its running server, a site config for it and an output folder."""

    def __init__(self, tmp):
        shutil.copytree(FIXTURE, tmp / "site")
        self.www = tmp / "site" / "www"
        self.server = fixture_site(self.www, tmp / "site" / "server.toml")
        self.base = self.server.start()
        self.config = tmp / "site.toml"
        text = (FIXTURE / "site.toml").read_text(encoding="utf-8")
        self.config.write_text(text.replace("http://127.0.0.1:8765", self.base), encoding="utf-8")
        self.out = tmp / "out"
        self.results = []

    def crawl(self, *extra: str):
        first_hit = len(self.server.log)
        result = run_minzu("crawl", self.config, "--out", self.out, "--contact", CONTACT, "--backoff", "0.1", *extra)
        assert result.returncode == 0, result.stderr
        self.results.append((result, self.server.log[first_hit:]))
        return result

    def index(self, crawl_no: int) -> pd.DataFrame:
        """Index rows of the n-th crawl (1-based)."""
        index = pd.read_parquet(self.out / "warc" / "index.parquet")
        crawls = list(dict.fromkeys(index["crawl"]))
        return index[index["crawl"] == crawls[crawl_no - 1]]

    def publish(self, path: str, data: bytes, title: str) -> None:
        """Put a new article at `path` and link it at the top of the first list page."""
        target = self.www / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        listing = self.www / "news" / "index.html"
        listing.write_text(listing.read_text(encoding="utf-8").replace(
            "<!-- newest first; a new article goes here -->", f'<li><a href="{path}">{title}</a></li>'), encoding="utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        """Change an article's text (a file under www/ overrides the article the server maps there)."""
        data = self.server.file(path).read_bytes().replace(old.encode(), new.encode())
        target = self.www / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def articles(self) -> pd.DataFrame:
        return pd.read_parquet(self.out / "articles")

    def paths(self, urls) -> set[str]:
        return {u.removeprefix(self.base) for u in urls}


@pytest.fixture
def site_copy(tmp_path):
    """A fresh fixture site and output folder of one test's own."""
    crawls = Crawls(tmp_path)
    yield crawls
    crawls.server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    crawls = Crawls(tmp_path_factory.mktemp("crawl"))
    crawls.crawl()
    yield crawls
    crawls.server.stop()


def test_first_crawl_puts_exactly_the_listed_articles_into_the_tables(site):
    articles = site.articles()
    assert site.paths(articles["uri"]) == ARTICLES
    assert articles["article_id"].is_unique
    assert articles["title"].notna().all() and (articles["body"].str.len() > 200).all()
    # UTF-8, GBK and Big5 pages all decoded (Big5 ones normalised to simplified, original kept)
    assert {"utf-8", "gb18030", "big5hkscs"} <= set(articles["encoding"])
    big5 = articles[articles["encoding"] == "big5hkscs"].iloc[0]
    assert big5["script"] == "traditional" and big5["body"] != big5["body_original"]
    outcomes = site.index(1).set_index("url")["outcome"]
    assert (outcomes == "new").sum() == len(ARTICLES)


def test_robots_txt_is_obeyed_and_offsite_links_are_never_fetched(site):
    _, hits = site.results[0]
    paths = [h.path for h in hits]
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/private/") for p in paths)
    index = site.index(1).set_index("final_url")["outcome"]
    assert index[f"{site.base}/private/0801-internal.html"] == "robots"
    # a redirect that leads off the allowed hosts is indexed, not followed
    assert (index == "offsite").sum() == 1


def test_requests_carry_the_user_agent_with_its_contact_url(site):
    _, hits = site.results[0]
    agents = {h.headers.get("User-Agent") for h in hits}
    assert len(agents) == 1 and CONTACT in agents.pop()


def test_a_500_is_retried_and_the_page_recovers(site):
    _, hits = site.results[0]
    assert [h.status for h in hits if h.path == EDITED] == [500, 200]
    assert EDITED in site.paths(site.articles()["uri"])


def test_a_redirected_article_is_keyed_on_its_final_url(site):
    row = site.index(1).set_index("url").loc[f"{site.base}/news/old/0611-ganzi.html"]
    assert row["final_url"] == f"{site.base}/news/2024/0611-ganzi.html"
    assert row["status"] == 200 and row["warc"].endswith(".warc.gz")


def test_the_index_points_at_the_warc_records(site):
    from warcio.archiveiterator import ArchiveIterator

    row = site.index(1).query("outcome == 'new'").iloc[0]
    with open(site.out / "warc" / row["warc"], "rb") as f:
        f.seek(int(row["offset"]))
        record = next(iter(ArchiveIterator(f)))
        assert record.rec_headers.get_header("WARC-Target-URI") == row["final_url"]
        body = record.content_stream().read()
    import hashlib

    assert hashlib.sha1(body).hexdigest() == row["sha1"]


def test_a_crawl_with_nothing_changed_processes_nothing(site):
    before = site.articles().sort_values("article_id")
    result = site.crawl()
    assert "processed 0 pages" in result.stdout
    outcomes = site.index(2)["outcome"].value_counts().to_dict()
    # 304 where the server sends validators, an unchanged hash where it sends none; the
    # link robots.txt refuses is on the first list page (the offsite one is further down)
    assert outcomes == {"not_modified": len(ARTICLES) - 1, "unchanged": 1, "robots": 1}
    after = site.articles().sort_values("article_id")
    assert after["processed_at"].tolist() == before["processed_at"].tolist()
    _, hits = site.results[1]
    conditional = [h for h in hits if h.path in ARTICLES]
    assert all("If-None-Match" in h.headers or "If-Modified-Since" in h.headers
               for h in conditional if h.path != "/news/2024/0715-yinchuan.html")
    # the first list page holds only known articles: the pagination is not followed
    assert [h.path for h in hits if "/index" in h.path] == ["/news/index.html"]


def test_after_one_edit_and_one_addition_the_crawl_processes_exactly_those_two(site):
    site.edit(EDITED, "在福建省泉州市召开", "在福建省泉州市隆重召开")
    site.publish(ADDED, NEW_ARTICLE.read_bytes(), "黔东南州举办“三项计划”跨区域协作推进会")

    result = site.crawl()
    assert "processed 2 pages" in result.stdout
    index = site.index(3)
    assert site.paths(index.query("outcome == 'new'")["final_url"]) == {ADDED}
    assert site.paths(index.query("outcome == 'changed'")["final_url"]) == {EDITED}
    articles = site.articles()
    assert site.paths(articles["uri"]) == ARTICLES | {ADDED}
    assert articles["article_id"].is_unique
    body = articles.set_index("uri").loc[site.base + EDITED, "body"]
    assert "在福建省泉州市隆重召开" in body


def test_the_archive_replays_into_the_same_articles(site, tmp_path):
    result = run_minzu("run", site.out / "warc", "--out", tmp_path / "replay", "-q", "--workers", "1")
    assert result.returncode == 0, result.stderr
    replay = pd.read_parquet(tmp_path / "replay" / "articles").set_index("uri").sort_index()
    crawled = site.articles().set_index("uri").sort_index()
    assert replay.index.tolist() == crawled.index.tolist()
    assert replay["body"].tolist() == crawled["body"].tolist()


def test_max_pages_caps_a_crawl_and_the_next_one_pages_through_the_rest(tmp_path):
    crawls = Crawls(tmp_path)
    try:
        crawls.crawl("--max-pages", "2")
        assert len(crawls.articles()) == 2
        assert len(crawls.index(1)) == 2
        # The capped crawl did not go through: the next one pages to the end, though the
        # first list page holds only known articles by then.
        crawls.crawl("--max-pages", "2")
        crawls.crawl()
        articles = crawls.articles()
        assert crawls.paths(articles["uri"]) == ARTICLES and articles["article_id"].is_unique
    finally:
        crawls.server.stop()


def test_new_articles_come_before_revisits_under_max_pages(site_copy):
    site_copy.crawl()
    site_copy.publish(ADDED, NEW_ARTICLE.read_bytes(), "新稿")
    site_copy.crawl("--max-pages", "1")
    assert site_copy.paths(site_copy.index(2)["final_url"]) == {ADDED}


def test_a_second_crawl_into_the_same_folder_waits_its_turn(site_copy):
    import fcntl

    site_copy.out.mkdir(parents=True)
    with open(site_copy.out / "_crawl.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_minzu("crawl", site_copy.config, "--out", site_copy.out, "--contact", CONTACT)
    assert result.returncode == 2 and "another crawl" in result.stderr


def test_a_response_over_the_size_limit_becomes_an_error_row(tmp_path):
    crawls = Crawls(tmp_path)
    try:
        big = "<p>" + "各族群众共同团结奋斗、共同繁荣发展。" * 70_000 + "</p>"  # about 3.8 MB
        page = f'<html><head><meta charset="utf-8"><title>超长页面</title></head><body>{big}</body></html>'
        crawls.publish("/news/2024/0601-huge.html", page.encode("utf-8"), "超长")
        crawls.crawl("--max-page-mb", "1")
        errors = pq.read_table(crawls.out / "errors").to_pandas()
        huge = errors[errors["uri"].str.endswith("0601-huge.html")]
        assert huge[["stage", "error"]].values.tolist() == [["fetch", "too_large"]]
        assert not crawls.articles()["uri"].str.endswith("0601-huge.html").any()
        assert crawls.paths(crawls.articles()["uri"]) == ARTICLES
    finally:
        crawls.server.stop()


def test_a_public_site_is_not_crawled_without_a_contact(tmp_path):
    config = tmp_path / "public.toml"
    config.write_text(re.sub(r"127\.0\.0\.1(:8765)?", "www.neac.gov.cn", (FIXTURE / "site.toml").read_text("utf-8")),
                      encoding="utf-8")
    result = run_minzu("crawl", config, "--out", tmp_path / "out", unset=("MINZU_CONTACT",))
    assert result.returncode == 2 and "contact" in result.stderr


def _with_delay(crawls: Crawls, delay: float) -> None:
    text = crawls.config.read_text(encoding="utf-8")
    crawls.config.write_text(re.sub(r"(?m)^delay = .*$", f"delay = {delay}", text), encoding="utf-8")


def test_a_crawl_cut_by_its_time_budget_is_completed_by_the_next(tmp_path):
    crawls = Crawls(tmp_path)
    try:
        # 1 s delay (Scrapy spreads it over 0.5-1.5 s): in 4 s robots.txt, the first list
        # page and at least one article, but not the 13 requests the whole site takes.
        _with_delay(crawls, 1.0)
        crawls.crawl("--budget", "4")
        partial = crawls.articles()
        assert 0 < len(partial) < len(ARTICLES)
        _with_delay(crawls, 0.0)
        crawls.crawl()
        articles = crawls.articles()
        assert crawls.paths(articles["uri"]) == ARTICLES and articles["article_id"].is_unique
    finally:
        crawls.server.stop()


def test_a_killed_crawl_run_again_ends_with_every_article_once(tmp_path):
    import signal
    import sqlite3
    import subprocess
    import time

    from conftest import MINZU

    crawls = Crawls(tmp_path)
    try:
        _with_delay(crawls, 0.5)
        proc = subprocess.Popen([str(MINZU), "crawl", str(crawls.config), "--out", str(crawls.out)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        state = crawls.out / "_crawl.sqlite"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if state.exists():
                with sqlite3.connect(f"file:{state}?mode=ro", uri=True) as db:
                    try:
                        if db.execute("SELECT COUNT(*) FROM fetches WHERE outcome='new'").fetchone()[0] >= 3:
                            break
                    except sqlite3.OperationalError:  # tables not created yet
                        pass
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert list((crawls.out / "warc").glob("*.open")), "the kill should leave a WARC file open"
        _with_delay(crawls, 0.0)
        crawls.crawl()
        articles = crawls.articles()
        assert crawls.paths(articles["uri"]) == ARTICLES and articles["article_id"].is_unique
        assert not list((crawls.out / "warc").glob("*.open"))
    finally:
        crawls.server.stop()
