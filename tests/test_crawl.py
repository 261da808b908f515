"""`minzu crawl` against the fixture site (corpora/sites/fixture/), served on 127.0.0.1.

One module-scoped site and output folder go through three crawls, as a scheduled
re-crawl would: the first gets the listed articles, the second (nothing changed)
processes nothing, the third (one article edited, one added) processes exactly those.
The three crawls run when the fixture is set up, and each test reads what was kept of
the one it is about, so the tests hold in any order.
Each crawl runs in its own process, as Scrapy's reactor starts once per process.
A crawl is cut at a known point by holding a request on the server (it is answered
only when the test releases it), never by a sleep.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, run_minzu

from pipeline.bench.crawl import fixture_site

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
        self.snapshots: list[pd.DataFrame] = []  # the articles table after each crawl

    def crawl(self, *extra: str):
        first_hit = len(self.server.log)
        result = run_minzu("crawl", self.config, "--out", self.out, "--contact", CONTACT, "--backoff", "0.1", *extra)
        assert result.returncode == 0, result.stderr
        self.results.append((result, self.server.log[first_hit:]))
        self.snapshots.append(self.articles())
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
        marker = "<!-- newest first; a new article goes here -->"  # kept, for the next one to go above
        listing.write_text(listing.read_text(encoding="utf-8").replace(
            marker, f'{marker}<li><a href="{path}">{title}</a></li>'), encoding="utf-8")

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
    """The fixture site after three crawls: the first, one with nothing changed, and one after
    an edit (EDITED) and an addition (ADDED)."""
    crawls = Crawls(tmp_path_factory.mktemp("crawl"))
    try:
        crawls.crawl()
        crawls.crawl()
        crawls.edit(EDITED, "在福建省泉州市召开", "在福建省泉州市隆重召开")
        crawls.publish(ADDED, NEW_ARTICLE.read_bytes(), "黔东南州举办“三项计划”跨区域协作推进会")
        crawls.crawl()
        yield crawls
    finally:
        crawls.server.stop()


def test_first_crawl_puts_exactly_the_listed_articles_into_the_tables(site):
    articles = site.snapshots[0]
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
    assert EDITED in site.paths(site.snapshots[0]["uri"])


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
    before = site.snapshots[0].sort_values("article_id")
    result, _ = site.results[1]
    assert "processed 0 pages" in result.stdout
    outcomes = site.index(2)["outcome"].value_counts().to_dict()
    # 304 where the server sends validators, an unchanged hash where it sends none; the
    # link robots.txt refuses is on the first list page (the offsite one is further down)
    assert outcomes == {"not_modified": len(ARTICLES) - 1, "unchanged": 1, "robots": 1}
    after = site.snapshots[1].sort_values("article_id")
    assert after["processed_at"].tolist() == before["processed_at"].tolist()
    _, hits = site.results[1]
    conditional = [h for h in hits if h.path in ARTICLES]
    assert all("If-None-Match" in h.headers or "If-Modified-Since" in h.headers
               for h in conditional if h.path != "/news/2024/0715-yinchuan.html")
    # the first list page holds only known articles: the pagination is not followed
    assert [h.path for h in hits if "/index" in h.path] == ["/news/index.html"]


def test_after_one_edit_and_one_addition_the_crawl_processes_exactly_those_two(site):
    result, _ = site.results[2]
    assert "processed 2 pages" in result.stdout
    index = site.index(3)
    assert site.paths(index.query("outcome == 'new'")["final_url"]) == {ADDED}
    assert site.paths(index.query("outcome == 'changed'")["final_url"]) == {EDITED}
    articles = site.snapshots[2]
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


HELD = "/news/2024/0305-aksu.html"  # an article whose request a test holds unanswered


def test_a_crawl_cut_by_its_time_budget_is_completed_by_the_next(site_copy):
    # The held article is answered only after the crawl: the budget is what ends it, with
    # that article still out, however fast or slow the machine. (Scrapy lets the request
    # that is out run to its download timeout before the crawl ends.)
    site_copy.server.hold(HELD)
    result = site_copy.crawl("--budget", "3")
    site_copy.server.release()
    assert "error:" not in result.stdout  # cut short: the held request is dropped, not failed
    partial = site_copy.paths(site_copy.snapshots[0]["uri"])
    assert HELD not in partial and partial < ARTICLES
    assert HELD not in site_copy.paths(site_copy.index(1)["url"])
    site_copy.crawl()
    articles = site_copy.articles()
    assert site_copy.paths(articles["uri"]) == ARTICLES and articles["article_id"].is_unique


def test_a_killed_crawl_run_again_ends_with_every_article_once(site_copy):
    import signal
    import sqlite3
    import subprocess
    import time

    from conftest import MINZU

    crawls = site_copy
    # Killed while the held article is out, so the crawl cannot have ended on its own.
    crawls.server.hold(HELD)
    proc = subprocess.Popen([str(MINZU), "crawl", str(crawls.config), "--out", str(crawls.out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = crawls.out / "_crawl.sqlite"

    def archived() -> int:
        """Articles archived so far by the running crawl (0 before its state exists)."""
        if not state.exists():
            return 0
        with sqlite3.connect(f"file:{state}?mode=ro", uri=True) as db:
            try:
                return db.execute("SELECT COUNT(*) FROM fetches WHERE outcome='new'").fetchone()[0]
            except sqlite3.OperationalError:  # tables not created yet
                return 0

    # Every article but the held one gets archived; the crawl then waits for the held one.
    deadline = time.monotonic() + 120  # a guard against a hang, not a timing of the crawl
    while archived() < len(ARTICLES) - 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the crawl ended though an article was held"
    assert archived() == len(ARTICLES) - 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    crawls.server.release()
    assert list((crawls.out / "warc").glob("*.open")), "the kill should leave a WARC file open"
    crawls.crawl()
    articles = crawls.articles()
    assert crawls.paths(articles["uri"]) == ARTICLES and articles["article_id"].is_unique
    assert not list((crawls.out / "warc").glob("*.open"))


# --- safety: compressed bodies, private addresses --------------------------------------------

def _bomb(encoding: str, inflated_mb: int) -> bytes:
    """`inflated_mb` MB of zeros, compressed with a Content-Encoding (a few hundred KB at most)."""
    import zlib

    import brotli

    chunk = b"\0" * (1024 * 1024)
    if encoding == "br":
        compressor = brotli.Compressor(quality=5)
        return b"".join(compressor.process(chunk) for _ in range(inflated_mb)) + compressor.finish()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)  # 31: gzip framing
    return b"".join(compressor.compress(chunk) for _ in range(inflated_mb)) + compressor.flush()


def test_a_compressed_response_that_inflates_past_the_limit_is_dropped_before_it_is_whole(site_copy):
    limit = 1024 * 1024  # --max-page-mb 1
    bombs = {f"/news/2024/0602-bomb-{e}.html": e for e in ("gzip", "deflate", "br")}
    for path, encoding in bombs.items():
        site_copy.publish(path, _bomb(encoding, 64), "炸弹")
        site_copy.server.encodings[path] = encoding
    site_copy.crawl("--max-page-mb", "1")
    errors = pq.read_table(site_copy.out / "errors").to_pandas()
    dropped = errors[errors["uri"].map(lambda u: u.removeprefix(site_copy.base) in bombs)]
    assert sorted(dropped["uri"].map(lambda u: u.removeprefix(site_copy.base))) == sorted(bombs)
    assert set(zip(dropped["stage"], dropped["error"])) == {("fetch", "too_large")}
    for message in dropped["message"]:
        # Inflating stopped one chunk (64 KiB) past the limit, not at the 64 MB of the whole body.
        inflated = int(re.search(r"(\d+) B decompressed so far", message).group(1))
        assert limit < inflated <= limit + 64 * 1024, message
    assert site_copy.paths(site_copy.articles()["uri"]) == ARTICLES


def test_a_host_name_that_resolves_to_loopback_is_refused_before_any_request(site_copy):
    # localhost resolves to 127.0.0.1, which the config does not list itself.
    port = site_copy.base.rsplit(":", 1)[1]
    text = site_copy.config.read_text(encoding="utf-8").replace(f"127.0.0.1:{port}", f"localhost:{port}")
    site_copy.config.write_text(text.replace('allowed_domains = ["127.0.0.1"]', 'allowed_domains = ["localhost"]'),
                                encoding="utf-8")
    result = run_minzu("crawl", site_copy.config, "--out", site_copy.out)
    assert result.returncode == 2
    assert "localhost resolves to 127.0.0.1, a loopback address" in result.stderr
    assert site_copy.server.log == []


REBIND = """
import json, socket, sys
from pathlib import Path
from pipeline.crawl import crawl
from pipeline.settings import Settings
from pipeline.sources.crawl.site import load

