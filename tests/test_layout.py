"""The headless core stays headless, and the top-level packages are ours."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = ["config", "feeds.engine", "feeds.session", "feeds.store", "feeds.query", "feeds.notify",
            "feeds.inputs", "feeds.demo_server"]


@pytest.mark.parametrize("module", HEADLESS)
def test_the_core_imports_without_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_generic_package_names_resolve_inside_this_repository():
    import config
    import feeds
    import tui

    for package in (config, feeds, tui):
        assert Path(package.__file__).resolve().is_relative_to(ROOT)
