"""Every third-party feed test file in ../shared/corpus through `talkwatch analyze`'s own path.

feedparser's ill-formed and well-formed cases and newsboat's files: read_input + Engine.analyse
(what `analyze` runs) must take each without an exception, and no record it would print may hold
a control character or a bidi override. One real `talkwatch analyze` process runs over a sample.
A user's clone has no ../shared, so these tests skip themselves there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from config import load_config
from feeds.engine import Engine
from feeds.inputs import InputProblem, read_input
from feeds.records import divergence_record, item_record
from tests.hostile_feeds import UNSAFE, UNSAFE_BYTES, strings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TALKS = Path(__file__).parent / "data" / "talks.toml"
NOT_FEEDS = {"LICENSE", "README.md"}

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared feed corpus is not at {CORPUS} (it sits beside the repo, not in it)"
)


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name not in NOT_FEEDS)



def test_analyze_reads_every_corpus_file_without_a_traceback_or_an_unsafe_character():
    files = corpus_files()
    assert len(files) > 2000, f"expected the whole corpus, found {len(files)} files"
    engine = Engine(load_config(TALKS))
    crashed, unsafe = [], []
    items = problems = 0
    for path in files:
        try:
            read = list(read_input(path))
            found = [r for r in read if not isinstance(r, InputProblem)]
            problems += len(read) - len(found)
            entries, divergences = engine.analyse(found)
        except Exception:
            crashed.append(f"{path.relative_to(CORPUS)}:\n{traceback.format_exc()}")
            continue
        items += len(entries)
        records = [item_record(e) for e in entries] + [divergence_record(d) for d in divergences]
        records += [{"problem": str(r)} for r in read if isinstance(r, InputProblem)]
        for record in records:
            bad = [s for s in strings(record) if UNSAFE.search(s)]
            if bad:
                unsafe.append(f"{path.relative_to(CORPUS)}: {bad[0][:80]!r}")
    assert not crashed, "\n".join(crashed[:5])
    assert not unsafe, "\n".join(unsafe[:20])
    assert items > 1000 and problems < len(files) / 2


def test_the_analyze_command_over_a_sample_of_the_corpus(tmp_path):
    files = corpus_files()
    sample = files[::25] + [p for p in files if "illformed" in p.parts or "newsboat" in p.parts]
    done = subprocess.run([sys.executable, "-m", "tui.cli", "analyze", "--config", str(TALKS), *map(str, sample)],
                          capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in done.stderr
    assert not UNSAFE_BYTES.search(done.stdout.replace(b"\n", b""))
    assert not UNSAFE_BYTES.search(done.stderr.replace(b"\n", b""))
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len([r for r in records if r["type"] == "item"]) > 50
    assert not [s for r in records for s in strings(r) if UNSAFE.search(s)]
