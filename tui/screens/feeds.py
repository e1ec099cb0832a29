"""Every feed's health: when it was last read, its last error, and when it is tried next."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer

from config.schema import Feed
from feeds.model import FeedState
from feeds.text import plain_text


def _at(moment: datetime | None) -> str:
    return moment.strftime("%d %b %H:%M:%S") if moment is not None else "—"


def health_row(feed: Feed, state: FeedState | None) -> tuple[Text, ...]:
    """One feed as plain cells; errors come from the network and are drawn as plain text."""
    if state is None:
        health = Text("waiting", style="dim")
    elif state.last_error:
        health = Text(f"failing ×{state.failures}", style="bold red")
    elif state.bozo:
        health = Text("ok, odd", style="yellow")
    else:
        health = Text("ok", style="green")
    problem = (state.last_error or state.bozo or "") if state is not None else ""
    return (
        health,
        Text(plain_text(feed.name, 60, html_markup=False)),
        Text(str(state.status) if state is not None and state.status else "—"),
        Text(_at(state.last_ok if state else None)),
        Text(_at(state.next_poll if state else None)),
        Text(plain_text(problem, 300, html_markup=False), style="red" if state and state.last_error else ""),
        Text(feed.url, style="dim"),
    )


class FeedsScreen(ModalScreen[None]):
    """Opened with `f`: the feeds, failing ones first."""

    BINDINGS = [Binding("escape,q,f", "dismiss", "Back")]

    def __init__(self, feeds: tuple[Feed, ...], states: dict[str, FeedState]) -> None:
        super().__init__()
        self.feeds = feeds
        self.states = states

    def compose(self) -> ComposeResult:
        table: DataTable = DataTable(id="feed-table", cursor_type="row", zebra_stripes=True)
        table.border_title = "Feeds"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("health", "feed", "HTTP", "last read", "next try", "problem", "url")
        ordered = sorted(self.feeds, key=lambda f: (not (self.states.get(f.url) and self.states[f.url].last_error),
                                                    f.name.casefold()))
        for feed in ordered:
            table.add_row(*health_row(feed, self.states.get(feed.url)), key=feed.url)
