"""The benchmarks under bench/ still run against today's code: tiny sizes, nothing timed or compared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import _corpus  # noqa: E402

from feeds.engine import Engine  # noqa: E402
from feeds.parse import parse_feed  # noqa: E402


def test_generated_config_loads_with_the_real_loader(tmp_path):
    config = _corpus.make_config(20, 30, [("http://127.0.0.1:1/f.xml", "F")], tmp_path / "c.toml")
    assert len(config.parties) == 20 and len(config.issues) == 30 and len(config.feeds) == 1


def test_generated_feed_parses_and_reads():
    doc = _corpus.rss(200)
    parsed = parse_feed(doc, url="file:///bench.xml", source="bench")
    assert len(parsed.items) == 200 and parsed.bozo is None
    assert len({i.id for i in parsed.items}) == 200
    entries, _ = Engine(_corpus.make_config()).analyse(parsed.items)
    matched = sum(bool(e.reading.parties) for e in entries)
    assert 0.3 * len(entries) < matched < 0.9 * len(entries)  # talks news mixed with other news


@pytest.mark.parametrize("script, args", [
    ("analyze_vs_parse.py", ["--items", "60", "--rounds", "1", "--no-subprocess", "--profile", "none"]),
    ("ui_burst.py", ["--burst", "40", "--split", "4", "--repeats", "1", "--history", "30"]),
    ("soak_memory.py", ["--items", "200", "--batch", "100"]),
])
def test_benchmark_runs(script, args):
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "TARGET" in done.stdout
