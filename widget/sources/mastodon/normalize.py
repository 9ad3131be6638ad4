"""Mastodon API JSON (Status, Account) as neutral posts: pure functions, no network.

Nothing here trusts the JSON's shape: a status that lacks what a post needs
raises ``Skip`` with one line, and ``normalize_statuses`` turns that into a
problem line and carries on. Handles are always ``user@host``: a local account's
``acct`` has no host, so the server the timeline came from is added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from widget.model import Author, Card, Emoji, Media, MediaKind, Post, PostKind
from widget.sources.mastodon.content import Context, emoji_segments, segments_from_html, web_url
from widget.sources.times import utc_from_iso

NETWORK = "mastodon"
MAX_DEPTH = 2
"""A boost of a quote of a post: deeper nesting is cut (a quote shows only one level)."""
_MEDIA_KINDS: dict[str, MediaKind] = {"image": "photo", "gifv": "gif", "video": "video"}


class Skip(Exception):
    """A status that cannot be shown; the message is the one-line reason."""


def normalize_statuses(statuses: Any, *, account: str, host: str) -> tuple[list[Post], list[str]]:
    """The posts of a statuses page (newest first) and a problem line per skipped item."""
    if not isinstance(statuses, list):
        return [], ["the timeline answer is not a list of statuses"]
    posts: list[Post] = []
    problems: list[str] = []
    for number, raw in enumerate(statuses):
        try:
            posts.append(normalize_status(raw, account=account, host=host, problems=problems))
        except Skip as skip:
            problems.append(str(skip))
        except RecursionError:
            problems.append(f"status {_label(raw, number)} is nested too deeply; skipped")
    posts.sort(key=lambda post: post.created, reverse=True)
    return posts, problems


def normalize_status(
    raw: Any, *, account: str, host: str, problems: list[str] | None = None, depth: int = 0
) -> Post:
    """One Status as a Post; raises Skip when it cannot be one."""
    if not isinstance(raw, Mapping):
        raise Skip(f"a status is not an object ({type(raw).__name__}); skipped")
    notes = problems if problems is not None else []
    status_id = _id(raw.get("id"))
    if status_id is None:
        raise Skip("a status has no id; skipped")
    created = utc_from_iso(raw.get("created_at"))
    if created is None:
        raise Skip(f"status {status_id} has no valid created_at; skipped")
    author = author_from_account(raw.get("account"), host)
    if author is None:
        raise Skip(f"status {status_id} has no valid account; skipped")

    reblog = raw.get("reblog")
    if isinstance(reblog, Mapping) and depth < MAX_DEPTH:
        try:
            original = normalize_status(
                reblog, account=account, host=host, problems=notes, depth=depth + 1
            )
        except Skip as skip:
            raise Skip(f"status {status_id} boosts a status that cannot be shown: {skip}") from None
        return Post(
            id=status_id,
            network=NETWORK,
            account=account,
            author=author,
            created=created,
            segments=(),
            # A boost's own `url` is its ActivityPub `/activity`: readers want the post.
            permalink=original.permalink,
            kind=PostKind.REPOST,
            original=original,
        )

    quoted = _quoted(raw, status_id, account, host, notes, depth)
    mentions = _mentions(raw.get("mentions"), host)
    context = Context(
        mentions={url: handle for _, url, handle in mentions},
        tags=_tags(raw.get("tags")),
        emoji=emoji_map(raw.get("emojis")),
        hide_quote=quoted is not None,
    )
    content = raw.get("content")
    segments = segments_from_html(content, context) if isinstance(content, str) else ()
    in_reply_to = _id(raw.get("in_reply_to_id"))
    kind = PostKind.QUOTE if quoted else PostKind.REPLY if in_reply_to else PostKind.POST
    warning = raw.get("spoiler_text")
    lang = raw.get("language")
    return Post(
        id=status_id,
        network=NETWORK,
        account=account,
        author=author,
        created=created,
        segments=segments,
        permalink=_permalink(raw, author, status_id),
        kind=kind,
        lang=lang if isinstance(lang, str) and lang.strip() else None,
        media=_media(raw.get("media_attachments"), status_id, notes),
        original=quoted,
        in_reply_to=in_reply_to,
        in_reply_to_handle=_reply_handle(raw, author, mentions) if in_reply_to else None,
        card=_card(raw.get("card")),
        content_warning=warning.strip() if isinstance(warning, str) and warning.strip() else None,
        sensitive=raw.get("sensitive") is True,
    )


def author_from_account(raw: Any, host: str) -> Author | None:
    """The Author of an Account, or None when it has no id or user name."""
    if not isinstance(raw, Mapping):
        return None
    account_id = _id(raw.get("id"))
    username = raw.get("username")
    acct = raw.get("acct")
    if not isinstance(acct, str) or not acct.strip():
        acct = username
    if account_id is None or not isinstance(acct, str) or not acct.strip():
        return None
    handle = full_handle(acct, host)
    name = raw.get("display_name")
    if not isinstance(name, str) or not name.strip():
        name = username if isinstance(username, str) and username.strip() else handle
    used = tuple(
        segment
        for segment in emoji_segments(name, emoji_map(raw.get("emojis")))
        if isinstance(segment, Emoji)
    )
    return Author(
        id=account_id,
        name=name,
        handle=handle,
        avatar_url=web_url(raw.get("avatar_static")) or web_url(raw.get("avatar")),
        url=web_url(raw.get("url")),
        emoji=tuple(dict.fromkeys(used)),
    )


def full_handle(acct: str, host: str) -> str:
    """``user@host``: a local account's ``acct`` is only the user name."""
    acct = acct.strip().removeprefix("@")
    return acct if "@" in acct or not host else f"{acct}@{host}"


