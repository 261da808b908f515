"""Predictions against gold annotations, scored exactly as corpora/gold/FORMAT.md says.

Gold files are matched to predicted articles by the input file's stem. Scores are
micro-averaged over all articles of the gold set.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.dataset as ds

META_FIELDS = ("title", "published", "source", "script", "truncated")


def norm(value) -> str:
    """NFKC with all whitespace removed: the comparison form of every scored string."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def _bare(value: str) -> str:
    # FORMAT: strings carry no surrounding quotes or 书名号.
    return norm(value).strip("《》“”\"'「」『』")


def _unquoted(value: str) -> str:
    # FORMAT: documents are compared "after quotes and whitespace are removed" (all of them).
    return re.sub(r"[《》“”\"'「」『』‘’]", "", norm(value))


@dataclass
class Score:
    """Counts for one field: P/R/F1 when `tp/fp/fn` are used, accuracy when `right/total` are."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def check(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    def sets(self, doc: str, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)
        self.misses += [f"{doc}: missed {g}" for g in sorted(gold - pred)]
        self.misses += [f"{doc}: spurious {p}" for p in sorted(pred - gold)]

    def matched(self, doc: str, pairs: list, gold: list, pred: list, show=str) -> None:
        self.tp += len(pairs)
        matched_gold = {id(g) for g, _ in pairs}
        matched_pred = {id(p) for _, p in pairs}
        missed = [g for g in gold if id(g) not in matched_gold]
        spurious = [p for p in pred if id(p) not in matched_pred]
        self.fn += len(missed)
        self.fp += len(spurious)
        self.misses += [f"{doc}: missed {show(g)}" for g in missed] + [f"{doc}: spurious {show(p)}" for p in spurious]


def one_to_one(gold: list, pred: list, match) -> list[tuple]:
    """Greedy one-to-one pairing of gold and predicted items, exact matches first."""
    pairs, used = [], set()
    for exact_first in (True, False):
        for g in gold:
            if any(g is pg for pg, _ in pairs):
                continue
            for j, p in enumerate(pred):
                if j not in used and match(g, p, exact_first):
                    pairs.append((g, p))
                    used.add(j)
                    break
    return pairs


def _contains(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def _bigrams(s: str) -> list[str]:
    return [s[i:i + 2] for i in range(len(s) - 1)]


def dice(a: str, b: str) -> float:
    """Dice coefficient of the character-bigram multisets of two strings."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return float(a == b)
    rest, common = list(y), 0
    for g in x:
        if g in rest:
            rest.remove(g)
            common += 1
    return 2 * common / (len(x) + len(y))


def _program_match(g: str, p: str, exact: bool) -> bool:
    return g == p if exact else (_contains(g, p) or dice(g, p) >= 0.8)


def _title_match(g: dict, p: dict, exact: bool) -> bool:
    a, b = _bare(g["title"]), _bare(p["title"])
    return a == b if exact else _contains(a, b)


def _party_match(g: str, p: str, exact: bool) -> bool:
    return g == p if exact else _contains(g, p)


@dataclass
class Prediction:
    article: dict
    tables: dict[str, list[dict]]


def load_predictions(out: Path) -> dict[str, Prediction]:
    """Predicted articles and their rows, keyed by the input file's stem."""
    def rows(table: str) -> list[dict]:
        path = out / table
        return ds.dataset(path, format="parquet").to_table().to_pylist() if path.exists() else []

    by_id: dict[str, Prediction] = {}
    for a in rows("articles"):
        by_id[a["article_id"]] = Prediction(a, {})
    for table in ("dates", "regions", "officials", "agreements", "programs", "documents"):
        for r in rows(table):
            if r["article_id"] in by_id:
                by_id[r["article_id"]].tables.setdefault(table, []).append(r)
    out_map = {}
    for p in by_id.values():
        stem = re.sub(r"\.(txt|html?|shtml)$", "", p.article["uri"].rstrip("/").split("/")[-1])
        out_map[stem] = p
    return out_map


# Fields scored as accuracy (right/total); the others as P/R/F1 over sets or matchings.
ACCURACY_FIELDS = frozenset({*META_FIELDS, "body", "officials.jurisdiction", "agreements.date"})
FIELDS = (*META_FIELDS, "body", "bylines", "dates", "officials", "officials.titles", "officials.jurisdiction",
          "regions", "agreements", "agreements.parties", "agreements.date", "programs", "documents")


