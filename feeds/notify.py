"""Delivering alerts outside the screen: the alert log and the user's notify command.

The command is split like a shell would (shlex) but never run through one: each alert field
is its own argument and the whole alert goes as JSON on stdin, so no headline can inject a command.

A burst (more than BURST alerts from one batch) runs the command once, with a summary, not once
per alert: a desktop drowned in 100 notifications, or 100 processes started in a row, helps no
one. Every alert of a burst is still printed by `poll` and written to the alert log.
"""

from __future__ import annotations

import asyncio
import json
import shlex
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from feeds.alerts import Alert
from feeds.records import alert_record

COMMAND_TIMEOUT = 15.0
BURST = 5
"""More alerts than this in one batch run the command once, with a summary of them.

Five, not fewer: a handful of notifications is still readable one by one, so a poll that brings
a few alerting items delivers each in full; past that, one summary says how many there were."""

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(ensure_ascii=False) builds one per call


def command_argv(command: str, alert: Alert) -> list[str]:
    """The program and its own arguments, then: reason, title, source, link, item id, party, issue."""
    return [*shlex.split(command), alert.reason, alert.title, alert.source, alert.link, alert.item_id,
            alert.party, alert.issue]


def summary_alert(alerts: Sequence[Alert]) -> Alert:
    """One alert standing for a burst: the latest alert's fields, and a reason that counts them all."""
    latest = alerts[-1]
    divergences = sum(a.key.startswith("divergence:") for a in alerts)
    parts = [f"{len(alerts) - divergences} items"] if len(alerts) > divergences else []
    parts += [f"{divergences} divergences"] if divergences else []
    return replace(latest, reason=f"{len(alerts)} alerts ({', '.join(parts)}); latest: {latest.reason}")


async def run_commands(command: str, alerts: Sequence[Alert]) -> list[str]:
    """Run the notify command for one batch's alerts: once per alert, or once for a burst.

    A burst (more than BURST alerts) is one call with `summary_alert`'s fields as arguments and,
    on stdin, its JSON with `"count"`: how many alerts it stands for. Returns the problems to show.
    """
    if not command.strip() or not alerts:
        return []
    if len(alerts) > BURST:
        problem = await run_command(command, summary_alert(alerts), count=len(alerts))
        return [problem] if problem else []
    problems = [await run_command(command, alert) for alert in alerts]
    return [p for p in problems if p]


async def run_command(command: str, alert: Alert, count: int = 1) -> str | None:
    """Run the notify command for one alert; return a problem to show, or None when it went well.

    `count` > 1 says the alert is a burst's summary; its JSON on stdin then carries `"count"`.
    """
    if not command.strip():
        return None
    try:
        argv = command_argv(command, alert)
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
    except (OSError, ValueError) as error:
        return f"alert command failed to start: {error}"
    try:
        _, stderr = await asyncio.wait_for(
            process.communicate(_stdin(alert, count)),
            COMMAND_TIMEOUT,
        )
    except TimeoutError:
        process.kill()
        await process.wait()
        return f"alert command took longer than {COMMAND_TIMEOUT:.0f} s and was stopped"
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"alert command exited with {process.returncode} {detail[0][:200]}".strip()
    return None


def _stdin(alert: Alert, count: int) -> bytes:
    record: dict[str, Any] = alert_record(alert)
    if count > 1:
        record["count"] = count
    return _ENCODE(record).encode() + b"\n"


def alert_lines(alerts: Sequence[Alert]) -> list[str]:
    """Each alert's JSON line (`feeds.records.alert_record`), newline included."""
    return [_ENCODE(alert_record(alert)) + "\n" for alert in alerts]


def log_alert(path: Path, alert: Alert) -> None:
    log_alerts(path, [alert])


def log_alerts(path: Path, alerts: Sequence[Alert], lines: Sequence[str] | None = None) -> None:
    """Append alerts to the log as JSON lines: one open and one write(2) for the whole batch.

    `lines` may hand over `alert_lines(alerts)` already made (poll prints the same lines).
    One unbuffered O_APPEND write, so a dashboard and a `poll` appending to the same log at once
    never interleave inside each other's lines.
    """
    if not alerts:
        return
    data = "".join(alert_lines(alerts) if lines is None else lines).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab", buffering=0) as log:
        view = memoryview(data)
        while view:
            written = log.write(view)
            if not written:
                raise OSError(f"{path}: nothing written")
            view = view[written:]
