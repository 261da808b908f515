"""Site configs: one TOML file per news site, under corpora/sites/.

    name = "neac"                      # names the site's WARC files and index rows
    checked = false                    # patterns not yet tried against the live site
    start_urls = ["https://www.neac.gov.cn/seac/xwzx/index.shtml"]
    allowed_domains = ["www.neac.gov.cn"]
    follow = ['/seac/xwzx/index(_\\d+)?\\.shtml$']      # list pages, pagination included
    articles = ['/seac/xwzx/\\d{6}/\\d+\\.shtml$']      # article pages to archive and process
    delay = 2.0                        # seconds between requests to the site, on average (Scrapy varies
                                       # it between 0.5x and 1.5x; AutoThrottle may add)
    revisit_after_s = 86400            # known articles are asked for again after this long
    stop_at_known = true               # stop paging once a list page holds only known articles
    encoding = "gb18030"               # optional: when the site's declared charset is wrong
    [selectors]                        # optional: XPath or CSS of body, title and date
    body_css = "div.TRS_Editor"
    date_xpath = "//span[@class='time']"

Everything is checked when the file is read, so a bad config fails before a request.
"""

from __future__ import annotations

import codecs
import ipaddress
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
from cssselect import GenericTranslator, SelectorError

from pipeline.settings import SiteRule

# No '-': WARC files are named <site>-<time>, and a crawl finds its own by that prefix.
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,40}$")
# Hosts reserved for documentation (RFC 2606): a config that still names one is a template.
_PLACEHOLDER = re.compile(r"(^|\.)(invalid|example)$|(^|\.)example\.(com|org|net)$")
_KNOWN_KEYS = {"name", "checked", "start_urls", "allowed_domains", "follow", "articles", "delay",
               "revisit_after_s", "stop_at_known", "encoding", "selectors", "notes"}
_SELECTOR_KEYS = {f"{field}_{kind}" for field in ("body", "title", "date") for kind in ("xpath", "css")}


class SiteConfigError(ValueError):
    """A site config that cannot be crawled, with the reason."""


@dataclass(frozen=True)
class SiteConfig:
    """One news site: where to start, what to follow, what to archive, and how politely."""

    name: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    follow: tuple[re.Pattern, ...]
    articles: tuple[re.Pattern, ...]
    delay: float = 1.0
    revisit_after_s: float = 86400.0
    stop_at_known: bool = True
    checked: bool = False
    rule: SiteRule | None = None  # encoding and selectors, for cleaning the site's pages

    def allows(self, url: str) -> bool:
        """Whether `url` is on one of the site's allowed hosts, over http(s).

        A host matches a domain or its subdomains; an IP address (a loopback host in
        tests) only when listed itself.
        """
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        if _is_ip(host):
            return host in self.allowed_domains
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def local_only(self) -> bool:
        """Whether every allowed host is this machine (a test site, which needs no contact URL)."""
        return all(host == "localhost" or (ip := _ip(host)) is not None and ip.is_loopback
                   for host in self.allowed_domains)

    def is_article(self, url: str) -> bool:
        """Whether `url` is an article page of the site."""
        return any(p.search(url) for p in self.articles)

    def is_list(self, url: str) -> bool:
        """Whether `url` is a list page to follow."""
        return any(p.search(url) for p in self.follow)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_ip(host: str) -> bool:
    return _ip(host) is not None


def _xpath(table: dict, field: str, where: str) -> str | None:
    """The XPath of a selector given as `<field>_xpath` or `<field>_css`, validated."""
    xpath, css = table.get(f"{field}_xpath"), table.get(f"{field}_css")
    if xpath and css:
        raise SiteConfigError(f"{where}: give {field}_xpath or {field}_css, not both")
    if css:
        try:
            xpath = GenericTranslator().css_to_xpath(css)
        except SelectorError as exc:
            raise SiteConfigError(f"{where}: {field}_css is not a CSS selector: {exc}") from exc
    if xpath:
        try:
            lxml.etree.XPath(xpath)
        except lxml.etree.XPathSyntaxError as exc:
            raise SiteConfigError(f"{where}: {field}_xpath is not an XPath: {exc}") from exc
    return xpath


def _patterns(data: dict, key: str, where: str) -> tuple[re.Pattern, ...]:
    values = data.get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise SiteConfigError(f"{where}: '{key}' must be a non-empty list of regular expressions")
    try:
        return tuple(re.compile(v) for v in values)
    except re.error as exc:
        raise SiteConfigError(f"{where}: '{key}' holds a bad regular expression: {exc}") from exc


def parse(data: dict, where: str = "site config") -> SiteConfig:
    """A site config from its parsed TOML; SiteConfigError says what is wrong."""
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise SiteConfigError(f"{where}: unknown keys {sorted(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SiteConfigError(f"{where}: 'name' must be lower-case letters, digits or _")
    domains = data.get("allowed_domains")
    if not isinstance(domains, list) or not domains or not all(isinstance(d, str) and d for d in domains):
        raise SiteConfigError(f"{where}: 'allowed_domains' must be a non-empty list of host names")
    domains = tuple(d.lower().strip(".") for d in domains)
    placeholders = [d for d in domains if _PLACEHOLDER.search(d)]
    if placeholders:
        raise SiteConfigError(f"{where}: {placeholders[0]} is a placeholder; set the site's real host names first")
    starts = data.get("start_urls")
    if not isinstance(starts, list) or not starts or not all(isinstance(u, str) for u in starts):
        raise SiteConfigError(f"{where}: 'start_urls' must be a non-empty list of URLs")
    selectors = data.get("selectors", {})
    if not isinstance(selectors, dict) or set(selectors) - _SELECTOR_KEYS:
        raise SiteConfigError(f"{where}: [selectors] takes only {sorted(_SELECTOR_KEYS)}")
    encoding = data.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise SiteConfigError(f"{where}: unknown encoding {encoding!r}") from exc
    rule = SiteRule(
        domains=domains,
        encoding=encoding,
        body_xpath=_xpath(selectors, "body", where),
        title_xpath=_xpath(selectors, "title", where),
        date_xpath=_xpath(selectors, "date", where),
    )
    config = SiteConfig(
        name=name,
        start_urls=tuple(starts),
        allowed_domains=domains,
        follow=_patterns(data, "follow", where),
        articles=_patterns(data, "articles", where),
        delay=_seconds(data, "delay", 1.0, where),
        revisit_after_s=_seconds(data, "revisit_after_s", 86400.0, where),
        stop_at_known=_flag(data, "stop_at_known", True, where),
        checked=_flag(data, "checked", False, where),
        rule=rule,
    )
    outside = [u for u in config.start_urls if not config.allows(u)]
    if outside:
        raise SiteConfigError(f"{where}: start URL {outside[0]} is not on an allowed domain")
    return config


def _seconds(data: dict, key: str, default: float, where: str) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise SiteConfigError(f"{where}: '{key}' must be a number of seconds, 0 or more (not {value!r})")
    return float(value)


def _flag(data: dict, key: str, default: bool, where: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise SiteConfigError(f"{where}: '{key}' must be true or false (not {value!r})")
    return value


def load(path: Path) -> SiteConfig:
    """Read and check a site config file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteConfigError(f"{path}: cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SiteConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse(data, str(path))
