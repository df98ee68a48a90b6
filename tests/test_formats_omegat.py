"""A real CAT tool reads our TMX: OmegaT fills a Chinese project's target from `tm/auto/`, and we
read a TMX that OmegaT wrote.

OmegaT comes from Debian (`apt-get install omegat`; `.ci/run` installs it). Locally the test skips
when it is missing; under CI=true a missing OmegaT is a failure, so CI can never pass vacuously.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from omegat_fixtures import empty_project, omegat_binary, run_omegat

from aligner import formats
from aligner.model import Unit

# Two paragraphs of a briefing; OmegaT splits them into sentences with its own (SRX) rules.
PAIRS = [
    ("中方对美方的错误做法表示强烈不满和坚决反对。", "China expresses strong dissatisfaction with and firm opposition to the wrong practice of the US."),
    ("我们敦促美方恪守一个中国原则。", "We urge the US to abide by the one-China principle."),
    ("双方同意继续加强在气候变化领域的合作。", "The two sides agreed to further strengthen cooperation on climate change."),
    ("今天的记者会到此结束，谢谢大家！", "That concludes today's press conference. Thank you!"),
]
NOT_IN_TMX = "这句话不在翻译记忆库中。"


def _project(root: Path, tmx_units: list[Unit]) -> Path:
    project = empty_project(root)
    zh = [source for source, _ in PAIRS]
    (project / "source" / "briefing.txt").write_text(f"{zh[0]}{zh[1]}\n\n{zh[2]}{zh[3]}\n", encoding="utf-8")
    (project / "source" / "other.txt").write_text(NOT_IN_TMX + "\n", encoding="utf-8")
    formats.write(project / "tm" / "auto" / "aligner.tmx", tmx_units)
    return project


def test_omegat_fills_every_segment_from_our_tmx(tmp_path: Path) -> None:
    omegat = omegat_binary()
    units = [Unit(source=zh, target=en, id=str(i), engine="argos:zh-en@1.9", quality=80.0, terms=["一个中国原则"] if i == 1 else []) for i, (zh, en) in enumerate(PAIRS)]
    project = _project(tmp_path, units)
    run_omegat(omegat, project, "--mode=console-translate")

    target = (project / "target" / "briefing.txt").read_text(encoding="utf-8")
    en = [english for _, english in PAIRS]
    assert target.split("\n") == [f"{en[0]} {en[1]}", "", f"{en[2]} {en[3]}", ""]
    # the control: a sentence our TMX does not hold stays untranslated, so the fill above is real
    assert (project / "target" / "other.txt").read_text(encoding="utf-8").strip() == NOT_IN_TMX


def test_we_read_a_tmx_written_by_omegat(tmp_path: Path) -> None:
    omegat = omegat_binary()
    project = _project(tmp_path, [])
    written = tmp_path / "omegat.tmx"
    # (OmegaT 3.6 documents this mode as console-pseudotranslatetmx but only accepts the name below)
    run_omegat(omegat, project, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={written}", "--pseudotranslatetype=equal")
    assert b"OmegaT" in written.read_bytes()
    units = list(formats.read(written, src_lang="zh", tgt_lang="en"))
    assert {u.source for u in units} == {zh for zh, _ in PAIRS} | {NOT_IN_TMX}
    assert all((u.src_lang, u.tgt_lang, u.target, u.origin) == ("zh-CN", "en-US", u.source, "tm") for u in units)


def test_inline_codes_survive_omegat_and_a_round_trip_of_its_level2_tmx(tmp_path: Path) -> None:
    """OmegaT fills an HTML project from our TMX (its tags written as OmegaT shows them, `<b0>`), and
    exports the result as a level-2 TMX with real `<bpt>`/`<ept>` codes, which we read and carry
    through XLIFF 1.2 and XLIFF 2 back to TMX."""
    omegat = omegat_binary()
    project = _project(tmp_path, [
        Unit("中国<b0>和</b0>美国是两个大国。", "China <b0>and</b0> the US are two major countries.", id="1"),
        Unit("今天的记者会<i0>到此</i0>结束。", "That <i0>concludes</i0> today's press conference.", id="2"),
    ])  # fmt: skip
    for old in (project / "source").iterdir():
        old.unlink()
    (project / "source" / "page.html").write_text(
        "<html><head><title>t</title></head><body><p>中国<b>和</b>美国是两个大国。</p><p>今天的记者会<i>到此</i>结束。</p></body></html>\n",
        encoding="utf-8",
    )
    run_omegat(omegat, project, "--mode=console-translate")
    page = (project / "target" / "page.html").read_text(encoding="utf-8")
    assert "<p>China <b>and</b> the US are two major countries.</p><p>That <i>concludes</i> today's press conference.</p>" in page

    (level2,) = project.glob("*-level2.tmx")
    units = list(formats.read(level2, src_lang="zh", tgt_lang="en"))
    assert [(u.source, u.target) for u in units] == [
        ("中国和美国是两个大国。", "China and the US are two major countries."),
        ("今天的记者会到此结束。", "That concludes today's press conference."),
    ]
    assert [(c.offset, c.kind, c.data) for c in units[0].source_codes] == [(2, "open", "<b0>"), (3, "close", "</b0>")]
    assert [(c.offset, c.kind, c.data) for c in units[1].target_codes] == [(5, "open", "<i0>"), (14, "close", "</i0>")]
    formats.write(tmp_path / "a.xlf", units)
    formats.write(tmp_path / "b.xlf2", formats.read(tmp_path / "a.xlf"))
    formats.write(tmp_path / "c.tmx", formats.read(tmp_path / "b.xlf2"))
    # OmegaT's units have no tuid; XLIFF needs unit ids, so they come back numbered, all else equal
    assert [dataclasses.replace(u, id=None) for u in formats.read(tmp_path / "c.tmx")] == units
