"""Config loading: the good path, discovery order, and every validation error named by file, line and key."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from config import ConfigError, discover_config, load_config
from config.loading import shipped_default_path

GOOD = """\
[talks]
title = "Test talks"
divergence_window = "36h"

[[parties]]
id = "russia"
name = "Russia"
aliases = ["Russia", "Moscow"]
people = ["Dmitry Peskov"]

[[parties]]
id = "ukraine"
name = "Ukraine"

[[issues]]
id = "drawdown"
name = "Drawdown"
keywords = ["withdrawal", "pull back"]

[[feeds]]
url = "https://example.org/rss.xml"
name = "Example"
interval = 120

[alerts]
issues = ["drawdown"]
keywords = ["ceasefire"]
command = "notify-send"

[matching]
party_threshold = 92

[dashboard]
hidden = ["ukraine"]

[filters]
kremlin = 'party:russia AND "pull back"'
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "talks.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    return caught.value.problems


def test_a_good_config_loads_into_frozen_values(tmp_path):
    config = load_config(write(tmp_path, GOOD))
    assert config.talks.title == "Test talks"
    assert config.talks.divergence_window == timedelta(hours=36)
    assert [p.id for p in config.parties] == ["russia", "ukraine"]
    assert config.party("russia").people == ("Dmitry Peskov",)
    assert config.party("ukraine").aliases == ()
    assert config.issue("drawdown").keywords == ("withdrawal", "pull back")
    assert config.feeds[0].interval == 120
    assert config.alerts.issues == ("drawdown",)
    assert config.alerts.divergences is True
    assert config.matching.party_threshold == 92
    assert config.matching.issue_threshold == 90
    assert config.dashboard.hidden == ("ukraine",)
    assert config.filters == (("kremlin", 'party:russia AND "pull back"'),)
    with pytest.raises(AttributeError):
        config.talks.title = "changed"  # type: ignore[misc]


def test_the_window_defaults_to_seven_days(tmp_path):
    config = load_config(write(tmp_path, GOOD.replace('divergence_window = "36h"\n', "")))
    assert config.talks.divergence_window == timedelta(days=7)


def test_the_shipped_default_is_valid_and_covers_the_talks():
    config = load_config(shipped_default_path())
    party_ids = {p.id for p in config.parties}
    assert {"ukraine", "russia", "nato", "turkey"} <= party_ids
    assert len(config.parties) >= 8
    assert len(config.issues) >= 12
    assert all(feed.url.startswith("https://") for feed in config.feeds)


CASES = [
    pytest.param("[talks]\ntitle = \"x\"\n[[parties]\n", 3, "not valid TOML", id="unparsable"),
    pytest.param(GOOD.replace('name = "Drawdown"', 'name = "Drawdown"\nkeyword = ["x"]'), 18,
                 'issues[0].keyword: unknown key (did you mean "keywords"?)', id="unknown-key"),
    pytest.param(GOOD.replace("[matching]", "[matchin]"), 30, 'matchin: unknown section (did you mean "matching"?)',
                 id="unknown-section"),
    pytest.param(GOOD.replace("interval = 120", 'interval = "often"'), 23, "feeds[0].interval: must be a number",
                 id="wrong-type-interval"),
    pytest.param(GOOD.replace('aliases = ["Russia", "Moscow"]', 'aliases = "Russia"'), 8,
                 "parties[0].aliases: must be a list of non-empty strings", id="wrong-type-aliases"),
    pytest.param(GOOD.replace('id = "ukraine"', 'id = "russia"'), 12, 'parties[1].id: duplicate id "russia"',
                 id="duplicate-id"),
    pytest.param(GOOD.replace('id = "ukraine"', 'id = "Ukraine!"'), 12, "parties[1].id: \"Ukraine!\" must use only",
                 id="bad-id"),
    pytest.param(GOOD.replace('issues = ["drawdown"]', 'issues = ["drawdwn"]'), 26,
                 'alerts.issues: no issue with id "drawdwn" (did you mean "drawdown"?)', id="missing-reference"),
    pytest.param(GOOD.replace("https://example.org/rss.xml", "ftp://example.org/rss.xml"), 21,
                 'feeds[0].url: "ftp://example.org/rss.xml" is not an http(s) URL', id="bad-url"),
    pytest.param(GOOD.replace("https://example.org/rss.xml", "not a url"), 21, "is not an http(s) URL",
                 id="not-a-url"),
    pytest.param(GOOD.replace('name = "Ukraine"\n', ""), 11, 'parties[1]: missing required key "name"',
                 id="missing-name"),
    pytest.param(GOOD.replace('divergence_window = "36h"', 'divergence_window = "a week"'), 3,
                 "talks.divergence_window: must be a duration", id="bad-duration"),
    pytest.param(GOOD.replace("party_threshold = 92", "party_threshold = 140"), 31,
                 "matching.party_threshold: must be a score between 1 and 100", id="bad-threshold"),
    pytest.param(GOOD.replace('hidden = ["ukraine"]', 'hidden = ["ukrane"]'), 34,
                 'dashboard.hidden: no pane with id "ukrane" (did you mean "ukraine"?)', id="missing-pane"),
    pytest.param(GOOD.replace("[talks]\ntitle = \"Test talks\"\n", ""), 1, "talks: missing required section",
                 id="missing-talks"),
]


@pytest.mark.parametrize(("text", "line", "message"), CASES)
def test_each_problem_names_the_file_the_line_and_the_key(tmp_path, text, line, message):
    problems = problems_for(tmp_path, text)
    expected_prefix = f"{tmp_path / 'talks.toml'}:{line}: "
    assert any(p.startswith(expected_prefix) and message in p for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("interval = 120", "interval = -1").replace('id = "ukraine"', 'id = "russia"')
    assert len(problems_for(tmp_path, text)) == 3   # the bad interval, the duplicate, and the pane left dangling


def test_an_unreadable_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "absent.toml")


def test_discovery_prefers_the_explicit_path_then_the_user_file_then_the_default(tmp_path, user_dirs):
    assert discover_config().source == shipped_default_path()
    user_file = user_dirs["config"] / "talkwatch" / "config.toml"
    user_file.parent.mkdir(parents=True)
    user_file.write_text(GOOD.replace("Test talks", "Mine"), encoding="utf-8")
    assert discover_config().talks.title == "Mine"
    assert discover_config(write(tmp_path, GOOD)).talks.title == "Test talks"
