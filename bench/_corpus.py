"""Synthetic news for the benchmarks: a 20-party x 30-issue config and combinatorial headlines.

Everything is generated from word lists written for these benchmarks, with a fixed seed, so two
runs read the same text. Items mix the talks (statements, reported deeds, meetings), near misses
(the same words in another story: "Moscow Mule", a football "truce") and unrelated news, and
carry enough varying detail (places, numbers, days) that almost every sentence is new: the
engine's per-sentence cache must not make the figures look better than live news would.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from config import Config, parse_config
from feeds.model import Item

# --- the config -----------------------------------------------------------------------------

# (id, name, aliases, people) - 20 sides; the people are invented.
PARTIES: list[tuple[str, str, list[str], list[str]]] = [
    ("russia", "Russia", ["Russia", "Russian", "Moscow", "Kremlin"], ["Arkady Volkov", "Oleg Sudarin"]),
    ("ukraine", "Ukraine", ["Ukraine", "Ukrainian", "Kyiv", "Kiev"], ["Taras Melnyk", "Iryna Kovalenko"]),
    ("us", "United States", ["US", "Washington", "White House", "Pentagon", "American"], ["Grace Holloway", "Daniel Marsh"]),
    ("nato", "NATO", ["NATO", "the Alliance"], ["Henrik Alstad"]),
    ("eu", "European Union", ["EU", "Brussels", "European Commission"], ["Margit Lindqvist"]),
    ("turkey", "Turkey", ["Turkey", "Turkish", "Ankara", "Turkiye"], ["Kemal Aksoyoglu"]),
    ("uk", "United Kingdom", ["UK", "Britain", "British", "London", "Downing Street"], ["Fiona Gresham"]),
    ("france", "France", ["France", "French", "Paris", "Elysee"], ["Lucien Marchetti"]),
    ("germany", "Germany", ["Germany", "German", "Berlin"], ["Ulrike Brandstetter"]),
    ("china", "China", ["China", "Chinese", "Beijing"], ["Wen Haolin"]),
    ("poland", "Poland", ["Poland", "Polish", "Warsaw"], ["Jerzy Wolanski"]),
    ("belarus", "Belarus", ["Belarus", "Belarusian", "Minsk"], ["Viktar Zhuraulou"]),
    ("un", "United Nations", ["UN", "United Nations"], ["Amara Okonkwo"]),
    ("iaea", "IAEA", ["IAEA", "atomic watchdog"], ["Rafael Quintero"]),
    ("icrc", "Red Cross", ["ICRC", "Red Cross"], ["Beatrix Staehli"]),
    ("qatar", "Qatar", ["Qatar", "Qatari", "Doha"], ["Hamad al-Sayegh"]),
    ("saudi", "Saudi Arabia", ["Saudi Arabia", "Saudi", "Riyadh"], ["Faisal bin Nasser"]),
    ("hungary", "Hungary", ["Hungary", "Hungarian", "Budapest"], ["Gabor Szekeres"]),
    ("moldova", "Moldova", ["Moldova", "Moldovan", "Chisinau"], ["Elena Rotaru"]),
    ("vatican", "Vatican", ["Vatican", "Holy See"], ["Matteo Zuppardi"]),
]

# (id, name, keywords) - 30 tracked issues.
ISSUES: list[tuple[str, str, list[str]]] = [
    ("ceasefire", "Ceasefire", ["ceasefire", "truce", "cessation of hostilities"]),
    ("drawdown", "Military drawdown", ["drawdown", "withdrawal", "reduce military activity", "pull back"]),
    ("neutrality", "Neutral status", ["neutral status", "neutrality", "non-aligned"]),
    ("guarantees", "Security guarantees", ["security guarantees", "guarantor states"]),
    ("crimea", "Crimea", ["Crimea", "Crimean peninsula"]),
    ("donbas", "Donbas", ["Donbas", "Donetsk", "Luhansk"]),
    ("sanctions", "Sanctions relief", ["sanctions relief", "lifting sanctions", "sanctions"]),
    ("prisoners", "Prisoner exchange", ["prisoner exchange", "prisoner swap", "prisoners of war"]),
    ("grain", "Grain corridor", ["grain corridor", "grain exports", "grain deal"]),
    ("energy", "Energy strikes", ["energy infrastructure", "power grid", "energy facilities"]),
    ("nuclear", "Nuclear plant safety", ["nuclear plant", "Zaporizhzhia", "reactor safety"]),
    ("corridors", "Humanitarian corridors", ["humanitarian corridor", "evacuation route", "safe passage"]),
    ("refugees", "Refugees", ["refugees", "displaced people", "returnees"]),
    ("reparations", "Reparations", ["reparations", "compensation fund", "war damages"]),
    ("tribunal", "War crimes tribunal", ["war crimes", "special tribunal", "accountability"]),
    ("arms", "Arms supplies", ["arms deliveries", "weapons supplies", "military aid"]),
    ("eu-membership", "EU membership", ["EU membership", "accession talks", "candidate status"]),
    ("nato-membership", "NATO membership", ["NATO membership", "Alliance membership"]),
    ("peacekeepers", "Peacekeepers", ["peacekeepers", "peacekeeping mission", "monitoring mission"]),
    ("shipping", "Black Sea shipping", ["Black Sea shipping", "naval blockade", "port access"]),
    ("borders", "Border demarcation", ["border demarcation", "line of contact", "territorial integrity"]),
    ("referendum", "Referendum", ["referendum", "plebiscite"]),
    ("language", "Language rights", ["language rights", "minority rights"]),
    ("demining", "Demining", ["demining", "mine clearance", "landmines"]),
    ("air-defence", "Air defence", ["air defence", "air defense", "missile defence"]),
    ("assets", "Frozen assets", ["frozen assets", "central bank reserves", "asset seizure"]),
    ("gas", "Gas transit", ["gas transit", "pipeline flows", "gas supplies"]),
    ("elections", "Elections", ["elections", "election timetable", "martial law"]),
    ("children", "Deported children", ["deported children", "child returns", "family reunification"]),
    ("airspace", "Airspace", ["no-fly zone", "airspace closure", "air corridor"]),
]


def config_text(parties: int = 20, issues: int = 30, feeds: list[tuple[str, str]] = ()) -> str:
    """TOML for config.parse_config: the first `parties` x `issues`, and the given (url, name) feeds."""
    if parties > len(PARTIES) or issues > len(ISSUES):
        raise ValueError(f"at most {len(PARTIES)} parties and {len(ISSUES)} issues")
    q = _toml_str
    out = ['[talks]\ntitle = "Benchmark talks"\ndivergence_window = "7d"\n']
    for pid, name, aliases, people in PARTIES[:parties]:
        out.append(f"[[parties]]\nid = {q(pid)}\nname = {q(name)}\naliases = [{', '.join(map(q, aliases))}]\n"
                   f"people = [{', '.join(map(q, people))}]\n")
    for iid, name, keywords in ISSUES[:issues]:
        out.append(f"[[issues]]\nid = {q(iid)}\nname = {q(name)}\nkeywords = [{', '.join(map(q, keywords))}]\n")
    for url, name in feeds:
        out.append(f"[[feeds]]\nurl = {q(url)}\nname = {q(name)}\n")
    return "\n".join(out)


def make_config(parties: int = 20, issues: int = 30, feeds: list[tuple[str, str]] = (),
                path: Path = Path("bench-config.toml")) -> Config:
    """The generated config, loaded through talkwatch's own loader (so it is a valid one)."""
    return parse_config(config_text(parties, issues, feeds), path)


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the news -------------------------------------------------------------------------------

