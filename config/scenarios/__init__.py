"""Bundled demo scenarios: a few days of talks retold in our own words, replayed by `talkwatch demo`.

A scenario is a folder next to this module holding two files:

- `scenario.toml`: a `[scenario]` table (`title`, `description`) and `[[outlets]]`
  (`id`, `name`, `format` = "rss" | "atom" | "json", `description`), each served as one feed;
- `items.jsonl`: one item a line, in the JSON-lines format `talkwatch analyze` reads
  (`id`, `source` = an outlet's name, `published`, `title`, `summary`, `link`), plus
  `offset`: the number of seconds after the replay starts, at speed 1, when the item appears.

The items are JSON lines so that the same file feeds both the demo and `talkwatch analyze`.
Shipped files are read through importlib.resources, so the demo also works from an installed wheel.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, Literal, cast, get_args

FeedFormat = Literal["rss", "atom", "json"]

DEFAULT_SCENARIO = "istanbul-2022"

_ID = re.compile(r"[a-z0-9-]+\Z")
_ITEM_REQUIRED = frozenset({"id", "source", "offset", "published", "title"})
_ITEM_OPTIONAL = frozenset({"summary", "link"})
# XML 1.0 cannot carry these, and the dashboard must never receive them from its own demo.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ScenarioError(ValueError):
    """A scenario's files are malformed. The message names the file, and the line for items."""


@dataclass(frozen=True)
class Outlet:
    """A made-up news outlet. The demo server publishes it as one feed in `format`."""

    id: str
    name: str
    format: FeedFormat
    description: str = ""


@dataclass(frozen=True)
class ScenarioItem:
    """One news item and the replay second (at speed 1) at which its outlet publishes it."""

    id: str
    outlet: str
    offset: float
    published: datetime
    title: str
    summary: str = ""
    link: str = ""


@dataclass(frozen=True)
class Scenario:
    """A replayable set of outlets and their items, the items in replay order."""

    name: str
    title: str
    description: str
    outlets: tuple[Outlet, ...]
    items: tuple[ScenarioItem, ...]

    @property
    def duration(self) -> float:
        """Seconds, at speed 1, until the last item is out."""
        return max((item.offset for item in self.items), default=0.0)

    def items_of(self, outlet_id: str) -> tuple[ScenarioItem, ...]:
        """The outlet's items in replay order."""
        return tuple(item for item in self.items if item.outlet == outlet_id)


def available() -> tuple[str, ...]:
    """The names of the bundled scenarios."""
    return tuple(
        sorted(entry.name for entry in files(__name__).iterdir() if (entry / "scenario.toml").is_file())
    )


def load_scenario(name: str = DEFAULT_SCENARIO) -> Scenario:
    """Load a bundled scenario by name, the name being its folder's."""
    if not _ID.match(name) or name not in available():
        raise ScenarioError(f"no bundled scenario {name!r}; available: {', '.join(available())}")
    return read_scenario(files(__name__) / name)


