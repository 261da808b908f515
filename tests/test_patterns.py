"""The scan helpers shared by the extractors find what the plain patterns find: `anchored` from
one anchor character, an anchor string, or several anchors; with a lead of characters or of all
digits; trying only the positions holding a `first` character."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractors.patterns import DIGITS, SPACES, anchored, guarded, plain

# Near misses of each pattern below come from the same few characters in any order.
_YEARS = anchored("年", "0123456789" + SPACES, r"(?<![0-9])(?:19|20)[0-9]{2}\s*年(?:\s*[0-9]{1,2}\s*月)?", first="12")
_TITLE = anchored("团结进步", "争创建全国", r"(?:争创|创建)?(?:全国)?团结进步(?:县|区)?", first="争创全团")
_NUMERIC = anchored(("-", "/", "."), DIGITS, r"(?<![\d.])(?:19|20)\d{2}[-/.][0-9]{1,2}(?:[-/.][0-9]{1,2})?(?![\d.])",
                    first="12")

# Told what follows its anchor: a month's digits (or spaces), never the comma of 2023年,.
_YEAR_MONTHS = anchored("年", "0123456789" + SPACES, r"(?:19|20)[0-9]{2}\s*年\s*[0-9]{1,2}\s*月", first="12",
                        after="0123456789" + SPACES)
# A run of anchors: a match holds several of them, and one can begin right after another.
_RUNS = anchored(("年", "月"), "0123456789", r"[0-9]*年+月?|月[0-9]+年")


def _spans(pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="0129年月 \u3000x", max_size=30))
@example("1 2023年 12 月 2019年x 2020 年 1月")
def test_a_scan_found_from_one_anchor_character_matches_the_same_as_a_full_scan(text):
    assert _spans(_YEARS, text) == _spans(plain(_YEARS), text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["争创", "创建", "全国", "全", "国", "团结进步", "团结", "进步", "县", "区", "创", ","]),
                max_size=12).map("".join))
@example("争创全国团结进步县,全团结进步区创建团结进步团结进步")
def test_a_scan_found_from_an_anchor_string_matches_the_same_as_a_full_scan(text):
    assert _spans(_TITLE, text) == _spans(plain(_TITLE), text)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="0129٢३-/.x ", max_size=30))
@example("2023-10-12 x19٢३/1/2 2020.3.4.5 1.2019-1")
def test_a_scan_found_from_several_anchors_after_any_digits_matches_the_same_as_a_full_scan(text):
    # ٢ and ३ are digits to \d, as 0-9 are: the lead must hold every one of them.
    assert _spans(_NUMERIC, text) == _spans(plain(_NUMERIC), text)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="0129年月 ,x", max_size=30))
@example("2023年12月 2019年,2020 年 1 月2021年")
def test_a_scan_told_what_follows_its_anchor_matches_the_same_as_a_full_scan(text):
    assert _spans(_YEAR_MONTHS, text) == _spans(plain(_YEAR_MONTHS), text)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="09年月x", max_size=20))
@example("20年年月0年 月1年年")
def test_a_scan_whose_matches_hold_several_anchors_matches_the_same_as_a_full_scan(text):
    assert _spans(_RUNS, text) == _spans(plain(_RUNS), text)


def test_digits_are_every_character_backslash_d_matches():
    everything = "".join(map(chr, range(0x110000)))
    assert [c for c in everything if c in DIGITS] == re.findall(r"\d", everything)
    assert 7 not in DIGITS


def test_a_scan_is_refused_an_anchor_its_lead_holds_or_a_lead_of_digits_without_first_characters():
    with pytest.raises(ValueError):
        anchored("年", "0123年", r"[0-9]+年")
    with pytest.raises(ValueError):
        anchored(("-", "1"), "0123", r"[0-9]+-")
    with pytest.raises(ValueError):
        anchored("-", DIGITS, r"\d+-")
    with pytest.raises(ValueError):
        anchored(("-", "/"), "0123", r"[0-9]+[-/][0-9]", after="0123")


def test_a_scan_told_too_few_first_characters_misses_matches():
    # The `first` characters are the rule author's to keep right: one left out loses matches,
    # which the tests comparing each scan with its plain form catch.
    wrong = anchored("年", "0123456789", r"(?:19|20)[0-9]{2}年", first="2")
    assert _spans(wrong, "1998年") == [] != _spans(plain(wrong), "1998年")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0129年月-/. x", max_size=30))
def test_a_guarded_anchored_scan_matches_the_same_as_a_full_scan(text):
    scan = guarded(("-", "/", "."), _NUMERIC)
    assert _spans(scan, text) == _spans(plain(scan), text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0129年月-/. x", max_size=30))
def test_a_guarded_anchored_search_finds_the_first_match_of_a_full_scan(text):
    for scan in (_NUMERIC, guarded(("-", "/", "."), _NUMERIC)):
        found, expected = scan.search(text), plain(scan).search(text)
        assert (found and found.span()) == (expected and expected.span())
