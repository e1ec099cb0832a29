"""The demo feed server over real HTTP, read back by real feedparser, on a clock the tests move by hand.

Also the bundled scenario's shape, since the demo promises that the panes fill at once and the
pledge-and-shelling divergence shows within the first minute.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import httpx
import pytest

from config import load_config
from config.loading import shipped_default_path
from config.scenarios import (
    Outlet,
    Scenario,
    ScenarioError,
    ScenarioItem,
    available,
    load_scenario,
    read_scenario,
)
from feeds.demo_server import DEFAULT_SPEED, DemoServer, demo_config

PLEDGE = "oc-0329-fomin-kyiv-chernihiv"
SHELLING = "wd-0330-chernihiv-shelled-overnight"


class ManualClock:
    """A clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def server(clock: ManualClock):
    with DemoServer(load_scenario(), clock=clock) as running:
        yield running


@pytest.fixture
def client():
    with httpx.Client(timeout=5) as http:
        yield http


def feed_ids(response: httpx.Response) -> list[str]:
    """The item ids of a feed document, read the way talkwatch reads it: feedparser for XML."""
    if response.headers["content-type"].startswith("application/feed+json"):
        return [item["id"] for item in response.json()["items"]]
    parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
    assert not parsed.bozo, parsed.get("bozo_exception")
    # Atom ids are tag URIs ending in the scenario's id; RSS guids are the id itself.
    return [entry.id.rsplit(":", 1)[-1] for entry in parsed.entries]


def test_items_come_out_as_the_replay_clock_advances(server: DemoServer, clock: ManualClock, client):
    """At the start only offset-0 items are out; each later item appears once its offset is reached."""
    scenario = server.scenario
    urls = {feed.name: feed.url for feed in server.feeds}
    official = next(o for o in scenario.outlets if o.id == "official-channels")

    def out_now() -> set[str]:
        return {i for url in urls.values() for i in feed_ids(client.get(url))}

    assert out_now() == {item.id for item in scenario.items if item.offset == 0}
    pledge = next(item for item in scenario.items if item.id == PLEDGE)
    clock.now += pledge.offset - 0.5
    assert PLEDGE not in feed_ids(client.get(urls[official.name]))
    clock.now += 0.5
    assert PLEDGE in feed_ids(client.get(urls[official.name]))
    assert out_now() == {item.id for item in scenario.items if item.offset <= pledge.offset}


def test_speed_scales_the_replay(clock: ManualClock, client):
    """At speed 10, 4.45 real seconds reach every item with an offset up to 44.5."""
    with DemoServer(load_scenario(), clock=clock, speed=10) as fast:
        assert fast.duration == pytest.approx(fast.scenario.duration / 10)
        clock.now += 4.45
        out = {i for feed in fast.feeds for i in feed_ids(client.get(feed.url))}
    assert out == {item.id for item in fast.scenario.items if item.offset <= 44.5}


def test_conditional_get_is_304_until_something_new_is_out(server: DemoServer, clock: ManualClock, client):
    """If-None-Match and If-Modified-Since each get 304 while nothing changes, and 200 once it does."""
    url = next(feed.url for feed in server.feeds if feed.url.endswith("/wire-desk.xml"))
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]

    by_etag = client.get(url, headers={"If-None-Match": etag})
    by_date = client.get(url, headers={"If-Modified-Since": last_modified})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b"" and by_etag.headers["etag"] == etag

    stale = client.get(url, headers={"If-None-Match": '"not-this-one"', "If-Modified-Since": last_modified})
    assert stale.status_code == 200, "If-None-Match decides when both are sent"

    wire_desk = server.scenario.items_of("wire-desk")
    clock.now += next(item.offset for item in wire_desk if item.offset > 0)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_every_outlet_parses_cleanly_in_its_own_format(server: DemoServer, clock: ManualClock, client):
    """RSS 2.0 and Atom parse without bozo; the JSON Feed is 1.1 with every required field."""
    clock.now += server.scenario.duration
    versions = {}
    for feed in server.feeds:
        response = client.get(feed.url)
        if feed.url.endswith(".json"):
            document = json.loads(response.content)
            assert response.headers["content-type"] == "application/feed+json; charset=utf-8"
            assert document["version"] == "https://jsonfeed.org/version/1.1"
            assert document["feed_url"] == feed.url
            for item in document["items"]:
                assert {"id", "title", "content_text", "date_published"} <= item.keys()
                datetime.fromisoformat(item["date_published"])
            versions[feed.name] = "json11"
        else:
            parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
            assert not parsed.bozo, parsed.get("bozo_exception")
            assert parsed.feed.title == feed.name
            assert all(entry.get("published_parsed") for entry in parsed.entries)
            versions[feed.name] = parsed.version
    assert sorted(versions.values()) == ["atom10", "json11", "rss20", "rss20", "rss20"]


