"""Invented sample recordings for ``widget init --demo``: one fictional X account.

They are X API v2 answers in the layout ``[x] replay`` reads, so the first
``widget build`` runs the same code a live one does, offline. The two pictures are
drawn here with Pillow, so no binary file ships with the package.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

RECORDINGS = "recorded"
DEMO_ACCOUNT = "eksempel_demo"
USER_ID = "1700000000000000001"
AVATAR_PATH = "profile_images/1700000000000000002/eksempel_normal.jpg"
PHOTO_PATH = "media/EksempelFoto01.jpg"
PHOTO_KEY = "3_1700000000000000010"

POSTS: tuple[tuple[str, str, str], ...] = (
    (
        "1870000000000000004",
        "2026-03-12T09:30:00.000Z",
        "Velkommen til eksempel-widgetten. Kontoen og opslagene er opdigtede (fictional).",
    ),
    (
        "1870000000000000003",
        "2026-03-11T14:05:00.000Z",
        "Borgerservice holder åbent til kl. 18 på torsdag. #Borgerservice #Eksempel",
    ),
    (
        "1870000000000000002",
        "2026-03-10T08:00:00.000Z",
        "Læs om de nye åbningstider på eksempel.example/aabent",
    ),
    (
        "1870000000000000001",
        "2026-03-09T12:00:00.000Z",
        "Et opdigtet billede: en blå flade med en gul cirkel.",
    ),
)
LINK = ("eksempel.example/aabent", "https://eksempel.example/aabent")


def write_demo_recordings(folder: Path) -> None:
    """Writes the account, its one timeline page and the pictures into ``folder``."""
    account = folder / DEMO_ACCOUNT
    account.mkdir(parents=True)
    _write_json(account / "user.json", {"data": _user()})
    _write_json(account / "tweets-1.json", _timeline())
    images = folder / "pbs.twimg.com"
    _write_bytes(images / AVATAR_PATH.replace("_normal.", "_400x400."), _avatar())
    _write_bytes(images / PHOTO_PATH, _photo())


def _user() -> dict[str, Any]:
    return {
        "id": USER_ID,
        "name": "Eksempelkommunen (opdigtet)",
        "username": DEMO_ACCOUNT,
        "description": "Fictional sample account written by widget init --demo.",
        "profile_image_url": f"https://pbs.twimg.com/{AVATAR_PATH}",
    }


def _timeline() -> dict[str, Any]:
    data = [_post(post_id, created, text) for post_id, created, text in POSTS]
    media = {
        "media_key": PHOTO_KEY,
        "type": "photo",
        "url": f"https://pbs.twimg.com/{PHOTO_PATH}",
        "width": 240,
        "height": 135,
        "alt_text": "En blå flade med en gul cirkel i midten. Opdigtet eksempel.",
    }
    return {
        "data": data,
        "includes": {"users": [_user()], "media": [media]},
        "meta": {
            "result_count": len(data),
            "newest_id": POSTS[0][0],
            "oldest_id": POSTS[-1][0],
        },
    }


def _post(post_id: str, created: str, text: str) -> dict[str, Any]:
    post: dict[str, Any] = {
        "id": post_id,
        "author_id": USER_ID,
        "conversation_id": post_id,
        "created_at": created,
        "edit_history_tweet_ids": [post_id],
        "lang": "da",
        "text": text,
    }
    entities: dict[str, Any] = {}
    hashtags = [word for word in text.split() if word.startswith("#")]
    if hashtags:
        entities["hashtags"] = [_span(text, tag, tag="tag") for tag in hashtags]
    if LINK[0] in text:
        url = _span(text, LINK[0])
        url.update(display_url=LINK[0], expanded_url=LINK[1], url="https://t.co/eksempel01")
        entities["urls"] = [url]
    if post_id == POSTS[-1][0]:
        post["attachments"] = {"media_keys": [PHOTO_KEY]}
    if entities:
        post["entities"] = entities
    return post


def _span(text: str, part: str, tag: str | None = None) -> dict[str, Any]:
    """Entity offsets count code points, as Python's str indexes do (the text has no &<>)."""
    start = text.index(part)
    span: dict[str, Any] = {"start": start, "end": start + len(part)}
    if tag:
        span[tag] = part.lstrip("#")
    return span


def _avatar() -> bytes:
    image = Image.new("RGB", (96, 96), (0, 87, 107))
    ImageDraw.Draw(image).ellipse((24, 24, 72, 72), fill=(255, 255, 255))
    return _jpeg(image)


def _photo() -> bytes:
    image = Image.new("RGB", (240, 135), (30, 90, 160))
    ImageDraw.Draw(image).ellipse((85, 33, 155, 103), fill=(250, 200, 40))
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
