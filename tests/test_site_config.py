"""Site configs: what `minzu crawl` accepts, what it refuses before any request, and the shipped ones."""

from __future__ import annotations

import tomllib

import pytest
from conftest import ROOT

from pipeline.process import clean
from pipeline.records import RawPage
from pipeline.settings import Settings
from pipeline.sources.crawl.site import SiteConfigError, check_addresses, load, parse

SITES = ROOT / "corpora" / "sites"
GOOD = {
    "name": "demo",
    "start_urls": ["https://news.demo.cn/mzgz/index.html"],
    "allowed_domains": ["news.demo.cn"],
    "follow": [r"/mzgz/index(_\d+)?\.html$"],
    "articles": [r"/mzgz/\d{6}/t\d+_\d+\.html$"],
}


def test_a_minimal_config_gets_the_polite_defaults():
    site = parse(dict(GOOD))
    assert site.delay == 1.0 and site.revisit_after_s == 86400 and site.stop_at_known
    assert site.is_article("https://news.demo.cn/mzgz/202401/t20240108_1.html")
    assert site.is_list("https://news.demo.cn/mzgz/index_2.html")


@pytest.mark.parametrize("change, message", [
    ({"allowed_domains": ["www.site.invalid"], "start_urls": ["http://www.site.invalid/"]}, "placeholder"),
    ({"start_urls": ["https://elsewhere.cn/list.html"]}, "not on an allowed domain"),
    ({"start_urls": ["file:///etc/passwd"]}, "not on an allowed domain"),
    ({"articles": ["(unclosed"]}, "bad regular expression"),
    ({"follow": []}, "non-empty list"),
    ({"delay": -1}, "number of seconds"),
    ({"delay": "2s"}, "number of seconds"),
    ({"delay": float("nan")}, "number of seconds"),
    ({"stop_at_known": "false"}, "true or false"),
    ({"name": "neac-en"}, "'name'"),
    ({"encoding": "no-such-codec"}, "unknown encoding"),
    ({"selectors": {"body_css": "div[[["}}, "not a CSS selector"),
    ({"selectors": {"body_xpath": "//div[", "body_css": "div"}}, "not both"),
    ({"selectors": {"byline_css": "span"}}, "takes only"),
    ({"start_url": ["https://news.demo.cn/"]}, "unknown keys"),
    ({"name": "Demo Site"}, "'name'"),
])
def test_a_bad_config_is_refused_with_the_reason(change, message):
    with pytest.raises(SiteConfigError, match=message):
        parse({**GOOD, **change})


def test_hosts_match_their_subdomains_but_ip_addresses_only_themselves():
    site = parse({**GOOD, "allowed_domains": ["demo.cn", "127.0.0.1"]})
    assert site.allows("https://news.demo.cn/a.html") and site.allows("http://127.0.0.1:8080/a.html")
    assert not site.allows("https://demo.cn.evil.com/a.html")
    assert not site.allows("http://127.0.0.2/a.html") and not site.allows("http://localhost/a.html")
    assert not site.allows("ftp://news.demo.cn/a.html")


@pytest.mark.parametrize("address, refused", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.8", "private"),
    ("169.254.169.254", "private"), ("100.64.0.1", "non-public"), ("::ffff:127.0.0.1", "loopback"), ("fe80::1%eth0", "private"),
    ("93.184.216.34", None), ("2606:2800:220:1::1", None),
])
def test_a_name_resolving_to_a_non_public_address_is_refused(address, refused):
    site = parse(dict(GOOD))
    reason = site.address_refusal("news.demo.cn", [address])
    if refused is None:
        assert reason is None
    else:
        shown = address.split("%")[0].removeprefix("::ffff:")  # a zone dropped, a mapped IPv4 shown as IPv4
        assert reason.startswith(f"news.demo.cn resolves to {shown}, a {refused} address")


def test_a_non_public_address_listed_itself_is_allowed():
    site = parse({**GOOD, "allowed_domains": ["news.demo.cn", "10.1.2.3"]})
    assert site.address_refusal("news.demo.cn", ["10.1.2.3"]) is None
    assert site.address_refusal("news.demo.cn", ["10.1.2.4"]) is not None


