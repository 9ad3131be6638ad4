"""Builders shared by the rendering tests: posts, feeds, images and a test environment."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
from bs4 import BeautifulSoup, Tag

from widget.config import FeedConfig, SourceSpec
from widget.curate import CuratedFeed, Entry
from widget.media import LocalImage
from widget.model import Author, Hashtag, Link, Media, Post, Segment, Text
from widget.render.html import RenderOptions, render_feed

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "themes" / "base" / "templates"
WHEN = datetime(2026, 11, 20, 9, 15, tzinfo=timezone.utc)
BASE_URL = "/widget/"


def make_env(extra: dict[str, str] | None = None) -> jinja2.Environment:
    """Configured like the production environment: autoescape, strict, trimmed blocks."""
    loader: jinja2.BaseLoader = jinja2.FileSystemLoader(TEMPLATES)
    if extra:
        loader = jinja2.ChoiceLoader([jinja2.DictLoader(extra), loader])
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def make_author(
    handle: str = "kommune_test", name: str = "Kommune Test", avatar: bool = True
) -> Author:
    url = f"https://pbs.example/avatar/{handle}.jpg" if avatar else None
    return Author(id=f"id-{handle}", name=name, handle=handle, avatar_url=url)


def make_post(
    post_id: str = "1001",
    segments: tuple[Segment, ...] | None = None,
    *,
    author: Author | None = None,
    created: datetime = WHEN,
    **fields: Any,
) -> Post:
    author = author or make_author()
    if segments is None:
        segments = (
            Text("Hej fra kommunen. Læs mere på "),
            Link("kommune.example/nyt", "https://kommune.example/nyt"),
            Text(" "),
            Hashtag("#borgerservice", "borgerservice"),
        )
    return Post(
        id=post_id,
        network="x",
        account=author.handle.lower(),
        author=author,
        created=created,
        segments=segments,
        permalink=f"https://x.com/{author.handle}/status/{post_id}",
        **fields,
    )


def photo(name: str = "p1", alt: str | None = None) -> Media:
    return Media(kind="photo", image_url=f"https://pbs.example/media/{name}.jpg", alt=alt)


def video(name: str = "v1", alt: str | None = None) -> Media:
    return Media(kind="video", image_url=f"https://pbs.example/media/{name}.jpg", alt=alt)


def make_entry(post: Post, shared_by: tuple[Author, ...] = ()) -> Entry:
    return Entry(
        post=post, shared_by=shared_by, pinned=False, sort_time=post.created, source_ids=(post.id,)
    )


def make_feed(
    *entries: Entry, title: str = "Nyheder fra kommunen", name: str = "nyheder", **fields: Any
) -> CuratedFeed:
    feed = FeedConfig(name=name, title=title, sources=(SourceSpec("x", "kommune_test"),), **fields)
    return CuratedFeed(feed=feed, entries=tuple(entries), decisions={})


def local_images(*posts: Post) -> dict[str, LocalImage]:
    """A LocalImage for every avatar and picture of the posts (and of what they show)."""
    found: dict[str, LocalImage] = {}
    todo = list(posts)
    while todo:
        post = todo.pop()
        if post.original is not None:
            todo.append(post.original)
        urls = [post.author.avatar_url] + [m.image_url for m in post.media]
        for number, url in enumerate(u for u in urls if u):
            size = (48, 48) if url == post.author.avatar_url else (640, 360)
            stem = url.rsplit("/", 1)[-1].split(".")[0]
            path = f"media/{stem}-{number}.webp"
            found.setdefault(url, LocalImage(path, Path("/nowhere") / path, *size))
    return found


def render(
    curated: CuratedFeed,
    images: dict[str, LocalImage] | None = None,
    *,
    locale: str = "da",
    heading_level: int = 2,
    show_media: bool = True,
    env: jinja2.Environment | None = None,
) -> str:
    if images is None:
        images = local_images(*(entry.post for entry in curated.entries))
    options = RenderOptions(
        base_url=BASE_URL,
        locale=locale,
        heading_level=heading_level,
        theme="default",
        theme_options={},
        show_media=show_media,
    )
    return render_feed(env or make_env(), curated, images, options)


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def tag(node: Any) -> Tag:
    assert isinstance(node, Tag), node
    return node


def text_of(node: Any) -> str:
    return " ".join(tag(node).get_text().split())


def shape(html: str) -> tuple[Counter[str], dict[str, set[str]]]:
    """The elements and, per element name, the attribute names a page has."""
    tags: Counter[str] = Counter()
    attributes: dict[str, set[str]] = {}
    for element in parse(html).find_all(True):
        tags[element.name] += 1
        attributes.setdefault(element.name, set()).update(element.attrs)
    return tags, attributes