PLACES = ["Chernihiv", "Kharkiv", "Odesa", "Mykolaiv", "Sumy", "Irpin", "Bucha", "Izium", "Kherson",
          "Mariupol", "Dnipro", "Poltava", "Zhytomyr", "Vinnytsia", "Lviv", "Kramatorsk", "Sloviansk",
          "Bakhmut", "Avdiivka", "Melitopol", "Berdiansk", "Enerhodar", "Nikopol", "Okhtyrka", "Brovary",
          "Hostomel", "Vasylkiv", "Bila Tserkva", "Uman", "Kremenchuk"]
CITIES = ["Istanbul", "Geneva", "Vienna", "Doha", "Riyadh", "Jeddah", "Minsk", "Helsinki", "Oslo", "Antalya"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
        "overnight", "early on Tuesday", "late on Friday", "this week", "at dawn", "in the afternoon"]
OFFICIALS = ["a senior official", "a government spokesman", "the foreign ministry", "a deputy minister",
             "the defence ministry", "a presidential adviser", "the chief negotiator", "an envoy"]

STATE_DEESC = ["is ready to agree a {kw}", "will propose a {kw} at the next round", "pledges to respect the {kw}",
               "offers new terms on {kw}", "says it will accept talks on {kw}", "promises progress on {kw}",
               "commits to a deal on {kw}", "is prepared to negotiate on {kw}"]
