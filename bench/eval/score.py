"""Score talkwatch's analysis engine against the hand-labelled evaluation set.

    /work/venv/bin/python bench/eval/score.py [--episode X] [--verbose]

For every episode it loads bench/eval/configs/<episode>.toml, feeds that episode's items
(bench/eval/items.jsonl) in `published` order through feeds.analysis.Analyzer and
feeds.divergences.DivergenceLedger, and compares what comes out with the labels:

* parties and issues: precision / recall / F1, micro-averaged over items;
* claims: a labelled claim is *found* when a predicted claim of the same item has a text
  that contains the labelled snippet (compared word by word, case and punctuation folded);
  it is *right* when one of those claims also has the labelled kind and actor (and, for the
  strict score, the labelled direction). Accuracy is over all labelled claims;
* divergences: matched on (party, issue, statement item, action item). Precision counts an
  emitted pair as correct when it is listed in divergences.jsonl (required or acceptable);
  recall is over the required pairs only.

The scorer never imports anything at module level from the engine, so a missing or broken
engine is reported instead of crashing. Output is deterministic (sorted), except timings.
"""

from __future__ import annotations

import argparse
from collections import Counter
import json
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EPISODE_ORDER = ["istanbul-2022", "grain-2022", "doha-2020", "karabakh-2020", "vienna-2021", "gaza-2023", "minsk-2015"]


# ---------------------------------------------------------------------------- helpers

def fold(text: str) -> str:
    """Case, quotes and punctuation folded away: 'Russia to “drastically reduce”' -> 'russia to drastically reduce'."""
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


def contains(claim_text: str, snippet: str) -> bool:
    """A predicted claim covers a snippet when its text contains it (or, for clause-level
    claims of at least four words, when the snippet contains the claim's text)."""
    c, s = f" {fold(claim_text)} ", f" {fold(snippet)} "
    if s.strip() and s in c:
        return True
    return len(c.split()) >= 4 and c in s


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def __iadd__(self, other: PRF) -> PRF:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def line(self) -> str:
        return f"P {self.p:6.1%}  R {self.r:6.1%}  F1 {self.f1:6.1%}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"


@dataclass
class Score:
    items: int = 0
    unrelated: int = 0
    unrelated_hit: int = 0          # unrelated items given any party or issue
    parties: PRF = field(default_factory=PRF)
    issues: PRF = field(default_factory=PRF)
    claims: int = 0                 # labelled claims
    found: int = 0
    kind_actor: int = 0
    kind_actor_dir: int = 0
    predicted_claims: int = 0
    unmatched_claims: int = 0       # predicted claims that cover no labelled snippet
    emitted: int = 0
    emitted_ok: int = 0
    required: int = 0
    required_found: int = 0
    seconds: float = 0.0
    read_errors: int = 0
    ledger_errors: int = 0
    directions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (labelled, read) where kind+actor are right

    def __iadd__(self, o: Score) -> Score:
        for name in ("items", "unrelated", "unrelated_hit", "claims", "found", "kind_actor", "kind_actor_dir",
                     "predicted_claims", "unmatched_claims", "emitted", "emitted_ok", "required", "required_found",
                     "seconds", "read_errors", "ledger_errors"):
            setattr(self, name, getattr(self, name) + getattr(o, name))
        self.parties += o.parties
        self.issues += o.issues
        self.directions += o.directions
        return self


def pct(n: int, d: int) -> str:
    return f"{n / d:6.1%}" if d else "   n/a"


# ---------------------------------------------------------------------------- loading

