"""dk-i-verden beyond X: the same invented embassies on Mastodon and Bluesky, and a news feed.

Everything is fictional: the server ``social.example``, the handles ending in
``.bsky.example``, the ministry's feed at ``nyheder.example``, the people, texts
and pictures. Each network is written in its fixed replay layout (README,
"Sources"): ``<user>@<host>/account.json`` and ``statuses-1.json`` for Mastodon,
``<handle>/profile.json`` and ``feed-1.json`` for Bluesky, ``<host>/<path>`` for
the feed and for every picture.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from sample_bluesky import AppView
from sample_bluesky import External as BlueskyCard
from sample_bluesky import Link as BlueskyLink
from sample_bluesky import Mention as BlueskyMention
from sample_bluesky import Photo as BlueskyPhoto
from sample_bluesky import Tag as BlueskyTag
from sample_mastodon import Emoji, Hashtag, Link, LinkCard, Mention, Photo, Server
from sample_pictures import Scene
from sample_rss import NewsFeed

FEED_URL = "https://nyheder.example/udenrigs/nyheder.rss"


# fmt: off
def mastodon(server: Server) -> None:
    dannebrog = Emoji("dannebrog", ("#c8102e", "#ffffff"))
    popcorn = Emoji("popcorn", ("#f5b700", "#8c1d18"))
    hub = server.account(
        "udenrigs", "Udenrigstjenesten :dannebrog: (fiktiv)",
        "Fiktiv central konto for de opdigtede ambassader i eksemplet",
        "2022-11-10T09:00", "UT", ("#c8102e", "#fdeeee"), emojis=[dannebrog],
    )
    bergland = server.account(
        "bergland", "Dänische Botschaft in Bergland (fiktiv)",
        "Erfundene Botschaft im ausgedachten Land Bergland",
        "2023-01-08T10:00", "BL", ("#4a5d23", "#eef3e2"),
    )
    server.status(hub, "2026-11-22T09:30", "da", [
        ["Vi har opdateret den (fiktive) rejsevejledning for Østmark :dannebrog: "
         "Undgå området omkring grænseovergangene, og følg de lokale myndigheders råd."],
        ["Læs hele vejledningen: ", Link("https://udenrigs.example/rejse/oestmark?opdateret=2026-11-22"),
         " ", Hashtag("DKglobalt")],
    ], warning="Rejsevejledning: uro ved grænsen (fiktiv)", emojis=[dannebrog], media=[
        Photo(Scene("REJSEVEJLEDNING", "waves", "#e3f4f8", "#00607a", "#c8102e"),
              "Bølger i blåt og rødt over teksten: Rejsevejledning – fiktivt eksempel."),
    ])
    report = server.status(hub, "2026-11-20T14:00", "en", [
        ["Our (fictional) report on Arctic dialogue is out today. Read it here: ",
         Link("https://udenrigs.example/en/news/arctic-dialogue-report-2026"), " ",
         Hashtag("DKglobalt")],
    ], card=LinkCard(
        "https://udenrigs.example/en/news/arctic-dialogue-report-2026",
        "Arctic dialogue report 2026 (fictional)",
        "An invented report about invented talks: sample data for the widget.",
        Scene("ARKTISK DIALOG", "waves", "#eef3fb", "#1d4e89", "#f5b700"),
    ))
    server.status(hub, "2026-11-18T11:00", "da", [
        ["Billeder fra den (fiktive) beredskabsøvelse på Sølvkysten. ", Hashtag("DKglobalt")],
    ], sensitive=True, media=[
        Photo(Scene("ØVELSE", "dots", "#f8e9e9", "#7a1f1f", "#f5b700"),
              "Røde og gule prikker over teksten: Øvelse – fiktivt eksempel."),
    ])
    server.status(bergland, "2026-11-16T12:00", "de", [
        ["Dänischer Filmabend :popcorn: in Bergstadt mit ", Mention(hub),
         " – danke für den (erfundenen) vollen Saal! ", Hashtag("Kultur")],
    ], emojis=[popcorn])
    server.status(bergland, "2026-11-21T08:00", "en", boost=report)


def bluesky(view: AppView) -> None:
    hub = view.account(
        "udenrigs.bsky.example", "Udenrigstjenesten (fiktiv)",
        "Fiktiv central konto for de opdigtede ambassader i eksemplet",
        "2023-09-01T09:00", "UT", ("#c8102e", "#fdeeee"),
    )
    midori = view.account(
        "midori.bsky.example", "在ミドリ国デンマーク大使館（架空）",
        "架空の国ミドリにある架空の大使館です",
        "2024-02-14T10:00", "MI", ("#2e6b30", "#e8f4e8"),
    )
    film = view.post(midori, "2026-11-17T11:00", "ja", [
        "デンマーク映画祭🎬のお知らせ：詳しくは ",
        BlueskyLink("midori.example/ja/eiga…", "https://midori.example/ja/eiga-2026?lang=ja"),
        " をご覧ください。", BlueskyTag("kultur"),
    ])
    culture_week = view.post(hub, "2026-11-23T10:00", "da", [
        "Godmorgen 🌍 fra Ærø! Læs om årets (fiktive) kulturuge på ",
        BlueskyLink("udenrigs.example/kulturuge", "https://udenrigs.example/da/kulturuge-2026"),
        " og hils på ", BlueskyMention(midori), " ", BlueskyTag("kultur"),
    ], photos=[
        BlueskyPhoto(Scene("KULTURUGE", "house", "#fdeeee", "#c8102e", "#1d4e89"),
                     "Et hus med rødt tag og en gul sol over teksten: Kulturuge – "
                     "fiktivt eksempel."),
        BlueskyPhoto(Scene("ÆRØ", "waves", "#e3f4f8", "#00607a", "#f5b700"),
                     "Blå bølger over teksten: Ærø – fiktivt eksempel."),
    ])
    view.post(hub, "2026-11-19T08:00", "en", [
        "Lovely to see this from our (fictional) colleagues in Midori 🇩🇰🤝🇯🇵",
    ], quote=film)
    view.post(hub, "2026-11-12T09:00", "da", [
        "Ny (fiktiv) rapport: dansk design i verden 2026. ",
        BlueskyLink("udenrigs.example/design…", "https://udenrigs.example/da/rapport/design-i-verden"),
    ], external=BlueskyCard(
        "https://udenrigs.example/da/rapport/design-i-verden",
        "Dansk design i verden 2026 (fiktiv rapport)",
        "En opdigtet rapport om opdigtede udstillinger: eksempeldata til widgetten.",
        Scene("DESIGN 2026", "dots", "#fdeeee", "#c8102e", "#1d4e89"),
    ))
    view.repost(midori, "2026-11-23T12:00", culture_week)


def news(feed: NewsFeed) -> None:
    feed.item(
        "Ny (fiktiv) aftale om kulturudveksling med Lumièrie", "kulturudveksling",
        "2026-11-22T08:00",
        '<p>Danmark og det opdigtede Lumièrie har indgået en <strong>fiktiv</strong> aftale om '
        'udveksling af kunstnere og studerende.</p><p>Læs <a href="/udenrigs/aftaler/lumierie">'
        'aftaleteksten</a> og <a href="https://lumierie.example/fr/accord">partnernes '
        'omtale</a>.</p>',
        Scene("KULTURUDVEKSLING", "bars", "#f7eaf3", "#6b2d5c", "#f5b700"),
    )
    feed.item(
        "Ambassaderne holder juleåbent (fiktiv meddelelse)", "juleaabent",
        "2026-11-14T10:00",
        "<p>De opdigtede ambassader holder lukket 24.–26. december. I akutte tilfælde kan du "
        'ringe til den fiktive <a href="/udenrigs/beredskab">borgerservice</a>.</p>',
    )


def write_networks(folder: Path) -> None:
    """Writes every non-X recording of dk-i-verden into ``folder`` (already holding X's)."""
    images: dict[str, Callable[[], Image.Image]] = {}
    server, view = Server(images), AppView(images)
    feed = NewsFeed(
        FEED_URL, "Udenrigsministeriet (fiktivt) – Nyheder", "https://nyheder.example/udenrigs/",
        "Opdigtede nyheder fra et fiktivt ministerium: eksempeldata til widgetten.", "da", images,
    )
    mastodon(server)
    bluesky(view)
    news(feed)
    bodies: dict[str, Any] = {**server.bodies(), **view.bodies()}
    for name, body in bodies.items():
        _dump(folder / name, body)
    _write(folder / feed.file, feed.body())
    for path, draw in sorted(images.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".png":
            draw().save(target, "PNG", optimize=True)
        else:
            draw().save(target, "JPEG", quality=70)
# fmt: on


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _dump(path: Path, body: Any) -> None:
    text = json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    _write(path, text.encode("utf-8"))  # bytes: no newline translation on any system
