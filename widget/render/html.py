"""A curated feed to its HTML fragment, and the page that shows every feed.

The templates get plain view objects (:class:`PostView` and friends) in which every
decision is already made: which post is shown for a repost, which images exist on
this site, which ``lang`` an article needs. So a theme's or a user's template only
arranges markup and cannot get privacy or language rules wrong. Post text reaches a
template only as segments, through the ``segments`` filter.

Template context of ``widget.html`` (and ``widget-<feed>.html``): ``feed`` (the
FeedConfig; ``feed.color_scheme`` picks the palette), ``section_id``, ``heading``
(``"h2"`` … ``"h6"``), ``lang``, ``theme``, ``theme_options``, ``posts`` (PostView list),
``more_url`` (or None), ``updated`` (an :class:`Updated`, or None), ``t`` (Messages).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any

import jinja2
from babel.dates import format_time
from markupsafe import Markup

from widget.curate_rules import sensitive_labels
from widget.i18n import Messages
from widget.languages import primary_language, primary_subtag
from widget.model import Author, Media, Post, PostKind, Segment, Text
from widget.render.segments import EmojiImage, profile_url, render_segments, safe_http_url
from widget.sources.registry import KINDS

if TYPE_CHECKING:
    from widget.curate import CuratedFeed, Entry
    from widget.media import LocalImage

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


NAMED_SHARERS = 3
"""Up to this many sharers are all named; more are the first two and a count, since 19
display names of emoji and symbols read as a paragraph, not a byline."""


@dataclass(frozen=True)
class RenderOptions:
    base_url: str
    locale: str
    heading_level: int
    theme: str
    theme_options: Mapping[str, Any]
    show_media: bool
    zone: tzinfo = timezone.utc
    """Time zone of the dates shown; the ``datetime`` attributes stay in UTC."""
    updated: datetime | None = None
    """When the feed's accounts were last fetched, shown at its end; None shows nothing."""


@dataclass(frozen=True)
class Updated:
    """The widget's freshness stamp: ``before`` and ``after`` the ``<time>`` whose text is
    ``when`` and whose ``datetime`` is UTC."""

    datetime: str
    when: str
    before: str
    after: str


@dataclass(frozen=True)
class Image:
    """An image served from this site; ``alt`` is ``""`` only for decorative ones."""

    src: str
    width: int
    height: int
    alt: str
    lang: str | None = None
    """The page's language when ``alt`` is our fallback inside a post in another language."""


@dataclass(frozen=True)
class MediaItem:
    """A picture (``kind == "photo"``) or a video/GIF poster linking to ``href``."""

    kind: str
    image: Image | None
    href: str | None


@dataclass(frozen=True)
class CardView:
    """A link preview: the linked page's title, description and (self-hosted) picture."""

    href: str
    title: str
    description: str
    image: Image | None


@dataclass(frozen=True)
class PostView:
    label_id: str
    lang: str | None
    name: str
    name_segments: tuple[Segment, ...]
    """The name with its custom emoji, for the ``segments`` filter."""
    handle: str
    profile: str | None
    avatar: Image | None
    segments: tuple[Segment, ...]
    network: str
    media: tuple[MediaItem, ...]
    quote: PostView | None
    permalink: str | None
    datetime: str
    date: str
    reply_to: str | None
    sharers: tuple[str, ...]
    lazy: bool
    ui_lang: str | None
    """The page's language for our own words inside a post written in another language."""
    title: str | None = None
    """An article's headline (RSS/Atom)."""
    card: CardView | None = None
    warning: str | None = None
    """The summary of the ``<details>`` the post's content sits in: the author's content
    warning, the network's label, or our words for content flagged sensitive. None when
    nothing is hidden."""
    warning_covers_text: bool = False
    """True when the text is hidden too (a content warning, a label, or a flag on a post
    with nothing else to hide); False when only its media and link preview are."""

    @property
    def sharers_named(self) -> tuple[str, ...]:
        """The sharers the "shared by" line names: all of a few, else the first two."""
        if len(self.sharers) <= NAMED_SHARERS:
            return self.sharers
        return self.sharers[:2]

    @property
    def sharers_unnamed(self) -> int:
        """How many more accounts shared it ("… and 17 other accounts")."""
        return len(self.sharers) - len(self.sharers_named)


def post_language(post_lang: str | None, page_language: str) -> str | None:
    """The ``lang`` an article needs: only a real language that differs from the page's."""
    if not post_lang or not LANGUAGE_TAG.match(post_lang):
        return None
    primary = primary_language(post_lang)
    if primary is None or primary == primary_language(page_language):
        return None
    return post_lang


