"""Read a TOML config and check it strictly, so a typo never silently changes what is watched.

Every problem is reported as `file:line: key: what is wrong`, so the user can go straight to it.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from config.schema import Alerts, Config, Dashboard, Feed, Issue, Matching, Party, Talks

ID_PATTERN = re.compile(r"[a-z0-9-]+\Z")
DURATION_PATTERN = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*\Z")
DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class ConfigError(Exception):
    """A config that cannot be used; `problems` lists every `file:line: key: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Field:
    """One allowed key of a table: its type check, and whether it must be there."""

    check: Callable[[Any], bool]
    expected: str
    required: bool = False


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _is_positive_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _is_score(value: Any) -> bool:
    return _is_positive_number(value) and value <= 100


def _is_duration(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value > 0
    return isinstance(value, str) and DURATION_PATTERN.match(value) is not None


STRING = _Field(_is_nonempty_str, "a non-empty string")
STRING_LIST = _Field(_is_str_list, "a list of non-empty strings")

TABLES: dict[str, dict[str, _Field]] = {
    "talks": {
        "title": _Field(_is_nonempty_str, "a non-empty string", required=True),
        "divergence_window": _Field(_is_duration, 'a duration such as "7d", "36h" or seconds'),
    },
    "parties": {
        "id": _Field(_is_nonempty_str, "an id of a-z, 0-9 and -", required=True),
        "name": _Field(_is_nonempty_str, "a non-empty string", required=True),
        "aliases": STRING_LIST,
        "people": STRING_LIST,
    },
    "issues": {
        "id": _Field(_is_nonempty_str, "an id of a-z, 0-9 and -", required=True),
        "name": _Field(_is_nonempty_str, "a non-empty string", required=True),
        "keywords": STRING_LIST,
    },
    "feeds": {
        "url": _Field(_is_nonempty_str, "an http(s) URL", required=True),
        "name": STRING,
        "interval": _Field(_is_positive_number, "a number of seconds > 0"),
    },
    "alerts": {
        "issues": STRING_LIST,
        "keywords": STRING_LIST,
        "command": _Field(_is_str, "a string (a program and its arguments)"),
        "divergences": _Field(lambda v: isinstance(v, bool), "true or false"),
    },
    "dashboard": {
        "hidden": STRING_LIST,
    },
    "matching": {
        "party_threshold": _Field(_is_score, "a score between 1 and 100"),
        "issue_threshold": _Field(_is_score, "a score between 1 and 100"),
    },
}
ARRAY_TABLES = {"parties", "issues", "feeds"}
REQUIRED_TABLES = ("talks", "parties", "issues")
TOP_LEVEL = set(TABLES) | {"filters"}


def parse_duration(value: str | int | float) -> timedelta:
    """Turn "7d", "36h", "90m", "45s" or a number of seconds into a timedelta."""
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = DURATION_PATTERN.match(value)
    if match is None:
        raise ValueError(f"not a duration: {value!r}")
    number, unit = match.groups()
    return timedelta(seconds=float(number) * DURATION_UNITS[unit])


class _Locator:
    """Finds the line of a key in the TOML text, since tomllib keeps no positions."""

    HEADER = re.compile(r"\s*\[(\[)?\s*([A-Za-z0-9_.\"' -]+?)\s*\]?\]\s*(#.*)?\Z")
    KEY = re.compile(r"\s*\"?([A-Za-z0-9_-]+)\"?\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line_of(self, table: str | None, index: int | None = None, key: str | None = None) -> int:
        current: str | None = None
        seen: dict[str, int] = {}
        table_line = 1
        for number, line in enumerate(self.lines, start=1):
            header = self.HEADER.match(line)
            if header:
                current = header.group(2).strip().strip("\"'")
                seen[current] = seen.get(current, -1) + 1
                if current == table and (index is None or seen[current] == index):
                    table_line = number
                    if key is None:
                        return number
                continue
            in_table = current == table and (index is None or seen.get(current) == index)
            if key is not None and (in_table or (table is None and current is None)):
                found = self.KEY.match(line)
                if found and found.group(1) == key:
                    return number
        return table_line


class _Checker:
    """Walks the parsed TOML, collecting every problem before giving up."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.locator = _Locator(text)
        self.problems: list[str] = []

    def report(self, table: str | None, index: int | None, key: str | None, message: str) -> None:
        line = self.locator.line_of(table, index, key)
        where = ".".join(
            part
            for part in (table, f"[{index}]" if index is not None else None, key)
            if part is not None
        ).replace(".[", "[")
        self.problems.append(f"{self.path}:{line}: {where or 'config'}: {message}")

    def check_table(self, name: str, index: int | None, table: Any) -> dict[str, Any]:
        if not isinstance(table, dict):
            self.report(name, index, None, "must be a table")
            return {}
        fields = TABLES[name]
        for key, value in table.items():
            field = fields.get(key)
            if field is None:
                hint = difflib.get_close_matches(key, fields, n=1)
                suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
                self.report(name, index, key, f"unknown key{suggestion}; allowed: {', '.join(fields)}")
            elif not field.check(value):
                self.report(name, index, key, f"must be {field.expected}, got {_describe(value)}")
        for key, field in fields.items():
            if field.required and key not in table:
                self.report(name, index, None, f'missing required key "{key}"')
        return {key: value for key, value in table.items() if key in fields and fields[key].check(value)}

    def check_ids(self, name: str, rows: list[dict[str, Any]]) -> None:
        seen: dict[str, int] = {}
        for index, row in enumerate(rows):
            value = row.get("id")
            if value is None:
                continue
            if not ID_PATTERN.match(value):
                self.report(name, index, "id", f'"{value}" must use only a-z, 0-9 and -')
            elif value in seen:
                self.report(name, index, "id", f'duplicate id "{value}" (first at {name}[{seen[value]}])')
            else:
                seen[value] = index

    def check_urls(self, rows: list[dict[str, Any]]) -> None:
        seen: dict[str, int] = {}
        for index, row in enumerate(rows):
            url = row.get("url")
            if url is None:
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
                self.report("feeds", index, "url", f'"{url}" is not an http(s) URL')
            elif url in seen:
                self.report("feeds", index, "url", f'duplicate feed "{url}" (first at feeds[{seen[url]}])')
            else:
                seen[url] = index

    def check_references(self, table: str, key: str, wanted: Iterable[str], known: set[str], kind: str) -> None:
        for value in wanted:
            if value not in known:
                hint = difflib.get_close_matches(value, known, n=1)
                suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
                self.report(table, None, key, f'no {kind} with id "{value}"{suggestion}')


def _describe(value: Any) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown if len(shown) < 40 else shown[:37] + '...'}"


def parse_config(text: str, path: Path) -> Config:
    """Check TOML text and build the Config; raise ConfigError listing every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise ConfigError([f"{path}:{line.group(1) if line else 1}: not valid TOML: {error}"]) from None
    checker = _Checker(path, text)
    for key in raw:
        if key not in TOP_LEVEL:
            hint = difflib.get_close_matches(key, TOP_LEVEL, n=1)
            suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
            checker.report(key, None, None, f"unknown section{suggestion}")
    for key in REQUIRED_TABLES:
        if key not in raw:
            checker.problems.append(f"{path}:1: {key}: missing required section [{key}]" if key == "talks"
                                    else f"{path}:1: {key}: missing required section [[{key}]]")

    tables: dict[str, Any] = {}
    for name in TABLES:
        value = raw.get(name, [] if name in ARRAY_TABLES else {})
        if name in ARRAY_TABLES:
            if not isinstance(value, list):
                checker.report(name, None, None, f"must be an array of tables ([[{name}]])")
                value = []
            tables[name] = [checker.check_table(name, i, row) for i, row in enumerate(value)]
        else:
            tables[name] = checker.check_table(name, None, value)
    for name in ("parties", "issues"):
        checker.check_ids(name, tables[name])
    checker.check_urls(tables["feeds"])
    alerts = tables["alerts"]
    issue_ids = {row["id"] for row in tables["issues"] if "id" in row}
    checker.check_references("alerts", "issues", alerts.get("issues", []), issue_ids, "issue")
    party_ids = {row["id"] for row in tables["parties"] if "id" in row}
    checker.check_references("dashboard", "hidden", tables["dashboard"].get("hidden", []),
                             party_ids | issue_ids | {"all"}, "pane")
    filters = raw.get("filters", {})
    if not isinstance(filters, dict) or not all(_is_nonempty_str(v) for v in filters.values()):
        checker.report("filters", None, None, 'must be a table of name = "filter expression"')
        filters = {}
    if checker.problems:
        raise ConfigError(checker.problems)

    talks = tables["talks"]
    return Config(
        talks=Talks(
            title=talks["title"],
            divergence_window=parse_duration(talks.get("divergence_window", "7d")),
        ),
        parties=tuple(
            Party(row["id"], row["name"], tuple(row.get("aliases", ())), tuple(row.get("people", ())))
            for row in tables["parties"]
        ),
        issues=tuple(Issue(row["id"], row["name"], tuple(row.get("keywords", ()))) for row in tables["issues"]),
        feeds=tuple(
            Feed(row["url"], row.get("name") or urlsplit(row["url"]).netloc, row.get("interval"))
            for row in tables["feeds"]
        ),
        alerts=Alerts(
            issues=tuple(alerts.get("issues", ())),
            keywords=tuple(alerts.get("keywords", ())),
            command=alerts.get("command", ""),
            divergences=alerts.get("divergences", True),
        ),
        matching=Matching(**tables["matching"]),
        dashboard=Dashboard(hidden=tuple(tables["dashboard"].get("hidden", ()))),
        filters=tuple(filters.items()),
        source=path,
    )


def load_config(path: str | Path) -> Config:
    """Load and check one config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([f"{path}: cannot read config: {error}"]) from None
    return parse_config(text, path)


def shipped_default_path() -> Path:
    """The default config that ships inside the package."""
    from importlib.resources import files

    return Path(str(files("config").joinpath("default.toml")))


def discover_config(explicit: str | Path | None = None) -> Config:
    """Load the config the user means: --config, else their own file, else the shipped default."""
    from config.locations import user_config_file

    if explicit is not None:
        return load_config(explicit)
    user_file = user_config_file()
    if user_file.exists():
        return load_config(user_file)
    return load_config(shipped_default_path())
