"""How entries and divergences read as rows: time, source, a claim marker and the headline.

All text arrives sanitised from the store and is drawn as plain `Text`, never parsed as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from feeds.model import Claim, Divergence, Entry
from feeds.text import TITLE_LIMIT, plain_text
from tui.widgets.row_list import Row

DIRECTION_MARK = {"deescalate": ("+", "green"), "escalate": ("−", "red"), "neutral": ("·", "grey62")}
KIND_MARK = {"statement": "S", "action": "A"}
SOURCE_WIDTH = 12


def when(moment: datetime | None) -> str:
    """A compact UTC time: day and time, so a day of talks reads at a glance."""
    return moment.strftime("%d %H:%M") if moment is not None else "--:--:--"[:8]


def main_claim(entry: Entry, party: str | None = None) -> Claim | None:
    """The claim a row's marker shows: the pane's party first, then one with a direction."""
    claims = [c for c in entry.reading.claims if party is None or c.party == party] or list(entry.reading.claims)
    return next((c for c in claims if c.direction != "neutral"), claims[0] if claims else None)


def marker(claim: Claim | None) -> Text:
    if claim is None:
        return Text("  ")
    symbol, colour = DIRECTION_MARK[claim.direction]
    return Text(KIND_MARK[claim.kind] + symbol, style=f"bold {colour}")


def shown(text: str) -> str:
    """Defence in depth: even text that reached the store some other way is drawn as plain characters."""
    return plain_text(text, TITLE_LIMIT, html_markup=False)


def entry_row(entry: Entry, party: str | None = None, fresh: bool = False) -> Row[Entry]:
    item = entry.item
    line = Text.assemble(
        (when(item.published), "dim"), " ",
        (shown(item.source)[:SOURCE_WIDTH].ljust(SOURCE_WIDTH), "cyan"), " ",
        marker(main_claim(entry, party)), " ",
        shown(item.title),
        no_wrap=True, overflow="ellipsis",
    )
    return Row(item.id, (line,), entry, fresh)


def gap(divergence: Divergence) -> str:
    """How far apart the words and the deed were, in the order they came."""
    said, did = divergence.statement.item.published, divergence.action.item.published
    if said is None or did is None:
        return "words and deeds part"
    hours = abs((did - said).total_seconds()) / 3600
    span = f"{hours:.0f} h" if hours >= 1 else f"{hours * 60:.0f} min"
    return f"deed {span} after the words" if did >= said else f"words {span} after the deed"


def divergence_row(divergence: Divergence, party_name: str, issue_name: str, fresh: bool = False,
                   pairs: int = 1) -> Row[Divergence]:
    said, did = divergence.statement, divergence.action
    heading = Text.assemble(("◆ ", "bold red"), (party_name, "bold"), " · ", (issue_name, "bold"), "  ",
                            (gap(divergence), "italic"), no_wrap=True, overflow="ellipsis")
    if pairs > 1:
        heading.append(f"  ({pairs} pairs of reports)", style="dim")
    return Row(
        f"{divergence.party}|{divergence.issue}",
        (
            heading,
            Text.assemble("  said ", (when(said.item.published), "dim"), " ",
                          (shown(said.item.source)[:SOURCE_WIDTH].ljust(SOURCE_WIDTH), "cyan"), " ",
                          marker(said.claim), " ", shown(said.item.title), no_wrap=True, overflow="ellipsis"),
            Text.assemble("  did  ", (when(did.item.published), "dim"), " ",
                          (shown(did.item.source)[:SOURCE_WIDTH].ljust(SOURCE_WIDTH), "cyan"), " ",
                          marker(did.claim), " ", shown(did.item.title), no_wrap=True, overflow="ellipsis"),
        ),
        divergence,
        fresh,
    )
