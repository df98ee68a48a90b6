"""Glossary loading, leftmost-longest matching, protection through MT and adherence checks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner import glossary
from aligner.cli import app
from aligner.errors import InputError
from aligner.model import TermMatch

TSV = """zh\ten\tvariants\tnote\tsource
一带一路\tBelt and Road\tOne Belt, One Road\t\tMFA transcripts
一带一路倡议\tBelt and Road Initiative\t\t\tMFA transcripts
中美\tChina-US\tSino-US|China-U.S.\t\tMFA transcripts
中美洲\tCentral America\t\t\tMFA transcripts
东盟\tASEAN\t\t\tMFA transcripts
中国—东盟博览会\tChina-ASEAN Expo\tCAEXPO\t\tMFA transcripts
人类命运共同体\ta community with a shared future for mankind\ta community with a shared future for humanity\t\tMFA transcripts
内政\tinternal affairs\t\t\tMFA transcripts
RCEP\tRCEP\tRegional Comprehensive Economic Partnership\t\tMFA transcripts
G20\tG20\t\t\tMFA transcripts
"""


@pytest.fixture()
def gloss(tmp_path: Path) -> glossary.Glossary:
    path = tmp_path / "test.zh-en.tsv"
    path.write_text(TSV, encoding="utf-8")
    return glossary.load(path)


def terms(matches: list[TermMatch]) -> list[str]:
    return [m.source for m in matches]


def test_load_reads_columns_and_variants(gloss: glossary.Glossary) -> None:
    assert len(gloss) == 10
    entry = gloss.entries[2]
    assert (entry.zh, entry.en, entry.variants, entry.source, entry.line) == ("中美", "China-US", ("Sino-US", "China-U.S."), "MFA transcripts", 4)


def test_longer_term_wins(gloss: glossary.Glossary) -> None:
    matches = gloss.match("推动一带一路倡议高质量发展，一带一路合作", "zh")
    assert [(m.source, m.target) for m in matches] == [("一带一路倡议", "Belt and Road Initiative"), ("一带一路", "Belt and Road")]


def test_term_never_fires_inside_a_longer_word(gloss: glossary.Glossary) -> None:
    assert [(m.source, m.target) for m in gloss.match("中美洲国家", "zh")] == [("中美洲", "Central America")]
    assert terms(gloss.match("中美关系", "zh")) == ["中美"]


def test_stop_list_blocks_words_not_in_the_glossary(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("zh\ten\n中美\tChina-US\n美中\tUS-China\n中东\tMiddle East\n", encoding="utf-8")
    g = glossary.load(path)
    assert g.match("中美洲和中东欧，美中不足", "zh") == []
    assert terms(g.match("中美和中东", "zh")) == ["中美", "中东"]


def test_overlapping_terms_leftmost_wins(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("zh\ten\n中国东盟\tChina ASEAN\n东盟国家\tASEAN countries\n国家\tstate\n", encoding="utf-8")
    matches = glossary.load(path).match("中国东盟国家", "zh")
    assert [(m.source, m.start, m.end) for m in matches] == [("中国东盟", 0, 4), ("国家", 4, 6)]


def test_terms_at_sentence_start_and_end_with_offsets(gloss: glossary.Glossary) -> None:
    text = "东盟支持RCEP"
    matches = gloss.match(text, "zh")
    assert [(m.source, m.start, m.end) for m in matches] == [("东盟", 0, 2), ("RCEP", 4, 8)]
    assert all(text[m.start : m.end] == m.source for m in matches)


def test_latin_terms_in_chinese_respect_latin_word_boundaries(gloss: glossary.Glossary) -> None:
    assert terms(gloss.match("G20峰会", "zh")) == ["G20"]
    assert gloss.match("G200和XRCEP", "zh") == []


def test_full_width_and_dash_variants_match(gloss: glossary.Glossary) -> None:
    text = "中国－东盟博览会和Ｇ２０，不是Ｇ２００"
    assert [(m.source, m.target) for m in gloss.match(text, "zh")] == [("中国－东盟博览会", "China-ASEAN Expo"), ("Ｇ２０", "G20")]
    assert [(m.source, m.target) for m in gloss.match("China–US ties", "en")] == [("China–US", "中美")]


def test_english_source_whole_words_case_insensitive(gloss: glossary.Glossary) -> None:
    text = "The belt and road initiative and ASEANS, but not Belt and Roadster. ASEAN."
    matches = gloss.match(text, "en")
    assert [(m.source, m.target) for m in matches] == [("belt and road initiative", "一带一路倡议"), ("ASEAN", "东盟")]
    assert matches[1].start == text.rindex("ASEAN")


def test_english_variants_match_after_approved_renderings(gloss: glossary.Glossary) -> None:
    matches = gloss.match("Sino-US ties and CAEXPO", "en")
    assert [(m.source, m.target) for m in matches] == [("Sino-US", "中美"), ("CAEXPO", "中国—东盟博览会")]


def test_check_applied_and_missed(gloss: glossary.Glossary) -> None:
    matches = gloss.match("中美双方支持东盟和一带一路", "zh")
    applied, missed = glossary.check("sino-us cooperation with asean.", matches)
    assert terms(applied) == ["中美", "东盟"]
    assert terms(missed) == ["一带一路"]


def test_check_tolerates_dash_width_and_spacing_variants() -> None:
    match = TermMatch("中美", "China-US", 0, 2, ("Sino-US",))
    assert glossary.check("China–US relations", [match]) == ([match], [])
    assert glossary.check("ＳＩＮＯ－ＵＳ  ties", [match]) == ([match], [])
    assert glossary.check("China and the US", [match]) == ([], [match])


def test_check_accepts_the_plural_of_an_english_rendering() -> None:
    match = TermMatch("外长", "Foreign Minister", 2, 4)
    assert glossary.check("The two Foreign Ministers agreed.", [match]) == ([match], [])
    assert glossary.check("The Foreign Ministry agreed.", [match]) == ([], [match])
    talks = TermMatch("会谈", "talk", 0, 2)
    assert glossary.check("talkative", [talks]) == ([], [talks])


def test_check_needs_whole_words_for_latin_renderings() -> None:
    match = TermMatch("联合国", "UN", 0, 3)
    assert glossary.check("UNESCO met.", [match]) == ([], [match])
    assert glossary.check("The UN met.", [match]) == ([match], [])


def test_digest_is_stable_and_tracks_renderings(tmp_path: Path, gloss: glossary.Glossary) -> None:
    again = tmp_path / "again.tsv"
    again.write_text(TSV.replace("MFA transcripts", "other source"), encoding="utf-8")
    assert glossary.load(again).digest == gloss.digest
    assert len(gloss.digest) == 64
    changed = tmp_path / "changed.tsv"
    changed.write_text(TSV.replace("China-US\t", "China-U.S.\t"), encoding="utf-8")
    assert glossary.load(changed).digest != gloss.digest


def test_csv_omegat_and_tbx_load_the_same_terms(tmp_path: Path) -> None:
    csv_path = tmp_path / "g.csv"
    csv_path.write_text('zh-CN,en-US,variants\n一带一路,Belt and Road,"One Belt, One Road"\n', encoding="utf-8")
    omegat = tmp_path / "g.utf8"
    omegat.write_text("# OmegaT glossary\n一带一路\tBelt and Road\tpolicy term\n", encoding="utf-8")
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="t1"><descrip type="definition">policy term</descrip>
    <langSet xml:lang="zh-CN"><tig><term>一带一路</term></tig></langSet>
    <langSet xml:lang="en-US"><tig><term>Belt and Road</term></tig><tig><term>One Belt, One Road</term></tig></langSet>
  </termEntry>
</body></text></martif>""",
        encoding="utf-8",
    )
    for path in (csv_path, omegat, tbx):
        (entry,) = glossary.load(path).entries
        assert (entry.zh, entry.en) == ("一带一路", "Belt and Road"), path
    assert glossary.load(csv_path).entries[0].variants == ("One Belt, One Road",)
    assert glossary.load(tbx).entries[0].variants == ("One Belt, One Road",)
    assert glossary.load(omegat).entries[0].note == "policy term"


