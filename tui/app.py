"""The Textual app: thin routing between the live session and the dashboard screen."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from config.schema import Config, Feed
from feeds.engine import Batch, Engine
from feeds.model import FeedState
from feeds.store import Store
from tui.messages import BatchArrived, FeedChecked
from tui.screens.dashboard import DashboardScreen


class TalkwatchApp(App[None]):
    """talkwatch: follow diplomatic talks live."""

    CSS_PATH = "app.tcss"
    TITLE = "talkwatch"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "toggle_keys", "Keys"),
    ]

    def __init__(self, config: Config, store: Store, *, live: bool = True) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.live = live
        self.engine = Engine(config, store)
        self.dashboard = DashboardScreen(config, self.engine)
        self._stop = asyncio.Event()

    def on_mount(self) -> None:
        self.push_screen(self.dashboard)
        if self.live and self.config.feeds:
            self.run_live()

    @work(exclusive=True, group="live", exit_on_error=False)
    async def run_live(self) -> None:
        """Poll until the app closes; each stored batch becomes a message to the dashboard."""
        from feeds.session import LiveSession

        async with LiveSession(self.config, self.store, self.engine, self._batch_arrived,
                               self._feed_checked) as session:
            await session.run(self._stop)

    async def _batch_arrived(self, feed: Feed, batch: Batch) -> None:
        self.dashboard.post_message(BatchArrived(feed, batch))

    async def _feed_checked(self, feed: Feed, state: FeedState) -> None:
        self.dashboard.post_message(FeedChecked(feed, state))

    async def action_quit(self) -> None:
        self._stop.set()
        self.exit()

    def action_toggle_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: jump to any pane, apply a saved filter, toggle an issue's alert."""
        yield from super().get_system_commands(screen)
        dashboard = self.dashboard
        for party in self.config.parties:
            yield SystemCommand(f"Go to party: {party.name}", "Focus this party's pane",
                                lambda p=party.id: dashboard.focus_pane(f"pane-party-{p}"))
        for issue in self.config.issues:
            yield SystemCommand(f"Go to issue: {issue.name}", "Focus this issue's pane",
                                lambda i=issue.id: dashboard.focus_pane(f"pane-issue-{i}"))
            yield SystemCommand(f"Toggle alert: {issue.name}", "Alert on new items about this issue",
                                lambda i=issue.id: dashboard.set_alert(i))
        for name, text in self.config.filters:
            yield SystemCommand(f"Filter: {name}", text, lambda n=name: dashboard.apply_named_filter(n))


def make_app(config: Config, store: Store, *, live: bool = True) -> TalkwatchApp:
    """One way to build the app, for the command line and the tests alike."""
    return TalkwatchApp(config, store, live=live)
