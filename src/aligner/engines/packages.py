"""Argos package management through argostranslate's own package API.

Packages live where argostranslate keeps them (`~/.local/share/argos-translate/packages`, or
`ARGOS_PACKAGES_DIR`), so a package installed by `aligner models install` is also seen by
argos-translate itself, and the other way round. Installing from a `.argosmodel` file always works;
installing a language pair needs the argos package index and the package download, which fail with a
one-line InputError when there is no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from aligner import langs
from aligner.errors import InputError

INDEX_TIMEOUT = 20


@dataclass(frozen=True)
class InstalledPackage:
    """An installed argos translation package, as `aligner models list` shows it."""

    src_lang: str
    tgt_lang: str
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        return f"{self.src_lang}-{self.tgt_lang}"


def installed() -> list[InstalledPackage]:
    """All installed argos translation packages, sorted by pair and version."""
    from argostranslate import package

    found = []
    for pkg in package.get_installed_packages():
        if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        found.append(InstalledPackage(pkg.from_code, pkg.to_code, pkg.package_version, Path(pkg.package_path), pkg.target_prefix))
    return sorted(found, key=lambda p: (p.pair, _version_key(p.version)))


def find(src_lang: str, tgt_lang: str) -> InstalledPackage:
    """The installed package for the pair (the newest version when several are installed)."""
    src, tgt = langs.base(src_lang), langs.base(tgt_lang)
    matching = [p for p in installed() if p.src_lang == src and p.tgt_lang == tgt]
    if not matching:
        raise InputError(
            f"no argos package for {src}→{tgt} is installed; install one with "
            f"`aligner models install {src} {tgt}` (needs network) or `aligner models install FILE.argosmodel`"
        )
    return matching[-1]


def model_digest(pkg_path: Path) -> str:
    """sha256 over the files that decide a translation (weights, vocabularies, tokenizer model), so
    a re-trained package with the same version number still gets a different engine id."""
    h = hashlib.sha256()
    files = sorted(p for p in (pkg_path / "model").iterdir() if p.is_file()) if (pkg_path / "model").is_dir() else []
    files += [pkg_path / name for name in ("sentencepiece.model", "bpe.model") if (pkg_path / name).is_file()]
    for file in files:
        h.update(file.name.encode())
        with file.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def install_file(path: str | Path) -> InstalledPackage:
    """Install a `.argosmodel` file (a zip of one package directory with metadata.json)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path)
    if not zipfile.is_zipfile(path):
        raise InputError("not an argos package: an .argosmodel file is a zip archive", path)
    with zipfile.ZipFile(path) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist() if name.strip("/")}
        meta_names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
        if len(tops) != 1 or len(meta_names) != 1:
            raise InputError("not an argos package: expected one top-level folder with a metadata.json", path)
        try:
            metadata = json.loads(zf.read(meta_names[0]))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError(f"metadata.json is not valid JSON: {err}", path) from None
        if not (metadata.get("from_code") and metadata.get("to_code")) or metadata.get("type", "translate") != "translate":
            raise InputError("metadata.json does not describe a translation package (from_code/to_code)", path)
    from argostranslate import package, settings

    package.install_from_path(path)
    installed_path = Path(settings.package_data_dir) / tops.pop()
    pkg = package.Package(installed_path)
    return InstalledPackage(pkg.from_code, pkg.to_code, pkg.package_version, installed_path, pkg.target_prefix)


def install_pair(src_lang: str, tgt_lang: str) -> InstalledPackage:
    """Download and install the argos package for a pair from the argos package index."""
    from argostranslate import package, settings

    src, tgt = langs.base(src_lang), langs.base(tgt_lang)
    url = settings.remote_package_index
    try:
        with urllib.request.urlopen(url, timeout=INDEX_TIMEOUT) as response:
            index = response.read()
        json.loads(index)
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise InputError(
            f"cannot download the argos package index from {url} ({reason}); offline? "
            f"install a package file instead: `aligner models install FILE.argosmodel`"
        ) from None
    _write_atomic(Path(settings.local_package_index), index)
    candidates = [p for p in package.get_available_packages() if p.from_code == src and p.to_code == tgt]
    if not candidates:
        raise InputError(f"the argos package index has no {src}→{tgt} package")
    best = max(candidates, key=lambda p: _version_key(p.package_version))
    name = f"translate-{src}_{tgt}-{best.package_version.replace('.', '_')}.argosmodel"
    download = _download(list(best.links), Path(settings.downloads_dir) / name, f"{src}→{tgt} {best.package_version}")
    try:
        return install_file(download)
    finally:
        download.unlink(missing_ok=True)


def _download(links: list[str], dest: Path, what: str) -> Path:
    """Fetch the first mirror that answers into `dest` (complete or not at all), with a progress bar
    on a terminal. argostranslate's own download prints every failed attempt; this one fails in one
    line naming the package."""
    import sys

    from tqdm import tqdm

    reasons = []
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    for link in links:
        try:
            request = urllib.request.Request(link, headers={"User-Agent": "aligner"})
            with urllib.request.urlopen(request, timeout=INDEX_TIMEOUT) as response, tmp.open("wb") as fh:
                size = int(response.headers.get("Content-Length") or 0) or None
                with tqdm(total=size, unit="B", unit_scale=True, desc=what, disable=not sys.stderr.isatty()) as bar:
                    for chunk in iter(lambda: response.read(1 << 20), b""):
                        fh.write(chunk)
                        bar.update(len(chunk))
            os.replace(tmp, dest)
            return dest
        except (urllib.error.URLError, OSError) as err:
            reasons.append(str(getattr(err, "reason", err)))
            tmp.unlink(missing_ok=True)
    raise InputError(
        f"cannot download the {what} package ({'; '.join(reasons) or 'no download link'}); offline? "
        f"use `aligner models install FILE.argosmodel`"
    )


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _version_key(version: str) -> Version:
    """Orders 1.10 after 1.9 (a string sort would not); an unparsable version sorts first."""
    try:
        return Version(version)
    except InvalidVersion:
        return Version("0")