def test_tbx_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    tbx = tmp_path / "evil.tbx"
    tbx.write_text(
        f"""<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>
<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>中美</term></tig></langSet>
<langSet xml:lang="en"><tig><term>&x;</term></tig></langSet></termEntry></body></text></martif>""",
        encoding="utf-8",
    )
    assert "SECRET" not in glossary.read_rows(tbx)[0].en
    with pytest.raises(InputError, match="empty en field"):
        glossary.load(tbx)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "no header"),
        ("foo\tbar\n中美\tChina-US\n", "header must name"),
        ("zh\ten\n中美\t\n", "line 2: empty en"),
        ("zh\ten\n中美\tChina-US\textra\n", "line 2: 3 fields"),
    ],
)
def test_bad_files_are_one_line_input_errors(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as err:
        glossary.load(path)
    assert err.value.path == str(path)


def test_default_glossary_is_package_data() -> None:
    path = glossary.default_path()
    assert path.name == "diplomatic.zh-en.tsv"
    assert path.parent.name == "glossaries"
    bundled = Path(__file__).resolve().parents[1] / "glossary" / "diplomatic.zh-en.tsv"
    if bundled.exists():
        assert path.resolve() == bundled.resolve()
        assert len(glossary.load(path)) > 0


# --- protect / restore ---------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["insert", "placeholder"])
def test_protect_replaces_terms_and_restore_puts_approved_renderings_back(gloss: glossary.Glossary, strategy: glossary.Strategy) -> None:
    text = "东盟支持一带一路倡议和RCEP"
    matches = gloss.match(text, "zh")
    protected = glossary.protect(text, matches, strategy)
    assert "东盟" not in protected.text and "一带一路" not in protected.text
    if strategy == "insert":
        assert protected.text == "ASEAN支持Belt and Road Initiative和RCEP"
    else:
        assert protected.text == "ZQX1支持ZQX2和ZQX3"
    model_output = "asean supports the belt and road initiative" if strategy == "insert" else "ZQX1 supports the ZQX 2 and ZQX3"
    restored = glossary.restore(model_output, protected)
    for m in matches:
        assert m.target in restored
    assert "ZQX" not in restored


ZH_PIECES = ["the", "ASEAN", "asean", "Belt", "and", "Road", "ZQX1", "ZQX 2", "zqx9", "Z", "Q", "X", "3", "，", "。", "China", "-US", "G2", "0", "internal", "affairs"]
EN_PIECES = ["东", "盟", "东盟", "中", "美", "一带一路", "倡议", "ZQX1", "ZQX 2", "zqx9", "Z", "Q", "X", "3", "，", "。", "RCEP", "the"]


@pytest.mark.parametrize("strategy", ["insert", "placeholder"])
@pytest.mark.parametrize(
    ("src", "text", "pieces"),
    [
        ("zh", "东盟和中美支持一带一路倡议，反对干涉内政，G20和RCEP。", ZH_PIECES),
        ("en", "ASEAN and China-US back the Belt and Road Initiative and RCEP.", EN_PIECES),
    ],
)
def test_restore_guarantees_every_rendering_whatever_the_model_writes(
    gloss: glossary.Glossary, strategy: glossary.Strategy, src: str, text: str, pieces: list[str]
) -> None:
    import random

    rng = random.Random(7)
    matches = gloss.match(text, src)
    assert len(matches) >= 4
    protected = glossary.protect(text, matches, strategy)
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 12))]
        hypothesis = (" " if rng.random() < 0.5 else "").join(words)
        restored = glossary.restore(hypothesis, protected)
        assert all(m.target in restored for m in matches), (hypothesis, restored)
        assert glossary.check(restored, matches) == (matches, []), (hypothesis, restored)


