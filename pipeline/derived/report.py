"""`minzu report DIR --html report.html`: one self-contained page of a run's figures and tables.

For people who do not use notebooks. The page loads nothing from anywhere (figures
are inline PNG, maps inline SVG whose regions, arcs and parties show their names and
counts on hover through SVG titles, script and style inline, and a
Content-Security-Policy forbids every other source), so it opens offline and can be
mailed as one file. Tables
are searchable (a box above each filters its rows) and sortable (click a header).
Very long tables are cut to their first rows, and the page says so.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import __version__
from pipeline.storage.schemas import SCHEMAS

MAX_ROWS = 5000  # per table: a browser stays responsive, the file stays mailable


@dataclass
class Tables:
    """The tables of an output folder that the report and the notebook read."""

    articles: pd.DataFrame
    regions: pd.DataFrame
    agreements: pd.DataFrame
    registry: pd.DataFrame
    edges: pd.DataFrame
    monthly: pd.DataFrame


def load(out: Path) -> Tables:
    """Read what the report shows; the derived tables are computed afresh, never read stale."""
    from pipeline.derived.tables import compute, read_table

    out = Path(out)
    if not (out / "articles").exists():
        raise FileNotFoundError(f"{out} holds no articles table: is it the output folder of `minzu run`?")
    derived = compute(out)
    articles = read_table(out, "articles", [c for c in SCHEMAS["articles"].names if c not in ("body", "body_original")])
    return Tables(articles=articles, regions=read_table(out, "regions"), agreements=read_table(out, "agreements"),
                  registry=derived["officials_registry"], edges=derived["agreement_edges"],
                  monthly=derived["program_mentions_monthly"])


def _png(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _cell(value) -> str:
    """A table cell's text: lists joined with 、, nulls empty."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "、".join(str(v) for v in value)
    if value is None or value is pd.NaT or value is pd.NA or isinstance(value, float) and pd.isna(value):
        return ""
    return str(value)


