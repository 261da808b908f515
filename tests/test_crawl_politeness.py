"""`minzu crawl` against a site that defends itself: Crawl-delay in robots.txt, 429 and 503
with Retry-After, challenge and block pages, and the circuit breakers that stop a crawl.

Each test runs the fixture site (corpora/sites/fixture/) on 127.0.0.1 and scripts the
answers a defending site gives (`FixtureSite.script`); the spacing of requests is read
from the server's log, which notes when each request came. Tests that wait for real
delays crawl a one- or two-article site, to wait as little as the behaviour allows.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ROOT
from test_crawl import ARTICLES, NEW_ARTICLE, Crawls, site_copy  # noqa: F401 (site_copy: a fixture)

from pipeline.sources.crawl.challenge import blocked
from pipeline.sources.crawl.politeness import retry_after

HAIDONG, AKSU, LINXIA, ENSHI = ("/news/2024/0412-haidong.html", "/news/2024/0305-aksu.html",
                                "/news/2024/0108-linxia.html", "/news/2023/1230-enshi.html")
YINCHUAN = "/news/2024/0715-yinchuan.html"  # on the first list page
WAF = "/news/2024/0602-waf.html"  # a test adds it to the second list page

# Challenge and block pages as government sites serve them (shortened).
COOKIE_SCRIPT = (b'<html><head><meta charset="utf-8"><script>var _$x=["\\x5f\\x5f"];var v=(function(){return '
                 b'"3a8f"+"e1"})();document.cookie="__jsl_clearance_s="+v+";max-age=3600;path=/";'
                 b"location.href=location.pathname+location.search</script></head><body></body></html>")
SCRIPT_ONLY = (b'<!DOCTYPE html><html><head><script type="text/javascript" src="/9Rb2kY/c.js" r="m"></script>'
               b"<script>setTimeout(function(){location.reload()},1500)</script></head><body></body></html>")
TOO_FREQUENT_GBK = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>提示信息'
                    '</title></head><body><div class="tip">您的访问过于频繁，请稍后再试！</div></body></html>').encode("gbk")
WAF_BLOCK = ("<html><head><title>网站防火墙</title></head><body><h3>您的请求带有不合法参数，已被网站管理员设置拦截！</h3>"
             "<p>可能原因：您提交的内容包含危险的攻击请求</p></body></html>").encode("utf-8")
SLIDER = ('<html><head><meta charset="utf-8"><title>安全验证</title></head><body><div id="nc">请按住滑块，拖动到最右边'
          '</div><script src="/captcha.js"></script></body></html>').encode("utf-8")
HTML = {"Content-Type": "text/html"}


def small_site(crawls: Crawls, articles: list[str], delay: float) -> None:
    """Make the fixture one list page linking `articles`, crawled with this config delay."""
    items = "".join(f'<li><a href="{a}">稿件</a></li>' for a in articles)
    (crawls.www / "news" / "index.html").write_text(
        f'<html><head><meta charset="utf-8"><title>列表</title></head><body><ul>{items}</ul></body></html>',
        encoding="utf-8")
    text = crawls.config.read_text(encoding="utf-8")
    crawls.config.write_text(re.sub(r"(?m)^delay = .*$", f"delay = {delay}", text), encoding="utf-8")


def gaps_after(hits, first: int) -> list[float]:
    """Seconds between each request from the `first`-th on and the one before it."""
    return [b.at - a.at for a, b in zip(hits[first - 1:], hits[first:])] if first else []


# --- Crawl-delay -------------------------------------------------------------------------------

def test_crawl_delay_for_our_user_agent_spaces_requests_above_the_config_delay(site_copy):
    small_site(site_copy, [HAIDONG], delay=0.5)
    # Our group asks for 2 s; the group for every other crawler asks for more, and is not ours.
    (site_copy.www / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nCrawl-delay: 5\n\n"
                                              "User-agent: minzu\nDisallow: /private/\nCrawl-delay: 2\n")
    result = site_copy.crawl()
    _, hits = site_copy.results[0]
    assert [h.path for h in hits] == ["/robots.txt", "/news/index.html", HAIDONG]
    assert min(b.at - a.at for a, b in zip(hits, hits[1:])) >= 2.0
    assert "delay: 2.00s between requests, set by robots.txt's Crawl-delay" in result.stdout


# --- 429 and 503 with Retry-After ---------------------------------------------------------------

def test_retry_after_holds_back_every_request_to_the_host_and_the_pages_are_retried(site_copy):
    small_site(site_copy, [HAIDONG, AKSU], delay=0.2)
    site_copy.server.script(HAIDONG, (429, {**HTML, "Retry-After": "2"}, b"<html><body>Too Many Requests</body></html>"))
    # An HTTP date three seconds ahead, in whole seconds: more than two from when it was sent.
    site_copy.server.script(AKSU, (503, {**HTML, "Retry-After": lambda: email.utils.formatdate(time.time() + 3,
                                                                                                usegmt=True)}, b""))
    result = site_copy.crawl("--backoff", "0.1")
    _, hits = site_copy.results[0]
    limited = [i for i, h in enumerate(hits) if h.status in (429, 503)]
    assert sorted(hits[i].path for i in limited) == sorted([HAIDONG, AKSU])
    for i in limited:
        # The next request to the host, whichever page it asks for, waits out the Retry-After.
        assert hits[i + 1].at - hits[i].at >= 2.0, [(h.path, h.status, h.at - hits[i].at) for h in hits]
    assert [h.status for h in hits if h.path in (HAIDONG, AKSU)].count(200) == 2
    assert site_copy.paths(site_copy.articles()["uri"]) == {HAIDONG, AKSU}
    assert "1 rate-limited (429)" in result.stdout and "paused" in result.stdout


def test_a_retry_after_too_long_to_wait_stops_the_crawl_of_the_site(site_copy):
    small_site(site_copy, [HAIDONG, AKSU], delay=0.2)
    for path in (HAIDONG, AKSU):
        site_copy.server.script(path, (429, {**HTML, "Retry-After": "3600"}, b""))
    result = site_copy.crawl()
    _, hits = site_copy.results[0]
    assert [h.status for h in hits if h.path in (HAIDONG, AKSU)] == [429]  # asked once, then left alone
    assert "stopped before its end" in result.stdout and "asked to wait 3600 s" in result.stdout
    assert "1 page refused or failing pending" in result.stdout


def test_retry_after_reads_seconds_and_http_dates():
    now = dt.datetime(2026, 11, 28, 8, 0, 0, tzinfo=dt.timezone.utc)
    assert retry_after(b"120", now) == 120.0
    assert retry_after("Sat, 28 Nov 2026 08:00:04 GMT", now) >= 4.0
    assert retry_after("Sat, 28 Nov 2026 07:59:00 GMT", now) == 0.0  # a time past: go on at once
    assert retry_after(b"soon", now) is None and retry_after(None, now) is None


# --- circuit breakers ---------------------------------------------------------------------------

STOPS = {  # what a site answers every article with, and what the summary says of it
    "429": ((429, {**HTML, "Retry-After": "0"}, b"<html><body>Too Many Requests</body></html>"), "rate-limits it"),
    "412": ((412, HTML, COOKIE_SCRIPT), "challenge or block pages"),
}


@pytest.mark.parametrize("answer", sorted(STOPS))
def test_a_site_that_keeps_refusing_is_left_alone_and_the_next_crawl_gets_everything(site_copy, answer):
    refusal, words = STOPS[answer]
    status = refusal[0]
    targets = {site_copy.server.file(p) and p for p in ARTICLES} | {"/news/2024/0611-ganzi.html"}
    for path in targets:
        site_copy.server.script(path, *[refusal] * 4)  # enough for a page and its retries
    first = site_copy.crawl()
    _, hits = site_copy.results[0]
    refused = [h for h in hits if h.status == status]
    # Five in a row stop it; one more may have been on its way (two requests at a time).
    assert 5 <= len(refused) <= 6
    assert "stopped before its end" in first.stdout and words in first.stdout
    site_copy.server.scripted.clear()  # the site lets us in again
    site_copy.crawl()
    articles = site_copy.articles()
    assert site_copy.paths(articles["uri"]) == ARTICLES and articles["article_id"].is_unique
    assert "went through to its end" in site_copy.results[1][0].stdout


# --- challenge and block pages ------------------------------------------------------------------

def test_challenge_pages_are_archived_as_blocked_and_asked_for_again_though_paging_stops(site_copy):
    server = site_copy.server
    # One more article on the second list page, behind a WAF that blocks it.
    (site_copy.www / WAF.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    (site_copy.www / WAF.lstrip("/")).write_bytes(NEW_ARTICLE.read_bytes())
    page2 = site_copy.www / "news" / "index_2.html"
    page2.write_text(page2.read_text("utf-8").replace("</ul>", f'<li><a href="{WAF}">稿件</a></li></ul>', 1), "utf-8")
    server.script(WAF, (403, HTML, WAF_BLOCK))
    server.script(HAIDONG, (412, HTML, COOKIE_SCRIPT))
    server.script(AKSU, (202, HTML, SCRIPT_ONLY))
    server.script(LINXIA, (200, {"Content-Type": "text/html; charset=gbk"}, TOO_FREQUENT_GBK))
    server.script(ENSHI, *[(503, HTML, b"<html><body>Service Unavailable</body></html>")] * 4)  # every retry
    first = site_copy.crawl()
    index = site_copy.index(1).set_index("url")
    base = site_copy.base
    challenged = {HAIDONG: (412, COOKIE_SCRIPT), AKSU: (202, SCRIPT_ONLY), LINXIA: (200, TOO_FREQUENT_GBK),
                  WAF: (403, WAF_BLOCK)}
    for path, (status, body) in challenged.items():
        row = index.loc[base + path]
        assert (row["outcome"], row["status"]) == ("error:blocked", status)
        assert _archived(site_copy.out / "warc" / row["warc"], int(row["offset"])) == (str(status), body)
    assert index.loc[base + ENSHI, "outcome"] == "error:http_503"
    assert "4 blocked" in first.stdout and "5 pages refused or failing pending" in first.stdout

    # Never an article, never a processing error that would hide the page: one fetch row each.
    assert not site_copy.paths(site_copy.snapshots[0]["uri"]) & {*challenged, ENSHI}
    errors = pq.read_table(site_copy.out / "errors").to_pandas()
    errors = errors[errors["uri"].map(lambda u: u.removeprefix(base) in {*challenged, ENSHI})]
    rows = {(u.removeprefix(base), s, e) for u, s, e in errors[["uri", "stage", "error"]].values}
    assert rows == {(p, "fetch", "blocked") for p in challenged} | {(ENSHI, "fetch", "http_503")}
    for path, (status, _) in challenged.items():
        assert errors.set_index("uri").loc[base + path, "message"].startswith(f"HTTP {status}:")

    # The site lets us in again, but for a slider page on the revisit of an article stored:
    # the first list page holds only known articles, so paging stops there, and the pending
    # pages are asked for all the same.
    server.script(YINCHUAN, (200, HTML, SLIDER))
    site_copy.crawl()
    _, hits = site_copy.results[1]
    assert [h.path for h in hits if "/index" in h.path] == ["/news/index.html"]
    index = site_copy.index(2)
    assert site_copy.paths(index.query("outcome == 'new'")["url"]) == {*challenged, ENSHI}
    assert site_copy.paths(index.query("outcome == 'error:blocked'")["url"]) == {YINCHUAN}
    articles = site_copy.articles()
    assert site_copy.paths(articles["uri"]) == ARTICLES | {WAF} and articles["article_id"].is_unique
    # The article stored is kept as it was: the challenge did not replace it.
    before, after = (s.set_index("uri").loc[base + YINCHUAN, "body"] for s in site_copy.snapshots)
    assert after == before and "滑块" not in after
    errors = pq.read_table(site_copy.out / "errors").to_pandas()
    assert not errors["uri"].map(lambda u: u.removeprefix(base) in {*challenged, ENSHI}).any()


def _archived(warc: Path, offset: int) -> tuple[str, bytes]:
    """The HTTP status and body of the WARC record at `offset`."""
    from warcio.archiveiterator import ArchiveIterator

    with open(warc, "rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)))
        return record.http_headers.get_statuscode(), record.content_stream().read()


@pytest.mark.parametrize("status, body", [
    (412, COOKIE_SCRIPT), (412, b""), (202, SCRIPT_ONLY), (200, COOKIE_SCRIPT), (200, TOO_FREQUENT_GBK),
    (403, WAF_BLOCK), (200, SLIDER), (503, "<title>Just a moment...</title><p>Checking your browser</p>".encode()),
])
def test_challenge_and_block_pages_are_recognised(status, body):
    assert blocked(status, "text/html", body)


@pytest.mark.parametrize("status, body", [
    (403, b"<html><body><h1>403 Forbidden</h1></body></html>"),  # a plain refusal: an http_403 error
    (404, b"<html><body>Not Found</body></html>"),
    (200, SCRIPT_ONLY),  # a script-only page that sets no cookie may be a page rendered by script
    (404, b"<html><script>location.href='/'</script></html>"),  # a lost page sending readers home
    (429, TOO_FREQUENT_GBK),  # a rate limit, read with its Retry-After, not a challenge
])
def test_error_pages_that_are_not_challenges_are_not_taken_for_them(status, body):
    assert blocked(status, "text/html", body) is None


def test_no_news_page_of_the_corpus_is_taken_for_a_challenge():
    pages = sorted((ROOT / "corpora" / "articles").glob("*.html"))
    assert len(pages) > 20
    assert [p.name for p in pages if blocked(200, None, p.read_bytes())] == []


def test_a_replayed_archive_skips_challenge_captures(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    import io

    from pipeline.sources.warc import read

    page = (ROOT / "corpora" / "articles" / "h01_linxia_chuangjian.html").read_bytes()
    path = tmp_path / "a.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for status, body in ((200, page), (200, TOO_FREQUENT_GBK), (412, COOKIE_SCRIPT), (404, b"<p>gone</p>")):
            headers = StatusAndHeaders(f"{status} X", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("http://news.test/a.html", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
    pages = list(read(path))
    assert [p.data for p in pages] == [page]
