"""The alert command gets each field as its own argument: no headline can reach a shell."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from feeds.alerts import Alert
from feeds.notify import (
    BURST,
    command_argv,
    log_alert,
    log_alerts,
    run_command,
    run_commands,
    summary_alert,
)

HOSTILE = Alert("item:x", 'keyword "ceasefire"', "Truce $(touch pwned); rm -rf / `id` | tee x", "Wire; echo",
                "https://example.org/a?b=1&c=2", "x", "russia", "ceasefire")


def recorder(tmp_path):
    script = tmp_path / "record.py"
    script.write_text(
        "import json, sys\n"
        f"open({str(tmp_path / 'out.json')!r}, 'w').write(json.dumps({{'argv': sys.argv[1:], 'stdin': sys.stdin.read()}}))\n"
    )
    return f"{sys.executable} {script} --from-talkwatch"


async def test_fields_arrive_as_separate_arguments_and_json_on_stdin(tmp_path):
    assert await run_command(recorder(tmp_path), HOSTILE) is None
    seen = json.loads((tmp_path / "out.json").read_text())
    assert seen["argv"] == ["--from-talkwatch", HOSTILE.reason, HOSTILE.title, HOSTILE.source, HOSTILE.link, "x",
                            "russia", "ceasefire"]
    assert json.loads(seen["stdin"])["title"] == HOSTILE.title
    assert not (tmp_path / "pwned").exists()
    assert not list(tmp_path.glob("x"))


def test_the_user_command_is_split_like_a_shell_but_never_run_by_one():
    assert command_argv("notify-send -u critical", HOSTILE)[:3] == ["notify-send", "-u", "critical"]


async def test_a_missing_or_failing_command_is_reported_not_raised(tmp_path):
    assert "failed to start" in await run_command("/no/such/program", HOSTILE)
    assert "exited with 3" in await run_command(f"{sys.executable} -c 'import sys; sys.exit(3)'", HOSTILE)
    assert await run_command("", HOSTILE) is None


def test_alerts_are_logged_as_json_lines(tmp_path):
    log = tmp_path / "state" / "alerts.jsonl"
    log_alert(log, HOSTILE)
    log_alert(log, HOSTILE)
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["reason"] == HOSTILE.reason


def many_runs_recorder(tmp_path):
    """A command that appends one JSON line per run: its arguments and what came on stdin."""
    script = tmp_path / "runs.py"
    script.write_text(
        "import json, sys\n"
        f"open({str(tmp_path / 'runs.jsonl')!r}, 'a').write(json.dumps({{'argv': sys.argv[1:], 'stdin': sys.stdin.read()}}) + '\\n')\n"
    )
    return f"{sys.executable} {script}"


def runs(tmp_path):
    path = tmp_path / "runs.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def alerts(n, divergences=0):
    items = [replace(HOSTILE, key=f"item:{i}", item_id=f"i{i}", title=f"Ceasefire {i}") for i in range(n)]
    return items + [replace(HOSTILE, key=f"divergence:s:d{i}:russia:ceasefire", item_id=f"d{i}", title=f"Deed {i}",
                            reason="divergence: said one thing, did another") for i in range(divergences)]


async def test_a_few_alerts_run_the_command_once_each(tmp_path):
    few = alerts(BURST)
    assert await run_commands(many_runs_recorder(tmp_path), few) == []
    assert sorted(r["argv"][1] for r in runs(tmp_path)) == sorted(a.title for a in few)
    assert all("count" not in json.loads(r["stdin"]) for r in runs(tmp_path))


async def test_a_burst_becomes_one_summary_run_with_the_latest_alerts_fields(tmp_path):
    burst = alerts(BURST + 2, divergences=2)
    assert await run_commands(many_runs_recorder(tmp_path), burst) == []
    [run] = runs(tmp_path)
    latest = burst[-1]
    reason, *fields = run["argv"]
    assert reason.startswith(f"{len(burst)} alerts ({BURST + 2} items, 2 divergences); latest: ")
    assert reason.endswith(latest.reason)
    assert fields == [latest.title, latest.source, latest.link, latest.item_id, latest.party, latest.issue]
    stdin = json.loads(run["stdin"])
    assert (stdin["count"], stdin["title"], stdin["reason"]) == (len(burst), latest.title, reason)
    assert summary_alert(burst).reason == reason


async def test_no_command_or_no_alerts_runs_nothing(tmp_path):
    assert await run_commands("", alerts(10)) == []
    assert await run_commands(many_runs_recorder(tmp_path), []) == []
    assert runs(tmp_path) == []


async def test_a_failing_burst_command_is_one_problem(tmp_path):
    problems = await run_commands(f"{sys.executable} -c 'import sys; sys.exit(4)'", alerts(BURST + 1))
    assert len(problems) == 1 and "exited with 4" in problems[0]


def test_a_batch_of_alerts_is_appended_whole_to_the_log(tmp_path):
    log = tmp_path / "state" / "alerts.jsonl"
    log_alert(log, HOSTILE)
    log_alerts(log, alerts(50))
    log_alerts(log, [])
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["item"] for r in lines] == ["x", *(f"i{i}" for i in range(50))]
    assert lines[0]["title"] == HOSTILE.title
