"""The neutral post model every source produces and every later stage reads.

It imports nothing else of ours and holds no HTML: text is a sequence of typed
segments, so markup from outside can never reach a page except through the
renderer's own code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Literal, TypeVar


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text, already unescaped (``&amp;`` is ``&``)."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A link: ``text`` is what the author's readers see, ``url`` the real destination."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Mention:
    """``text`` as typed (``@Name``); ``handle`` without the ``@``.

    ``url`` is the mentioned profile when the source says where it is (a Mastodon
    mention lives on its own server, a Bluesky mention names a DID); without it
    the renderer asks the post's network for the handle's profile.
    """

    text: str
    handle: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Hashtag:
    """``text`` as typed (``#Tag``); ``tag`` without the ``#``; ``url`` as for mentions."""

    text: str
    tag: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Cashtag:
    """``text`` as typed (``$TAG``); ``tag`` without the ``$``."""

    text: str
    tag: str


@dataclass(frozen=True, slots=True)
class Emoji:
    """A custom emoji (Mastodon's ``:shortcode:``): an image, with ``text`` as its alt text."""

    text: str
    image_url: str


Segment = Text | Link | Mention | Hashtag | Cashtag | Emoji


class PostKind(str, Enum):
    POST = "post"
    REPLY = "reply"
    REPOST = "repost"
    QUOTE = "quote"


MediaKind = Literal["photo", "video", "gif"]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Author:
    """``url`` is the profile's address when the source gives one (else the network's
    pattern for ``handle`` is used); ``emoji`` are the custom emoji its name uses."""

    id: str
    name: str
    handle: str
    avatar_url: str | None = None
    url: str | None = None
    emoji: tuple[Emoji, ...] = ()


@dataclass(frozen=True, slots=True)
class Card:
    """A link preview: the page a post links to, with its title and an optional image."""

    url: str
    title: str
    description: str = ""
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """One post as published.

    Identity is ``(network, id)``: ``key`` joins them. ``account`` is the store
    key of the timeline the post was fetched from; for a repost, ``author`` is
    the account that reposted and ``original`` the post it shared (shown in its
    place). A quote keeps its own text and carries the quoted post in
    ``original``.

    ``title`` is an article's headline (RSS/Atom), shown as the post's lead.
    ``content_warning`` is the author's own warning (Mastodon's spoiler text);
    ``sensitive`` marks media the author or network flagged; ``labels`` are the
    moderation labels a network attached (Bluesky), the author's included.
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
    in_reply_to_handle: str | None = None
    title: str | None = None
    card: Card | None = None
    content_warning: str | None = None
    sensitive: bool = False
    labels: tuple[str, ...] = ()
    _key: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.created.tzinfo is None:
            raise ValueError(f"post {self.id}: created time must be timezone-aware")

    @property
    def key(self) -> str:
        """``network:id``: unique across networks, the form ``pinned`` and ``hidden`` take.

        Kept once made: curation asks for it about a dozen times per post it judges, and
        most stored posts are never judged, so it is not made before it is asked for."""
        key = self._key
        if key is None:
            key = post_key(self.network, self.id)
            object.__setattr__(self, "_key", key)  # the post is frozen to everyone else
        return key

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


def post_key(network: str, post_id: str) -> str:
    return f"{network}:{post_id}"


# --- JSON form, used by the store and by tests -------------------------------------------

_SEGMENT_TYPES: dict[str, type[Segment]] = {
    "text": Text,
    "link": Link,
    "mention": Mention,
    "hashtag": Hashtag,
    "cashtag": Cashtag,
    "emoji": Emoji,
}
_SEGMENT_NAMES = {cls: name for name, cls in _SEGMENT_TYPES.items()}


def segment_to_dict(segment: Segment) -> dict[str, str]:
    data = {"type": _SEGMENT_NAMES[type(segment)]}
    for name in _FIELD_NAMES[type(segment)]:
        value = getattr(segment, name)
        if value is not None:
            data[name] = value
    return data


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(item.name for item in dataclass_fields(cls))
    for cls in (*_SEGMENT_NAMES, Media, Card)
}
"""Each plain model class's fields in order: with slots there is no ``__dict__`` to copy."""


T = TypeVar("T")


class Shared:
    """Equal values read from one store file, kept once.

    An account's posts mostly carry the same author, language, network and hashtags:
    sharing one object (frozen, so nothing can tell) instead of one per post is most of
    the memory a big store takes, and a value seen before needs no checking again.
    """

    __slots__ = ("_authors", "_segments", "_strings")

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._authors: dict[tuple[Any, ...], Author] = {}
        self._segments: dict[tuple[Any, ...], Segment] = {}

    def text(self, value: Any, what: str) -> str:
        if type(value) is str:  # the common case, without a call to _text
            return self._strings.setdefault(value, value)
        return self._strings.setdefault(_text(value, what), value)

    def optional_text(self, value: Any, what: str) -> str | None:
        return None if value is None else self.text(value, what)

    def author(self, data: Any) -> Author:
        return _remembered(self._authors, data, author_from_dict)

    def segment(self, data: Any) -> Segment:
        if type(data) is dict and data.get("type") == "text" and len(data) == 2:
            return Text(_text(data.get("text"), "segment text"))  # each post's own words
        return _remembered(self._segments, data, segment_from_dict)


def _remembered(known: dict[tuple[Any, ...], T], data: Any, read: Callable[[Any], T]) -> T:
    """``read(data)``, or the value read before from equal data.

    Only data of strings and nulls is remembered, so a key equal to a remembered one
    means data equal to data already read and checked (``1 == True`` cannot slip in)."""
    try:
        key = tuple(data.items())
        found = known.get(key)
    except (AttributeError, TypeError):  # not an object, or holding lists: read it afresh
        return read(data)
    if found is None:
        found = read(data)
        if all(value is None or type(value) is str for _, value in key):
            known[key] = found
    return found


def segment_from_dict(data: dict[str, str]) -> Segment:
    fields = dict(data)
    cls = _SEGMENT_TYPES[_text(fields.pop("type"), "segment type")]
    for name, value in fields.items():
        _text(value, f"segment {name}")
    return cls(**fields)


def _emoji_list(value: Any) -> tuple[Emoji, ...]:
    if not isinstance(value, list):
        raise TypeError(f"emoji must be a list, not {value!r}")
    emoji = tuple(segment_from_dict(item) for item in value)
    if not all(isinstance(item, Emoji) for item in emoji):
        raise TypeError("emoji must hold emoji segments only")
    return emoji  # type: ignore[return-value]


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
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the year 1 in UTC
        raise ValueError(f"{what} {value!r} is out of range") from None


def author_to_dict(author: Author) -> dict[str, Any]:
    data: dict[str, Any] = {"id": author.id, "name": author.name, "handle": author.handle}
    data["avatar_url"] = author.avatar_url
    if author.url is not None:
        data["url"] = author.url
    if author.emoji:
        data["emoji"] = [segment_to_dict(item) for item in author.emoji]
    return data


def author_from_dict(data: dict[str, Any]) -> Author:
    return Author(
        id=_text(data["id"], "author id"),
        name=_text(data["name"], "author name"),
        handle=_text(data["handle"], "author handle"),
        avatar_url=_optional_text(data.get("avatar_url"), "author avatar_url"),
        url=_optional_text(data.get("url"), "author url"),
        emoji=_emoji_list(data.get("emoji", [])),
    )


def card_from_dict(data: Any) -> Card:
    if not isinstance(data, dict):
        raise TypeError(f"card must be an object, not {data!r}")
    return Card(
        url=_text(data["url"], "card url"),
        title=_text(data["title"], "card title"),
        description=_text(data.get("description", ""), "card description"),
        image_url=_optional_text(data.get("image_url"), "card image_url"),
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
    """The JSON form; optional fields at their defaults are left out, to keep stores small."""
    data: dict[str, Any] = {
        "id": post.id,
        "network": post.network,
        "account": post.account,
        "author": author_to_dict(post.author),
        "created": post.created.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "segments": [segment_to_dict(s) for s in post.segments],
        "permalink": post.permalink,
        "kind": post.kind.value,
        "lang": post.lang,
        "media": [_as_dict(m) for m in post.media],
        "original": post_to_dict(post.original) if post.original else None,
        "in_reply_to": post.in_reply_to,
    }
    optional = {
        "in_reply_to_handle": post.in_reply_to_handle,
        "title": post.title,
        "card": _as_dict(post.card) if post.card else None,
        "content_warning": post.content_warning,
        "sensitive": post.sensitive or None,
        "labels": list(post.labels) or None,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


def _as_dict(item: Media | Card) -> dict[str, Any]:
    return {name: getattr(item, name) for name in _FIELD_NAMES[type(item)]}


POST_KEYS = frozenset(
    {
        "id", "network", "account", "author", "created", "segments", "permalink", "kind",
        "lang", "media", "original", "in_reply_to", "in_reply_to_handle", "title", "card",
        "content_warning", "sensitive", "labels",
    }
)  # fmt: skip


def _labels(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError(f"labels must be a list, not {value!r}")
    return tuple(_text(item, "label") for item in value)


_KINDS: dict[Any, PostKind] = {kind.value: kind for kind in PostKind}
"""Looked up before ``PostKind(...)``, which is slower; a value not here raises there."""


def post_from_dict(data: dict[str, Any], shared: Shared | None = None) -> Post:
    """Reads the JSON form back; raises ValueError, TypeError or KeyError when it is not one.

    ``shared`` keeps equal values once across the posts of one store file."""
    if shared is None:
        shared = Shared()
    if not POST_KEYS.issuperset(data):
        unknown = set(data) - POST_KEYS
        raise ValueError(f"post has unknown field(s) {', '.join(sorted(unknown))}")
    sensitive = data.get("sensitive", False)
    if not isinstance(sensitive, bool):
        raise TypeError(f"sensitive must be true or false, not {sensitive!r}")
    text, optional = shared.text, shared.optional_text
    return Post(
        id=_text(data["id"], "post id"),
        network=text(data["network"], "post network"),
        account=text(data["account"], "post account"),
        author=shared.author(data["author"]),
        created=_utc(data["created"], "post created"),
        segments=tuple([shared.segment(s) for s in data["segments"]]),
        permalink=_text(data["permalink"], "post permalink"),
        kind=_KINDS.get(data.get("kind", "post")) or PostKind(data["kind"]),
        lang=optional(data.get("lang"), "post lang"),
        media=tuple([media_from_dict(m) for m in data.get("media", ())]),
        original=post_from_dict(data["original"], shared) if data.get("original") else None,
        in_reply_to=_optional_text(data.get("in_reply_to"), "post in_reply_to"),
        in_reply_to_handle=optional(data.get("in_reply_to_handle"), "in_reply_to_handle"),
        title=_optional_text(data.get("title"), "post title"),
        card=card_from_dict(data["card"]) if data.get("card") is not None else None,
        content_warning=_optional_text(data.get("content_warning"), "content_warning"),
        sensitive=sensitive,
        labels=_labels(data["labels"]) if "labels" in data else (),
    )