def test_every_item_is_served_exactly_once_in_its_own_outlet(server: DemoServer, clock: ManualClock, client):
    """Polling with If-None-Match through the whole replay sees each outlet's items once, no others."""
    outlet_of_url = {feed.url: outlet for feed, outlet in zip(server.feeds, server.scenario.outlets)}
    etags: dict[str, str] = {}
    seen: dict[str, set[str]] = {outlet.id: set() for outlet in server.scenario.outlets}
    while clock.now - 1000.0 <= server.duration + 3:
        for url, outlet in outlet_of_url.items():
            response = client.get(url, headers={"If-None-Match": etags[url]} if url in etags else {})
            if response.status_code == 304:
                continue
            etags[url] = response.headers["etag"]
            ids = feed_ids(response)
            assert len(ids) == len(set(ids)), f"{outlet.id} repeats an item"
            seen[outlet.id].update(ids)
        clock.now += 3
    for outlet in server.scenario.outlets:
        assert seen[outlet.id] == {item.id for item in server.scenario.items_of(outlet.id)}


def test_titles_and_summaries_survive_markup_characters(clock: ManualClock, client):
    """Angle brackets, ampersands, quotes and Rich-style brackets come back as the same characters."""
    title = 'Talks "resume" & [AP] [/] [bold red]hope[/] rises: 5 < 6 > 4, it\'s <b>on</b>'
    summary = "A & B <script>alert(1)</script> say 'yes' > \"no\""
    outlets = tuple(Outlet(f"o-{kind}", f"Outlet <{kind}> & Co", kind) for kind in ("rss", "atom", "json"))
    items = tuple(
        ScenarioItem(f"i-{outlet.format}", outlet.id, 0, datetime(2022, 3, 29, 12, tzinfo=timezone.utc),
                     title, summary, "https://example.org/a?b=1&c=2")
        for outlet in outlets
    )
    scenario = Scenario("hostile", "Hostile", "", outlets, items)
    with DemoServer(scenario, clock=clock) as hostile:
        documents = {feed.name: client.get(feed.url) for feed in hostile.feeds}
    rss, atom, json_feed = (documents[outlet.name] for outlet in outlets)

    atom_entry = feedparser.parse(atom.content).entries[0]
    assert (atom_entry.title, atom_entry.summary) == (title, summary)
    assert atom_entry.link == "https://example.org/a?b=1&c=2"

    rss_parsed = feedparser.parse(rss.content)
    assert not rss_parsed.bozo and rss_parsed.feed.title == "Outlet <rss> & Co"
    rss_entry = rss_parsed.entries[0]
    # RSS descriptions are HTML, so the plain-text summary arrives HTML-escaped, never as markup.
    assert html.unescape(rss_entry.summary) == summary and "<script>" not in rss_entry.summary

    item = json_feed.json()["items"][0]
    assert (item["title"], item["content_text"]) == (title, summary)


def test_unknown_paths_are_404(server: DemoServer, client):
    assert client.get(server.base_url + "/feeds/nope.xml").status_code == 404
    assert client.get(server.base_url + "/feeds/wire-desk.json").status_code == 404


def test_stop_frees_the_port(clock: ManualClock, client):
    with DemoServer(load_scenario(), clock=clock) as running:
        url = running.feeds[0].url
        assert client.get(url).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)
    with pytest.raises(RuntimeError):
        running.base_url


