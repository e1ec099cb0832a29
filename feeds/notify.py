"""Delivering alerts outside the screen: the alert log and the user's notify command.

The command is split like a shell would (shlex) but never run through one: each alert field
is its own argument and the whole alert goes as JSON on stdin, so no headline can inject a command.
"""

from __future__ import annotations

import asyncio
import json
import shlex
from pathlib import Path

from feeds.alerts import Alert
from feeds.records import alert_record

COMMAND_TIMEOUT = 15.0


def command_argv(command: str, alert: Alert) -> list[str]:
    """The program and its own arguments, then: reason, title, source, link, item id, party, issue."""
    return [*shlex.split(command), alert.reason, alert.title, alert.source, alert.link, alert.item_id,
            alert.party, alert.issue]


async def run_command(command: str, alert: Alert) -> str | None:
    """Run the notify command for one alert; return a problem to show, or None when it went well."""
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
            process.communicate(json.dumps(alert_record(alert), ensure_ascii=False).encode() + b"\n"),
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


def log_alert(path: Path, alert: Alert) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps(alert_record(alert), ensure_ascii=False) + "\n")
