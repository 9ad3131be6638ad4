#!/usr/bin/env python3
"""Writes the invented sample recordings of the two example sites.

The recordings imitate X API v2 response bodies byte for byte in shape, and the
hard part of that shape is the entity offsets: code points over the
HTML-escaped text. Writing them by hand drifts the moment a word changes, so
they are computed here from the post's pieces, and the committed files are
simply this script's output (a test regenerates them and compares).

Every account, post and picture below is fictional. Run from anywhere:

    python examples/generate_samples.py            # rewrites examples/*/recorded
    python examples/generate_samples.py --out DIR  # writes DIR/<site>/recorded
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import math
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
TWITTER_EPOCH_MS = 1288834974657
FICTION_MARKER = "fictional sample account"
PHOTO_SIZE = (1200, 675)
POSTER_SIZE = (1280, 720)
RT_LIMIT = 140
TEXT_LIMIT = 280
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
TOKEN_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"

JSON = dict[str, Any]


def code(seed: str, length: int, alphabet: str = ALNUM) -> str:
    """A stable pseudo-random token (t.co paths, media names) derived from a seed."""
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:length])


# --- text pieces and the entities they become --------------------------------------------


@dataclass(frozen=True)
class Url:
    expanded: str


@dataclass(frozen=True)
class At:
    username: str


@dataclass(frozen=True)
class Tag:
    tag: str


@dataclass(frozen=True)
class Cash:
    tag: str


@dataclass(frozen=True)
class MediaLink:
    expanded: str
    media_key: str


Piece = str | Url | At | Tag | Cash | MediaLink


def tco(target: str) -> str:
    return "https://t.co/" + code("tco:" + target, 10)


def display_url(url: str) -> str:
    shown = url.split("://", 1)[1].removeprefix("www.")
    return shown if len(shown) <= 26 else shown[:25] + "…"


def shown(piece: Piece) -> str:
    """The piece as it appears in the unescaped text."""
    if isinstance(piece, str):
        return piece
    if isinstance(piece, Url):
        return tco(piece.expanded)
    if isinstance(piece, MediaLink):
        return tco(piece.media_key)
    prefix = {At: "@", Tag: "#", Cash: "$"}[type(piece)]
    return prefix + (piece.username if isinstance(piece, At) else piece.tag)


def truncate(pieces: Sequence[Piece], limit: int) -> list[Piece]:
    """Cuts like X does for retweet and long-post ``text``: whole entities or none, then "…"."""
    if sum(len(shown(p)) for p in pieces) <= limit:
        return list(pieces)
    kept: list[Piece] = []
    room = limit - 1
    for piece in pieces:
        size = len(shown(piece))
        if size <= room:
            kept.append(piece)
            room -= size
            continue
        if isinstance(piece, str):
            kept.append(piece[:room].rstrip())
        break
    return [*kept, "…"]


def compose(pieces: Sequence[Piece], user_ids: dict[str, str]) -> tuple[str, JSON]:
    """Escapes the text as the API does and measures every entity over the escaped result."""
    text = ""
    entities: dict[str, list[JSON]] = {}
    for piece in pieces:
        if isinstance(piece, str):
            text += html.escape(piece, quote=False)
            continue
        start, text = len(text), text + shown(piece)
        span: JSON = {"start": start, "end": len(text)}
        if isinstance(piece, Url):
            span |= {"url": tco(piece.expanded), "expanded_url": piece.expanded}
            span["display_url"] = display_url(piece.expanded)
            entities.setdefault("urls", []).append(span)
        elif isinstance(piece, MediaLink):
            span |= {"url": tco(piece.media_key), "expanded_url": piece.expanded}
            span |= {"display_url": "pic.x.com/" + code("tco:" + piece.media_key, 10)}
            span["media_key"] = piece.media_key
            entities.setdefault("urls", []).append(span)
        elif isinstance(piece, At):
            span["username"] = piece.username
            if piece.username in user_ids:
                span["id"] = user_ids[piece.username]
            entities.setdefault("mentions", []).append(span)
        else:
            span["tag"] = piece.tag
            entities.setdefault("hashtags" if isinstance(piece, Tag) else "cashtags", []).append(
                span
            )
    return text, entities


# --- pictures: invented shapes and a few words in a built-in pixel font -------------------

# A 5x7 pixel font, so the pictures come out the same on every machine (no system fonts).
FONT: dict[str, tuple[int, ...]] = {
    "A": (14, 17, 17, 31, 17, 17, 17), "B": (30, 17, 17, 30, 17, 17, 30),
    "C": (14, 17, 16, 16, 16, 17, 14), "D": (30, 17, 17, 17, 17, 17, 30),
    "E": (31, 16, 16, 30, 16, 16, 31), "F": (31, 16, 16, 30, 16, 16, 16),
    "G": (14, 17, 16, 23, 17, 17, 15), "H": (17, 17, 17, 31, 17, 17, 17),
    "I": (14, 4, 4, 4, 4, 4, 14), "J": (7, 2, 2, 2, 2, 18, 12),
    "K": (17, 18, 20, 24, 20, 18, 17), "L": (16, 16, 16, 16, 16, 16, 31),
    "M": (17, 27, 21, 21, 17, 17, 17), "N": (17, 17, 25, 21, 19, 17, 17),
    "O": (14, 17, 17, 17, 17, 17, 14), "P": (30, 17, 17, 30, 16, 16, 16),
    "Q": (14, 17, 17, 17, 21, 18, 13), "R": (30, 17, 17, 30, 20, 18, 17),
    "S": (15, 16, 16, 14, 1, 1, 30), "T": (31, 4, 4, 4, 4, 4, 4),
    "U": (17, 17, 17, 17, 17, 17, 14), "V": (17, 17, 17, 17, 17, 10, 4),
    "W": (17, 17, 17, 21, 21, 21, 10), "X": (17, 17, 10, 4, 10, 17, 17),
    "Y": (17, 17, 17, 10, 4, 4, 4), "Z": (31, 1, 2, 4, 8, 16, 31),
    "Æ": (15, 20, 20, 31, 20, 20, 23), "Ø": (14, 19, 21, 21, 21, 25, 14),
    "Å": (4, 0, 14, 17, 31, 17, 17), "Ü": (10, 0, 17, 17, 17, 17, 14),
    "É": (2, 4, 31, 16, 30, 16, 31), "0": (14, 17, 19, 21, 25, 17, 14),
    "1": (4, 12, 4, 4, 4, 4, 14), "2": (14, 17, 1, 2, 4, 8, 31),
    "6": (6, 8, 16, 30, 17, 17, 14), "7": (31, 1, 2, 4, 8, 8, 8),
    " ": (0,) * 7, "-": (0, 0, 0, 31, 0, 0, 0), ".": (0, 0, 0, 0, 0, 12, 12),
    "·": (0, 0, 0, 4, 0, 0, 0), "!": (4, 4, 4, 4, 4, 0, 4),
}  # fmt: skip


def text_width(words: str, scale: int) -> int:
    return (6 * len(words) - 1) * scale


def draw_words(
    draw: ImageDraw.ImageDraw, centre_x: int, y: int, words: str, scale: int, fill: str
) -> None:
    x = centre_x - text_width(words, scale) // 2
    for char in words.upper():
        for row, bits in enumerate(FONT[char]):
            for col in range(5):
                if bits >> (4 - col) & 1:
                    left, top = x + col * scale, y + row * scale
                    draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=fill)
        x += 6 * scale


@dataclass(frozen=True)
class Scene:
    """A made-up picture: a motif above a caption band. ``title`` is upper-case, short."""

    title: str
    motif: str
    bg: str
    fg: str
    accent: str


def _motif(draw: ImageDraw.ImageDraw, scene: Scene, w: int, h: int) -> None:
    m, a, f = scene.motif, scene.accent, scene.fg
    if m == "house":
        draw.ellipse((w - 330, 60, w - 170, 220), fill=a)
        draw.rectangle((380, 250, 820, 500), fill=f)
        draw.polygon([(340, 260), (600, 70), (860, 260)], fill=a)
        draw.rectangle((560, 380, 640, 500), fill=scene.bg)
    elif m == "bars":
        for i, height in enumerate((120, 220, 170, 300, 380)):
            draw.rectangle((200 + i * 170, 500 - height, 320 + i * 170, 500), fill=(a, f)[i % 2])
    elif m == "waves":
        for i in range(4):
            top = 150 + i * 90
            points = [(x, top + 30 * math.sin(x / 90 + i)) for x in range(0, w + 20, 20)]
            draw.polygon([*points, (w, h), (0, h)], fill=(a, f)[i % 2])
    elif m == "dots":
        for row in range(4):
            for col in range(9):
                r = 22 + 8 * ((row + col) % 3)
                cx, cy = 130 + col * 120, 110 + row * 110
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(a, f)[(row + col) % 2])
    elif m == "bike":
        for cx in (420, 780):
            draw.ellipse((cx - 130, 250, cx + 130, 510), outline=f, width=18)
        draw.line([(420, 380), (560, 200), (780, 380), (600, 380), (420, 380)], fill=a, width=18)
        draw.line([(560, 200), (600, 380)], fill=a, width=18)
    elif m == "tree":
        for i in range(3):
            draw.polygon(
                [(600, 60 + i * 120), (380 - i * 40, 260 + i * 120), (820 + i * 40, 260 + i * 120)],
                fill=f,
            )
        draw.ellipse((575, 35, 625, 85), fill=a)
    elif m == "play":
        draw.ellipse((w // 2 - 170, 90, w // 2 + 170, 430), fill=f)
        draw.polygon([(w // 2 - 60, 170), (w // 2 - 60, 350), (w // 2 + 90, 260)], fill=a)
    else:
        raise ValueError(f"unknown motif {m!r}")


def draw_picture(scene: Scene, size: tuple[int, int]) -> Image.Image:
    w, h = size
    image = Image.new("RGB", size, scene.bg)
    draw = ImageDraw.Draw(image)
    _motif(draw, scene, w, h)
    band = h - 150
    draw.rectangle((0, band, w, h), fill=scene.fg)
    if text_width(scene.title, 8) > w - 60:
        raise ValueError(f"title too wide for the picture: {scene.title!r}")
    draw_words(draw, w // 2, band + 22, scene.title, 8, scene.bg)
    draw_words(draw, w // 2, band + 100, "FIKTIVT EKSEMPEL · FICTIONAL SAMPLE", 4, scene.bg)
    return image


def draw_avatar(initials: str, bg: str, fg: str) -> Image.Image:
    image = Image.new("RGB", (400, 400), bg)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 360, 360), fill=fg)
    draw_words(draw, 200, 130, initials, 14, bg)
    draw_words(draw, 200, 270, "DEMO", 6, bg)
    return image


# --- accounts, posts and pages ------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    scene: Scene
    alt: str | None


@dataclass(frozen=True)
class Video:
    scene: Scene


@dataclass
class Account:
    id: str
    username: str
    name: str
    description: str
    profile_image_url: str
    timeline: list[Tweet] = field(default_factory=list)

    def as_user(self) -> JSON:
        keys = ("id", "name", "username", "profile_image_url")
        return {key: getattr(self, key) for key in keys}


@dataclass
class Tweet:
    obj: JSON
    author: Account
    pieces: list[Piece]
    media: list[JSON]
    refs: list[Tweet]


def millis(when: str) -> int:
    moment = datetime.fromisoformat(when).replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


class Site:
    """One example's recordings: accounts, their timelines and the pictures they point at."""

    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}
        self.images: dict[str, Callable[[], Image.Image]] = {}
        self._sequence = 0

    def snowflake(self, ms: int) -> str:
        self._sequence += 1
        return str(((ms - TWITTER_EPOCH_MS) << 22) | (self._sequence & 0xFFF))

    def account(
        self,
        username: str,
        name: str,
        description: str,
        joined: str,
        initials: str,
        colours: tuple[str, str],
    ) -> Account:
        picture = f"profile_images/{self.snowflake(millis(joined) + 1)}/{code(username, 8)}"
        self.images[f"pbs.twimg.com/{picture}_400x400.jpg"] = partial(
            draw_avatar, initials, *colours
        )
        account = Account(
            id=self.snowflake(millis(joined)),
            username=username,
            name=name,
            description=f"{description} ({FICTION_MARKER})",
            profile_image_url=f"https://pbs.twimg.com/{picture}_normal.jpg",
        )
        self.accounts[username] = account
        return account

    def _media(self, item: Photo | Video, ms: int) -> JSON:
        media_id = self.snowflake(ms - 45_000)
        if isinstance(item, Photo):
            path = f"media/{code('media:' + media_id, 15)}.jpg"
            self.images[f"pbs.twimg.com/{path}"] = partial(draw_picture, item.scene, PHOTO_SIZE)
            obj: JSON = {"media_key": f"3_{media_id}", "type": "photo"}
            obj |= {"url": f"https://pbs.twimg.com/{path}"}
            obj |= {"width": PHOTO_SIZE[0], "height": PHOTO_SIZE[1]}
            if item.alt is not None:
                obj["alt_text"] = item.alt
            return obj
        poster = f"ext_tw_video_thumb/{media_id}/pu/img/{code('poster:' + media_id, 16)}.jpg"
        self.images[f"pbs.twimg.com/{poster}"] = partial(draw_picture, item.scene, POSTER_SIZE)
        clip = f"https://video.twimg.com/ext_tw_video/{media_id}/pu"
        name = code("clip:" + media_id, 16)
        return {
            "media_key": f"7_{media_id}",
            "type": "video",
            "preview_image_url": f"https://pbs.twimg.com/{poster}",
            "width": POSTER_SIZE[0],
            "height": POSTER_SIZE[1],
            "variants": [
                {"content_type": "application/x-mpegURL", "url": f"{clip}/pl/{name}.m3u8?tag=12"},
                {
                    "bit_rate": 832000,
                    "content_type": "video/mp4",
                    "url": f"{clip}/vid/avc1/640x360/{name}.mp4?tag=12",
                },
                {
                    "bit_rate": 2176000,
                    "content_type": "video/mp4",
                    "url": f"{clip}/vid/avc1/1280x720/{name}.mp4?tag=12",
                },
            ],
        }

    def post(
        self,
        author: Account,
        when: str,
        lang: str,
        pieces: Sequence[Piece] = (),
        *,
        media: Sequence[Photo | Video] = (),
        reply_to: Tweet | None = None,
        quote: Tweet | None = None,
        repost: Tweet | None = None,
        edited_minutes: int | None = None,
    ) -> Tweet:
        ms = millis(when)
        tweet_id = self.snowflake(ms)
        body = list(pieces)
        medias = [self._media(item, ms) for item in media]
        if medias:
            kind = "photo" if medias[0]["type"] == "photo" else "video"
            target = f"https://x.com/{author.username}/status/{tweet_id}/{kind}/1"
            body += [" ", MediaLink(target, medias[0]["media_key"])]
        refs = [t for t in (reply_to, quote, repost) if t is not None]
        obj: JSON = {"id": tweet_id, "author_id": author.id, "conversation_id": tweet_id}
        obj["created_at"] = f"{when}:00.000Z"
        if repost is not None:
            body = truncate(["RT ", At(repost.author.username), ": ", *repost.pieces], RT_LIMIT)
            medias, lang = repost.media, repost.obj["lang"]
            obj["referenced_tweets"] = [{"type": "retweeted", "id": repost.obj["id"]}]
        if reply_to is not None:
            if body[0] != At(reply_to.author.username):
                raise ValueError(f"a reply's text must start with its mention, not {body[:1]!r}")
            obj["referenced_tweets"] = [{"type": "replied_to", "id": reply_to.obj["id"]}]
            obj["in_reply_to_user_id"] = reply_to.author.id
            obj["conversation_id"] = reply_to.obj["conversation_id"]
        if quote is not None:
            obj["referenced_tweets"] = [{"type": "quoted", "id": quote.obj["id"]}]
        ids = {name: acct.id for name, acct in self.accounts.items()}
        if sum(len(shown(p)) for p in body) > TEXT_LIMIT:
            full_text, full_entities = compose(body, ids)
            obj["note_tweet"] = {"text": full_text, "entities": full_entities}
        obj["text"], entities = compose(truncate(body, TEXT_LIMIT), ids)
        if entities:
            obj["entities"] = entities
        if medias:
            obj["attachments"] = {"media_keys": [m["media_key"] for m in medias]}
        obj["lang"] = lang
        history = [tweet_id]
        if edited_minutes is not None:
            history.insert(0, self.snowflake(ms - edited_minutes * 60_000))
        obj["edit_history_tweet_ids"] = history
        tweet = Tweet(obj, author, body, medias, refs)
        author.timeline.append(tweet)
        return tweet

    def pages(self, account: Account, sizes: Sequence[int]) -> list[JSON]:
        tweets = sorted(account.timeline, key=lambda t: int(t.obj["id"]), reverse=True)
        if sum(sizes) != len(tweets):
            raise ValueError(f"@{account.username}: pages of {sizes} for {len(tweets)} posts")
        pages: list[JSON] = []
        for number, size in enumerate(sizes):
            chunk, tweets = tweets[:size], tweets[size:]
            users = {account.id: account.as_user()}
            included: dict[str, JSON] = {}
            media: dict[str, JSON] = {}
            for tweet in chunk:
                media |= {m["media_key"]: m for m in tweet.media}
                for ref in tweet.refs:
                    included[ref.obj["id"]] = ref.obj
                    users[ref.author.id] = ref.author.as_user()
            includes = {"users": list(users.values())}
            if included:
                includes["tweets"] = list(included.values())
            if media:
                includes["media"] = list(media.values())
            meta: JSON = {"result_count": len(chunk), "newest_id": chunk[0].obj["id"]}
            meta["oldest_id"] = chunk[-1].obj["id"]
            if number + 1 < len(sizes):
                meta["next_token"] = code(f"next:{account.username}:{number}", 32, TOKEN_ALPHABET)
            if number > 0:
                meta["previous_token"] = code(
                    f"prev:{account.username}:{number}", 32, TOKEN_ALPHABET
                )
            pages.append({"data": [t.obj for t in chunk], "includes": includes, "meta": meta})
        return pages

    def write(self, folder: Path, timelines: dict[str, Sequence[int]]) -> None:
        if folder.exists():
            shutil.rmtree(folder)
        for username, sizes in timelines.items():
            account = self.accounts[username]
            user = account.as_user() | {"description": account.description}
            _dump(folder / username / "user.json", {"data": user})
            for number, page in enumerate(self.pages(account, sizes), start=1):
                _dump(folder / username / f"tweets-{number}.json", page)
        for path, draw in sorted(self.images.items()):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            draw().save(target, "JPEG", quality=70)


