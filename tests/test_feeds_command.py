"""`talkwatch feeds`: OPML in and out, and each feed's health."""

from __future__ import annotations

from pathlib import Path

from config import load_config
from feeds.model import FeedState
from feeds.store import Store
from tui.cli import main

CONFIG = Path(__file__).parent / "data" / "talks.toml"
OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="World">
    <outline text="Desk A" type="rss" xmlUrl="https://a.example/rss"/>
    <outline text="Desk B" type="rss" xmlUrl="https://b.example/atom"/>
  </outline>
</body></opml>
"""


def test_import_adds_feeds_to_the_users_config_once_and_export_writes_them_back(tmp_path, user_dirs, capsys):
    opml = tmp_path / "mine.opml"
    opml.write_bytes(OPML)
    assert main(["feeds", "import", str(opml)]) == 0
    user_file = user_dirs["config"] / "talkwatch" / "config.toml"
    assert "Added 2 feeds" in capsys.readouterr().out
    urls = [f.url for f in load_config(user_file).feeds]
    assert "https://a.example/rss" in urls and "https://b.example/atom" in urls
    assert main(["feeds", "import", str(opml)]) == 0
    assert "Added 0 feeds" in capsys.readouterr().out
    assert main(["feeds", "export"]) == 0
    exported = capsys.readouterr().out
    assert 'xmlUrl="https://a.example/rss"' in exported and 'text="Desk B"' in exported


def test_a_broken_opml_is_a_clear_error_and_the_config_is_untouched(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text(CONFIG.read_text())
    broken = tmp_path / "broken.opml"
    broken.write_bytes(b"<opml><head></head>")
    assert main(["feeds", "import", "--config", str(config), str(broken)]) == 2
    assert str(broken) in capsys.readouterr().err
    assert config.read_text() == CONFIG.read_text()


def test_list_shows_each_feeds_health(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text(CONFIG.read_text().replace("[alerts]", '[[feeds]]\nurl = "https://a.example/rss"\nname = "A"\n'
                                                 '\n[[feeds]]\nurl = "https://b.example/rss"\nname = "B"\n\n[alerts]'))
    db = tmp_path / "t.db"
    store = Store.open(db)
    store.save(FeedState("https://a.example/rss", last_error="HTTP 503", failures=3))
    store.close()
    assert main(["feeds", "list", "--config", str(config), "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("A\thttps://a.example/rss\tFAILING (3x): HTTP 503")
    assert lines[1].endswith("not polled yet")
