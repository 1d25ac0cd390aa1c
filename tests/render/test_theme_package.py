"""The wheel carries the built-in theme: installed from it, digest builds a new site with nothing else."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.builtin_theme import builtin_theme_path
from conftest import ROOT

SOURCES = ("pyproject.toml", "README.md", "generator", "templates")


def _builds_without_isolation() -> bool:
    """Whether this environment's setuptools can make a wheel by itself (else pip sets one up)."""
    try:
        importlib.metadata.version("wheel")
        return True
    except importlib.metadata.PackageNotFoundError:
        version = tuple(int(part) for part in importlib.metadata.version("setuptools").split(".")[:2])
        return version >= (70, 1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a clean copy of the project's sources (no stale build/ folder to pick files from)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)]
    if _builds_without_isolation():
        command.insert(5, "--no-build-isolation")
    made = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    (built,) = dist.glob("digest-*.whl")
    return built


def test_the_wheel_holds_every_file_of_the_theme(wheel):
    theme = ROOT / "templates"
    expected = {f"generator/theme/{p.relative_to(theme).as_posix()}" for p in theme.rglob("*") if p.is_file()}
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert expected <= names, sorted(expected - names)
        assert {"generator/theme/i18n.toml", "generator/theme/base.html", "generator/theme/static/style.css"} <= names
        for name in expected:
            assert archive.read(name) == (theme / name.removeprefix("generator/theme/")).read_bytes()


def test_a_site_builds_with_the_installed_wheel_alone(wheel, tmp_path):
    installed = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    # Run from the wheel's files only: the checkout is neither on the path nor the working folder.
    env = {**os.environ, "PYTHONPATH": str(installed)}

    def digest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import generator.builtin_theme as b; print(b.builtin_theme_path())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()) == (installed / "generator/theme").resolve(), where.stderr
    assert builtin_theme_path() == ROOT / "templates"  # while a checkout reads its own templates/
    made = digest("new", "mysite", "--language", "es", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    built = digest("build", cwd=tmp_path / "mysite")
    assert built.returncode == 0, built.stderr
    site = tmp_path / "mysite/site"
    assert (site / "static/style.css").read_bytes() == (ROOT / "templates/static/style.css").read_bytes()
    assert "Saltar al contenido" in (site / "index.html").read_text(encoding="utf-8")
    exported = digest("theme", "export", "copy", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "copy/i18n.toml").read_bytes() == (ROOT / "templates/i18n.toml").read_bytes()