def test_the_address_check_at_the_start_looks_at_every_address_of_every_host():
    site = parse({**GOOD, "allowed_domains": ["demo.cn"]})  # the start URL's host is www-less news.demo.cn
    answers = {"demo.cn": ["93.184.216.34"], "news.demo.cn": ["93.184.216.35", "192.168.1.1"]}
    with pytest.raises(SiteConfigError, match="news.demo.cn resolves to 192.168.1.1, a private address"):
        check_addresses(site, lambda host: answers[host])
    answers["news.demo.cn"] = ["93.184.216.35"]
    check_addresses(site, lambda host: answers[host])


def test_a_name_that_does_not_resolve_passes_the_start_check():
    def unresolvable(host):
        raise OSError("Name or service not known")

    check_addresses(parse(dict(GOOD)), unresolvable)


@pytest.mark.parametrize("name", ["neac.toml", "mzb.toml", "fixture/site.toml"])
def test_the_shipped_site_configs_load(name):
    site = load(SITES / name)
    assert site.start_urls and all(site.allows(u) for u in site.start_urls)


def test_the_shipped_configs_of_real_sites_are_marked_unchecked():
    for name in ("neac.toml", "mzb.toml", "minzuzaixian.toml"):
        assert tomllib.loads((SITES / name).read_text("utf-8"))["checked"] is False


def test_the_template_config_without_a_known_host_is_refused():
    with pytest.raises(SiteConfigError, match="placeholder"):
        load(SITES / "minzuzaixian.toml")


def test_a_neac_article_url_from_the_seeds_matches_its_config():
    site = load(SITES / "neac.toml")
    assert site.is_article("https://www.neac.gov.cn/seac/xwzx/202308/1167077.shtml")


PAGE = """<html><head><meta charset="utf-8"><title>门户首页</title></head><body>
<div class="promo"><p>热烈庆祝本网开通十周年,欢迎各族网友踊跃投稿,投稿邮箱见页面底部。本网长期征集民族团结进步创建优秀稿件,一经采用即付稿酬,欢迎转发分享给身边的朋友们。
</p><p>本网开设民族政策、民族文化、民族经济等栏目,全面展示新时代民族工作成就,欢迎社会各界关注。本网坚持正确舆论导向,努力讲好中华民族共同体故事,传播好民族团结进步好声音。</p></div>
<div class="art"><h3 class="t">全州民族团结进步创建工作推进会召开</h3><span class="d">发布时间:2024年03月05日</span>
<div class="TRS_Editor"><p>3月4日,全州民族团结进步创建工作推进会召开,各县市民族宗教部门负责人参加会议。</p>
<p>会议要求,扎实推进铸牢中华民族共同体意识工作。</p></div></div>
</body></html>"""


def test_a_site_rule_picks_the_body_title_and_date_the_cms_marks():
    site = parse({**GOOD, "selectors": {"body_css": "div.TRS_Editor", "title_xpath": "//h3[@class='t']",
                                        "date_css": "span.d"}})
    raw = RawPage(uri="u", url="https://news.demo.cn/mzgz/202403/t1.html", data=PAGE.encode(), kind="html")
    article = clean(raw, Settings(sites=(site.rule,)))
    assert article.body.startswith("3月4日,全州民族团结进步创建工作推进会召开") and "投稿" not in article.body
    assert article.title == "全州民族团结进步创建工作推进会召开"
    assert str(article.published) == "2024-03-05"
    assert article.extractor == "site"
    # the rule applies to its own site only
    other = clean(RawPage(uri="u", url="https://other.cn/a.html", data=PAGE.encode(), kind="html"),
                  Settings(sites=(site.rule,)))
    assert other.extractor != "site"


def test_a_site_encoding_outranks_a_wrong_declaration():
    page = PAGE.replace('charset="utf-8"', 'charset="big5"').encode("gbk")
    site = parse({**GOOD, "encoding": "gbk"})
    raw = RawPage(uri="u", url="https://news.demo.cn/a.html", data=page, kind="html", charset="text/html; charset=big5")
    assert clean(raw, Settings(sites=(site.rule,))).encoding == "gb18030"
