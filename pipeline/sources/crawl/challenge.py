"""Whether a response is a challenge or block page instead of the page asked for.

Government sites sit behind WAFs and anti-bot services (cookie-setting JavaScript
challenges, 安全狗/云锁/创宇盾-style block pages, Cloudflare-style interstitials).
They answer a crawler with one of:

    412, any body                      a JavaScript challenge: the script sets a cookie, reloads
    403 with a challenge body          a block page ("已被网站管理员设置为拦截") or a challenge
    202 with a script-only body        a challenge whose script fetches the real page later
    200 with a small page of words     「您的访问过于频繁」, 「安全验证」, 「请开启JavaScript」
    200 with a script-only body that   a cookie challenge served as if it were the page
        sets document.cookie

This module is the one place that decides. The crawl records such a response as
`fetch/blocked` (archived, never an article, asked for again next crawl), and the
WARC reader skips it when an archive is replayed. minzu never tries to solve a
challenge: it does not run the script, set the cookie or answer the question.

A 412 is a challenge whatever its body: minzu's conditional requests send only
If-None-Match and If-Modified-Since, whose failure on a GET is a 304, never a 412
(RFC 9110 13.1), so a 412 was not caused by a precondition of ours. A 429 is not
decided here: it is a rate limit, read with its Retry-After by the politeness module.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from w3lib.encoding import html_to_unicode

# The request meta key under which the crawl's politeness middleware leaves the verdict
# (the reason) on a response it found blocked, for the spider and the recorder.
META_KEY = "minzu_blocked"

# Challenge pages say one or two sentences; a news page has menus and footers besides its
# text. Markers count only in a page whose visible text is at most this many characters.
MAX_TEXT = 400
# A script-only page shows at most a "Loading..." of this many characters.
SCRIPT_ONLY_TEXT = 20
# Bodies larger than this are pages, not challenges (the largest obfuscated challenge
# scripts seen run to a few hundred KB); they are not parsed here.
MAX_SCAN_BYTES = 512 * 1024

# Words of challenge and block pages, in the visible text (title included) of a small page.
# Curated: each pattern is one family of wording, with an example it matches; add a family
# when a site shows a new one, and check it against the articles in corpora/ (a test does).
MARKERS: tuple[tuple[str, re.Pattern], ...] = (
    # Rate limits said in a page: 「您的访问过于频繁，请稍后再试」「请求太频繁」「操作过频繁」
    ("too_frequent", re.compile(r"(访问|请求|操作|刷新)[^。，,.]{0,4}(过于|太|过)频繁")),
    # 「访问频率过快」「请求速度过快」「访问次数过多」
    ("too_fast", re.compile(r"(访问|请求)(频率|速度|次数)过(快|高|多)")),
    # Verification walls: 「安全验证」「人机验证」「请完成滑动验证」「拼图验证」「请输入验证码」
    ("verification", re.compile(r"(安全|人机|滑块|滑动|拼图|身份|访问)验证|验证码")),
    # Block pages: 「您的访问已被拦截」「当前访问疑似黑客攻击，已被网站管理员设置为拦截」
    # 「您的请求已被阻断」「访问被拒绝」「IP已被封禁」
    ("block", re.compile(r"已?被[^。，,.]{0,12}(拦截|阻断|屏蔽|封禁)|访问被拒绝|拒绝访问|禁止访问")),
    # WAF pages naming themselves: 「网站防火墙」「Web应用防火墙」「网站安全狗」
    ("waf", re.compile(r"网站防火墙|应用防火墙|安全狗|云防护")),
    # Asking for a browser: 「请开启JavaScript」「请启用浏览器的Cookie」, "Please enable JavaScript
    # and cookies", Cloudflare-style "Just a moment..." / "Checking your browser" / "Attention Required"
    ("browser_check", re.compile(r"(开启|启用|打开|允许)[^。，,.]{0,8}(JavaScript|JS|Cookie)|enable\s+(JavaScript|cookies)"
                                 r"|Just a moment|Checking your browser|Attention Required", re.I)),
)

# A script that sets a cookie, plainly or through an index: document.cookie = "__jsl_clearance=...",
# document["cookie"]=..., document['coo'+'kie'] is beyond this (the body is still script-only).
_SETS_COOKIE = re.compile(r"""document\s*(\.\s*cookie|\[\s*["']cookie["']\s*\])\s*=""", re.I)
_HIDDEN = ("script", "style", "noscript", "template", "title")
# Statuses whose script-only body is a challenge even without a cookie in sight: 202 (the
# script fetches the page later), 403 and 503 (the JavaScript checks of WAFs and CDNs). A
# script-only 404 is a redirect to the home page, not a challenge.
_SCRIPT_CHALLENGE_STATUSES = (202, 403, 503)


def blocked(status: int, content_type: str | None, body: bytes) -> str | None:
    """Why a response is a challenge or block page (a short reason naming the sign), or None
    when it is not one. `content_type` is the Content-Type header, for the body's charset."""
    if status == 412:
        return "a 412 challenge"
    if status == 429 or 300 <= status < 400 or len(body) > MAX_SCAN_BYTES:
        return None
    if content_type and "html" not in content_type.lower():
        return None  # robots.txt, a feed, a PDF: challenges are HTML (or say nothing of their type)
    page = _read(content_type, body)
    if page is None:
        return None
    title, text, scripts = page
    script_only = scripts is not None and len(text) <= SCRIPT_ONLY_TEXT
    if script_only and _SETS_COOKIE.search(scripts):
        return "a script-only page that sets document.cookie"
    if script_only and status in _SCRIPT_CHALLENGE_STATUSES:
        return "a script-only page"
    if len(text) + len(title) <= MAX_TEXT:
        for name, pattern in MARKERS:
            found = pattern.search(title + " " + text)
            if found:
                return f"{name}: 「{found.group(0)}」"
    return None


def _read(content_type: str | None, body: bytes) -> tuple[str, str, str | None] | None:
    """The title, the visible text (whitespace removed) and the text of the scripts (None when
    the page has no script) of an HTML body; None when it is no HTML."""
    if not body.strip():
        return None
    _, html = html_to_unicode(content_type, body)
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    elements = list(root.iter("script"))
    scripts = " ".join(e.text or "" for e in elements) if elements else None
    title = "".join(t.text_content() for t in root.iter("title")).strip()
    for element in list(root.iter(*_HIDDEN)):
        if element.getparent() is not None:
            element.drop_tree()
    text = re.sub(r"\s+", "", root.text_content())
    return title, text, scripts
