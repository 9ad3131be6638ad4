"""The shape of Mastodon API bodies for the sample data: accounts, statuses and their HTML.

A status's ``content`` is the HTML a Mastodon server writes (``h-card`` mentions,
``hashtag`` links, links cut into ``invisible``/``ellipsis`` spans), built here from
pieces so that ``mentions``, ``tags`` and ``emojis`` always agree with the text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PIL import Image
from sample_format import FICTION_MARKER, code, millis
from sample_pictures import Scene, draw_avatar, draw_emoji, draw_picture

JSON = dict[str, Any]
HOST = "social.example"
FILES = "files.social.example"
PHOTO_SIZE = (1200, 675)
CARD_SIZE = (1200, 630)


@dataclass(frozen=True)
class Link:
    url: str


@dataclass(frozen=True)
class Mention:
    account: MastodonAccount


@dataclass(frozen=True)
class Hashtag:
    name: str


Piece = str | Link | Mention | Hashtag
"""Plain text may hold ``:shortcode:`` custom emoji; the status lists the ones it uses."""


@dataclass(frozen=True)
class Emoji:
    shortcode: str
    colours: tuple[str, str]

    def as_json(self) -> JSON:
        static = f"https://{FILES}/custom_emojis/images/{code('emoji:' + self.shortcode, 9)}"
        return {
            "shortcode": self.shortcode,
            "static_url": f"{static}/static/{self.shortcode}.png",
            "url": f"{static}/original/{self.shortcode}.png",
            "visible_in_picker": True,
        }


@dataclass(frozen=True)
class Photo:
    scene: Scene
    alt: str | None


@dataclass(frozen=True)
class LinkCard:
    url: str
    title: str
    description: str
    scene: Scene


@dataclass
class MastodonAccount:
    id: str
    username: str
    display_name: str
    note: str
    avatar: str
    emojis: list[Emoji]
    statuses: list[JSON] = field(default_factory=list)

    @property
    def acct(self) -> str:
        return f"{self.username}@{HOST}"

    @property
    def url(self) -> str:
        return f"https://{HOST}/@{self.username}"

    def as_json(self) -> JSON:
        return {
            "id": self.id,
            "username": self.username,
            "acct": self.username,
            "display_name": self.display_name,
            "locked": False,
            "bot": False,
            "note": f"<p>{html.escape(self.note)}</p>",
            "url": self.url,
            "uri": f"https://{HOST}/users/{self.username}",
            "avatar": self.avatar,
            "avatar_static": self.avatar,
            "emojis": [emoji.as_json() for emoji in self.emojis],
            "fields": [],
        }


def _link_html(url: str) -> str:
    """A link as Mastodon writes it: the scheme hidden, the rest cut after 30 characters."""
    scheme, rest = url.split("://", 1)
    shown, hidden = rest[:30], rest[30:]
    ellipsis = "ellipsis" if hidden else ""
    spans = f'<span class="invisible">{scheme}://</span><span class="{ellipsis}">'
    spans += f'{html.escape(shown)}</span><span class="invisible">{html.escape(hidden)}</span>'
    return (
        f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" '
        f'translate="no">{spans}</a>'
    )


def _piece_html(piece: Piece) -> str:
    if isinstance(piece, str):
        return html.escape(piece, quote=False)
    if isinstance(piece, Link):
        return _link_html(piece.url)
    if isinstance(piece, Mention):
        return (
            f'<span class="h-card" translate="no"><a href="{piece.account.url}" '
            f'class="u-url mention">@<span>{piece.account.username}</span></a></span>'
        )
    return (
        f'<a href="https://{HOST}/tags/{piece.name.lower()}" class="mention hashtag" '
        f'rel="tag">#<span>{html.escape(piece.name)}</span></a>'
    )


class Server:
    """One invented Mastodon server's accounts, statuses and the pictures they point at."""

    def __init__(self, images: dict[str, Callable[[], Image.Image]]) -> None:
        self.accounts: dict[str, MastodonAccount] = {}
        self.images = images
        self._sequence = 0

    def snowflake(self, when: str) -> str:
        """Mastodon's ids: milliseconds shifted left 16 bits, then a sequence."""
        self._sequence += 1
        return str((millis(when) << 16) | self._sequence)

    def account(
        self,
        username: str,
        display_name: str,
        note: str,
        joined: str,
        initials: str,
        colours: tuple[str, str],
        emojis: Sequence[Emoji] = (),
    ) -> MastodonAccount:
        path = f"accounts/avatars/{code('avatar:' + username, 12)}/original/avatar.jpg"
        self.images[f"{FILES}/{path}"] = partial(draw_avatar, initials, *colours)
        for emoji in emojis:
            self._emoji(emoji)
        account = MastodonAccount(
            id=self.snowflake(joined),
            username=username,
            display_name=display_name,
            note=f"{note} ({FICTION_MARKER})",
            avatar=f"https://{FILES}/{path}",
            emojis=list(emojis),
        )
        self.accounts[account.acct] = account
        return account

    def _emoji(self, emoji: Emoji) -> None:
        static = emoji.as_json()["static_url"].split("://", 1)[1]
        self.images[static] = partial(draw_emoji, *emoji.colours)

    def _photo(self, photo: Photo, status_id: str) -> JSON:
        folder = f"media_attachments/files/{code('media:' + status_id, 12)}"
        self.images[f"{FILES}/{folder}/original/photo.jpg"] = partial(
            draw_picture, photo.scene, PHOTO_SIZE
        )
        width, height = PHOTO_SIZE
        return {
            "id": str(int(status_id) + 1),
            "type": "image",
            "url": f"https://{FILES}/{folder}/original/photo.jpg",
            "preview_url": f"https://{FILES}/{folder}/small/photo.jpg",
            "remote_url": None,
            "description": photo.alt,
            "blurhash": None,
            "meta": {
                "original": {"width": width, "height": height},
                "small": {"width": 640, "height": 360},
            },
        }

    def _card(self, card: LinkCard) -> JSON:
        path = f"cache/preview_cards/images/{code('card:' + card.url, 12)}/original/card.jpg"
        self.images[f"{FILES}/{path}"] = partial(draw_picture, card.scene, CARD_SIZE)
        return {
            "url": card.url,
            "title": card.title,
            "description": card.description,
            "type": "link",
            "image": f"https://{FILES}/{path}",
            "width": CARD_SIZE[0],
            "height": CARD_SIZE[1],
            "provider_name": "",
            "provider_url": "",
        }

    def status(
        self,
        author: MastodonAccount,
        when: str,
        lang: str,
        paragraphs: Sequence[Sequence[Piece]] = (),
        *,
        warning: str = "",
        sensitive: bool = False,
        media: Sequence[Photo] = (),
        card: LinkCard | None = None,
        emojis: Sequence[Emoji] = (),
        boost: JSON | None = None,
    ) -> JSON:
        status_id = self.snowflake(when)
        for emoji in emojis:
            self._emoji(emoji)
        pieces = [piece for paragraph in paragraphs for piece in paragraph]
        status: JSON = {
            "id": status_id,
            "created_at": f"{when}:00.000Z",
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": sensitive or bool(warning),
            "spoiler_text": warning,
            "visibility": "public",
            "language": None if boost else lang,
            "uri": f"https://{HOST}/users/{author.username}/statuses/{status_id}",
            "url": None if boost else f"{author.url}/{status_id}",
            "edited_at": None,
            "content": "".join(
                "<p>" + "".join(_piece_html(p) for p in paragraph) + "</p>"
                for paragraph in paragraphs
            ),
            "reblog": boost,
            "account": author.as_json(),
            "media_attachments": [self._photo(photo, status_id) for photo in media],
            "mentions": [
                {
                    "id": p.account.id,
                    "username": p.account.username,
                    "url": p.account.url,
                    "acct": p.account.username,
                }
                for p in pieces
                if isinstance(p, Mention)
            ],
            "tags": [
                {"name": p.name.lower(), "url": f"https://{HOST}/tags/{p.name.lower()}"}
                for p in pieces
                if isinstance(p, Hashtag)
            ],
            "emojis": [emoji.as_json() for emoji in emojis],
            "card": self._card(card) if card else None,
            "poll": None,
        }
        for emoji in emojis:
            if f":{emoji.shortcode}:" not in "".join(p for p in pieces if isinstance(p, str)):
                raise ValueError(f"status {status_id} lists :{emoji.shortcode}: but never uses it")
        author.statuses.append(status)
        return status

    def bodies(self) -> dict[str, JSON | list[JSON]]:
        """``<user>@<host>/account.json`` and ``statuses-1.json`` (newest first) per account."""
        files: dict[str, JSON | list[JSON]] = {}
        for account in self.accounts.values():
            files[f"{account.acct}/account.json"] = account.as_json()
            newest_first = sorted(account.statuses, key=lambda s: int(s["id"]), reverse=True)
            files[f"{account.acct}/statuses-1.json"] = newest_first
        return files
