"""Shared fixtures. The parsed regulation is loaded once per test session."""

from __future__ import annotations

import pytest

from assistant.corpus import load_document


@pytest.fixture(scope="session")
def doc():
    return load_document()