def evaluate(gold_dir: Path, pred_dir: Path) -> dict[str, Score]:
    """Score every gold file in `gold_dir` against the run in `pred_dir`."""
    preds = load_predictions(pred_dir)
    scores = {f: Score() for f in FIELDS}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = gold["doc"]
        pred = preds.get(doc)
        art = pred.article if pred else {}
        tables = pred.tables if pred else {}
        if pred is None:
            scores["body"].check(False, f"{doc}: no article predicted")
        for f in META_FIELDS:
            g, p = gold.get(f), art.get(f)
            if f == "published" and p is not None:
                p = p.isoformat()
            ok = (norm(g) == norm(p)) if f != "truncated" else (bool(g) == bool(p))
            scores[f].check(ok, f"{doc}: gold {g!r}, predicted {p!r}")
        body = norm(art.get("body", ""))
        b = gold["body"]
        scores["body"].check(body.startswith(norm(b["starts"])), f"{doc}: does not start with {b['starts']!r}: {body[:40]!r}")
        scores["body"].check(body.endswith(norm(b["ends"])), f"{doc}: does not end with {b['ends']!r}: {body[-40:]!r}")
        bad = [x for x in b.get("excludes", []) if norm(x) in body]
        scores["body"].check(not bad, f"{doc}: contains {bad}")
        scores["bylines"].sets(doc, {norm(x["name"]) for x in gold.get("bylines", [])},
                               {norm(x["name"]) for x in art.get("bylines") or []})
        scores["dates"].sets(doc, {x["value"] for x in gold["dates"]}, {r["value"] for r in tables.get("dates", [])})
        scores["regions"].sets(doc, {x["adcode"] for x in gold["regions"]}, {r["adcode"] for r in tables.get("regions", [])})
        scores["documents"].sets(doc, {_unquoted(x) for x in gold["documents"]}, {_unquoted(r["title"]) for r in tables.get("documents", [])})
        _officials(doc, gold["officials"], tables.get("officials", []), scores)
        _agreements(doc, gold["agreements"], tables.get("agreements", []), scores)
        gp = [_bare(x) for x in gold["programs"]]
        pp = list(dict.fromkeys(_bare(r["name"]) for r in tables.get("programs", [])))
        scores["programs"].matched(doc, one_to_one(gp, pp, _program_match), gp, pp)
    return scores


def _officials(doc: str, gold: list[dict], pred: list[dict], scores: dict[str, Score]) -> None:
    by_name = {norm(r["name"]): r for r in pred}
    gold_names = {norm(o["name"]) for o in gold}
    scores["officials"].sets(doc, gold_names, set(by_name))
    for o in gold:
        p = by_name.get(norm(o["name"]))
        if p is None:
            continue
        scores["officials.titles"].sets(f"{doc} {o['name']}", {norm(t) for t in o["titles"]}, {norm(t) for t in p["titles"] or []})
        scores["officials.jurisdiction"].check(o["jurisdiction"] == p["jurisdiction"],
                                               f"{doc} {o['name']}: gold {o['jurisdiction']}, predicted {p['jurisdiction']}")


def _agreements(doc: str, gold: list[dict], pred: list[dict], scores: dict[str, Score]) -> None:
    pairs = one_to_one(gold, pred, _title_match)
    scores["agreements"].matched(doc, pairs, gold, pred, show=lambda a: a["title"])
    for g, p in pairs:
        gp, pp = [norm(x) for x in g["parties"]], [norm(x) for x in p["parties"] or []]
        scores["agreements.parties"].matched(f"{doc} {g['title']}", one_to_one(gp, pp, _party_match), gp, pp)
        scores["agreements.date"].check(g["date"] == p["date"], f"{doc} {g['title']}: gold {g['date']}, predicted {p['date']}")


def figure(name: str, score: Score) -> float:
    """The one figure a field is judged by: accuracy, or F1."""
    return score.accuracy if name in ACCURACY_FIELDS else score.f1


def load_floor(path: Path, gold_set: str) -> dict[str, float]:
    """The recorded figures of one gold set (a table of `path`, a TOML file): field -> lowest allowed."""
    floors = tomllib.loads(path.read_text(encoding="utf-8"))
    if gold_set not in floors:
        raise KeyError(f"{path} records no figures for the gold set {gold_set!r} (it has {', '.join(floors)})")
    unknown = set(floors[gold_set]) - set(FIELDS)
    if unknown:
        raise KeyError(f"{path} [{gold_set}] names fields that are not scored: {', '.join(sorted(unknown))}")
    return {name: float(value) for name, value in floors[gold_set].items()}


def below_floor(scores: dict[str, Score], floor: dict[str, float]) -> list[str]:
    """Fields whose figure fell below the recorded one, each as 'field 0.912 < 0.940'."""
    # Figures are printed to three decimals and recorded so: compare at that precision.
    return [f"{name} {figure(name, scores[name]):.3f} < {least:.3f}" for name, least in floor.items()
            if round(figure(name, scores[name]), 3) < least]


def format_report(scores: dict[str, Score], verbose: bool = False) -> str:
    """One line per field: P/R/F1 with counts, or accuracy; with `verbose`, every miss."""
    lines = []
    for name, s in scores.items():
        if name in ACCURACY_FIELDS:
            lines.append(f"{name:<24} accuracy {s.accuracy:6.3f}   ({s.right}/{s.total})")
        else:
            lines.append(f"{name:<24} P {s.precision:6.3f}  R {s.recall:6.3f}  F1 {s.f1:6.3f}   (tp {s.tp}, fp {s.fp}, fn {s.fn})")
        if verbose:
            lines += [f"    {m}" for m in s.misses]
    return "\n".join(lines)
