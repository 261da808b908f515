"""The HTML cleaning benchmark on shared/bench/html-zh (see its README for the metric).

Main text: NFKC, lower-cased, letters and digits only; P/R/F1 over the multiset of
character bigrams, macro mean over pages, an empty output scoring 0. Dates: the
predicted publication date against the 34 pages with a full gold date.
trafeval_zh: every must-contain snippet found, no must-not snippet present.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

from pipeline.clean import html as html_clean
from pipeline.clean.decode import decode
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


def _alone(raw: RawPage) -> tuple[str, str, dt.date | None]:
    """readability's and trafilatura's main text of the page, each alone, and trafilatura's date,
    on the text minzu decoded (their own charset guessing garbles GBK pages)."""
    import trafilatura

    try:
        html = html_clean._prepare(decode(raw.data, raw.charset, is_html=True).text)
    except PageError:
        return "", "", None
    texts = []
    for run in (html_clean._readability, lambda h: html_clean._trafilatura(h, raw.url)):
        try:
            texts.append(run(html))
        except Exception:  # an extractor failing on a page scores 0 there, as it would alone
            texts.append("")
    meta = trafilatura.extract_metadata(html)
    date = dt.date.fromisoformat(meta.date[:10]) if meta is not None and meta.date else None
    return texts[0], texts[1], date


def run_benchmark(bench: Path, verbose: bool = False) -> int:
    """Print main-text F1, date accuracy and trafeval snippet checks; 0 when all ran."""
    index = json.loads((bench / "index.json").read_text(encoding="utf-8"))
    settings = Settings()
    f1s, dates_right, dates_total, failures = [], 0, 0, []
    alone_f1s: dict[str, list[float]] = {"readability": [], "trafilatura": []}
    trafilatura_dates = 0
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
            read_text, traf_text, traf_date = _alone(_page(bench, entry))
            alone_f1s["readability"].append(bigram_prf(read_text, gold)[2])
            alone_f1s["trafilatura"].append(bigram_prf(traf_text, gold)[2])
            gold_date = (bench / entry["truth_date"]).read_text(encoding="utf-8", errors="replace").strip()
            m = _FULL_DATE.match(gold_date)
            ok = None
            if m:
                dates_total += 1
                gold_day = tuple(map(int, m.groups()))
                ok = published is not None and (published.year, published.month, published.day) == gold_day
                dates_right += ok
                trafilatura_dates += traf_date is not None and (traf_date.year, traf_date.month, traf_date.day) == gold_day
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
    mean = {name: sum(v) / len(v) for name, v in alone_f1s.items()}
    worse = sum(f < max(a, b) - 0.01 for f, a, b in zip(f1s, alone_f1s["readability"], alone_f1s["trafilatura"]))
    print(f"cwced main text   macro F1 {sum(f1s) / len(f1s):.3f} over {len(f1s)} pages; alone on the same decoded text: "
          f"readability-lxml {mean['readability']:.3f}, trafilatura {mean['trafilatura']:.3f}")
    print(f"                  pages where minzu is worse than the better of the two: {worse}")
    print(f"cwced dates       {dates_right}/{dates_total} right; trafilatura alone {trafilatura_dates}/{dates_total}, "
          "readability-lxml none (README: GNE 23)")
    print(f"trafeval_zh       {snippets_ok}/{snippets_total} snippet checks pass")
    print(f"speed             {len(index['pages']) / elapsed:.1f} pages/s")
    print("body taken from   " + ", ".join(f"{name} {n}" for name, n in extractors.most_common()))
    for f in failures:
        print(f"  failed: {f}")
    return 0
