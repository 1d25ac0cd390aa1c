"""Paths shared by the tests: the project, the real data beside it, the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.annotate import Annotator

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_36e6338b60d4fbea.txt"
GOLD = SHARED / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    """One annotator (one model load per language) for the whole test session."""
    return Annotator()