class _Builder:
    """Turns entries into views for one feed; holds what every post needs."""

    def __init__(
        self,
        feed_name: str,
        images: Mapping[str, LocalImage],
        options: RenderOptions,
        messages: Messages,
    ) -> None:
        self.feed_name = feed_name
        self.images = images
        self.options = options
        self.t = messages

    def image(self, url: str | None, alt: str, lang: str | None = None) -> Image | None:
        local = self.images.get(url) if url else None
        if local is None:
            return None
        return Image(self.options.base_url + local.path, local.width, local.height, alt, lang)

    def emoji_image(self, url: str) -> tuple[str, int, int] | None:
        local = self.images.get(url)
        if local is None:
            return None
        return (self.options.base_url + local.path, local.width, local.height)

    def card(self, post: Post) -> CardView | None:
        card = post.card
        href = safe_http_url(card.url) if card is not None else None
        if card is None or href is None or not self.options.show_media:
            return None
        image = self.image(card.image_url, "")
        return CardView(href, card.title, card.description, image)

    def warning(self, post: Post) -> tuple[str, bool] | None:
        """The summary of the post's warning and whether it covers the text, or None.

        Curation has already left out sensitive posts unless the feed says ``"warn"``."""
        if post.content_warning and post.content_warning.strip():
            return self.t("content_warning", warning=post.content_warning.strip()), True
        labels = sensitive_labels(post)
        if labels:
            return self.t("content_warning", warning=self.label_name(labels[0])), True
        if post.sensitive:
            visual = self.options.show_media and bool(post.media or post.card)
            return self.t("sensitive_media"), not visual
        return None

    def label_name(self, label: str) -> str:
        """A network label in the page's words; the general words for one we have none for."""
        try:
            return self.t("label_" + label.lstrip("!").replace("-", "_"))
        except KeyError:
            return self.t("sensitive_media")

    def media(
        self, post: Post, permalink: str | None, ui_lang: str | None
    ) -> tuple[MediaItem, ...]:
        if not self.options.show_media:
            return ()
        items: list[MediaItem] = []
        for media in post.media:
            item = self.media_item(media, permalink, ui_lang)
            if item is not None:
                items.append(item)
        return tuple(items)

    def media_item(
        self, media: Media, permalink: str | None, ui_lang: str | None
    ) -> MediaItem | None:
        alt = (media.alt or "").strip()
        alt_lang = None if alt else ui_lang
        if media.kind == "photo":
            image = self.image(media.image_url, alt or self.t("image_no_alt"), alt_lang)
            return MediaItem("photo", image, None) if image else None
        poster = self.image(media.image_url, alt or self.t("video_no_alt"), alt_lang)
        if poster is None and permalink is None:
            return None
        return MediaItem("video", poster, permalink)

    def view(
        self,
        entry_key: str,
        post: Post,
        sharers: tuple[str, ...],
        lazy: bool,
        around: str | None = None,
    ) -> PostView:
        """``around`` is the language of the enclosing post (for a quote), else the page's."""
        permalink = safe_http_url(post.permalink)
        quoted = post.quoted
        reply_handle = post.in_reply_to_handle if post.kind is PostKind.REPLY else None
        enclosing = around or self.t.lang
        lang = post_language(post.lang, primary_subtag(enclosing))
        effective = lang or enclosing
        ui_lang = None if primary_subtag(effective) == self.t.language else self.t.lang
        warning = self.warning(post)
        return PostView(
            label_id=f"wdg-{self.feed_name}-p-{_id_part(entry_key)}",
            lang=lang,
            name=post.author.name,
            name_segments=name_segments(post.author),
            handle=post.author.handle,
            profile=author_url(post.author, post.network),
            avatar=self.image(post.author.avatar_url, "") if around is None else None,
            segments=post.segments,
            network=post.network,
            media=self.media(post, permalink, ui_lang),
            quote=self.view(f"{entry_key}-q", quoted, (), lazy, effective) if quoted else None,
            permalink=permalink,
            datetime=post.created.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            date=self.t.date(post.created),
            reply_to=f"@{reply_handle}" if reply_handle else None,
            sharers=sharers,
            lazy=lazy or warning is not None,
            ui_lang=ui_lang,
            title=post.title,
            card=self.card(post),
            warning=warning[0] if warning else None,
            warning_covers_text=warning[1] if warning else False,
        )

    def entry(self, entry: Entry, index: int) -> PostView:
        post = entry.post
        sharers = _sharers(entry.shared_by, post)
        return self.view(post.id, post.displayed, sharers, lazy=index > 0)


