"""The HTML cleaning benchmark on shared/bench/html-zh (see its README for the metric).

Main text: NFKC, lower-cased, letters and digits only; P/R/F1 over the multiset of
character bigrams, macro mean over pages, an empty output scoring 0. Dates: the
predicted publication date against the 34 pages with a full gold date.
trafeval_zh: every must-contain snippet found, no must-not snippet present.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

from pipeline.process import clean
from pipeline.records import PageError, RawPage
from pipeline.settings import Settings

_WRAPPER = re.compile(rb"^\s*<text\b[^>]*>\s*", re.I)
_FULL_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _chars(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if c.isalnum())


def bigram_prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 over character-bigram multisets."""
    p, g = _chars(pred), _chars(gold)
    pb, gb = Counter(p[i:i + 2] for i in range(len(p) - 1)), Counter(g[i:i + 2] for i in range(len(g) - 1))
    common = sum((pb & gb).values())
    if not common:
        return 0.0, 0.0, 0.0
    prec, rec = common / sum(pb.values()), common / sum(gb.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def _page(bench: Path, entry: dict) -> RawPage:
    data = (bench / entry["html"]).read_bytes()
    data = _WRAPPER.sub(b"", data, count=1)  # the CleanEval wrapper line is not part of the page
    return RawPage(uri=entry["html"], url=entry.get("url"), data=data, kind="html")


def run_benchmark(bench: Path, verbose: bool = False) -> int:
    """Print main-text F1, date accuracy and trafeval snippet checks; 0 when all ran."""
    index = json.loads((bench / "index.json").read_text(encoding="utf-8"))
    settings = Settings()
    f1s, dates_right, dates_total, failures = [], 0, 0, []
    truth = json.loads((bench / "trafeval_zh" / "truth.json").read_text(encoding="utf-8"))
    snippets_ok = snippets_total = 0
    extractors: Counter[str] = Counter()
    started = time.perf_counter()
    for entry in index["pages"]:
        try:
            article = clean(_page(bench, entry), settings)
            body, published, extractor = article.body, article.published, article.extractor
        except PageError as exc:
            body, published, extractor = "", None, "-"
            failures.append(f"{entry['id']}: {exc.error}: {exc.message}")
        extractors[extractor] += 1
        if entry["set"] == "cwced":
            gold = (bench / entry["truth_text"]).read_text(encoding="utf-8", errors="replace")
            p, r, f = bigram_prf(body, gold)
            f1s.append(f)
            gold_date = (bench / entry["truth_date"]).read_text(encoding="utf-8", errors="replace").strip()
            m = _FULL_DATE.match(gold_date)
            ok = None
            if m:
                dates_total += 1
                ok = published is not None and (published.year, published.month, published.day) == tuple(map(int, m.groups()))
                dates_right += ok
            if verbose:
                verdict = "" if ok is None else ("ok" if ok else "WRONG")
                print(f"{entry['id'][:8]} F1 {f:.3f} (P {p:.3f} R {r:.3f}) [{extractor}]  date gold {gold_date!r} pred {published} {verdict}")
        else:
            t = truth[entry["id"]]
            norm_body = re.sub(r"\s+", "", unicodedata.normalize("NFKC", body))
            for s in t["with"]:
                snippets_total += 1
                found = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)) in norm_body
                snippets_ok += found
                if verbose and not found:
                    print(f"{entry['id']}: missing {s!r}")
            for s in t["without"]:
                snippets_total += 1
                absent = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)) not in norm_body
                snippets_ok += absent
                if verbose and not absent:
                    print(f"{entry['id']}: contains {s!r}")
            if verbose:
                print(f"{entry['id']}: date gold {t['date']} pred {published}")
    elapsed = time.perf_counter() - started
    print(f"cwced main text   macro F1 {sum(f1s) / len(f1s):.3f} over {len(f1s)} pages (readability-lxml 0.875, trafilatura 0.839)")
    print(f"cwced dates       {dates_right}/{dates_total} right (GNE 23, trafilatura 21)")
    print(f"trafeval_zh       {snippets_ok}/{snippets_total} snippet checks pass")
    print(f"speed             {len(index['pages']) / elapsed:.1f} pages/s")
    print("body taken from   " + ", ".join(f"{name} {n}" for name, n in extractors.most_common()))
    for f in failures:
        print(f"  failed: {f}")
    return 0
