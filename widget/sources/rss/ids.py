"""A feed item's post id: light to import, since every load of a stored feed asks it."""

from __future__ import annotations

from dataclasses import replace

from widget.model import Post


def post_id(account: str, item_id: str) -> str:
    """An item's id is only unique within its feed (two CMSs both number theirs ``1``, ``2``
    …), so the post's id starts with the feed's store key."""
    return f"{account}/{item_id}"


def stored_post(post: Post) -> Post:
    """A post stored before ids carried their feed's store key, given its id of today."""
    prefix = post_id(post.account, "")
    return post if post.id.startswith(prefix) else replace(post, id=prefix + post.id)
