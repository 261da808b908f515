"""Near-duplicate clusters: reposts of one story share a `dup_cluster`, within a run and across runs."""

from __future__ import annotations

import shutil

import pandas as pd
from conftest import LAST, LEAD, MIDDLE, ROOT
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import dedup, fuzz
from pipeline.run import run
from pipeline.settings import Settings

ARTICLES = ROOT / "corpora" / "articles"
# Our gold has a repost pair: a 州 paper's story and the province's repost of it, with a
# reworded headline and sentence, other furniture and another credit line.
ORIGINAL, REPOST = "t01_qdn_hangzhou_xieyi.txt", "t02_gzmzw_qdn_repost.txt"
UNRELATED = ("t03_chaoyang_rollover.txt", "h08_neac_jiaoliuhui.html", "x02_liangge_gannan.txt")


def _corpus(tmp_path, *names):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(ARTICLES / name, folder / name)
    return folder


def _clusters(out) -> dict[str, str]:
    articles = pd.read_parquet(out / "articles")
    return dict(zip(articles["uri"].str.rsplit("/", n=1).str[-1], articles["dup_cluster"]))


def test_a_repost_shares_the_cluster_of_its_original_and_other_stories_do_not(tmp_path):
    run([str(_corpus(tmp_path, ORIGINAL, REPOST, *UNRELATED))], tmp_path / "out", Settings())
    clusters = _clusters(tmp_path / "out")
    assert clusters[ORIGINAL] == clusters[REPOST]
    assert len({clusters[n] for n in (ORIGINAL, *UNRELATED)}) == 1 + len(UNRELATED)


def test_a_cluster_id_is_the_article_id_of_its_first_member(tmp_path):
    run([str(_corpus(tmp_path, ORIGINAL, REPOST))], tmp_path / "out", Settings())
    articles = pd.read_parquet(tmp_path / "out" / "articles")
    first = articles[articles["uri"].str.endswith(ORIGINAL)].iloc[0]
    assert set(articles["dup_cluster"]) == {first["article_id"]}


def test_a_repost_arriving_in_a_later_run_joins_the_stored_cluster(tmp_path):
    run([str(_corpus(tmp_path, ORIGINAL, *UNRELATED))], tmp_path / "out", Settings())
    run([str(_corpus(tmp_path, REPOST))], tmp_path / "out", Settings())
    clusters = _clusters(tmp_path / "out")
    assert clusters[REPOST] == clusters[ORIGINAL]


def test_clustering_can_be_switched_off(tmp_path):
    run([str(_corpus(tmp_path, ORIGINAL, REPOST))], tmp_path / "out", Settings(dup_threshold=None))
    assert pd.read_parquet(tmp_path / "out" / "articles")["dup_cluster"].isna().all()


def test_similarity_ignores_punctuation_and_width_but_not_wording():
    a = dedup.signature(LEAD + MIDDLE + LAST)
    assert dedup.similarity(a, dedup.signature((LEAD + MIDDLE + LAST).replace(",", ",").replace("。", ". "))) == 1.0
    other = "各族群众在美丽乡村建设中携手共进,村里新建了文化广场和农家书屋,群众生活越过越红火。" * 2
    assert dedup.similarity(a, dedup.signature(other)) < 0.2


def test_a_body_too_short_to_compare_has_no_signature():
    assert dedup.signature("会议召开。") is None


def test_the_clusters_command_lists_the_reposts(tmp_path):
    from conftest import run_minzu

    run([str(_corpus(tmp_path, ORIGINAL, REPOST, *UNRELATED))], tmp_path / "out", Settings())
    result = run_minzu("clusters", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "1 with more than one article (2 articles)" in result.stdout
    assert ORIGINAL in result.stdout and REPOST in result.stdout


def test_signatures_are_datasketchs_bit_for_bit():
    # Stored signatures of earlier versions (made with datasketch) must compare with new ones.
    import numpy as np
    from datasketch import MinHash

    reference = MinHash(num_perm=dedup.NUM_PERM)
    for path in sorted(ARTICLES.glob("*.txt"))[:20]:
        body = path.read_text(encoding="utf-8", errors="replace")
        m = MinHash(num_perm=dedup.NUM_PERM, hashfunc=int, permutations=reference.permutations, scheme=reference.scheme)
        m.update_batch(dedup._shingle_hashes(body).tolist())
        assert dedup.signature(body) == m.hashvalues.astype(np.uint64).tobytes(), path.name


def test_lsh_bands_are_the_ones_datasketch_chooses():
    from datasketch import MinHashLSH

    for threshold in (0.1, 0.3, 0.5, 0.65, 0.8, 0.9):
        lsh = MinHashLSH(threshold=threshold, num_perm=dedup.NUM_PERM)
        assert dedup.lsh_bands(threshold) == (lsh.b, lsh.r), threshold


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=80) | fuzz.chinese_text(max_fragments=4))
@example("民族团结,進步。𠀀𪚥_ \u0301ａ１")  # astral Han, an underscore, a combining mark, full-width letters
def test_shingled_characters_are_the_letters_and_digits_a_regex_leaves(text):
    # The lookup table must keep exactly what the regex it replaced kept, or stored signatures drift.
    import numpy as np

    expected = np.frombuffer(dedup._NOT_TEXT.sub("", text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    assert dedup._text_chars(text).tolist() == expected.tolist()


def _plain_shingle_hashes(text: str) -> list[int]:
    # The rolling hash as defined, in Python integers: (Σ c·p^k modulo 2**64) · MIX modulo 2**64, >> 32.
    chars = [ord(c) for c in dedup._NOT_TEXT.sub("", text)]
    hashes = []
    for i in range(len(chars) - dedup.SHINGLE + 1):
        h = 0
        for c in chars[i:i + dedup.SHINGLE]:
            h = (h * 1_000_003 + c) % 2**64
        hashes.append((h * 0x9E3779B97F4A7C15 % 2**64) >> 32)
    return hashes


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | fuzz.chinese_text(max_fragments=6))
@example("民族团结進步𠀀𪚥示范区建设ＡＢ１２" * 3)  # characters beyond U+FFFF and full-width forms: the largest codes
def test_shingle_hashes_are_the_rolling_hash_computed_in_integers(text):
    # Stored signatures rest on these values; the datasketch test below takes them as given.
    assert dedup._shingle_hashes(text).tolist() == _plain_shingle_hashes(text)


@settings(max_examples=100, deadline=None)
@given(fuzz.chinese_text(max_fragments=12))
def test_signatures_of_any_body_are_datasketchs_bit_for_bit(text):
    import numpy as np
    from datasketch import MinHash

    hashes = _plain_shingle_hashes(text)
    if len(hashes) < dedup.MIN_SHINGLES:
        assert dedup.signature(text) is None
        return
    reference = MinHash(num_perm=dedup.NUM_PERM)
    m = MinHash(num_perm=dedup.NUM_PERM, hashfunc=int, permutations=reference.permutations, scheme=reference.scheme)
    m.update_batch(hashes)
    assert dedup.signature(text) == m.hashvalues.astype(np.uint64).tobytes()
