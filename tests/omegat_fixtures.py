"""Running OmegaT, the real CAT tool, headless in the tests.

OmegaT comes from Debian (`apt-get install omegat`; `.ci/run` installs it). Locally a test that needs
it skips when it is missing; under CI=true a missing OmegaT is a failure, so CI can never pass
vacuously.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>zh-CN</source_lang>
    <target_lang>en-US</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneCJKTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""

# OmegaT's text filter joins lines into paragraphs unless told to segment on line breaks; briefings
# (and our segmenter) treat every line as a paragraph, so projects of whole briefings ask for that.
LINE_BREAK_FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="false" ignoreFileContext="false">
  <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
    <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}" sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
    <option name="segmentOn" value="BREAKS"/>
  </filter>
</filters>
"""


def omegat_binary() -> str:
    found = shutil.which("omegat")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("OmegaT is not installed but CI=true: .ci/run must install it (apt-get install -y omegat)")
    pytest.skip("OmegaT is not installed (apt-get install omegat); under CI=true this test fails instead of skipping")


def empty_project(root: Path, *, line_breaks: bool = False) -> Path:
    """An OmegaT zh-CN → en-US project folder with no files yet."""
    project = root / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    if line_breaks:
        (project / "omegat" / "filters.xml").write_text(LINE_BREAK_FILTERS, encoding="utf-8")
    return project


def run_omegat(omegat: str, project: Path, *args: str) -> None:
    config = project.parent / "config"
    config.mkdir(exist_ok=True)
    result = subprocess.run(
        [omegat, *args, f"--config-dir={config}", "--disable-project-locking", "--no-team", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(project.parent)},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