STATE_ESC = ["rejects any talks on {kw}", "threatens to walk away over {kw}", "refuses to discuss {kw}",
             "warns it will respond to any move on {kw}", "vows to harden its stance on {kw}"]
ACT_ESC = ["forces shelled {place} {day} despite the {kw} pledge", "troops attacked positions near {place} {day}",
           "missiles struck {place} {day}, hitting {kw} sites", "artillery pounded {place} {day} as talks on {kw} stalled",
           "drones hit {place} {day}, {n} people were wounded"]
ACT_DEESC = ["troops withdrew from {place} {day}", "released {n} prisoners of war {day}",
             "reopened the road to {place} {day} under the {kw} plan", "pulled back {n} armoured vehicles from {place}",
             "handed over {n} detainees {day}"]
NEUTRAL = ["delegations meet in {city} {day} to discuss {kw}", "talks on {kw} resume in {city} {day}",
           "envoys in {city} review a draft on {kw}", "{n} experts join the working group on {kw} in {city}"]
QUOTE = ["{person} said {day}.", "{official} told reporters in {city}.", "according to {official}.",
         "{person} added, speaking in {city}."]
BACKGROUND = ["The talks in {city} entered their {ord} day {day}.", "About {n} people have left {place} since the spring.",
              "Negotiators had met {n} times before this round.", "Observers in {city} said the mood was cautious.",
              "Satellite images of {place} were published {day}.", "Power was cut to {n} homes in {place}."]

TEAMS = ["Rovers", "United", "Athletic", "City", "Wanderers", "Albion", "Dynamo", "Sporting", "Olympic", "Rangers"]
COMPANIES = ["Northwind Foods", "Helix Software", "Brightline Rail", "Copperfield Mining", "Atlas Shipping",
             "Meridian Bank", "Solace Pharma", "Vantage Motors"]
UNRELATED = [
    "{team} beat {team2} {n}-{m} to reach the cup final",
    "{company} shares rise {n}% after quarterly results",
    "Storm brings flooding to {n} villages in the north",
    "City council approves a budget of {n} million for new schools",
    "Heatwave: temperatures top {n} degrees for the {ord} day",
    "Recipe of the week: a Moscow Mule and {n} summer salads",
    "{team} and {team2} agree a truce in their transfer dispute",
    "Museum reopens after {n} months of renovation",
    "{company} to cut {n} jobs as demand slows",
    "Film festival opens with {n} premieres",
    "Researchers track Crimean-Congo fever cases in {n} districts",
    "Chess: grandmaster wins the {ord} round in {city}",
]
UNRELATED_MORE = ["Officials expect the figure to rise {day}.", "Fans gathered outside the stadium {day}.",
                  "Analysts had expected {n}% growth.", "Tickets sold out within {n} minutes.",
                  "The event was first held {n} years ago.", "Residents were told to stay indoors {day}."]
ORD = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
MISSPELL = {"Kyiv": "Kyyiv", "Ukraine": "Ukriane", "Kremlin": "Kremlim"}  # fuzzy-matching work, rarely


@dataclass(frozen=True)
class Story:
    title: str
    summary: str


