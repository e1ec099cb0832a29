"""Where talkwatch keeps the user's files: one function per path, no I/O at import."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "talkwatch"


def user_config_file() -> Path:
    """The user's own config, written by `talkwatch init`."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def user_database() -> Path:
    """The default store of items, claims and divergences."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / "talkwatch.db"


def default_config_text() -> str:
    """The shipped default config (the Russia–Ukraine talks), as text."""
    return files("config").joinpath("default.toml").read_text(encoding="utf-8")


def alert_log() -> Path:
    """Every alert delivered, one JSON line each: a record that outlives the toasts."""
    return Path(platformdirs.user_state_dir(APP_NAME)) / "alerts.jsonl"
