"""Shared test fixtures. Real data is read from ../shared/data (beside the checkout), never copied here."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

REDDIT_FILES = sorted((SHARED_DATA / "reddit").glob("*.json"))
HN_FILES = sorted((SHARED_DATA / "hackernews").glob("*.json"))
POLIS_DIRS = (
    sorted(p for p in (SHARED_DATA / "polis").iterdir() if p.is_dir()) if SHARED_DATA.exists() else []
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.fail(f"shared data not found at {SHARED_DATA}: tests need ../shared beside the checkout")
    return SHARED_DATA


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