def _id_part(value: str) -> str:
    """A post ID made safe for an HTML ``id`` (X IDs are digits already)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", value) or "_"


def _sharers(shared_by: Sequence[Author], post: Post) -> tuple[str, ...]:
    authors = list(shared_by)
    if not authors and post.kind is PostKind.REPOST:
        authors = [post.author]
    unique = {author.id: author.name for author in authors}
    return tuple(unique.values())


def author_url(author: Author, network: str) -> str | None:
    """The author's own profile address when the source gave one, else the network's."""
    own = safe_http_url(author.url) if author.url else None
    return own or profile_url(author.handle, network)


def name_segments(author: Author) -> tuple[Segment, ...]:
    """The display name split around the custom emoji it names (``:shortcode:``)."""
    if not author.emoji:
        return (Text(author.name),)
    by_code = {emoji.text: emoji for emoji in author.emoji}
    pattern = "(" + "|".join(re.escape(code) for code in by_code) + ")"
    parts = [part for part in re.split(pattern, author.name) if part]
    return tuple(by_code.get(part) or Text(part) for part in parts)


def more_link(curated: CuratedFeed) -> tuple[str, str] | None:
    """(address, network) of the profile of the feed's one account; None for a feed of
    several accounts, where any one profile would be the wrong one."""
    if len(curated.feed.sources) != 1:
        return None
    for entry in curated.entries:
        owner = entry.shared_by[0] if entry.shared_by else entry.post.author
        url = author_url(owner, entry.post.network)
        if url:
            return url, entry.post.network
    source = curated.feed.sources[0]
    network = KINDS[source.kind].network.name
    url = profile_url(source.value, network)
    return (url, network) if url else None


def updated_stamp(moment: datetime | None, messages: Messages) -> Updated | None:
    """The stamp "Updated 30 Nov 2026 at 10:12", in the feed's language and time zone."""
    if moment is None:
        return None
    local = moment.astimezone(messages.zone)
    when = messages(
        "updated_when",
        date=messages.date(moment),
        time=format_time(local, "short", locale=messages.babel),
    )
    before, after = messages.around("updated", "when")
    stamp = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Updated(stamp, when, before, after)


def _install(env: jinja2.Environment, images: EmojiImage | None = None) -> None:
    def segments_filter(segments: Sequence[Segment], network: str = "x") -> Markup:
        return render_segments(segments, network=network, images=images)

    env.filters["segments"] = segments_filter


def _finish(html: str) -> str:
    return html.strip() + "\n"


def render_feed(
    env: jinja2.Environment,
    curated: CuratedFeed,
    images: Mapping[str, LocalImage],
    options: RenderOptions,
) -> str:
    """The feed's fragment, from ``widget-<feed>.html`` when a theme or user has one."""
    if not 2 <= options.heading_level <= 6:
        raise ValueError(f"heading level {options.heading_level} is not 2 to 6")
    feed = curated.feed
    messages = Messages(options.locale, zone=options.zone)
    builder = _Builder(feed.name, images, options, messages)
    _install(env, builder.emoji_image)
    more = more_link(curated)
    template = env.select_template([f"widget-{feed.name}.html", "widget.html"])
    html = template.render(
        feed=feed,
        section_id=f"wdg-{feed.name}",
        heading=f"h{options.heading_level}",
        lang=messages.lang,
        theme=options.theme,
        theme_options=options.theme_options,
        posts=[builder.entry(entry, index) for index, entry in enumerate(curated.entries)],
        more_url=more[0] if more else None,
        more_network=more[1] if more else None,
        updated=updated_stamp(options.updated, messages) if feed.show_updated else None,
        t=messages,
    )
    return _finish(html)


def render_index(
    env: jinja2.Environment,
    feeds: Sequence[tuple[str, str, str]],
    *,
    locale: str,
    stylesheets: Sequence[tuple[str, str]],
    script: str | None,
) -> str:
    """A complete page showing every feed: the output folder's own preview."""
    _install(env)
    messages = Messages(locale)
    html = env.get_template("index.html").render(
        lang=messages.lang,
        t=messages,
        # The fragments are render_feed's own autoescaped output, read back from disk.
        feeds=[(name, title, Markup(fragment)) for name, title, fragment in feeds],
        stylesheets=list(stylesheets),
        script=script,
    )
    return _finish(html)
