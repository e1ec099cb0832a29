"""The alert command gets each field as its own argument: no headline can reach a shell."""

from __future__ import annotations

import json
import sys

from feeds.alerts import Alert
from feeds.notify import command_argv, log_alert, run_command

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