def test_demo_config_swaps_only_the_feeds(server: DemoServer):
    """The shipped default config loads, and the demo keeps its parties, issues and alerts."""
    base = load_config(shipped_default_path())
    demo = demo_config(base, server)
    assert demo.feeds == server.feeds
    assert all(feed.url.startswith(server.base_url) and feed.interval == 2 for feed in demo.feeds)
    assert replace(demo, feeds=base.feeds) == base


def test_the_bundled_scenario_fills_panes_at_once_and_diverges_within_a_minute():
    """Several items at once; Russia's pledge, then the shelling of Chernihiv, both inside 60 s."""
    scenario = load_scenario()
    assert available() == ("istanbul-2022",)
    assert 35 <= len(scenario.items) <= 60
    assert len([item for item in scenario.items if item.offset <= 5]) >= 8
    offsets = {item.id: item.offset / DEFAULT_SPEED for item in scenario.items}
    assert offsets[PLEDGE] < offsets[SHELLING] <= 60
    assert 180 <= scenario.duration / DEFAULT_SPEED <= 300
    published = [item.published for item in scenario.items]
    assert published == sorted(published), "replay order is publication order, as `analyze` reads it"
    assert all(item.link.startswith("https://example.org/") for item in scenario.items)


def write_scenario(folder: Path, items: list[dict], outlets: str | None = None) -> Path:
    folder.mkdir()
    (folder / "scenario.toml").write_text(
        '[scenario]\ntitle = "T"\n\n'
        + (outlets or '[[outlets]]\nid = "desk"\nname = "Desk"\nformat = "rss"\n'),
        encoding="utf-8",
    )
    lines = "".join(json.dumps(item) + "\n" for item in items)
    (folder / "items.jsonl").write_text(lines, encoding="utf-8")
    return folder


def item(**overrides) -> dict:
    """A valid item line of the one-outlet scenario that `write_scenario` makes, changed as asked."""
    valid = {"id": "a", "source": "Desk", "offset": 0, "published": "2022-03-29T12:00:00Z", "title": "A"}
    return valid | overrides


def test_a_scenario_folder_reads_into_replay_order_with_utc_times(tmp_path: Path):
    later = item(id="b", offset=3, published="2022-03-30T00:00:00+03:00")
    scenario = read_scenario(write_scenario(tmp_path / "s", [later, item()]))
    assert [i.id for i in scenario.items] == ["a", "b"]
    assert scenario.items[1].published == datetime(2022, 3, 29, 21, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "items.jsonl: no items"),
        ([item(), item()], "items.jsonl:2: duplicate id 'a'"),
        ([item(source="Elsewhere")], "items.jsonl:1: source 'Elsewhere' is not an outlet"),
        ([item(offset=-1)], "items.jsonl:1: offset must be"),
        ([item(published="2022-03-29T12:00:00")], "items.jsonl:1: published '2022-03-29T12:00:00' needs"),
        ([item(titel="typo")], "items.jsonl:1: unknown key titel"),
        ([item(title="bell \x07")], "items.jsonl:1: title contains a control character"),
        (
            [item(), item(id="b", offset=5, published="2022-03-29T11:00:00Z")],
            "items.jsonl:2: 'b' is replayed after a later or equal `published`",
        ),
    ],
)
def test_a_malformed_scenario_is_refused_naming_file_and_line(tmp_path, items: list[dict], message: str):
    with pytest.raises(ScenarioError) as caught:
        read_scenario(write_scenario(tmp_path / "s", items))
    assert message in str(caught.value)


def test_a_bad_outlet_is_refused(tmp_path: Path):
    outlets = '[[outlets]]\nid = "desk"\nname = "Desk"\nformat = "rdf"\n'
    with pytest.raises(ScenarioError, match="format 'rdf' must be one of rss, atom, json"):
        read_scenario(write_scenario(tmp_path / "s", [item()], outlets))


def test_an_unknown_scenario_name_lists_the_bundled_ones():
    with pytest.raises(ScenarioError, match="available: istanbul-2022"):
        load_scenario("../istanbul-2022")