def _table(key: str, title: str, frame: pd.DataFrame, numeric: set[str], note: str = "") -> str:
    shown = frame.head(MAX_ROWS)
    cut = f"（共 {len(frame)} 行，只列出前 {MAX_ROWS} 行）" if len(frame) > MAX_ROWS else ""
    head = "".join(f'<th data-type="{"num" if c in numeric else "text"}" tabindex="0">{html.escape(c)}</th>'
                   for c in shown.columns)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                     for row in shown.itertuples(index=False))
    return (f'<section class="block" id="{key}"><h2>{html.escape(title)}</h2>'
            f'<p class="note">{html.escape(note)}{cut}</p>'
            f'<input type="search" placeholder="搜索本表…" aria-label="搜索 {html.escape(title)}">'
            f' <span class="count"></span>'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div></section>')


def _figure(key: str, fig, caption: str) -> str:
    if fig is None:
        return f'<p class="empty" id="{key}">{html.escape(caption)}: no data to draw.</p>'
    return (f'<figure id="{key}"><img alt="{html.escape(caption)}" src="data:image/png;base64,{_png(fig)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _map(key: str, mapfig, caption: str) -> str:
    """A map as inline SVG: hovering a region, an arc or a party shows its name and counts."""
    if mapfig is None:
        return f'<p class="empty" id="{key}">{html.escape(caption)}: no data to draw.</p>'
    import matplotlib.pyplot as plt

    from pipeline.derived.maps.export import inline_svg

    try:
        svg = inline_svg(mapfig)
    finally:
        plt.close(mapfig.figure)
    return (f'<figure id="{key}" class="map">{svg}'
            f"<figcaption>{html.escape(caption)} · 悬停可见名称与计数 (hover for names and counts)</figcaption></figure>")


_STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;
max-width:1200px;padding:0 1em;color:#222}
h1{margin-bottom:.2em} nav a{margin-right:1em} figure{margin:1.5em 0} figure img{max-width:100%;border:1px solid #ddd}
figure.map svg{max-width:100%;height:auto;border:1px solid #ddd} figure.map svg image{pointer-events:none}
figure.map svg g[id^=region-]:hover>path,figure.map svg g[id*=arc-]:hover>path{opacity:.6}
figcaption,.note{color:#555;font-size:.9em} .scroll{max-height:32em;overflow:auto;border:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.85em} th,td{padding:.3em .5em;border-bottom:1px solid #eee;
text-align:left;vertical-align:top} th{position:sticky;top:0;background:#f4f4f4;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"} th[aria-sort=descending]::after{content:" ▼"}
input[type=search]{width:20em;padding:.3em;margin:.3em 0} .count{color:#555;font-size:.85em}
"""

# Search: a row stays visible when its text holds every word typed. Sort: by the clicked
# column, numbers as numbers, the rest in Chinese collation order; a second click reverses.
_SCRIPT = """
document.querySelectorAll("section.block").forEach(function (block) {
  var input = block.querySelector("input[type=search]");
  var tbody = block.querySelector("tbody");
  var count = block.querySelector(".count");
  var rows = Array.prototype.slice.call(tbody.rows);
  function update() {
    var words = input.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !hit;
      if (hit) shown++;
    });
    count.textContent = shown + " / " + rows.length + " 行";
  }
  input.addEventListener("input", update);
  var collator = new Intl.Collator("zh-CN", {numeric: true});
  block.querySelectorAll("th").forEach(function (th, col) {
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      block.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.dataset.type === "num";
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent;
        var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : collator.compare(x, y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { tbody.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
  update();
});
"""


def render(out: Path) -> str:
    """The report of an output folder as one HTML string."""
    import matplotlib

    matplotlib.use("Agg")  # drawn to PNG, never shown: no display needed
    from extractors.gazetteer import divisions

    from pipeline.derived import figures
    from pipeline.derived.maps.make import draw as draw_map

    out = Path(out)
    t = load(out)
    figures.setup_cjk_font()
    places = divisions()
    a = t.articles
    dated = a["published"].dropna()
    span = f"{dated.min()} – {dated.max()}" if len(dated) else "no dates"
    clusters = a["dup_cluster"].value_counts()
    summary = (f"{len(a)} articles ({span}; {a['published'].isna().sum()} undated), "
               f"{a['source'].nunique()} sources, {int((clusters > 1).sum())} repost clusters, "
               f"{len(t.registry)} officials (name and jurisdiction pairs), {len(t.agreements)} agreements.")

    figs = [
        _figure("fig-articles", figures.articles_over_time(a), "Articles over time by source / 各月文章数"),
        _figure("fig-programs", figures.program_mentions(t.monthly), "Program mentions over time / 项目报道"),
        _figure("fig-regions", figures.regions_by_province(t.regions, places),
                "Regions by province and level / 各省行政区划提及"),
        _figure("fig-network", figures.agreement_network(t.edges, places), "Agreement network / 协议网络"),
        _map("map-mentions", draw_map("mentions", t, detail="screen"),
             "Prefectures by stories naming them / 各地级单位被报道次数"),
        _map("map-cooperation", draw_map("cooperation", t, detail="screen"),
             "Cooperation agreements between divisions / 合作协议地图"),
        _map("map-years", draw_map("years", t, detail="screen"), "Cooperation agreements by year / 合作协议逐年分布"),
    ]
    registry = t.registry.sort_values(["articles", "name"], ascending=[False, True])
    officials = registry[["name", "jurisdiction_name", "titles", "first_date", "last_date", "articles", "stories",
                          "shared_name"]]
    titles = a.set_index("article_id")["title"]
    agreements = t.agreements.assign(article=t.agreements["article_id"].map(titles))
    agreements = agreements[["date", "title", "kind", "parties", "article"]].sort_values("date", na_position="last")
    programs = (t.monthly.groupby(["program", "parent"], dropna=False)
                .agg(stories=("stories", "sum"), articles=("articles", "sum"), first=("month", "min"),
                     last=("month", "max")).reset_index().sort_values("stories", ascending=False))
    regions = (t.regions.groupby(["adcode", "name", "level"]).size().rename("mentions").reset_index()
               .sort_values("mentions", ascending=False))
    sizes = a["dup_cluster"].map(clusters)
    article_list = a.assign(reposts=sizes.fillna(1).astype(int) - 1)[
        ["published", "title", "source", "reposts", "uri"]].sort_values("published", ascending=False, na_position="last")
    tables = [
        _table("t-officials", "Officials / 官员", officials, {"articles", "stories"},
               "One row per name and jurisdiction; shared_name marks names seen under more than one."),
        _table("t-agreements", "Agreements / 协议", agreements, set()),
        _table("t-programs", "Programs / 项目", programs, {"stories", "articles"},
               "stories: articles of one near-duplicate cluster (reposts) count once."),
        _table("t-regions", "Regions / 行政区划", regions, {"mentions"}),
        _table("t-articles", "Articles / 文章", article_list, {"reposts"},
               "reposts: other articles in the same near-duplicate cluster."),
    ]
    nav = " ".join(f'<a href="#{k}">{label}</a>' for k, label in (
        ("figures", "Figures"), ("t-officials", "Officials"), ("t-agreements", "Agreements"),
        ("t-programs", "Programs"), ("t-regions", "Regions"), ("t-articles", "Articles")))
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>minzu report: {html.escape(out.name)}</title><style>{_STYLE}</style></head>
<body><h1>minzu report</h1>
<p>{html.escape(str(out))} · minzu {__version__} · {stamp}</p>
<p>{html.escape(summary)}</p><nav>{nav}</nav>
<section id="figures">{''.join(figs)}</section>
{''.join(tables)}
<script>{_SCRIPT}</script></body></html>
"""


def write(out: Path, path: Path) -> Path:
    """Write the report of an output folder to `path`."""
    path = Path(path)
    path.write_text(render(out), encoding="utf-8")
    return path