def emoji_map(raw: Any) -> dict[str, str]:
    """Shortcode -> image (the still one when there is one) from an ``emojis[]`` list."""
    found: dict[str, str] = {}
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping) or not isinstance(item.get("shortcode"), str):
            continue
        image = web_url(item.get("static_url")) or web_url(item.get("url"))
        if image:
            found[item["shortcode"]] = image
    return found


def _label(raw: Any, number: int) -> str:
    status_id = _id(raw.get("id")) if isinstance(raw, Mapping) else None
    return status_id or f"number {number + 1}"


def _id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip() and len(value) <= 100:
        return value.strip()
    return None


def _permalink(raw: Mapping[str, Any], author: Author, status_id: str) -> str:
    found = web_url(raw.get("url")) or web_url(raw.get("uri"))
    if found:
        return found
    user, _, host = author.handle.partition("@")
    return f"https://{host}/@{user}/{status_id}"


def _mentions(raw: Any, host: str) -> list[tuple[str | None, str, str]]:
    """(account id, profile URL, handle) of each mention."""
    found = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping):
            continue
        url = web_url(item.get("url"))
        acct = item.get("acct")
        if url and isinstance(acct, str) and acct.strip():
            found.append((_id(item.get("id")), url, full_handle(acct, host)))
    return found


def _tags(raw: Any) -> frozenset[str]:
    found: set[str] = set()
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping):
            continue
        url = web_url(item.get("url"))
        if url:
            found.add(url)
        if isinstance(item.get("name"), str):
            found.add(item["name"].lower())
    return frozenset(found)


def _reply_handle(
    raw: Mapping[str, Any], author: Author, mentions: Sequence[tuple[str | None, str, str]]
) -> str | None:
    """Whom a reply answers: the status itself only names the account's id."""
    account_id = _id(raw.get("in_reply_to_account_id"))
    if account_id is None:
        return None
    if account_id == author.id:
        return author.handle
    return next((handle for mid, _, handle in mentions if mid == account_id), None)


def _quoted(
    raw: Mapping[str, Any],
    status_id: str,
    account: str,
    host: str,
    problems: list[str],
    depth: int,
) -> Post | None:
    """The quoted post (Mastodon 4.5), only when its author accepted the quote."""
    quote = raw.get("quote")
    if not isinstance(quote, Mapping) or quote.get("state") != "accepted" or depth >= MAX_DEPTH:
        return None
    quoted = quote.get("quoted_status")
    if not isinstance(quoted, Mapping):
        return None
    try:
        return normalize_status(
            quoted, account=account, host=host, problems=problems, depth=depth + 1
        )
    except Skip as skip:
        problems.append(f"status {status_id} quotes a status that cannot be shown: {skip}")
        return None


def _size(meta: Any) -> tuple[int | None, int | None]:
    meta = meta if isinstance(meta, Mapping) else {}
    for key in ("original", "small"):
        size = meta.get(key)
        if isinstance(size, Mapping):
            width, height = size.get("width"), size.get("height")
            if _positive(width) and _positive(height):
                return width, height
    return None, None


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _media(raw: Any, status_id: str, problems: list[str]) -> tuple[Media, ...]:
    found: list[Media] = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, Mapping):
            problems.append(f"status {status_id}: a media attachment is not an object; left out")
            continue
        kind = _MEDIA_KINDS.get(str(item.get("type")))
        if kind is None:
            what = str(item.get("type"))[:20]
            problems.append(f"status {status_id}: {what} attachments are not shown; left out")
            continue
        url, preview = web_url(item.get("url")), web_url(item.get("preview_url"))
        image = (url or preview) if kind == "photo" else preview
        if image is None:
            problems.append(f"status {status_id}: a {kind} has no image yet; left out")
            continue
        alt = item.get("description")
        width, height = _size(item.get("meta"))
        found.append(
            Media(
                kind=kind,
                image_url=image,
                alt=alt.strip() if isinstance(alt, str) and alt.strip() else None,
                width=width,
                height=height,
                video_url=url if kind != "photo" else None,
            )
        )
    return tuple(found)


def _card(raw: Any) -> Card | None:
    if not isinstance(raw, Mapping):
        return None
    url = web_url(raw.get("url"))
    title = raw.get("title")
    if url is None or not isinstance(title, str):
        return None
    description = raw.get("description")
    return Card(
        url=url,
        title=title.strip(),
        description=description.strip() if isinstance(description, str) else "",
        image_url=web_url(raw.get("image")),
    )