def test_protect_keeps_latin_neighbours_apart() -> None:
    match = TermMatch("中美", "China-US", 3, 5)
    assert glossary.protect("ABC中美DEF", [match], "placeholder").text == "ABC ZQX1 DEF"
    assert glossary.protect("ABC中美DEF", [match], "insert").text == "ABC China-US DEF"


def test_restore_inserts_dropped_terms_at_their_relative_position() -> None:
    text = "中方支持东盟在地区事务中发挥中心作用"
    match = TermMatch("东盟", "ASEAN", 4, 6)
    protected = glossary.protect(text, [match], "placeholder")
    restored = glossary.restore("China supports playing a central role in regional affairs", protected)
    assert restored == "China supports ASEAN playing a central role in regional affairs"


def test_restore_finds_placeholders_the_model_spaced_out() -> None:
    matches = [TermMatch("东盟", "ASEAN", 0, 2), TermMatch("中美", "China-US", 3, 5)]
    protected = glossary.protect("东盟和中美", matches, "placeholder")
    assert glossary.restore("Z Q X 1 and zqx2 ties", protected) == "ASEAN and China-US ties"


def test_restore_removes_stray_and_duplicate_placeholders() -> None:
    match = TermMatch("东盟", "ASEAN", 0, 2)
    protected = glossary.protect("东盟很重要", [match], "placeholder")
    assert glossary.restore("ZQX1 is ZQX1 important ZQX7", protected) == "ASEAN is important"


def test_restore_into_chinese_target_needs_no_spaces() -> None:
    match = TermMatch("Belt and Road", "一带一路", 8, 21)
    protected = glossary.protect("We back Belt and Road cooperation", [match], "placeholder")
    assert protected.text == "We back ZQX1 cooperation"
    restored = glossary.restore("我们支持合作", protected)
    assert "一带一路" in restored and restored.replace("一带一路", "") == "我们支持合作"


