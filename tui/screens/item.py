"""An item in full: its text with each sentence's claim reading highlighted, and the other outlets' reports."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from config.schema import Config
from feeds.model import Divergence, Entry
from tui.widgets.rows import DIRECTION_MARK, when

DIRECTION_STYLE = {"deescalate": "on dark_green", "escalate": "on dark_red", "neutral": "on grey23"}


def describe(entry: Entry, config: Config, related: Sequence[Entry]) -> Text:
    """The detail view as plain Text: nothing from the feed is ever read as markup."""
    names = {p.id: p.name for p in config.parties} | {i.id: i.name for i in config.issues}
    item, reading = entry.item, entry.reading
    body = Text()
    body.append(item.title + "\n", style="bold")
    body.append(f"{when(item.published)} UTC · {item.source}", style="dim")
    body.append(f"\n{item.link}\n\n" if item.link else "\n\n", style="underline dim")
    text = item.summary or ""
    body_start = len(body)
    body.append(text + "\n\n")
    for claim in reading.claims:
        at = text.find(claim.text)
        if at >= 0:
            body.stylize(DIRECTION_STYLE[claim.direction], body_start + at, body_start + at + len(claim.text))
    body.append("Parties: ", style="bold")
    body.append(", ".join(names.get(p, p) for p in reading.parties) or "none")
    body.append("\nIssues: ", style="bold")
    body.append(", ".join(names.get(i, i) for i in reading.issues) or "none")
    body.append("\n\nClaims\n", style="bold underline")
    if not reading.claims:
        body.append("  no party's words or deeds found\n", style="dim")
    for claim in reading.claims:
        symbol, colour = DIRECTION_MARK[claim.direction]
        body.append(f"  {symbol} ", style=f"bold {colour}")
        speaker = f", said by {names.get(claim.speaker, claim.speaker)}" if claim.speaker not in (None, claim.party) else ""
        body.append(f"{claim.kind} of {names.get(claim.party, claim.party)}{speaker}, {claim.direction}", style=colour)
        if claim.issues:
            body.append(" on " + ", ".join(names.get(i, i) for i in claim.issues))
        body.append("\n    ")
        body.append(claim.text + "\n", style="italic")
    if related:
        body.append("\nAlso reported\n", style="bold underline")
        for other in related:
            body.append(f"  {when(other.item.published)} ", style="dim")
            body.append(f"{other.item.source}: ", style="cyan")
            body.append(other.item.title + "\n")
    return body


class ItemScreen(ModalScreen[None]):
    """Opened with Enter on any row; `o` opens the link in the browser, Esc goes back."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back"),
        Binding("o", "open_link", "Open link"),
    ]

    def __init__(self, entry: Entry, config: Config, related: Sequence[Entry]) -> None:
        super().__init__()
        self.entry = entry
        self.config = config
        self.related = related

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="item-body"):
            yield Static(describe(self.entry, self.config, self.related), id="item-text")
        yield Footer()

    def action_open_link(self) -> None:
        link = self.entry.item.link
        if link.startswith(("http://", "https://")):
            self.app.open_url(link)
            self.notify(f"Opened {link}", markup=False)
        else:
            self.notify("This item has no web link", severity="warning", markup=False)


def other_pairs(divergences: Sequence[Divergence]) -> Text:
    """The other reports that pair the same party's words and deeds on the same issue."""
    listing = Text("Other pairs of reports\n", style="bold underline")
    for divergence in divergences:
        for label, half in (("said", divergence.statement), ("did ", divergence.action)):
            listing.append(f"  {label} {when(half.item.published)} ", style="dim")
            listing.append(f"{half.item.source}: ", style="cyan")
            listing.append(half.item.title + "\n")
        listing.append("\n")
    return listing


class DivergenceScreen(ModalScreen[None]):
    """A divergence opened: the reason, then the words and the deed, each in full."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back")]

    def __init__(self, divergence: Divergence, statement: Entry, action: Entry, config: Config,
                 others: Sequence[Divergence] = ()) -> None:
        super().__init__()
        self.others = others
        self.divergence = divergence
        self.statement = statement
        self.action = action
        self.config = config

    def compose(self) -> ComposeResult:
        heading = Text()
        heading.append("◆ ", style="bold red")
        heading.append(self.divergence.reason, style="bold")
        with VerticalScroll(id="item-body"):
            yield Static(heading)
            yield Static(Text("\nWHAT WAS SAID", style="bold green"))
            yield Static(describe(self.statement, self.config, ()))
            yield Static(Text("WHAT WAS DONE", style="bold red"))
            yield Static(describe(self.action, self.config, ()))
            if self.others:
                yield Static(other_pairs(self.others))
        yield Footer()
