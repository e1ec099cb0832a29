"""Parties × issues: each cell a party's latest stance on an issue; ◆ marks a divergence."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from config.schema import Config
from feeds.positions import Positions
from tui.widgets.rows import DIRECTION_MARK, KIND_MARK, when

CELL_WIDTH = 7
HEADER_WIDTH = 12


class PositionsGrid(DataTable):
    """The one-glance answer to "where do the talks stand"; Enter opens the cell's latest item."""

    def __init__(self, config: Config, **kwargs) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)
        self.config = config
        self.border_title = "Positions"

    def on_mount(self) -> None:
        self.add_column(Text("party"), key="party")
        for issue in self.config.issues:
            label = issue.id[:HEADER_WIDTH]
            self.add_column(Text(label), key=issue.id, width=max(CELL_WIDTH, len(label)))
        for party in self.config.parties:
            self.add_row(Text(party.name[:14], style="bold"),
                         *[Text("") for _ in self.config.issues], key=party.id)
        if self.config.issues:
            self.move_cursor(column=1)

    def show(self, positions: Positions, cells: set[tuple[str, str]]) -> None:
        """Redraw only the cells that changed."""
        parties = {p.id for p in self.config.parties}
        issues = {i.id for i in self.config.issues}
        for party, issue in cells:
            if party not in parties or issue not in issues:
                continue
            stance = positions.stances.get((party, issue))
            text = Text()
            if stance is not None:
                symbol, colour = DIRECTION_MARK[stance.direction]
                text.append(KIND_MARK[stance.kind] + symbol, style=f"bold {colour}")
                text.append(when(stance.published)[:2], style="dim")
            if (party, issue) in positions.divergent:
                text.append("◆", style="bold red")
            self.update_cell(party, issue, text)
