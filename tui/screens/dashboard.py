"""The main screen: divergences and positions on top, a pane per party and issue below, status at the foot.

The screen routes: it takes the pipeline's messages, keeps the counts, and tells each pane
what to show. Panes never reach into each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from config.schema import Config
from feeds.engine import Batch, Engine
from feeds.model import Divergence, Entry, FeedState
from feeds.positions import Positions
from feeds.query import FilterError, compile_filter
from feeds.stories import related
from tui.messages import BatchArrived, FeedChecked
from tui.screens.feeds import FeedsScreen
from tui.screens.item import DivergenceScreen, ItemScreen
from tui.widgets.panes import DivergencePane, EntryPane
from tui.widgets.positions_grid import PositionsGrid
from tui.widgets.row_list import RowList
from tui.widgets.status_bar import StatusBar

HISTORY_ROWS = 3000
BATCH_SECONDS = 0.1
"""Batches arriving this close together are drawn as one: a poll of 50 feeds is one redraw."""
PANE_MIN_WIDTH = 56
POSITIONS_MIN_WIDTH = 100
ALERT_BURST = 3


class DashboardScreen(Screen[None]):
    """Everything at once: where the talks stand, what diverges, and every party's and issue's news."""

    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("a", "toggle_alert", "Alert on issue"),
        Binding("m", "maximize_pane", "Maximise"),
        Binding("h", "hide_pane", "Hide pane"),
        Binding("H", "show_panes", "Show all"),
        Binding("d", "focus_divergences", "Divergences"),
        Binding("p", "focus_positions", "Positions"),
        Binding("f", "show_feeds", "Feeds"),
    ]

    def __init__(self, config: Config, engine: Engine) -> None:
        super().__init__()
        self.config = config
        self.engine = engine
        self.positions = Positions()
        self.names = {p.id: p.name for p in config.parties} | {i.id: i.name for i in config.issues}
        self.feed_states: dict[str, FeedState] = {}
        self._pending: list[Batch] = []
        self._told_unreachable = False
        self._panes_by_topic: dict[str, EntryPane] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="top"):
            yield DivergencePane(self.names, id="divergences")
            yield PositionsGrid(self.config, id="positions")
        with Grid(id="panes"):
            yield EntryPane("All news", id="pane-all")
            for party in self.config.parties:
                yield EntryPane(party.name, party=party.id, id=f"pane-party-{party.id}")
            for issue in self.config.issues:
                pane = EntryPane(issue.name, issue=issue.id, id=f"pane-issue-{issue.id}")
                pane.set_alerting(issue.id in self.engine.alert_issues)
                yield pane
        yield Input(placeholder='filter: words, "phrases", AND OR NOT ( ), party: issue: kind: direction: source:',
                    id="filter")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def entry_panes(self) -> list[EntryPane]:
        return list(self.query(EntryPane))

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.title = self.config.talks.title
        self.status.total = len(self.config.feeds)
        self.status.healthy = len(self.config.feeds)
        hidden = set(self.config.dashboard.hidden)
        self._panes_by_topic = {f"party:{p.party}" if p.party else f"issue:{p.issue}" if p.issue else "all": p
                                for p in self.entry_panes}
        for pane in self.entry_panes:
            pane.display = (pane.party or pane.issue or "all") not in hidden
        self.query_one("#pane-all", EntryPane).focus()
        self.load_history()

    def on_resize(self) -> None:
        """Use the room: more pane columns on a wide terminal; on a narrow one the grid waits behind `p`."""
        columns = max(1, self.size.width // PANE_MIN_WIDTH)
        self.query_one("#panes", Grid).styles.grid_size_columns = columns
        grid = self.query_one(PositionsGrid)
        if self.maximized is not grid:
            grid.display = self.size.width >= POSITIONS_MIN_WIDTH

    # --- filling the panes ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history")
    def load_history(self) -> None:
        """Read the store off the event loop; the screen paints at once and fills when this lands."""
        store = self.engine.store
        if store is None:
            return
        entries = store.recent(HISTORY_ROWS)
        divergences = store.divergences()
        self.app.call_from_thread(self.show_history, entries, divergences, store.count())

    def show_history(self, entries: Sequence[Entry], divergences: Sequence[Divergence], stored: int) -> None:
        self._show(entries, divergences, fresh=False)
        self.status.stored = stored

    def _route(self, entries: Sequence[Entry]) -> dict[EntryPane, list[Entry]]:
        """Each entry to its own panes only: one pass, not every pane asked about every entry."""
        buckets: dict[EntryPane, list[Entry]] = {}
        for entry in entries:
            reading = entry.reading
            topics = [f"party:{p}" for p in reading.parties] + [f"issue:{i}" for i in reading.issues]
            for topic in (["all"] if topics else []) + topics:
                pane = self._panes_by_topic.get(topic)
                if pane is not None:
                    buckets.setdefault(pane, []).append(entry)
        return buckets

    def _show(self, entries: Sequence[Entry], divergences: Sequence[Divergence], fresh: bool) -> None:
        with self.app.batch_update():
            for pane, routed in self._route(entries).items():
                pane.add(routed)
            self.query_one(DivergencePane).add(divergences, fresh=fresh)
            changed = self.positions.add(sorted(entries, key=lambda e: e.item.published or datetime.min.replace(
                tzinfo=UTC)))
            changed |= self.positions.mark(divergences)
            self.query_one(PositionsGrid).show(self.positions, changed)

    @on(BatchArrived)
    def batch_arrived(self, message: BatchArrived) -> None:
        if not self._pending:
            self.set_timer(BATCH_SECONDS, self._draw_pending)
        self._pending.append(message.batch)

    def _draw_pending(self) -> None:
        pending, self._pending = self._pending, []
        batch = Batch(
            tuple(e for b in pending for e in b.entries),
            tuple(d for b in pending for d in b.divergences),
            tuple(a for b in pending for a in b.alerts),
        )
        self._show(batch.entries, batch.divergences, fresh=True)
        self.status.new_items += len(batch.entries)
        self.status.stored += len(batch.entries)
        self.deliver_alerts(batch)

    @on(FeedChecked)
    def feed_checked(self, message: FeedChecked) -> None:
        self.feed_states[message.feed.url] = message.state
        failing = sum(1 for state in self.feed_states.values() if state.last_error)
        self.status.healthy = self.status.total - failing
        self.status.last_poll = datetime.now(UTC)
        if failing == self.status.total > 0 and not self._told_unreachable:
            self._told_unreachable = True
            self.notify("No feed could be reached. Press f to see why; `talkwatch demo` runs offline.",
                        title="No feeds", severity="warning", markup=False, timeout=15)

    def action_show_feeds(self) -> None:
        store = self.engine.store
        stored = {state.url: state for state in store.feed_states()} if store is not None else {}
        self.app.push_screen(FeedsScreen(self.config.feeds, stored | self.feed_states))

    def deliver_alerts(self, batch: Batch) -> None:
        alerts = batch.alerts
        if not alerts:
            return
        self.status.alerts += len(alerts)
        self.app.bell()
        if len(alerts) > ALERT_BURST:
            self.notify(f"{len(alerts)} new alerts, the latest: {alerts[-1].title}", title="talkwatch alerts",
                        severity="warning", markup=False, timeout=10)
        else:
            for alert in alerts:
                self.notify(f"{alert.title}\n{alert.source} · {alert.reason}", title="talkwatch alert",
                            severity="warning", markup=False, timeout=10)

    # --- actions ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("open")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_class("open") or box.value:
            box.value = ""
            box.remove_class("open")
            self._apply_filter("")
            self.query_one("#pane-all", EntryPane).focus()
        elif self.maximized is not None:
            self.minimize()
            self.on_resize()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one("#pane-all", EntryPane).focus()

    def _apply_filter(self, text: str) -> None:
        """A malformed filter says what is wrong and filters nothing (every pane shows everything)."""
        try:
            predicate = compile_filter(text)
            problem = ""
        except FilterError as error:
            predicate, problem = None, f"filter: {error}"
        with self.app.batch_update():
            for pane in self.entry_panes:
                pane.set_filter(predicate)
        self.status.filter_text = text if predicate is not None else ""
        self.status.problem = problem
        self.query_one("#filter", Input).set_class(bool(problem), "-invalid")

    def apply_named_filter(self, name: str) -> None:
        text = dict(self.config.filters)[name]
        box = self.query_one("#filter", Input)
        box.add_class("open")
        box.value = text
        self._apply_filter(text)

    def _focused_pane(self) -> EntryPane | None:
        return self.focused if isinstance(self.focused, EntryPane) else None

    def action_toggle_alert(self) -> None:
        pane = self._focused_pane()
        if pane is None or pane.issue is None:
            self.notify("Focus an issue's pane to set an alert on it", severity="warning", markup=False)
            return
        self.set_alert(pane.issue)

    def set_alert(self, issue: str) -> None:
        on_now = self.engine.toggle_alert(issue)
        self.query_one(f"#pane-issue-{issue}", EntryPane).set_alerting(on_now)
        self.notify(f"Alerts {'on' if on_now else 'off'} for {self.names[issue]}", markup=False)

    def action_maximize_pane(self) -> None:
        if self.maximized is not None:
            self.minimize()
            self.on_resize()
        elif self.focused is not None:
            self.maximize(self.focused)

    def action_hide_pane(self) -> None:
        pane = self._focused_pane()
        if pane is None or pane.id == "pane-all":
            self.notify("Focus a party's or issue's pane to hide it", severity="warning", markup=False)
            return
        self.focus_next()
        pane.display = False

    def action_show_panes(self) -> None:
        for pane in self.entry_panes:
            pane.display = True

    def action_focus_divergences(self) -> None:
        self.query_one(DivergencePane).focus()

    def action_focus_positions(self) -> None:
        grid = self.query_one(PositionsGrid)
        if not grid.display:
            grid.display = True
            self.maximize(grid)
        grid.focus()

    def focus_pane(self, pane_id: str) -> None:
        pane = self.query_one(f"#{pane_id}")
        pane.display = True
        pane.focus()
        pane.scroll_visible()

    # --- opening items ----------------------------------------------------------------------

    @on(RowList.Chosen)
    def row_chosen(self, message: RowList.Chosen) -> None:
        value = message.row.value
        if isinstance(value, Divergence):
            self.open_divergence(value)
        else:
            self.open_item(value.item.id)

    @on(PositionsGrid.CellSelected)
    def cell_chosen(self, message: PositionsGrid.CellSelected) -> None:
        party, issue = message.cell_key.row_key.value, message.cell_key.column_key.value
        stance = self.positions.stances.get((party, issue))
        if stance is not None:
            self.open_item(stance.item_id)

    def open_divergence(self, divergence: Divergence) -> None:
        store = self.engine.store
        if store is None:
            return
        statement, action = store.entry(divergence.statement.item.id), store.entry(divergence.action.item.id)
        others = [d for d in self.query_one(DivergencePane).group(divergence.party, divergence.issue)
                  if d != divergence]
        if statement is not None and action is not None:
            self.app.push_screen(DivergenceScreen(divergence, statement, action, self.config, others))

    def open_item(self, item_id: str) -> None:
        store = self.engine.store
        entry = store.entry(item_id) if store is not None else None
        if entry is not None:
            self.app.push_screen(ItemScreen(entry, self.config, related(store, entry)))