def test_restore_fixes_casing_of_a_copied_rendering() -> None:
    match = TermMatch("东盟", "ASEAN", 0, 2)
    protected = glossary.protect("东盟", [match], "insert")
    assert glossary.restore("the Asean", protected) == "the ASEAN"


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_glossary_check_reports_problems_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "zh\ten\tvariants\tnote\tsource\n"
        "中美\tChina-US\t\t\t\n"
        "中美\tChina-US\t\t\t\n"
        "中美\tSino-US\t\t\t\n"
        "东盟 \tASEAN\t\t\t\n"
        "内政\t\t\t\t\n"
        "核心利益\tcore interests\ta||b\t\t\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["glossary", "check", str(path)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert f"{path}:3: error: duplicate of line 2: 中美 = China-US" in lines
    assert any(line.startswith(f"{path}:4: error: conflict with line 2") for line in lines)
    assert any(line.startswith(f"{path}:5: error: zh field has leading or trailing whitespace") for line in lines)
    assert f"{path}:6: error: empty en field" in lines
    assert any(line.startswith(f"{path}:7: error: empty item in variants") for line in lines)
    assert lines[-1] == f"{path}: 6 entries, 5 errors, 0 warnings"


def test_cli_glossary_check_clean_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(TSV, encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "10 entries" in result.output


def test_cli_glossary_lookup(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(TSV, encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "lookup", "中美洲和中美都支持RCEP", "--glossary", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "0-3\t中美洲\tCentral America",
        "4-6\t中美\tChina-US  (also: Sino-US | China-U.S.)",
        "9-13\tRCEP\tRCEP  (also: Regional Comprehensive Economic Partnership)",
    ]
    english = CliRunner().invoke(app, ["glossary", "lookup", "RCEP and ASEAN", "--from-lang", "en", "--glossary", str(path)])
    assert english.output.splitlines() == ["0-4\tRCEP\tRCEP", "9-14\tASEAN\t东盟"]


def test_cli_glossary_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["glossary", "check", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2
    assert "no such glossary file" in result.output


@pytest.mark.parametrize("suffix", [".tbx", ".csv", ".tsv"])
def test_convert_round_trips_every_column(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "g.tsv"
    src.write_text(TSV.replace("\t\tMFA", '\tsay "China-US", not "Sino-US"\tMFA', 1), encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    result = CliRunner().invoke(app, ["glossary", "convert", str(src), str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote 10 entries to {out}\n"

    def columns(g: glossary.Glossary) -> list[tuple[str, str, tuple[str, ...], str, str]]:
        return [(e.zh, e.en, e.variants, e.note, e.source) for e in g.entries]

    assert columns(glossary.load(out)) == columns(glossary.load(src))
    assert glossary.load(out).digest == glossary.load(src).digest


def test_convert_to_omegat_keeps_variants_in_the_comment(tmp_path: Path) -> None:
    src = tmp_path / "g.tsv"
    src.write_text(TSV, encoding="utf-8")
    out = tmp_path / "g.utf8"
    CliRunner().invoke(app, ["glossary", "convert", str(src), str(out)])
    line = out.read_text(encoding="utf-8").splitlines()[2]
    assert line == "中美\tChina-US\tvariants: Sino-US | China-U.S.; MFA transcripts"
    assert [(e.zh, e.en) for e in glossary.load(out).entries] == [(e.zh, e.en) for e in glossary.load(src).entries]


def test_convert_to_unknown_format_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "g.tsv"
    src.write_text(TSV, encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "convert", str(src), str(tmp_path / "g.xlsx")])
    assert result.exit_code == 2 and "unknown glossary format '.xlsx'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tsv"]


def test_zip_is_not_a_glossary(tmp_path: Path) -> None:
    path = tmp_path / "g.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a", "b")
    with pytest.raises(InputError, match="unknown glossary format"):
        glossary.load(path)


def test_built_wheel_ships_the_glossary(tmp_path: Path) -> None:
    """default_path() must work from an installed wheel, not only from the source tree: the wheel
    carries the glossary as package data (the symlink in src/aligner/glossaries is resolved)."""
    import os
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    if not (root / "glossary" / "diplomatic.zh-en.tsv").exists():
        pytest.skip("the bundled glossary is not in this tree")
    tree = tmp_path / "tree"
    for name in ("src", "glossary"):
        shutil.copytree(root / name, tree / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, tree / name)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(tree)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path / "home")},
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("aligner-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp_path / "site")
    shipped = tmp_path / "site" / "aligner" / "glossaries" / "diplomatic.zh-en.tsv"
    assert shipped.is_file() and not shipped.is_symlink()
    probe = subprocess.run(
        [sys.executable, "-c", "import aligner.glossary as g; p = g.default_path(); print(p); print(len(g.load(p)))"],
        capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""}, timeout=60,
    )
    assert probe.returncode == 0, probe.stderr
    path, count = probe.stdout.split()
    assert Path(path) == shipped and int(count) == len(glossary.load(root / "glossary" / "diplomatic.zh-en.tsv"))
