"""OPML in and out: nested folders flattened, broken files named, nothing executable imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.schema import Feed
from feeds.opml import read_opml, write_opml

NEWSBOAT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "newsboat"


def newsboat(name: str) -> bytes:
    path = NEWSBOAT / name
    if not path.exists():
        pytest.skip(f"the shared corpus is not here ({NEWSBOAT}); it lives beside the repo, not in it")
    return path.read_bytes()


def test_nested_outlines_are_flattened_in_document_order():
    feeds = read_opml(newsboat("example.opml"))
    assert [f.url for f in feeds] == [
        "https://example.com/feed.xml",
        "https://example.com/mirrors/distrowatch.rss",
        "https://example.com/feed.atom",
        "https://example.com/feed.rss09",
        "https://blogs.example.com/~john/posts.rss",
        "https://blogs.example.com/~mike/.rss",
        "https://fred.example.com/writing/index.php?type=rss",
    ]
    assert feeds[0] == Feed("https://example.com/feed.xml", "example.com website")
    assert feeds[5].name == "Notes by Mike"


def test_text_names_a_feed_when_title_is_missing():
    names = {f.url: f.name for f in read_opml(newsboat("example2.opml"))}
    assert names["https://example.com/five.atom"] == "another title"
    assert names["https://third.example.com/~of/internet.rss"] == "Really?"


def test_an_untitled_feed_is_named_by_its_url():
    [feed] = read_opml(newsboat("category.opml"))
    assert feed.name == feed.url == "http://feeds.bbci.co.uk/news/business/rss.xml?edition=int"


def test_piped_commands_are_never_imported():
    assert [f.url for f in read_opml(newsboat("piped.opml"))] == ["https://example.com/feed.atom"]


def test_filter_attributes_are_ignored_and_the_feed_kept():
    assert [f.url for f in read_opml(newsboat("filtered.opml"))] == [
        "https://example.com/another_feed.atom", "https://example.com/firehose"]


def test_deep_nesting_from_an_exporter_is_read():
    assert len(read_opml(newsboat("test-urls+.opml"))) == 4


@pytest.mark.parametrize(
    ("name", "message"),
    [("body-element-missing.opml", "without a <body>"), ("opml-element-missing.opml", "root element is <not-opml>")],
)
def test_broken_newsboat_files_are_refused_with_a_reason(name, message):
    with pytest.raises(ValueError, match=message):
        read_opml(newsboat(name))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not well-formed XML"),
        (b"<opml><body><outline xmlUrl='http://x/'></body></opml>", "mismatched tag at line 1"),
        (b"\x89PNG\r\n\x1a\n", "not well-formed XML"),
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><opml><body/></opml>', "DOCTYPE"),
        (b"<rss version='2.0'/>", "root element is <rss>"),
    ],
    ids=["empty", "mismatched", "binary", "doctype", "rss"],
)
def test_broken_files_raise_a_clear_value_error(data, message):
    with pytest.raises(ValueError, match=message):
        read_opml(data)


def test_duplicates_and_hostile_names_are_cleaned():
    data = (b"<opml version='2.0'><body>"
            b"<outline title='&#x202e;Kremlin &#x9b;2J' xmlUrl=' https://a.example/rss '/>"
            b"<outline title='Again' xmlUrl='https://a.example/rss'/>"
            b"<outline title='Local' xmlUrl='file:///etc/passwd'/></body></opml>")
    assert read_opml(data) == [Feed("https://a.example/rss", "Kremlin 2J")]


def test_written_opml_reads_back_the_same_feeds():
    feeds = [Feed("https://a.example/rss?x=1&y=2", 'Quotes "and" <brackets> & more'), Feed("https://b.example/", "B")]
    text = write_opml(feeds)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert read_opml(text.encode()) == feeds


def test_written_opml_from_the_corpus_round_trips():
    feeds = read_opml(newsboat("example.opml"))
    assert read_opml(write_opml(feeds).encode()) == feeds
