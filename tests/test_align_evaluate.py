"""The bead format and the strict/lax scorer, against values computed by hand (vecalign's semantics)."""

from __future__ import annotations

import pytest

from aligner.align.evaluate import (
    format_bead,
    parse_bead,
    read_beads,
    score,
    score_many,
    write_beads,
)
from aligner.errors import InputError
from aligner.model import Bead


def test_bead_format_round_trip(tmp_path):
    beads = [Bead((0, 1), (0,)), Bead((2,), ()), Bead((), (1,)), Bead((3,), (2, 3, 4))]
    path = tmp_path / "out.align"
    assert write_beads(path, beads) == 4
    assert path.read_text(encoding="utf-8") == "[0,1]:[0]\n[2]:[]\n[]:[1]\n[3]:[2,3,4]\n"
    assert read_beads(path) == beads
    assert list(tmp_path.iterdir()) == [path]


def test_reading_accepts_vecalign_output_with_a_cost_field():
    assert parse_bead("[0, 1]:[0]:0.1234") == Bead((0, 1), (0,), 0.1234)
    assert format_bead(parse_bead("[ ]:[7]")) == "[]:[7]"


@pytest.mark.parametrize("line", ["[0]", "0:1", "[a]:[1]", "[0]:[1]:x"])
def test_a_malformed_bead_file_names_the_line(tmp_path, line):
    path = tmp_path / "gold.align"
    path.write_text(f"[0]:[0]\n\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3"):
        read_beads(path)


def test_identical_alignments_score_one():
    gold = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ())]
    s = score(gold, gold)
    assert (s.precision_strict, s.recall_strict, s.f1_strict, s.f1_lax) == (1.0, 1.0, 1.0, 1.0)


def test_scores_computed_by_hand():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), ()), ((4,), (4,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3, 4), (4,))]
    # precision over 5 test beads: strict right [0]:[0] and [2]:[3]; [1]:[1] touches gold [1]:[1,2]
    # (lax right); []:[2] has no source, so it is lax wrong; [3,4]:[4] shares source 4 -> target 4.
    # recall: gold without 1-0 -> 4 beads, test without 0-1 -> 4 beads; strict right 2 of 4;
    # gold [1]:[1,2] touches test [1]:[1], gold [4]:[4] touches test [3,4]:[4] -> lax 4 of 4.
    s = score(gold, test)
    assert s.precision_strict == pytest.approx(2 / 5)
    assert s.precision_lax == pytest.approx(4 / 5)
    assert s.recall_strict == pytest.approx(2 / 4)
    assert s.recall_lax == pytest.approx(1.0)
    assert s.f1_strict == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert s.f1_lax == pytest.approx(2 * 0.8 / 1.8)


def test_an_output_deletion_is_right_only_where_gold_has_it():
    gold = [((0,), ()), ((1,), (0,))]
    assert score(gold, [((0,), ()), ((1,), (0,))]).precision_strict == 1.0
    wrong = score(gold, [((0,), (0,)), ((1,), ())])
    # [0]:[0]: gold gives source 0 no target to touch; [1]:[] has no target at all: both lax wrong.
    assert wrong.precision_strict == 0.0 and wrong.precision_lax == 0.0


def test_counts_are_pooled_over_documents():
    gold = [[((0,), (0,))], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]]
    test = [[((0,), (0,))], [((0,), (0,)), ((1, 2), (1, 2))]]
    s = score_many(gold, test)
    assert s.precision_strict == pytest.approx(2 / 3)
    assert s.recall_strict == pytest.approx(2 / 4)
    with pytest.raises(ValueError):
        score_many(gold, test[:1])
