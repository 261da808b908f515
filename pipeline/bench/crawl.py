"""`minzu bench-crawl`: crawl speed at a given politeness, and what a re-crawl costs.

The fixture site (corpora/sites/fixture/) is grown to N article pages (copies of its
articles under new addresses, each with its own bytes) behind paginated list pages,
served on 127.0.0.1. Three crawls run, each in its own process as Scrapy requires:
the first fetches everything; the second, with nothing changed and revisits due,
asks again for every article conditionally; the third, with revisits not yet due
(the default of one day), fetches only the first list page. Requests and bytes are
counted by the server.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[2] / "corpora" / "sites" / "fixture"
PER_LIST = 20  # article links per list page


def fixture_site(root: Path, config: Path):
    """The fixture site's server (corpora/sites/fixture/serve.py) over a document root and config."""
    spec = importlib.util.spec_from_file_location("fixture_serve", FIXTURE / "serve.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module.FixtureSite(root=root, config=config)


def _grow(root: Path, pages: int, sources: list[Path]) -> list[str]:
    """N article pages built from the fixture's articles, and list pages linking them."""
    paths = []
    for i in range(pages):
        src = sources[i % len(sources)]
        path = f"/news/2025/{i:05d}.html"  # matches the fixture config's article pattern
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes() + f"<!-- copy {i} -->".encode("ascii"))
        paths.append(path)
    lists = [paths[i:i + PER_LIST] for i in range(0, len(paths), PER_LIST)]
    for n, links in enumerate(lists):
        name = "index.html" if n == 0 else f"index_{n}.html"
        items = "".join(f'<li><a href="{p}">稿件 {p[-10:-5]}</a></li>' for p in links)
        nxt = f'<a href="/news/index_{n + 1}.html">下一页</a>' if n + 1 < len(lists) else ""
        (root / "news" / name).write_text(f'<html><head><meta charset="utf-8"><title>列表</title></head>'
                                          f"<body><ul>{items}</ul>{nxt}</body></html>", encoding="utf-8")
    return paths


def _crawl(config: Path, out: Path, site, label: str) -> dict:
    first = len(site.log)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "crawl", str(config), "--out", str(out)],
                            capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench-crawl: the {label} crawl failed:\n{result.stderr}")
    hits = site.log[first:]
    crawl_s = float(re.search(r"in ([\d.]+)s", result.stdout.splitlines()[0]).group(1))
    processed = int(re.search(r"processed (\d+) pages", result.stdout).group(1))
    articles = sum(1 for h in hits if h.path.startswith("/news/2025/"))
    return {"label": label, "requests": len(hits), "bytes": sum(h.sent for h in hits), "articles": articles,
            "s304": sum(1 for h in hits if h.status == 304), "crawl_s": crawl_s, "wall_s": wall,
            "processed": processed}


def main(pages: int = 100, delay: float = 1.0) -> int:
    """Run the three crawls and print their figures."""
    with tempfile.TemporaryDirectory(prefix="minzu-bench-crawl-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(FIXTURE, tmp / "site")
        shutil.rmtree(tmp / "site" / "www" / "news")
        (tmp / "site" / "www" / "news").mkdir()
        site = fixture_site(tmp / "site" / "www", tmp / "site" / "server.toml")
        _grow(tmp / "site" / "www", pages, sorted(set(site.pages.values())))
        base = site.start()
        text = (FIXTURE / "site.toml").read_text(encoding="utf-8").replace("http://127.0.0.1:8765", base)
        text = re.sub(r"(?m)^delay = .*$", f"delay = {delay}", text)
        due = tmp / "due.toml"
        due.write_text(text, encoding="utf-8")
        later = tmp / "later.toml"
        later.write_text(re.sub(r"(?m)^revisit_after_s = .*$", "revisit_after_s = 86400", text), encoding="utf-8")
        out = tmp / "out"
        try:
            rows = [_crawl(due, out, site, "first crawl"),
                    _crawl(due, out, site, "re-crawl, revisits due"),
                    _crawl(later, out, site, "re-crawl, none due")]
        finally:
            site.stop()
    print(f"fixture site grown to {pages} articles in list pages of {PER_LIST}; delay {delay}s, "
          "AutoThrottle on, 2 requests per domain at most")
    print(f"{'crawl':<24} {'requests':>8} {'articles':>8} {'304s':>5} {'KB':>8} {'crawl s':>8} "
          f"{'pages/min':>9} {'processed':>9} {'total s':>8}")
    for r in rows:
        rate = 60 * r["articles"] / r["crawl_s"] if r["crawl_s"] else 0.0
        print(f"{r['label']:<24} {r['requests']:>8} {r['articles']:>8} {r['s304']:>5} {r['bytes'] / 1024:>8.1f} "
              f"{r['crawl_s']:>8.1f} {rate:>9.0f} {r['processed']:>9} {r['wall_s']:>8.1f}")
    return 0
