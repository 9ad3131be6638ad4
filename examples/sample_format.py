"""The shape of X API v2 bodies for the sample data: pieces of text, their entities, pages."""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image
from sample_pictures import Scene, draw_avatar, draw_picture

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