def _dump(path: Path, body: JSON) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(body, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    path.write_bytes(text.encode("utf-8"))  # bytes: no newline translation on any system


def padded_url(start: str, length: int) -> str:
    """A real-looking URL of exactly ``length`` characters, to test wrapping."""
    filler = "&kilde=nyhedsbrev-og-sociale-medier&afsnit=frister-gebyrer-og-undtagelser&id="
    url = (start + filler + "0123456789" * 20)[:length]
    if len(url) != length:
        raise ValueError("start is too long")
    return url


# --- the content: all invented -----------------------------------------------------------

# fmt: off
Timelines = dict[str, Sequence[int]]
"""Each timeline account and how its posts split into pages (newest page first)."""


def borger_dk() -> tuple[Site, Timelines]:
    """One Danish citizen-portal-like account that uses every feature the widget handles."""
    site = Site()
    web = "https://www.borgerportal.example"
    portal = site.account(
        "borger_demo", "Borgerportalen (eksempel)",
        "Fiktiv eksempelkonto: nyheder om selvbetjening, som en borgerportal kunne skrive dem",
        "2019-03-01T09:00", "BP", ("#1f3c88", "#f2f4f8"),
    )
    kommune = site.account(
        "kommune_demo", "Eksempelby Kommune (fiktiv)", "Fiktiv kommune i eksemplerne",
        "2020-05-11T10:00", "EK", ("#0b6e4f", "#e8f5ee"),
    )
    sundhed = site.account(
        "sundhed_demo", "Sundhedsportalen (eksempel)", "Fiktiv sundhedsportal i eksemplerne",
        "2018-09-20T12:00", "SP", ("#8a1538", "#fbeef2"),
    )
    hjaelp = site.account(
        "hjaelp_demo", "Digital hjælp (eksempel)", "Fiktivt hjælpested for digital selvbetjening",
        "2021-01-15T08:00", "DH", ("#5b3f8c", "#f1ecf9"),
    )
    welcome = Scene("VELKOMMEN", "house", "#dbe7ff", "#1f3c88", "#f5b700")
    site.post(portal, "2026-11-02T08:30", "da", [
        "👋 Velkommen til Borgerportalen (eksempel)! Her finder du fiktive nyheder om "
        "selvbetjening, flytning, pas & kørekort. Alt her er opdigtet.",
    ], media=[Photo(welcome, "Tegning af et blåt hus med gult tag og en gul sol. "
                             "Nederst teksten: Velkommen – fiktivt eksempel.")])
    site.post(portal, "2026-11-03T10:00", "da", [
        "Skal du flytte før jul? Meld flytning senest 5 dage efter & se, om du kan få hjælp "
        "til udgifterne: ", Url(padded_url(f"{web}/artikel/flytning/saadan-melder-du-flytning"
                                           "?sprog=da&visning=fuld", 200)),
        " ", Tag("Flytning"),
    ])
    site.post(portal, "2026-11-04T12:15", "da", [
        "🇩🇰🎉 ", Tag("Selvbetjening"), ": Nu kan du bestille sundhedskort digitalt. Tak til ",
        At("sundhed_demo"), " & ", At("kommune_demo"), " for samarbejdet! ❤️ ",
        Url(f"{web}/artikel/sundhedskort"),
    ])
    site.post(portal, "2026-11-05T09:00", "da", [
        "Vi tester lange ord: ",
        Tag("DigitalSelvbetjeningForAlleBorgereIHeleLandetOgPåAlleEnheder"),
        " – teksten skal kunne brydes på en smal skærm. 📱",
    ])
    site.post(portal, "2026-11-06T14:30", "da", [
        "🎬 Se den korte (fiktive) video om, hvordan du logger ind med dit digitale ID.",
    ], media=[Video(Scene("SÅDAN LOGGER DU IND", "play", "#f2f4f8", "#1f3c88", "#f5b700"))],
    )
    site.post(portal, "2026-11-09T11:00", "da", [
        "Åbningstider i julen for vores (opdigtede) borgerservice 🎄",
    ], media=[Photo(Scene("ÅBNINGSTIDER JUL", "tree", "#fff4e0", "#0b6e4f", "#c8102e"),
                    None)])
    site.post(portal, "2026-11-10T08:45", "da", [
        "Nyt om digital post i 2026 (fiktivt eksempel): Fra 1. december samler vi alle breve "
        "fra det offentlige ét sted. Du skal ikke gøre noget, hvis du allerede bruger digital "
        "post. Er du fritaget, får du fortsat breve på papir. Har du spørgsmål, kan du ringe "
        "på hverdage kl. 9–15 eller skrive via kontaktformularen. Pårørende kan få fuldmagt "
        "til at læse med – det kræver dit samtykke & tager få minutter. Læs hele vejledningen: ",
        Url(f"{web}/artikel/digital-post/fuldmagt?trin=1&sprog=da"), " ",
        Tag("DigitalPost"), " ", Tag("Fuldmagt"),
    ])
    advice = site.post(sundhed, "2026-11-11T10:00", "da", [
        "💊 Forny dine recepter i god tid før jul & nytår. Sådan gør du: ",
        Url("https://www.sundhed.example/recepter?trin=1&sprog=da"), " ", Tag("Sundhed"),
    ])
    site.post(portal, "2026-11-11T13:20", "da", [
        "Godt råd fra ", At("sundhed_demo"), " 👇 Husk at forny recepten før helligdagene.",
    ], quote=advice)
    question = site.post(kommune, "2026-11-12T14:10", "da", [
        "Hvornår kommer den nye selvbetjening til affaldsordningen, ", At("borger_demo"), "?",
    ])
    site.post(portal, "2026-11-12T15:00", "da", [
        At("kommune_demo"), " Den kommer i uge 50 (i dette fiktive eksempel). Vi skriver, "
        "når den er klar! 🗑️➡️♻️",
    ], reply_to=question)
    site.post(portal, "2026-11-14T09:30", "da", [
        "Kan man skrive <script>alert('hej')</script> i et opslag? Ja – men det vises bare som "
        "tekst. Sikkerhed > bekvemmelighed, & alt bliver escaped. ", Tag("Sikkerhed"),
    ])
    open_house = site.post(hjaelp, "2026-11-16T08:00", "da", [
        "Få hjælp til det digitale 💻 Vi holder åbent hus på biblioteket i Eksempelby torsdag "
        "kl. 16–18. Tag din mobil med, så hjælper vi dig i gang med selvbetjening, digital "
        "post & apps. Gratis og uden tilmelding! ", Url("https://hjaelp.example/aabent-hus"),
        " ", Tag("DigitalHjælp"),
    ], media=[Photo(Scene("ÅBENT HUS", "dots", "#f1ecf9", "#5b3f8c", "#f5b700"),
                    "Farvede prikker i rækker, der ligner publikum. "
                    "Teksten: Åbent hus – fiktivt eksempel.")])
    site.post(portal, "2026-11-16T10:00", "da", repost=open_house)
    site.post(portal, "2026-11-18T12:00", "da", [
        "To nye (fiktive) guider i dag: pas 🛂 og kørekort 🚗",
    ], media=[
        Photo(Scene("PAS", "bars", "#e8f5ee", "#0b6e4f", "#1f3c88"),
              "Søjlediagram i grønt og blåt med overskriften Pas. Fiktivt eksempel."),
        Photo(Scene("KØREKORT", "bike", "#dbe7ff", "#1f3c88", "#c8102e"),
              "Enkel tegning af en cykel med overskriften Kørekort. Fiktivt eksempel."),
    ])
    site.post(portal, "2026-11-20T09:15", "und", ["🎄✨ ", Url(f"{web}/jul")])
    site.post(portal, "2026-11-22T16:40", "da", [
        "Rettelse: Prisen for nyt pas er uændret i 2026 (fiktivt tal: 650 kr.). Spørgsmål om "
        "betaling med ", Cash("DEMO"), "-kort? Spørg ", At("kommune_demo"), ". ",
        Tag("Pas"), " ", Tag("Borgerservice"),
    ], edited_minutes=12)
    return site, {"borger_demo": (8, 6)}


def dk_i_verden() -> tuple[Site, Timelines]:
    """Eight made-up embassies in six languages and the central account they repost."""
    site = Site()
    hub = site.account(
        "udenrigs_demo", "Udenrigstjenesten (fiktiv)",
        "Fiktiv central konto for de opdigtede ambassader i eksemplet",
        "2017-06-01T09:00", "UT", ("#c8102e", "#fdeeee"),
    )

    def embassy(username: str, name: str, about: str, initials: str, colours: tuple[str, str],
                joined: str) -> Account:
        return site.account(username, name, about, joined, initials, colours)

    nordland = embassy("nordland_demo", "Danmarks ambassade i Nordland (fiktiv)",
                       "Fiktiv ambassade i det opdigtede land Nordland", "NL",
                       ("#1d4e89", "#e6effa"), "2018-02-01T10:00")
    vesterhav = embassy("vesterhav_demo", "Embassy of Denmark in Vesterhavia (fictional)",
                        "Invented embassy in the made-up country of Vesterhavia", "VH",
                        ("#00607a", "#e3f4f8"), "2018-04-12T10:00")
    bergland = embassy("bergland_demo", "Dänische Botschaft in Bergland (fiktiv)",
                       "Erfundene Botschaft im ausgedachten Land Bergland", "BL",
                       ("#4a5d23", "#eef3e2"), "2019-01-08T10:00")
    lumiere = embassy("lumiere_demo", "Ambassade du Danemark en Lumièrie (fictive)",
                      "Ambassade imaginaire dans le pays inventé de Lumièrie", "LU",
                      ("#6b2d5c", "#f7eaf3"), "2019-05-20T10:00")
    alwaha = embassy("alwaha_demo", "سفارة الدنمارك في الواحة (حساب خيالي)",
                     "سفارة خيالية في بلد الواحة المتخيَّل", "AW",
                     ("#8c5a00", "#fbf1de"), "2019-09-03T10:00")
    midori = embassy("midori_demo", "在ミドリ国デンマーク大使館（架空）",
                     "架空の国ミドリにある架空の大使館です", "MI",
                     ("#2e6b30", "#e8f4e8"), "2020-02-14T10:00")
    soelvkyst = embassy("soelvkyst_demo", "Danmarks ambassade på Sølvkysten (fiktiv)",
                        "Fiktiv ambassade på den opdigtede Sølvkyst", "SK",
                        ("#4b4f58", "#eef0f3"), "2020-08-30T10:00")
    oestmark = embassy("oestmark_demo", "Embassy of Denmark in Østmark (fictional)",
                       "Invented embassy in the made-up country of Østmark", "ØM",
                       ("#7a1f1f", "#f8e9e9"), "2021-03-17T10:00")
    globally = Tag("DKglobalt")

    design_week = site.post(hub, "2026-11-05T09:00", "da", [
        "🌍 I denne uge åbner otte (fiktive) ambassader dørene for dansk designuge. "
        "Se programmet: ", Url("https://www.udenrigs.example/designuge-2026?land=alle&sprog=da"),
        " ", globally, " ", Tag("kultur"),
    ], media=[Photo(Scene("DANSK DESIGNUGE", "dots", "#fdeeee", "#c8102e", "#1d4e89"),
                    "Rækker af røde og blå prikker over teksten: Dansk designuge – "
                    "fiktivt eksempel.")])
    site.post(hub, "2026-11-15T13:00", "da", [
        "Skal du ud at rejse i julen? Tjek de (fiktive) rejsevejledninger & registrér dig: ",
        Url("https://www.udenrigs.example/rejse?jul=2026&sprog=da"), " ", globally,
    ])
    site.post(hub, "2026-11-21T10:00", "en", [
        "Thank you to all our (fictional) embassies for a busy autumn! 🙏 ", globally,
    ])
    for account, when in (
        (nordland, "2026-11-05T11:00"), (vesterhav, "2026-11-05T12:30"),
        (bergland, "2026-11-05T13:00"), (lumiere, "2026-11-06T10:30"),
        (alwaha, "2026-11-07T12:00"), (soelvkyst, "2026-11-08T09:00"),
    ):
        site.post(account, when, "da", repost=design_week)

    site.post(nordland, "2026-11-03T10:00", "da", [
        "Godmorgen fra Nordland ❄️ Ambassaden (fiktiv) har åbent for pasansøgninger hver "
        "tirsdag. ", globally,
    ])
    film_night = site.post(nordland, "2026-11-12T18:00", "da", [
        "Dansk filmaften i Nordlands hovedstad 🎬 Tak til alle, der kom! ", Tag("kultur"), " ",
        globally,
    ], media=[Photo(Scene("FILMAFTEN", "play", "#e6effa", "#1d4e89", "#f5b700"),
                    "Et stort afspilningssymbol over teksten: Filmaften – "
                    "fiktivt eksempel.")])
    site.post(nordland, "2026-11-19T09:00", "und", ["🇩🇰🤝❄️ ", Url("https://nordland.example/dk")])

    site.post(vesterhav, "2026-11-02T15:00", "en", [
        "Hello from Vesterhavia! 👋 This (fictional) embassy shares news about Danish–Vesterhavian "
        "cooperation. Follow ", At("udenrigs_demo"), " for more. ", globally,
    ])
    site.post(vesterhav, "2026-11-13T17:00", "en", [
        "Wind & water: watch our short (fictional) film about offshore energy partnerships 🌊",
    ], media=[Video(Scene("WIND AND WATER", "waves", "#e3f4f8", "#00607a", "#f5b700"))],
    )
    wrap_up = site.post(vesterhav, "2026-11-20T11:00", "en", [
        "Danish design week wrapped up with 2,000 (invented) visitors. Thanks, everyone! ",
        Tag("kultur"), " ", Url("https://vesterhavia.example/en/design-week?recap=1&lang=en"),
    ])

    site.post(bergland, "2026-11-04T09:30", "de", [
        "Grüß Gott aus Bergland! 🏔️ Die (fiktive) Botschaft lädt zum dänischen Weihnachtsmarkt "
        "ein. ", Tag("Kultur"), " ", globally,
    ])
    site.post(bergland, "2026-11-17T10:15", "de", [
        "Radfahren wie in Kopenhagen 🚲 Unser (erfundener) Fahrradtag in Bergstadt – Fotos:",
    ], media=[Photo(Scene("CYKELDAG", "bike", "#eef3e2", "#4a5d23", "#c8102e"),
                    "Zeichnung eines Fahrrads über dem Text: Cykeldag – "
                    "fiktives Beispiel.")])

    site.post(lumiere, "2026-11-06T10:00", "fr", [
        "Bonjour depuis Lumièrie ! ☀️ L'ambassade (fictive) présente la semaine du design "
        "danois. ", Tag("kultur"), " ", globally,
    ])
    site.post(lumiere, "2026-11-14T19:00", "fr", [
        "Concert de jazz danois à Lumièreville ce soir 🎷 Entrée libre & gratuite. ",
        Url("https://lumierie.example/fr/concert-jazz?date=2026-11-14&entree=libre"), " ",
        Tag("kultur"),
    ], media=[Photo(Scene("JAZZKONCERT", "bars", "#f7eaf3", "#6b2d5c", "#f5b700"),
                    "Barres violettes et jaunes comme un égaliseur, avec le texte : "
                    "Jazzkoncert – exemple fictif.")])
    site.post(lumiere, "2026-11-22T09:00", "fr", [
        "Bravo à nos collègues de ", At("vesterhav_demo"), " ! 👏",
    ], quote=wrap_up)

    site.post(alwaha, "2026-11-07T11:00", "ar", [
        "مرحباً من الواحة! 🌴 سفارة الدنمارك (حساب خيالي) تدعوكم إلى أسبوع التصميم الدنماركي "
        "Danish Design Week 2026 مع ", At("udenrigs_demo"), " ", globally, " ", Tag("kultur"),
    ])
    site.post(alwaha, "2026-11-16T14:00", "ar", [
        "معرض صور في مدينة الواحة من 20 إلى 25 نوفمبر. التفاصيل: ",
        Url("https://alwaha.example/ar/exhibition?year=2026&lang=ar"),
    ], media=[Photo(Scene("UDSTILLING", "house", "#fbf1de", "#8c5a00", "#1d4e89"),
                    "رسم لبيت بسقف أزرق وشمس، مع عبارة: معرض – مثال خيالي.")])

    site.post(midori, "2026-11-08T10:00", "ja", [
        "ミドリ国の皆さん、こんにちは！デンマーク大使館（架空）です。デンマーク・デザインウィークを"
        "開催します。", Tag("kultur"), " ", Tag("デザイン"),
    ])
    site.post(midori, "2026-11-15T18:00", "ja", [
        "大使館でデンマーク映画の上映会を行いました🎬 ご来場ありがとうございました。",
    ], media=[Photo(Scene("FILMAFTEN", "play", "#e8f4e8", "#2e6b30", "#f5b700"),
                    "再生ボタンの大きな記号と「Filmaften – 架空の例」という文字。")])
    site.post(midori, "2026-11-21T12:00", "ja", [
        "年末年始の領事窓口のご案内はこちら ",
        Url("https://midori.example/ja/consular?season=2026&lang=ja"), " ", globally,
    ])

    site.post(soelvkyst, "2026-11-04T14:00", "da", [
        "Ambassaden på Sølvkysten (fiktiv) søger en praktikant til foråret 2027. Læs opslaget: ",
        Url("https://soelvkyst.example/job/praktikant-2027"), " ", Tag("job"),
    ])
    site.post(soelvkyst, "2026-11-18T16:00", "da", [
        At("nordland_demo"), " Flot arrangement! Vi låner idéen til vores egen filmaften 🎬 ",
        Tag("kultur"),
    ], reply_to=film_night)

    site.post(oestmark, "2026-11-01T09:00", "en", [
        "The embassy in Østmark (fictional) is now on X! Consular hours: Mon–Thu 9:00–12:00. ",
        globally,
    ])
    site.post(oestmark, "2026-11-10T13:00", "en", [
        "Our (invented) Christmas tree lighting is on 1 December 🎄 All welcome & free of charge.",
    ], media=[Photo(Scene("JULETRÆ", "tree", "#f8e9e9", "#2e6b30", "#f5b700"),
                    "A simple green Christmas tree with a yellow star. Text: Juletræ – "
                    "fictional sample.")])
    site.post(oestmark, "2026-11-23T08:00", "en", [
        "Reminder: the embassy is closed 24–26 December. Emergencies: ",
        Url("https://oestmark.example/emergency"),
    ])
    accounts = (hub, nordland, vesterhav, bergland, lumiere, alwaha, midori, soelvkyst, oestmark)
    return site, {a.username: (len(a.timeline),) for a in accounts}
# fmt: on


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder holding the site folders")
    args = parser.parse_args(argv)
    for name, build in (("borger-dk", borger_dk), ("dk-i-verden", dk_i_verden)):
        site, timelines = build()
        site.write(args.out / name / "recorded", timelines)
        print(f"wrote {args.out / name / 'recorded'}")


if __name__ == "__main__":
    main()
