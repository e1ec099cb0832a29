"""The evaluation sets stay consistent with their own guide, and the scorer runs on them.

The scores are benchmarks (bench/eval/score.py prints them); nothing here asserts a score.
What is checked is what a labelling slip or a config change would silently break: every
snippet is in its item, every label names a party and an issue of the episode's config
(read by the real loader), and every listed divergence pair is one the labels allow.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from config import load_config

EVAL = Path(__file__).resolve().parent.parent / "bench" / "eval"
SETS = ["", "heldout", "heldout2", "heldout3"]  # "" is the main set
OPPOSITE = {("deescalate", "escalate"), ("escalate", "deescalate")}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.fixture(scope="module", params=SETS, ids=lambda s: s or "main")
def labelled(request: pytest.FixtureRequest) -> tuple[list[dict], list[dict], dict]:
    folder = EVAL / request.param
    items = _lines(folder / "items.jsonl")
    pairs = _lines(folder / "divergences.jsonl")
    configs = {ep: load_config(folder / "configs" / f"{ep}.toml") for ep in {it["episode"] for it in items}}
    return items, pairs, configs


def test_every_label_is_in_its_item_and_its_config(labelled) -> None:
    items, _, configs = labelled
    assert len({it["id"] for it in items}) == len(items)
    for it in items:
        config = configs[it["episode"]]
        parties = {p.id for p in config.parties}
        issues = {i.id for i in config.issues}
        labels = it["labels"]
        assert set(labels["parties"]) <= parties, it["id"]
        assert set(labels["issues"]) <= issues, it["id"]
        for claim in labels["claims"]:
            assert claim["snippet"] in it["title"] or claim["snippet"] in (it["summary"] or ""), (it["id"], claim)
            assert claim["party"] in parties, (it["id"], claim)
            assert claim["kind"] in ("statement", "action") and claim["direction"] in ("deescalate", "escalate", "neutral")


def test_every_listed_divergence_is_one_the_labels_allow(labelled) -> None:
    items, pairs, configs = labelled
    by_id = {it["id"]: it for it in items}
    for pair in pairs:
        said, did = by_id[pair["statement"]], by_id[pair["action"]]
        assert said["episode"] == did["episode"] == pair["episode"], pair
        assert pair["issue"] in said["labels"]["issues"] and pair["issue"] in did["labels"]["issues"], pair
        window = configs[pair["episode"]].talks.divergence_window
        assert abs(_when(said["published"]) - _when(did["published"])) <= window + timedelta(seconds=1), pair
        words = {c["direction"] for c in said["labels"]["claims"] if c["party"] == pair["party"] and c["kind"] == "statement"}
        deeds = {c["direction"] for c in did["labels"]["claims"] if c["party"] == pair["party"] and c["kind"] == "action"}
        assert any((w, d) in OPPOSITE for w in words for d in deeds), pair


def test_the_scorer_runs_on_an_episode_of_each_set(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    sys.path.insert(0, str(EVAL))
    try:
        import score  # bench/eval/score.py
    finally:
        sys.path.remove(str(EVAL))
    assert score.main(["--episode", "gaza-2023"]) == 0
    assert score.main(["--set", "heldout", "--episode", "lebanon-2024"]) == 0
    out = capsys.readouterr().out
    assert out.count("kind+actor+direction") == 2 and "ENGINE MISSING" not in out