# news.rebind.test: a public address when the crawl starts, loopback when Scrapy resolves it.
real_getaddrinfo, real_gethostbyname = socket.getaddrinfo, socket.gethostbyname
def getaddrinfo(host, *args, **kwargs):
    if host == "news.rebind.test":
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 0))]
    return real_getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
socket.gethostbyname = lambda host: "127.0.0.1" if host == "news.rebind.test" else real_gethostbyname(host)
summary = crawl(load(Path(sys.argv[1])), Path(sys.argv[2]), Settings(contact="https://example.org/minzu-tests"))
print(json.dumps({"lists": summary.lists, "outcomes": summary.outcomes}))
"""


def test_a_host_name_that_turns_loopback_after_the_start_is_refused_on_each_request(site_copy):
    import json
    import subprocess
    import sys

    port = site_copy.base.rsplit(":", 1)[1]
    text = site_copy.config.read_text(encoding="utf-8").replace(f"127.0.0.1:{port}", f"news.rebind.test:{port}")
    site_copy.config.write_text(text.replace('allowed_domains = ["127.0.0.1"]', 'allowed_domains = ["news.rebind.test"]'),
                                encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", REBIND, str(site_copy.config), str(site_copy.out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["lists"] == {"error:private_address": 1} and summary["outcomes"] == {}
    assert site_copy.server.log == []  # not even robots.txt
