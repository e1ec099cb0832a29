"""Reading `analyze`'s inputs: JSON-lines items, or RSS / Atom / JSON Feed files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from feeds.model import Item
from feeds.text import plain_text


@dataclass(frozen=True)
class InputProblem:
    """A line or file that could not be read; the rest of the input goes on."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


def _published(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO 8601 string, got {type(value).__name__}")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(record: dict, key: str) -> str:
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, got {type(value).__name__}")
    return value


def item_from_record(record: object) -> Item:
    """One JSON object as an Item: `id` and `title` required, other known keys optional, the rest ignored."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    for key in ("id", "title"):
        if key not in record:
            raise ValueError(f'missing required key "{key}"')
    item_id = record["id"]
    if not isinstance(item_id, str | int) or isinstance(item_id, bool) or str(item_id) == "":
        raise ValueError("id must be a non-empty string")
    return Item(
        id=str(item_id),
        title=plain_text(_text(record, "title")),
        summary=plain_text(_text(record, "summary")),
        published=_published(record.get("published")),
        source=plain_text(_text(record, "source")),
        link=_text(record, "link").strip(),
    )


def _is_json_feed(data: bytes) -> bool:
    head = data.lstrip()[:4096]
    return head.startswith(b"{") and b"jsonfeed.org/version" in head


def read_input(path: Path) -> Iterator[Item | InputProblem]:
    """Items from one file, in file order, with a problem for each line that can't be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputProblem(str(path), None, f"cannot read: {error.strerror or error}")
        return
    if data.lstrip()[:1] == b"<" or _is_json_feed(data):
        from feeds.parse import parse_feed

        parsed = parse_feed(data, url=path.resolve().as_uri(), source=path.stem)
        if parsed.bozo and not parsed.items:
            yield InputProblem(str(path), None, f"not a readable feed: {parsed.bozo}")
        yield from parsed.items
        return
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield item_from_record(json.loads(line))
        except (ValueError, json.JSONDecodeError) as error:
            yield InputProblem(str(path), number, str(error))
