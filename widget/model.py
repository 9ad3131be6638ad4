"""The neutral post model every source produces and every later stage reads.

It imports nothing else of ours and holds no HTML: text is a sequence of typed
segments, so markup from outside can never reach a page except through the
renderer's own code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Literal


@dataclass(frozen=True)
class Text:
    """Plain text, already unescaped (``&amp;`` is ``&``)."""

    text: str


@dataclass(frozen=True)
class Link:
    """A link: ``text`` is what the author's readers see, ``url`` the real destination."""

    text: str
    url: str


@dataclass(frozen=True)
class Mention:
    """``text`` as typed (``@Name``); ``handle`` without the ``@``."""

    text: str
    handle: str


@dataclass(frozen=True)
class Hashtag:
    """``text`` as typed (``#Tag``); ``tag`` without the ``#``."""

    text: str
    tag: str


@dataclass(frozen=True)
class Cashtag:
    """``text`` as typed (``$TAG``); ``tag`` without the ``$``."""

    text: str
    tag: str


Segment = Text | Link | Mention | Hashtag | Cashtag


class PostKind(str, Enum):
    POST = "post"
    REPLY = "reply"
    REPOST = "repost"
    QUOTE = "quote"


MediaKind = Literal["photo", "video", "gif"]


@dataclass(frozen=True)
class Media:
    """A picture, or the poster image of a video or GIF.

    ``image_url`` is the still image to show (``http(s)://`` or, for archive
    exports, ``file://``); ``video_url`` is the best playable variant, if known.
    ``alt`` is the author's own alt text, ``None`` when they wrote none.
    """

    kind: MediaKind
    image_url: str | None
    alt: str | None = None
    width: int | None = None
    height: int | None = None
    video_url: str | None = None


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    handle: str
    avatar_url: str | None = None


@dataclass(frozen=True)
class Post:
    """One post as published.

    ``account`` is the lower-case handle of the timeline the post was fetched
    from; for a repost, ``author`` is the account that reposted and
    ``original`` the post it shared (shown in its place). A quote keeps its own
    text and carries the quoted post in ``original``.
    """

    id: str
    network: str
    account: str
    author: Author
    created: datetime
    segments: tuple[Segment, ...]
    permalink: str
    kind: PostKind = PostKind.POST
    lang: str | None = None
    media: tuple[Media, ...] = ()
    original: Post | None = None
    in_reply_to: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.created.tzinfo is None:
            raise ValueError(f"post {self.id}: created time must be timezone-aware")

    @property
    def displayed(self) -> Post:
        """The post a reader sees in this one's place: a repost's original, else itself."""
        return self.original if self.kind is PostKind.REPOST and self.original else self

    @property
    def quoted(self) -> Post | None:
        """The post a quote carries, shown inside it."""
        return self.original if self.kind is PostKind.QUOTE else None

    @property
    def plain_text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def hashtags(self) -> tuple[str, ...]:
        return tuple(s.tag for s in self.segments if isinstance(s, Hashtag))


# --- JSON form, used by the store and by tests -------------------------------------------

_SEGMENT_TYPES: dict[str, type[Segment]] = {
    "text": Text,
    "link": Link,
    "mention": Mention,
    "hashtag": Hashtag,
    "cashtag": Cashtag,
}
_SEGMENT_NAMES = {cls: name for name, cls in _SEGMENT_TYPES.items()}


def segment_to_dict(segment: Segment) -> dict[str, str]:
    return {"type": _SEGMENT_NAMES[type(segment)], **segment.__dict__}


def segment_from_dict(data: dict[str, str]) -> Segment:
    fields = dict(data)
    cls = _SEGMENT_TYPES[_text(fields.pop("type"), "segment type")]
    for name, value in fields.items():
        _text(value, f"segment {name}")
    return cls(**fields)


def _text(value: Any, what: str) -> str:
    """Stored data is read back strictly: a wrong type is an error, never a guess."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {value!r}")
    return value


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _optional_int(value: Any, what: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{what} must be a whole number, not {value!r}")
    return value


def _utc(value: Any, what: str) -> datetime:
    moment = datetime.fromisoformat(_text(value, what).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{what} {value!r} has no time zone")
    return moment.astimezone(timezone.utc)


def author_from_dict(data: dict[str, Any]) -> Author:
    return Author(
        id=_text(data["id"], "author id"),
        name=_text(data["name"], "author name"),
        handle=_text(data["handle"], "author handle"),
        avatar_url=_optional_text(data.get("avatar_url"), "author avatar_url"),
    )


def media_from_dict(data: dict[str, Any]) -> Media:
    kind = _text(data["kind"], "media kind")
    if kind not in ("photo", "video", "gif"):
        raise ValueError(f"media kind {kind!r} is not photo, video or gif")
    return Media(
        kind=kind,  # type: ignore[arg-type]
        image_url=_optional_text(data.get("image_url"), "media image_url"),
        alt=_optional_text(data.get("alt"), "media alt"),
        width=_optional_int(data.get("width"), "media width"),
        height=_optional_int(data.get("height"), "media height"),
        video_url=_optional_text(data.get("video_url"), "media video_url"),
    )


def post_to_dict(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "network": post.network,
        "account": post.account,
        "author": dict(post.author.__dict__),
        "created": post.created.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "segments": [segment_to_dict(s) for s in post.segments],
        "permalink": post.permalink,
        "kind": post.kind.value,
        "lang": post.lang,
        "media": [dict(m.__dict__) for m in post.media],
        "original": post_to_dict(post.original) if post.original else None,
        "in_reply_to": post.in_reply_to,
        "extra": dict(post.extra),
    }


def post_from_dict(data: dict[str, Any]) -> Post:
    """Reads the JSON form back; raises ValueError, TypeError or KeyError when it is not one."""
    extra = data.get("extra") or {}
    if not isinstance(extra, dict):
        raise TypeError(f"extra must be an object, not {extra!r}")
    return Post(
        id=_text(data["id"], "post id"),
        network=_text(data["network"], "post network"),
        account=_text(data["account"], "post account"),
        author=author_from_dict(data["author"]),
        created=_utc(data["created"], "post created"),
        segments=tuple(segment_from_dict(s) for s in data["segments"]),
        permalink=_text(data["permalink"], "post permalink"),
        kind=PostKind(data.get("kind", "post")),
        lang=_optional_text(data.get("lang"), "post lang"),
        media=tuple(media_from_dict(m) for m in data.get("media", ())),
        original=post_from_dict(data["original"]) if data.get("original") else None,
        in_reply_to=_optional_text(data.get("in_reply_to"), "post in_reply_to"),
        extra={_text(k, "extra key"): _text(v, f"extra {k}") for k, v in extra.items()},
    )
