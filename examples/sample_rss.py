"""An RSS 2.0 news feed for the sample data, written as a ministry's CMS would write it.

Each item's ``description`` is HTML escaped into the XML, as most CMSs send it;
an item's picture is an ``enclosure`` whose ``length`` is the size of the file
the script writes for it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from functools import partial
from xml.sax.saxutils import escape

from PIL import Image
from sample_pictures import Scene, draw_picture

PICTURE_SIZE = (1200, 675)


def jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


@dataclass(frozen=True)
class Item:
    title: str
    link: str
    guid: str
    when: str
    summary_html: str
    picture: str | None = None
    picture_length: int = 0


@dataclass
class NewsFeed:
    """One feed at ``url`` (``https://<host>/<path>``) and the pictures its items show."""

    url: str
    title: str
    link: str
    description: str
    language: str
    images: dict[str, Callable[[], Image.Image]]
    items: list[Item] = field(default_factory=list)

    def item(
        self,
        title: str,
        slug: str,
        when: str,
        summary_html: str,
        picture: Scene | None = None,
    ) -> None:
        link = f"{self.link}{slug}"
        url, length = None, 0
        if picture is not None:
            draw = partial(draw_picture, picture, PICTURE_SIZE)
            host_path = f"{self.link.split('://', 1)[1].split('/', 1)[0]}/billeder/{slug}.jpg"
            self.images[host_path] = draw
            url, length = f"https://{host_path}", len(jpeg_bytes(draw()))
        guid = f"um-nyhed-{when[:10]}-{slug}"
        self.items.append(Item(title, link, guid, when, summary_html, url, length))

    def body(self) -> bytes:
        lines = [
            '<?xml version="1.0" encoding="utf-8"?>',
            "<!-- Invented sample data: the ministry, its news and every address are fictional"
            " (.example is a reserved domain). -->",
            '<rss version="2.0">',
            "  <channel>",
            f"    <title>{escape(self.title)}</title>",
            f"    <link>{escape(self.link)}</link>",
            f"    <description>{escape(self.description)}</description>",
            f"    <language>{self.language}</language>",
        ]
        for item in sorted(self.items, key=lambda i: i.when, reverse=True):
            moment = datetime.fromisoformat(item.when).replace(tzinfo=timezone.utc)
            lines += [
                "    <item>",
                f"      <title>{escape(item.title)}</title>",
                f"      <link>{escape(item.link)}</link>",
                f'      <guid isPermaLink="false">{escape(item.guid)}</guid>',
                f"      <pubDate>{format_datetime(moment)}</pubDate>",
                f"      <description>{escape(item.summary_html)}</description>",
            ]
            if item.picture is not None:
                lines.append(
                    f'      <enclosure url="{escape(item.picture)}" '
                    f'length="{item.picture_length}" type="image/jpeg"/>'
                )
            lines.append("    </item>")
        lines += ["  </channel>", "</rss>", ""]
        return "\n".join(lines).encode("utf-8")

    @property
    def file(self) -> str:
        """``<host>/<path>``: where replay finds the feed's bytes."""
        return self.url.split("://", 1)[1]
