"""One line at the bottom: feed health, last poll, new items, alerts, and the active filter."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusBar(Widget):
    """Renders the counts the screen keeps; it computes nothing itself."""

    healthy: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    last_poll: reactive[datetime | None] = reactive(None)
    new_items: reactive[int] = reactive(0)
    alerts: reactive[int] = reactive(0)
    stored: reactive[int] = reactive(0)
    filter_text: reactive[str] = reactive("")
    problem: reactive[str] = reactive("")

    def render(self) -> Text:
        health_style = "green" if self.healthy == self.total else ("yellow" if self.healthy else "red")
        parts = Text.assemble(
            ("● ", health_style), f"feeds {self.healthy}/{self.total} healthy",
            "  ·  last poll ", self.last_poll.strftime("%H:%M:%S") if self.last_poll else "—",
            f"  ·  {self.new_items} new  ·  {self.stored} stored  ·  ",
            (f"{self.alerts} alerts", "bold yellow" if self.alerts else ""),
            no_wrap=True, overflow="ellipsis",
        )
        if self.filter_text:
            parts.append("  ·  filter: ")
            parts.append(self.filter_text, style="bold")
        if self.problem:
            parts.append("  ·  ")
            parts.append(self.problem, style="bold red")
        return parts