def read_scenario(folder: Traversable) -> Scenario:
    """Read and check a scenario folder (a Path will do): a malformed one fails here, not mid-demo."""
    toml_file, items_file = folder / "scenario.toml", folder / "items.jsonl"
    try:
        data = tomllib.loads(toml_file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{toml_file}: {exc}") from exc
    _keys(data, str(toml_file), required={"scenario", "outlets"})
    meta = _table(data["scenario"], f"{toml_file}: [scenario]", {"title"}, {"description"})
    if not isinstance(data["outlets"], list) or not data["outlets"]:
        raise ScenarioError(f"{toml_file}: [[outlets]] must list at least one outlet")
    outlets = tuple(_outlet(raw, f"{toml_file}: outlet {n}") for n, raw in enumerate(data["outlets"], 1))
    for attribute in ("id", "name"):
        values = [getattr(outlet, attribute) for outlet in outlets]
        if dupes := sorted({value for value in values if values.count(value) > 1}):
            raise ScenarioError(f"{toml_file}: duplicate outlet {attribute}: {', '.join(dupes)}")
    items = _items(items_file, {outlet.name: outlet.id for outlet in outlets})
    return Scenario(folder.name, meta["title"], meta.get("description", ""), outlets, items)


def _outlet(raw: object, where: str) -> Outlet:
    table = _table(raw, where, {"id", "name", "format"}, {"description"})
    if not _ID.match(table["id"]):
        raise ScenarioError(f"{where}: id {table['id']!r} must match [a-z0-9-]+")
    if table["format"] not in get_args(FeedFormat):
        choices = ", ".join(get_args(FeedFormat))
        raise ScenarioError(f"{where}: format {table['format']!r} must be one of {choices}")
    return Outlet(table["id"], table["name"], cast(FeedFormat, table["format"]), table.get("description", ""))


def _table(raw: object, where: str, required: set[str], optional: set[str]) -> dict[str, str]:
    """A TOML table of strings with exactly the expected keys."""
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: expected a table")
    _keys(raw, where, required, optional)
    for key, value in raw.items():
        if not isinstance(value, str):
            raise ScenarioError(f"{where}: {key} must be a string")
    return cast(dict[str, str], raw)


def _keys(
    raw: dict[str, Any], where: str, required: Set[str], optional: Set[str] = frozenset()
) -> None:
    if missing := sorted(required - raw.keys()):
        raise ScenarioError(f"{where}: missing {', '.join(missing)}")
    if unknown := sorted(raw.keys() - required - optional):
        raise ScenarioError(f"{where}: unknown key {', '.join(unknown)}")


def _items(items_file: Traversable, outlet_ids: dict[str, str]) -> tuple[ScenarioItem, ...]:
    lines: list[tuple[int, ScenarioItem]] = []
    seen: set[str] = set()
    for number, line in enumerate(items_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{items_file}:{number}"
        item = _item(line, where, outlet_ids)
        if item.id in seen:
            raise ScenarioError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
        lines.append((number, item))
    if not lines:
        raise ScenarioError(f"{items_file}: no items")
    lines.sort(key=lambda numbered: numbered[1].offset)  # stable: equal offsets keep file order
    newest: dict[str, datetime] = {}
    for number, item in lines:
        # Each outlet's feed grows like a real one, newest last; the server's Last-Modified relies on it.
        if item.outlet in newest and item.published <= newest[item.outlet]:
            raise ScenarioError(
                f"{items_file}:{number}: {item.id!r} is replayed after a later or equal "
                f"`published` of the same outlet; an outlet's items must be published in replay order"
            )
        newest[item.outlet] = item.published
    return tuple(item for _, item in lines)


def _item(line: str, where: str, outlet_ids: dict[str, str]) -> ScenarioItem:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{where}: not JSON: {exc.msg}") from exc
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: expected a JSON object")
    _keys(raw, where, _ITEM_REQUIRED, _ITEM_OPTIONAL)
    for key in raw.keys() - {"offset"}:
        if not isinstance(raw[key], str):
            raise ScenarioError(f"{where}: {key} must be a string")
        if _CONTROL.search(raw[key]):
            raise ScenarioError(f"{where}: {key} contains a control character")
    offset = raw["offset"]
    if isinstance(offset, bool) or not isinstance(offset, int | float) or not offset >= 0:
        raise ScenarioError(f"{where}: offset must be a number of seconds, 0 or more")
    if raw["source"] not in outlet_ids:
        raise ScenarioError(f"{where}: source {raw['source']!r} is not an outlet of scenario.toml")
    try:
        published = datetime.fromisoformat(raw["published"])
    except ValueError as exc:
        raise ScenarioError(f"{where}: published {raw['published']!r} is not ISO 8601") from exc
    if published.tzinfo is None:
        raise ScenarioError(f"{where}: published {raw['published']!r} needs a time zone, such as Z")
    return ScenarioItem(
        id=raw["id"],
        outlet=outlet_ids[raw["source"]],
        offset=float(offset),
        published=published.astimezone(timezone.utc),
        title=raw["title"],
        summary=raw.get("summary", ""),
        link=raw.get("link", ""),
    )
