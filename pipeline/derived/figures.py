"""The figures researchers ask of a run, drawn with matplotlib from its tables.

Shared by notebooks/explore.ipynb and `minzu report`, so the notebook and the HTML
report show the same pictures. Each function takes DataFrames as the tables hold
them and returns a Figure, or None when there is nothing to draw.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure

from extractors.gazetteer import NATIONAL
from pipeline.derived.tables import story_ids

# Fonts with the Han characters of titles and place names, best first. Debian:
# fonts-wqy-microhei (small) or fonts-noto-cjk; macOS and Windows ship the last ones.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "AR PL UMing CN", "PingFang SC", "Microsoft YaHei", "SimHei")
LEVEL_COLOURS = {"province": "#4c72b0", "prefecture": "#55a868", "county": "#c44e52"}
LEVEL_NAMES = {"province": "省级", "prefecture": "地级", "county": "县级"}
SANXIANG = "三项计划"


def setup_cjk_font() -> str:
    """Make matplotlib draw Chinese: pick an installed CJK font; a clear error when there is none."""
    installed = sorted({f.name for f in font_manager.fontManager.ttflist})
    for wanted in CJK_FONTS:
        # By prefix: matplotlib names a .ttc collection after its first face, which for
        # Debian's fonts-noto-cjk is "Noto Sans CJK JP", a face with the Chinese glyphs too.
        name = next((n for n in installed if n.startswith(wanted.removesuffix(" SC"))), None)
        if name:
            plt.rcParams["font.sans-serif"] = [name, *plt.rcParams["font.sans-serif"]]
            plt.rcParams["font.family"] = "sans-serif"
            plt.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212
            return name
    raise RuntimeError("no CJK font found for matplotlib: install one, e.g. `apt-get install fonts-wqy-microhei` "
                       "or fonts-noto-cjk")


def _month(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.to_period("M").astype(str)


def _every_month(table: pd.DataFrame, months: pd.Index | None = None) -> pd.DataFrame:
    """A month-indexed table with the months that have no rows put back as zeros, so the time
    axis is even and lines drop to 0 instead of jumping across gaps."""
    months = table.index if months is None else months
    if len(months) == 0:
        return table
    span = pd.period_range(min(months), max(months), freq="M").astype(str)
    return table.reindex(span, fill_value=0)


def articles_over_time(articles: pd.DataFrame, top: int = 8) -> Figure | None:
    """Articles per publication month, stacked by source (the `top` largest, the rest as 其他)."""
    dated = articles.dropna(subset=["published"])
    if dated.empty:
        return None
    source = dated["source"].fillna("未注明来源")
    keep = source.value_counts().index[:top]
    frame = pd.DataFrame({"month": _month(dated["published"]), "source": source.where(source.isin(keep), "其他")})
    table = _every_month(frame.groupby(["month", "source"]).size().unstack(fill_value=0))
    fig, ax = plt.subplots(figsize=(10, 4.5))
    table.plot.bar(stacked=True, ax=ax, width=0.85, colormap="tab20")
    ax.set_title(f"各月文章数（按来源）· {len(dated)} 篇有发布日期，{len(articles) - len(dated)} 篇无")
    ax.set_xlabel("发布月份")
    ax.set_ylabel("文章数")
    ax.legend(fontsize=8, ncol=2, loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


def program_mentions(monthly: pd.DataFrame, others: int = 6) -> Figure | None:
    """Stories naming the 三项计划 family (left) and the most named other programs (right), per month;
    reposts of one story count once."""
    dated = monthly.dropna(subset=["month"])
    if dated.empty:
        return None
    family = dated["program"].eq(SANXIANG) | dated["parent"].eq(SANXIANG)
    rest = dated[~family]
    top = rest.groupby("program")["stories"].sum().nlargest(others).index
    months = pd.Index(sorted(dated["month"].unique()))
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for ax, part, title in ((axes[0], dated[family], "三项计划及其三个计划"),
                            (axes[1], rest[rest["program"].isin(top)], f"其他报道最多的 {len(top)} 项")):
        table = part.pivot_table(index="month", columns="program", values="stories", aggfunc="sum", fill_value=0)
        if table.empty:
            ax.text(0.5, 0.5, "（无）", ha="center", va="center", transform=ax.transAxes)
        else:
            _every_month(table, months).plot(ax=ax, marker="o", markersize=3)  # both panels share the months
            ax.legend(fontsize=8, frameon=False)
        ax.set_title(title)
        ax.set_xlabel("发布月份")
        ax.tick_params(axis="x", rotation=45)
    axes[0].set_ylabel("报道数（转载只计一次）")
    fig.tight_layout()
    return fig


def regions_by_province(regions: pd.DataFrame, divisions: dict) -> Figure | None:
    """Region mentions per province, stacked by level (the province itself, prefectures, counties)."""
    if regions.empty:
        return None
    province = regions["adcode"].map(lambda code: divisions[code].province if code in divisions else None)
    frame = pd.DataFrame({"province": province.map(lambda code: divisions[code].alias if code else None),
                          "level": regions["level"]}).dropna()
    table = frame.groupby(["province", "level"]).size().unstack(fill_value=0)
    table = table.reindex(columns=[c for c in LEVEL_COLOURS if c in table.columns])
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    table.rename(columns=LEVEL_NAMES).plot.bar(stacked=True, ax=ax, width=0.8,
                                               color=[LEVEL_COLOURS[c] for c in table.columns])
    ax.set_title("各省（区、市）行政区划被提及次数（按级别）")
    ax.set_xlabel("省级行政区")
    ax.set_ylabel("提及次数")
    ax.legend(title="级别", frameon=False)
    fig.tight_layout()
    return fig


def agreement_network(edges: pd.DataFrame, divisions: dict) -> Figure | None:
    """Regions (or parties that resolve to none) linked by the agreements they signed together."""
    import networkx as nx

    if edges.empty:
        return None

    def node(party: str, adcode: str | None) -> str:
        if adcode and adcode in divisions:
            return divisions[adcode].name
        return "全国" if adcode == NATIONAL else party

    graph = nx.Graph()
    seen = set()
    for row, story_id in zip(edges.itertuples(index=False), story_ids(edges)):
        a, b = node(row.party_a, row.adcode_a), node(row.party_b, row.adcode_b)
        story = (story_id, row.agreement, frozenset((a, b)))
        # Parties of one division (two bureaus of one city) make no line; a reposted agreement counts once.
        if a == b or story in seen:
            continue
        seen.add(story)
        weight = graph.get_edge_data(a, b, {}).get("weight", 0)
        graph.add_edge(a, b, weight=weight + 1)
    if graph.number_of_edges() == 0:
        return None
    fig, ax = plt.subplots(figsize=(12, 9))
    layout = _component_grid(graph)
    widths = [1 + 1.5 * graph[a][b]["weight"] for a, b in graph.edges]
    nx.draw_networkx_edges(graph, layout, ax=ax, width=widths, edge_color="#999999", alpha=0.7)
    degrees = dict(graph.degree)
    nx.draw_networkx_nodes(graph, layout, ax=ax, node_size=[120 + 60 * degrees[n] for n in graph.nodes],
                           node_color="#4c72b0", alpha=0.85)
    nx.draw_networkx_labels(graph, layout, ax=ax, font_size=8,
                            font_family=plt.rcParams["font.sans-serif"][0])
    ax.margins(0.08)
    ax.set_title(f"协议网络：{graph.number_of_nodes()} 个签约方（按所属行政区划合并），{graph.number_of_edges()} 条连线")
    ax.axis("off")
    fig.tight_layout()
    return fig


def _component_grid(graph) -> dict:
    """Node positions: each connected component laid out on its own (Kamada-Kawai, so the
    parties of a many-party agreement sit apart), in a box sized by its node count; the
    boxes packed in rows, largest first."""
    import networkx as nx

    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(c)))
    sizes = [max(1.0, (len(c) / 5) ** 0.5) for c in components]
    row_width = max(4.0, sum(sizes) / max(1.0, len(components) ** 0.5))
    positions, x, y, row_height = {}, 0.0, 0.0, 0.0
    for nodes, size in zip(components, sizes):
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        sub = graph.subgraph(nodes)
        local = nx.kamada_kawai_layout(sub) if len(nodes) > 2 else {n: (j - 0.5, 0.0) for j, n in enumerate(sorted(nodes))}
        for node, (lx, ly) in local.items():
            positions[node] = (x + size / 2 + 0.4 * size * lx, y - size / 2 + 0.4 * size * ly)
        x += size
        row_height = max(row_height, size)
    return positions
