"""Shared fixtures: paths to the real data beside the project, and a fixture site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_36e6338b60d4fbea.txt"
GOLD = SHARED / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site (config, content, the default theme)."""
    site = tmp_path / "site-src"
    shutil.copytree(FIXTURES / "site", site)
    shutil.copytree(ROOT / "templates", site / "templates")
    return site
