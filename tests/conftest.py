"""Shared fixtures. Every test runs with its own config and data directories, never the developer's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feedserver import FeedServer


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory, monkeypatch):
    """Point platformdirs (XDG on Linux) at empty folders so no test sees real user files."""
    base = tmp_path_factory.mktemp("home")
    dirs = {"config": base / "config", "data": base / "data", "state": base / "state", "cache": base / "cache"}
    for name, path in dirs.items():
        monkeypatch.setenv(f"XDG_{name.upper()}_HOME", str(path))
    return dirs


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 whose routes a test sets (see tests/feedserver.py)."""
    with FeedServer() as server:
        yield server