def load_items(path: Path) -> list[dict[str, Any]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON: {exc}") from exc
    return items


def load_pairs(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def import_engine() -> tuple[Any, Any, Any, Any, str | None]:
    """(load_config, Item, Analyzer, DivergenceLedger, problem) — problem says what is missing."""
    problems = []
    load_config = Item = Analyzer = Ledger = None
    try:
        from config import load_config  # type: ignore[no-redef]
    except Exception as exc:  # noqa: BLE001 - report whatever is wrong
        problems.append(f"config.load_config: {type(exc).__name__}: {exc}")
    try:
        from feeds.model import Item  # type: ignore[no-redef]
    except Exception as exc:  # noqa: BLE001
        problems.append(f"feeds.model.Item: {type(exc).__name__}: {exc}")
    try:
        from feeds.analysis import Analyzer  # type: ignore[no-redef]
    except Exception as exc:  # noqa: BLE001
        problems.append(f"feeds.analysis.Analyzer: {type(exc).__name__}: {exc}")
    try:
        from feeds.divergences import DivergenceLedger as Ledger  # type: ignore[no-redef]
    except Exception as exc:  # noqa: BLE001
        problems.append(f"feeds.divergences.DivergenceLedger: {type(exc).__name__}: {exc}")
    return load_config, Item, Analyzer, Ledger, ("; ".join(problems) or None)


# ---------------------------------------------------------------------------- scoring one episode

def short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def claim_str(c: Any) -> str:
    return (f"{getattr(c, 'kind', '?')}/{getattr(c, 'party', '?')}/{getattr(c, 'direction', '?')}"
            f" issues={list(getattr(c, 'issues', ()) or ())} speaker={getattr(c, 'speaker', None)!r}"
            f" text={short(str(getattr(c, 'text', '')), 90)!r}")


def score_episode(episode: str, items: list[dict[str, Any]], pairs: list[dict[str, Any]],
                  engine: tuple[Any, Any, Any, Any, str | None], verbose: bool, configs: Path = HERE / "configs") -> Score | None:
    load_config, Item, Analyzer, Ledger, problem = engine
    score = Score()
    log: list[str] = []
    config_path = configs / f"{episode}.toml"
    try:
        config = load_config(config_path)
    except Exception as exc:  # noqa: BLE001
        print(f"[{episode}] cannot load {config_path.relative_to(ROOT)}: {type(exc).__name__}: {exc}")
        return None
    try:
        analyzer = Analyzer(config)
    except Exception as exc:  # noqa: BLE001
        print(f"[{episode}] Analyzer(config) failed: {type(exc).__name__}: {exc}")
        return None
    try:
        ledger = Ledger(config.talks.divergence_window)
    except Exception as exc:  # noqa: BLE001
        print(f"[{episode}] DivergenceLedger(window) failed: {type(exc).__name__}: {exc}; divergences not scored")
        ledger = None

    ordered = sorted(items, key=lambda it: (parse_time(it["published"]), it["id"]))
    readings: dict[str, Any] = {}
    emitted: dict[tuple[str, str, str, str], Any] = {}
    for it in ordered:
        item = Item(id=it["id"], title=it["title"], summary=it.get("summary", ""),
                    published=parse_time(it["published"]), source=it.get("source", ""), link=it.get("link", ""))
        start = time.perf_counter()
        try:
            reading = analyzer.read(item)
        except Exception as exc:  # noqa: BLE001
            score.read_errors += 1
            log.append(f"  ERROR  {it['id']}: Analyzer.read raised {type(exc).__name__}: {exc}")
            if verbose:
                log.append("         " + traceback.format_exc().strip().replace("\n", "\n         "))
            reading = None
        found: list[Any] = []
        if reading is not None and ledger is not None:
            try:
                found = list(ledger.add(item, reading))
            except Exception as exc:  # noqa: BLE001
                score.ledger_errors += 1
                log.append(f"  ERROR  {it['id']}: DivergenceLedger.add raised {type(exc).__name__}: {exc}")
        score.seconds += time.perf_counter() - start
        readings[it["id"]] = reading
        for d in found:
            try:
                key = (d.party, d.issue, d.statement.item.id, d.action.item.id)
            except AttributeError as exc:
                log.append(f"  ERROR  {it['id']}: malformed divergence {d!r}: {exc}")
                continue
            emitted.setdefault(key, d)

    # --- items: parties, issues, claims
    for it in ordered:
        labels = it["labels"]
        reading = readings[it["id"]]
        gold_p, gold_i = set(labels["parties"]), set(labels["issues"])
        pred_p = set(getattr(reading, "parties", ()) or ())
        pred_i = set(getattr(reading, "issues", ()) or ())
        pred_c = list(getattr(reading, "claims", ()) or ())
        score.items += 1
        unrelated = not gold_p and not gold_i and not labels["claims"]
        if unrelated:
            score.unrelated += 1
            score.unrelated_hit += bool(pred_p or pred_i)
        score.parties.add(gold_p, pred_p)
        score.issues.add(gold_i, pred_i)
        score.predicted_claims += len(pred_c)
        lines: list[str] = []
        if pred_p != gold_p:
            lines.append(f"    parties  missed {sorted(gold_p - pred_p)}  extra {sorted(pred_p - gold_p)}")
        if pred_i != gold_i:
            lines.append(f"    issues   missed {sorted(gold_i - pred_i)}  extra {sorted(pred_i - gold_i)}")
        covered = [False] * len(pred_c)
        for lab in labels["claims"]:
            score.claims += 1
            cands = [i for i, c in enumerate(pred_c) if contains(str(getattr(c, "text", "")), lab["snippet"])]
            for i in cands:
                covered[i] = True
            want = f"{lab['kind']}/{lab['party']}/{lab['direction']}"
            if not cands:
                lines.append(f"    claim    NOT FOUND  want {want}: {lab['snippet']!r}")
                continue
            score.found += 1
            ka = [pred_c[i] for i in cands if pred_c[i].kind == lab["kind"] and pred_c[i].party == lab["party"]]
            kad = [c for c in ka if c.direction == lab["direction"]]
            score.kind_actor += bool(ka)
            score.kind_actor_dir += bool(kad)
            if ka:
                score.directions[(lab["direction"], (kad or ka)[0].direction)] += 1
            if not kad:
                got = "; ".join(claim_str(pred_c[i]) for i in cands)
                what = "wrong kind/actor" if not ka else "wrong direction"
                lines.append(f"    claim    {what}  want {want}: {lab['snippet']!r}\n               got  {got}")
        for i, c in enumerate(pred_c):
            if not covered[i]:
                score.unmatched_claims += 1
                lines.append(f"    claim    UNLABELLED  {claim_str(c)}")
        if lines and verbose:
            tag = " (unrelated)" if unrelated else ""
            log.append(f"  {it['id']}{tag}: {short(it['title'])}")
            if it.get("summary"):
                log.append(f"      summary: {short(it['summary'], 160)}")
            log.extend(lines)

    # --- divergences
    listed = {(p["party"], p["issue"], p["statement"], p["action"]): bool(p["required"]) for p in pairs}
    required = {k for k, req in listed.items() if req}
    score.required = len(required)
    score.emitted = len(emitted)
    score.emitted_ok = sum(1 for k in emitted if k in listed)
    score.required_found = len(required & set(emitted))
    if verbose:
        titles = {it["id"]: it["title"] for it in items}
        for key in sorted(set(emitted) - set(listed)):
            d = emitted[key]
            log.append(f"  DIVERGENCE false positive  {key[0]}/{key[1]}  {key[2]} -> {key[3]}")
            log.append(f"      statement: {short(str(getattr(d.statement.claim, 'text', titles.get(key[2], ''))), 120)}")
            log.append(f"      action:    {short(str(getattr(d.action.claim, 'text', titles.get(key[3], ''))), 120)}")
            if getattr(d, "reason", ""):
                log.append(f"      reason:    {short(str(d.reason), 120)}")
        for key in sorted(required - set(emitted)):
            log.append(f"  DIVERGENCE missed  {key[0]}/{key[1]}  {key[2]} -> {key[3]}")
            log.append(f"      statement: {short(titles.get(key[2], '?'), 120)}")
            log.append(f"      action:    {short(titles.get(key[3], '?'), 120)}")
    if log:
        print(f"\n=== {episode} ===")
        print("\n".join(log))
    return score


# ---------------------------------------------------------------------------- report

def report(total: Score, per_episode: dict[str, Score]) -> None:
    print("\nParties   ", total.parties.line())
    print("Issues    ", total.issues.line())
    print(f"Claims     labelled {total.claims}; found {pct(total.found, total.claims)};"
          f" kind+actor {pct(total.kind_actor, total.claims)}; kind+actor+direction {pct(total.kind_actor_dir, total.claims)}")
    print(f"           predicted {total.predicted_claims}, of which cover no labelled snippet {total.unmatched_claims}")
    names = ("deescalate", "escalate", "neutral")
    rows = "; ".join(
        f"{want[:5]} -> " + " ".join(f"{got[:5]} {total.directions[(want, got)]}" for got in names) for want in names
    )
    print(f"Direction  where kind+actor are right, labelled -> read: {rows}")
    print(f"Unrelated  {total.unrelated} items; given a party or issue: {total.unrelated_hit} ({pct(total.unrelated_hit, total.unrelated).strip()})")
    print(f"Divergences emitted {total.emitted}; precision {pct(total.emitted_ok, total.emitted)} "
          f"({total.emitted_ok} listed); recall {pct(total.required_found, total.required)} "
          f"({total.required_found}/{total.required} required)")
    if total.read_errors or total.ledger_errors:
        print(f"ERRORS     Analyzer.read raised on {total.read_errors} items, DivergenceLedger.add on {total.ledger_errors}")
    rate = total.items / total.seconds if total.seconds else float("inf")
    print(f"Speed      {total.items} items in {total.seconds * 1000:.1f} ms of engine time: {rate:,.0f} items/s")
    print()
    header = f"{'episode':<15}{'items':>6}{'parties F1':>12}{'issues F1':>11}{'claims':>8}{'found':>8}{'k+a':>8}{'k+a+d':>8}{'div P':>8}{'div R':>8}{'emit':>6}{'req':>5}"
    print(header)
    print("-" * len(header))
    for name, s in list(per_episode.items()) + [("ALL", total)]:
        if name == "ALL":
            print("-" * len(header))
        print(f"{name:<15}{s.items:>6}{s.parties.f1:>12.1%}{s.issues.f1:>11.1%}{s.claims:>8}"
              f"{pct(s.found, s.claims):>8}{pct(s.kind_actor, s.claims):>8}{pct(s.kind_actor_dir, s.claims):>8}"
              f"{pct(s.emitted_ok, s.emitted):>8}{pct(s.required_found, s.required):>8}{s.emitted:>6}{s.required:>5}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--episode", action="append", help="score only this episode (repeatable)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss and false positive")
    ap.add_argument("--items", type=Path, default=HERE / "items.jsonl")
    ap.add_argument("--divergences", type=Path, default=HERE / "divergences.jsonl")
    ap.add_argument("--configs", type=Path, default=HERE / "configs", help="folder of <episode>.toml")
    ap.add_argument("--set", dest="folder", metavar="NAME",
                    help="score another set kept like this one in bench/eval/NAME (heldout, heldout2)")
    ap.add_argument("--heldout", dest="folder", action="store_const", const="heldout", help="same as --set heldout")
    args = ap.parse_args(argv)
    if args.folder:
        base = HERE / args.folder
        args.items, args.divergences, args.configs = base / "items.jsonl", base / "divergences.jsonl", base / "configs"

    items = load_items(args.items)
    pairs = load_pairs(args.divergences)
    episodes = sorted({it["episode"] for it in items}, key=lambda e: (e not in EPISODE_ORDER, EPISODE_ORDER.index(e) if e in EPISODE_ORDER else 0, e))
    if args.episode:
        unknown = sorted(set(args.episode) - set(episodes))
        if unknown:
            print(f"unknown episode(s): {', '.join(unknown)}; known: {', '.join(episodes)}")
            return 2
        episodes = [e for e in episodes if e in args.episode]

    labelled_claims = sum(len(it["labels"]["claims"]) for it in items if it["episode"] in episodes)
    required = sum(1 for p in pairs if p["required"] and p["episode"] in episodes)
    print(f"talkwatch evaluation set: {sum(1 for it in items if it['episode'] in episodes)} items, "
          f"{labelled_claims} labelled claims, {required} required divergences, episodes: {', '.join(episodes)}")

    engine = import_engine()
    if engine[4]:
        print(f"ENGINE MISSING OR BROKEN: {engine[4]}")
        if engine[0] is None or engine[1] is None or engine[2] is None:
            print("Nothing to score; the labels are intact.")
            return 0
    if engine[3] is None:
        class _NoLedger:  # divergences are reported as 0 emitted when the ledger is missing
            def __init__(self, window: Any) -> None:
                pass

            def add(self, item: Any, reading: Any) -> list[Any]:
                return []
        engine = (engine[0], engine[1], engine[2], _NoLedger, engine[4])

    per_episode: dict[str, Score] = {}
    total = Score()
    for episode in episodes:
        ep_items = [it for it in items if it["episode"] == episode]
        ep_pairs = [p for p in pairs if p["episode"] == episode]
        s = score_episode(episode, ep_items, ep_pairs, engine, args.verbose, args.configs)
        if s is None:
            continue
        per_episode[episode] = s
        total += s
    if not per_episode:
        print("No episode could be scored.")
        return 0
    report(total, per_episode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
