"""The command line as a user meets it: init, --version, analyze's contract, and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

CONFIG = Path(__file__).parent / "data" / "talks.toml"


def run(*args: str, env_dirs=None) -> subprocess.CompletedProcess:
    """Run the real console entry in a child process, as a user's shell would."""
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("talkwatch ")
    for command in (["--help"], ["analyze", "--help"], ["poll", "--help"], ["demo", "--help"], ["init", "--help"],
                    ["feeds", "--help"]):
        with pytest.raises(SystemExit) as done:
            main(command)
        assert done.value.code == 0


def test_init_writes_the_default_config_where_the_user_will_find_it(user_dirs, capsys):
    assert main(["init"]) == 0
    written = user_dirs["config"] / "talkwatch" / "config.toml"
    assert str(written) in capsys.readouterr().out
    assert "[[parties]]" in written.read_text()
    assert main(["init"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["init", "--force"]) == 0


def test_a_bad_config_is_one_clear_message_and_exit_status_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[talks]\ntitle = "x"\ncolour = "red"\n')
    assert main(["analyze", "--config", str(bad), str(tmp_path / "none.jsonl")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3: talks.colour: unknown key" in err
    assert "Traceback" not in err


def test_analyze_prints_the_design_contract_and_skips_bad_lines(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text("\n".join([
        json.dumps({"id": "b", "title": "Russian forces shelled the suburbs overnight", "published":
                    "2022-03-30T02:00:00Z", "source": "Courier", "extra": "ignored"}),
        "{not json",
        json.dumps({"title": "no id"}),
        json.dumps({"id": "a", "title": "Russia will reduce military activity near Kyiv, Moscow says",
                    "published": "2022-03-29T10:00:00Z"}),
        json.dumps({"id": "c", "title": "Late goal settles the derby"}),
    ]) + "\n")
    done = run("analyze", "--config", str(CONFIG), str(items))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["type"], r.get("id")) for r in records] == [
        ("item", "a"), ("item", "b"), ("divergence", None), ("item", "c")]
    first = records[0]
    assert "russia" in first["parties"] and "drawdown" in first["issues"]
    assert set(first["claims"][0]) >= {"kind", "party", "speaker", "direction", "issues", "text"}
    divergence = records[2]
    assert (divergence["party"], divergence["issue"]) == ("russia", "drawdown")
    assert divergence["statement"]["item"] == "a" and divergence["action"]["item"] == "b"
    assert records[3]["parties"] == [] and records[3]["claims"] == []
    assert f"{items}:2:" in done.stderr and f"{items}:3: missing required key \"id\"" in done.stderr
