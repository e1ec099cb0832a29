"""A keyboard-driven list that renders only the lines on screen: the base of every pane.

Textual's ListView and OptionList slow down past a thousand rows; this draws each visible
line from plain `Text` (never markup), so a pane costs the same with 50 rows or 5,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, overload

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")


@dataclass(frozen=True)
class Row(Generic[T]):
    """One selectable row: its lines of plain text and the value it stands for."""

    key: str
    lines: tuple[Text, ...]
    value: T
    fresh: bool = False


class LazyRows(Sequence[Row[T]]):
    """Rows built only when drawn: a pane holding 400 entries builds the dozen on screen.

    Built rows are kept in `cache` (by key) by the pane that owns it, across updates.
    """

    def __init__(self, values: Sequence[T], key: Callable[[T], str], build: Callable[[T], Row[T]],
                 cache: dict[str, Row[T]]) -> None:
        self.values = values
        self.key = key
        self.build = build
        self.cache = cache

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> Row[T]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Row[T]]: ...

    def __getitem__(self, index: int | slice) -> Row[T] | Sequence[Row[T]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        value = self.values[index]
        key = self.key(value)
        row = self.cache.get(key)
        if row is None:
            row = self.cache[key] = self.build(value)
        return row

    def index_of(self, key: str) -> int | None:
        return next((i for i, value in enumerate(self.values) if self.key(value) == key), None)


def _index_of(rows: Sequence[Row[T]], key: str) -> int | None:
    if isinstance(rows, LazyRows):
        return rows.index_of(key)
    return next((i for i, row in enumerate(rows) if row.key == key), None)


class RowList(ScrollView, Generic[T], can_focus=True):
    """Rows of a fixed number of lines each, with a cursor; Enter posts `RowList.Chosen`."""

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--fresh", "row-list--empty"}
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    class Chosen(Message):
        """The user pressed Enter on a row."""

        def __init__(self, row_list: RowList, row: Row) -> None:
            super().__init__()
            self.row_list = row_list
            self.row = row

        @property
        def control(self) -> RowList:
            return self.row_list

    cursor: reactive[int] = reactive(0, always_update=True)

    def __init__(self, *, lines_per_row: int = 1, empty_text: str = "nothing yet", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines_per_row = lines_per_row
        self.empty_text = empty_text
        self._rows: Sequence[Row[T]] = ()

    @property
    def rows(self) -> Sequence[Row[T]]:
        return self._rows

    def show(self, rows: Sequence[Row[T]]) -> None:
        """Replace what the list shows. At the top it follows the news (new rows appear above and
        the view stays at the top); once the user has moved down, the cursor stays on its row."""
        current = self.highlighted
        following = self.cursor == 0
        self._rows = rows
        index = None
        if current is not None and not following:
            index = _index_of(rows, current.key)
        self.virtual_size = Size(self.size.width, max(len(rows), 1) * self.lines_per_row)
        self.cursor = index if index is not None else 0
        self.refresh()

    @property
    def highlighted(self) -> Row[T] | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, value: int) -> None:
        top = value * self.lines_per_row
        self.scroll_to_region(
            Region(0, top, 1, self.lines_per_row), animate=False, force=True, immediate=True
        )
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height // self.lines_per_row - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_choose(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Chosen(self, row))

    def on_click(self, event) -> None:
        index = (event.y + round(self.scroll_offset.y)) // self.lines_per_row
        if 0 <= index < len(self._rows):
            if index == self.cursor and event.chain >= 2:
                self.action_choose()
            self.cursor = index

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        absolute = y + round(self.scroll_offset.y)
        if not self._rows:
            if absolute == 0:
                empty = self.get_component_rich_style("row-list--empty")
                return Strip([Segment(self.empty_text[:width], empty)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        index, line = divmod(absolute, self.lines_per_row)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        text = row.lines[line] if line < len(row.lines) else Text()
        line = text.copy()
        line.truncate(width, overflow="ellipsis", pad=True)
        strip = Strip(list(line.render(self.app.console, end=""))).apply_style(base)
        pad = base
        if row.fresh:
            pad = base + self.get_component_rich_style("row-list--fresh")
            strip = strip.apply_style(pad)
        if index == self.cursor and self.has_focus:
            pad = base + self.get_component_rich_style("row-list--cursor")
            strip = strip.apply_style(pad)
        return strip.crop_extend(0, width, pad)
