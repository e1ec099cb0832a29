"""The Textual app: thin routing between the live session and the dashboard screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from config import ConfigError, load_config
from config.locations import alert_log
from config.schema import Config, Feed
from feeds.engine import Batch, Engine
from feeds.model import FeedState
from feeds.notify import log_alerts, run_commands
from feeds.poller import prepare_workers
from feeds.store import Store
from tui.messages import BatchArrived, FeedChecked
from tui.screens.dashboard import DashboardScreen


class TalkwatchApp(App[None]):
    """talkwatch: follow diplomatic talks live."""

    CSS_PATH = "app.tcss"
    TITLE = "talkwatch"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("r", "reload_config", "Reload config"),
        Binding("question_mark", "toggle_keys", "Keys"),
    ]
    CONFIG_CHECK_SECONDS = 2.0

    def __init__(self, config: Config, store: Store, *, live: bool = True,
                 prepare: Callable[[Config], Config] = lambda config: config) -> None:
        super().__init__()
        self.prepare = prepare
        self.config = prepare(config)
        self.store = store
        self.live = live
        self.engine = Engine(self.config, store)
        self.dashboard = DashboardScreen(self.config, self.engine)
        self._stop = asyncio.Event()
        self._config_stamp = self._stamp(config.source)
        if live:
            prepare_workers()

    def on_mount(self) -> None:
        self.push_screen(self.dashboard)
        self._start_live()
        self.set_interval(self.CONFIG_CHECK_SECONDS, self._config_changed)

    def _start_live(self) -> None:
        if self.live and self.config.feeds:
            self._stop = asyncio.Event()
            self.run_live()

    @staticmethod
    def _stamp(path: Path | None) -> tuple[float, int] | None:
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            return None
        return (stat.st_mtime, stat.st_size) if stat is not None else None

    def _config_changed(self) -> None:
        """Pick up an edit of the config file while the dashboard runs."""
        stamp = self._stamp(self.config.source)
        if stamp is not None and stamp != self._config_stamp:
            self._config_stamp = stamp
            self.action_reload_config()

    def action_reload_config(self) -> None:
        """Load the config again; a bad edit is shown and the running config goes on unchanged."""
        source = self.config.source
        if source is None:
            return
        try:
            fresh = self.prepare(load_config(source))
        except ConfigError as error:
            self.notify(str(error), title="Config not reloaded: the running config stays", severity="error",
                        markup=False, timeout=30)
            return
        self._stop.set()
        self.config = fresh
        self.engine = Engine(fresh, self.store)
        self.dashboard = DashboardScreen(fresh, self.engine)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(self.dashboard)
        self._start_live()
        self.notify(f"Reloaded {source}", markup=False)

    @work(exclusive=True, group="live", exit_on_error=False)
    async def run_live(self) -> None:
        """Poll until the app closes; each stored batch becomes a message to the dashboard."""
        from feeds.session import LiveSession

        async with LiveSession(self.config, self.store, self.engine, self._batch_arrived,
                               self._feed_checked) as session:
            await session.run(self._stop)

    async def _batch_arrived(self, feed: Feed, batch: Batch) -> None:
        self.dashboard.post_message(BatchArrived(feed, batch))
        if not batch.alerts:
            return
        log_alerts(alert_log(), batch.alerts)  # one append for the batch; a burst is one command call
        for problem in await run_commands(self.config.alerts.command, batch.alerts):
            self.notify(problem, title="Alert command", severity="error", markup=False)

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


def make_app(config: Config, store: Store, *, live: bool = True,
             prepare: Callable[[Config], Config] = lambda config: config) -> TalkwatchApp:
    """One way to build the app, for the command line and the tests alike.

    `prepare` is applied to every config loaded, the first and each reload (the demo points
    the feeds at its local server with it).
    """
    return TalkwatchApp(config, store, live=live, prepare=prepare)