class Newsroom:
    """Writes stories: about 55% on the talks, 10% near misses, the rest unrelated news."""

    def __init__(self, seed: int = 7, parties: int = 20, issues: int = 30) -> None:
        self.rnd = random.Random(seed)
        self.parties = PARTIES[:parties]
        self.issues = ISSUES[:issues]

    def _fill(self, template: str, party: tuple, kw: str) -> str:
        r = self.rnd
        return template.format(
            kw=kw, place=r.choice(PLACES), day=r.choice(DAYS), city=r.choice(CITIES), n=r.randint(2, 900),
            m=r.randint(0, 5), ord=r.choice(ORD), person=r.choice(party[3]), official=r.choice(OFFICIALS),
            team=r.choice(TEAMS), team2=r.choice(TEAMS), company=r.choice(COMPANIES),
        )

    def _name(self, party: tuple) -> str:
        name = self.rnd.choice(party[2] if self.rnd.random() < 0.7 else [party[1]])
        if self.rnd.random() < 0.01:
            name = MISSPELL.get(name, name)
        return name

    def story(self) -> Story:
        r = self.rnd
        roll = r.random()
        if roll < 0.45:
            return self._unrelated()
        party = r.choice(self.parties)
        issue = r.choice(self.issues)
        kw = r.choice(issue[2])
        name = self._name(party)
        pick = r.random()
        if pick < 0.3:
            head = name + " " + self._fill(r.choice(STATE_DEESC + STATE_ESC), party, kw)
        elif pick < 0.7:
            head = name + " " + self._fill(r.choice(ACT_ESC + ACT_DEESC), party, kw)
        else:
            other = self._name(r.choice(self.parties))
            head = f"{name} and {other} " + self._fill(r.choice(NEUTRAL), party, kw)
        quote = self._fill(r.choice(QUOTE), party, kw)
        second = self._fill(r.choice(STATE_DEESC + ACT_ESC + ACT_DEESC), party, r.choice(r.choice(self.issues)[2]))
        summary = " ".join([
            f"{head[0].upper()}{head[1:]}, {quote}",
            f"{self._name(party)} {second}.",
            self._fill(r.choice(BACKGROUND), party, kw),
        ])
        return Story(head, summary)

    def _unrelated(self) -> Story:
        r = self.rnd
        party = r.choice(self.parties)
        head = self._fill(r.choice(UNRELATED), party, "")
        summary = " ".join([head + ".", self._fill(r.choice(UNRELATED_MORE), party, ""),
                            self._fill(r.choice(UNRELATED_MORE), party, "")])
        return Story(head, summary)


T0 = datetime(2022, 3, 20, 6, tzinfo=UTC)


def items(count: int, *, seed: int = 7, feeds: int = 20, span: timedelta = timedelta(days=14),
          start: int = 0, parties: int = 20, issues: int = 30, t0: datetime = T0) -> list[Item]:
    """`count` distinct items spread over `span` from t0, as if from `feeds` outlets."""
    room = Newsroom(seed + start, parties, issues)
    rnd = random.Random(seed * 31 + start)
    out = []
    step = span / max(count, 1)
    for n in range(start, start + count):
        story = room.story()
        f = n % feeds
        feed = f"https://news{f}.example.org/rss.xml"
        when = t0 + step * (n - start) + timedelta(seconds=rnd.randint(0, 600))
        out.append(Item(
            id=hashlib.sha256(f"{feed}\0{n}".encode()).hexdigest()[:16], title=story.title,
            summary=story.summary, published=when, source=f"Outlet {f}",
            link=f"https://news{f}.example.org/story/{n}", feed=feed, guid=f"s{n}",
        ))
    return out


def rss(count: int, *, seed: int = 7, title: str = "Benchmark wire", **kw) -> bytes:
    """One RSS 2.0 document of `count` items (summaries as escaped HTML, as most outlets send)."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
             "<link>https://wire.example.org/</link><description>bench</description><ttl>5</ttl>"]
    for it in items(count, seed=seed, feeds=1, **kw):
        parts.append(
            f"<item><title>{escape(it.title)}</title><link>{escape(it.link)}</link>"
            f'<guid isPermaLink="false">{it.guid}</guid><pubDate>{format_datetime(it.published)}</pubDate>'
            f"<description>{escape('<p>' + escape(it.summary) + '</p>')}</description></item>\n"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def rss_mb(doc: bytes) -> str:
    return f"{len(doc) / 1e6:.1f} MB"
