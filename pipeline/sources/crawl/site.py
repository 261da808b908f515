"""Site configs: one TOML file per news site, under corpora/sites/.

    name = "neac"                      # names the site's WARC files and index rows
    checked = false                    # patterns not yet tried against the live site
    start_urls = ["https://www.neac.gov.cn/seac/xwzx/index.shtml"]
    allowed_domains = ["www.neac.gov.cn"]
    follow = ['/seac/xwzx/index(_\\d+)?\\.shtml$']      # list pages, pagination included
    articles = ['/seac/xwzx/\\d{6}/\\d+\\.shtml$']      # article pages to archive and process
    delay = 2.0                        # least seconds between requests to the site; robots.txt's
                                       # Crawl-delay, AutoThrottle or a 429 may make it longer
    revisit_after_s = 86400            # known articles are asked for again after this long
    stop_at_known = true               # stop paging once a list page holds only known articles
    encoding = "gb18030"               # optional: when the site's declared charset is wrong
    [selectors]                        # optional: XPath or CSS of body, title and date
    body_css = "div.TRS_Editor"
    date_xpath = "//span[@class='time']"

Everything is checked when the file is read, so a bad config fails before a request.
A host name that resolves to a loopback, private, link-local or otherwise non-public
address is refused unless the config lists that address itself (as the tests list
127.0.0.1): checked when a crawl starts (`check_addresses`) and again on every request,
since a name can be made to resolve elsewhere between the two (DNS rebinding).
"""

from __future__ import annotations

import codecs
import ipaddress
import math
import re
import socket
import tomllib
from collections.abc import Callable, Iterable
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
        if is_ip(host):
            return host in self.allowed_domains
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def local_only(self) -> bool:
        """Whether every allowed host is this machine (a test site, which needs no contact URL)."""
        return all(host == "localhost" or (ip := _ip(host)) is not None and ip.is_loopback
                   for host in self.allowed_domains)

    def address_refusal(self, host: str, addresses: Iterable[str]) -> str | None:
        """Why `host` may not be fetched at these resolved addresses: one of them is not a public
        address (loopback, private, link-local, shared, reserved) and is not listed itself in
        allowed_domains. None when every address may be fetched."""
        for address in addresses:
            ip = _ip(address.split("%", 1)[0])  # an IPv6 address may carry a zone: fe80::1%eth0
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
            if ip is None or ip.is_global or str(ip) in self.allowed_domains:
                continue
            kind = "loopback" if ip.is_loopback else "private" if ip.is_private else "non-public"
            return (f"{host} resolves to {ip}, a {kind} address; list the address itself in allowed_domains "
                    "to crawl it")
        return None

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


def is_ip(host: str) -> bool:
    """Whether a URL's host is an IP address (v4, or v6 with or without brackets) rather than a name."""
    return _ip(host) is not None


def resolve(host: str) -> set[str]:
    """Every address `host` resolves to now (IPv4 and IPv6); OSError when it does not resolve."""
    return {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}


def check_addresses(site: SiteConfig, resolver: Callable[[str], Iterable[str]] = resolve) -> None:
    """Refuse (SiteConfigError) a site whose allowed hosts or start URLs resolve to a non-public
    address the config does not list itself. A name that does not resolve now passes: its
    requests fail on their own, and each request is checked again as it goes out."""
    hosts = [h for h in site.allowed_domains if not is_ip(h)]
    hosts += [h for u in site.start_urls if (h := (urlsplit(u).hostname or "").lower()) and not is_ip(h)]
    for host in dict.fromkeys(hosts):
        try:
            addresses = resolver(host)
        except (OSError, UnicodeError):
            continue
        reason = site.address_refusal(host, addresses)
        if reason:
            raise SiteConfigError(f"site {site.name}: {reason}")


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
