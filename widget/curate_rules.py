"""The individual curation rules: kinds, sensitive content, hashtags, keywords, languages
and images without alt text.

Each rule is a pure check that returns why a post is left out, or ``None`` when
it passes. The wording names the configuration key (``feeds.<name>.<key>``), so
``widget explain`` tells the web team which setting to change.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache

from widget.config import FeedConfig
from widget.curate_alt import images_without_alt
from widget.languages import primary_language
from widget.model import Post, PostKind

NO_WORD_SEPARATORS: tuple[tuple[int, int], ...] = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3000, 0x30FF),  # CJK symbols (々, 〇), Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B to G
)
"""Scripts written without spaces between words: there a keyword is a plain substring."""


def normalize(text: str) -> str:
    """NFKC and case folding, so "ＣＯＶＩＤ", "Covid" and "covid" compare equal."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalize_tag(tag: str) -> str:
    return normalize(tag).lstrip("#")


# --- kinds ------------------------------------------------------------------------------


def kind_reason(feed: FeedConfig, post: Post, *, shared: bool = False) -> str | None:
    """Replies and quotes may be switched off; ``shared`` words it for a repost's original."""
    what = "shares " if shared else ""
    if post.kind is PostKind.REPLY and not feed.replies:
        return f"left out: {what}a reply (feeds.{feed.name}.replies = false)"
    if post.kind is PostKind.QUOTE and not feed.quotes:
        return f"left out: {what}a quote (feeds.{feed.name}.quotes = false)"
    return None


def repost_reason(feed: FeedConfig) -> str | None:
    if not feed.reposts:
        return f"left out: a repost (feeds.{feed.name}.reposts = false)"
    return None


# --- hashtags ---------------------------------------------------------------------------


def hashtag_reason(feed: FeedConfig, post: Post) -> str | None:
    """Compares the displayed post's own hashtags; a denied tag outweighs an allowed one."""
    if not feed.hashtags_deny and not feed.hashtags_allow:
        return None
    tags = {normalize_tag(tag) for tag in post.hashtags}
    for tag in feed.hashtags_deny:
        if normalize_tag(tag) in tags:
            return f"left out: has #{tag.lstrip('#')}, listed in feeds.{feed.name}.hashtags_deny"
    if feed.hashtags_allow and not any(normalize_tag(t) in tags for t in feed.hashtags_allow):
        return f"left out: has none of the hashtags in feeds.{feed.name}.hashtags_allow"
    return None


# --- keywords ---------------------------------------------------------------------------


OPTIONAL_MARKS = {
    code: None
    for low, high in ((0x0591, 0x05C7), (0x0610, 0x061A), (0x064B, 0x065F), (0x06D6, 0x06ED))
    for code in range(low, high + 1)
    if unicodedata.category(chr(code)) == "Mn"
} | {0x0640: None, 0x0670: None}
"""Arabic harakat, Hebrew points and the Arabic tatweel: writers may add or leave them
out, so "كتابٌ" is the word "كتاب"; they are removed before keywords are compared."""


def _keyword_form(text: str) -> str:
    return normalize(text).translate(OPTIONAL_MARKS)


def _ranges(spans: Sequence[tuple[int, int]]) -> str:
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in spans)


@cache
def _word_marks() -> str:
    """Combining marks and joiners continue a word (Devanagari vowel signs, Arabic
    harakat after a letter, ZWNJ in Persian), yet ``\\w`` does not count them."""
    spans: list[tuple[int, int]] = [(0x200C, 0x200D)]
    for code in (*range(0x0300, 0x20000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code)) in {"Mn", "Mc", "Me"}:
            if spans and spans[-1][1] == code - 1:
                spans[-1] = (spans[-1][0], code)
            else:
                spans.append((code, code))
    return _ranges(spans)


def _no_separator(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in NO_WORD_SEPARATORS)


@cache
def keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    """A case-insensitive, Unicode-aware whole-word (or whole-phrase) pattern.

    Python's ``\\w`` already knows letters of every script, so "is" does not match
    "crisis" and "æble" matches "Æble,". Words of a phrase may be separated by any
    whitespace. Thai, Lao, Khmer, Myanmar, Chinese and Japanese put no spaces
    between words, so at an edge of the keyword written in one of those scripts
    the keyword matches as a plain substring ("防災" inside "防災訓練"); a
    neighbouring character of those scripts never counts as part of a Latin word
    either, so "covid" is found in "東京covidワクチン". Clitics attached to a
    word (Arabic "و" + word) are not split off: write the attached form too. Optional
    Arabic and Hebrew vowel marks are ignored on both sides.
    """
    words = _keyword_form(keyword).split()
    if not words:
        return None
    no_separator = _ranges(NO_WORD_SEPARATORS)
    marks = _word_marks()
    word_char = f"[^\\W{no_separator}]|[{marks}]"
    body = r"\s+".join(re.escape(word) for word in words)
    start = "" if _no_separator(words[0][0]) else f"(?<![^\\W{no_separator}])(?<![{marks}])"
    end = "" if _no_separator(words[-1][-1]) else f"(?!{word_char})"
    return re.compile(start + body + end)


def keyword_reason(feed: FeedConfig, post: Post) -> str | None:
    """Searches the displayed text and, for a quote, the text it quotes.

    A feed that denies no keywords costs nothing per post, and a text is brought into
    its comparable form once however many keywords are denied.
    """
    patterns = [(keyword, p) for keyword in feed.keywords_deny if (p := keyword_pattern(keyword))]
    if not patterns:
        return None
    texts = [("", _keyword_form(post.plain_text))]
    if post.kind is PostKind.QUOTE and post.original is not None:
        texts.append((" in the quoted post", _keyword_form(post.original.plain_text)))
    for keyword, pattern in patterns:
        for where, text in texts:
            if pattern.search(text):
                return (
                    f'left out: contains "{keyword}"{where}, '
                    f"listed in feeds.{feed.name}.keywords_deny"
                )
    return None


# --- languages --------------------------------------------------------------------------


def language_reason(feed: FeedConfig, post: Post) -> str | None:
    if not feed.languages:
        return None
    primary = primary_language(post.lang)
    if primary is None:
        return None
    if primary in {primary_language(wanted) for wanted in feed.languages}:
        return None
    return f'left out: in language "{post.lang}", not listed in feeds.{feed.name}.languages'


SENSITIVE_LABELS = (
    "porn", "sexual", "nudity", "graphic-media", "!hide", "!warn", "!no-unauthenticated",
)  # fmt: skip
"""Moderation labels (Bluesky's) that make a post sensitive content."""
ALWAYS_HIDDEN_LABELS = ("!no-unauthenticated",)
"""Its author asked that logged-out readers never see it: no setting shows it."""


def label_reason(post: Post) -> str | None:
    """A post, or the post it quotes, carrying a label from ``ALWAYS_HIDDEN_LABELS``."""
    for shown in (post, post.quoted):
        if shown is None or not shown.labels:
            continue  # most posts carry no label at all
        found = [label for label in shown.labels if label in ALWAYS_HIDDEN_LABELS]
        if found:
            return (
                f"left out: labelled {found[0]!r} by the network "
                "(its author does not want it shown to readers who are not logged in)"
            )
    return None


def sensitive_labels(post: Post) -> tuple[str, ...]:
    return tuple(
        label
        for label in post.labels
        if label in SENSITIVE_LABELS and label not in ALWAYS_HIDDEN_LABELS
    )


def sensitivity(post: Post) -> str | None:
    """Why a post counts as sensitive content, as words for ``explain``; None when it does not.

    The author's own warning comes first, then a network's label, then a bare flag
    (X's ``possibly_sensitive``, Mastodon's ``sensitive``)."""
    if post.content_warning and post.content_warning.strip():
        return f"marked with the content warning {post.content_warning.strip()!r}"
    labels = sensitive_labels(post)
    if labels:
        return f"labelled {labels[0]!r} by the network"
    if post.sensitive:
        return "flagged sensitive by its author or the network"
    return None


def sensitive_reason(feed: FeedConfig, post: Post) -> str | None:
    """With ``sensitive = "hide"``, a post, or the post it quotes, that is sensitive content."""
    if feed.sensitive != "hide":
        return None
    for shown, subject in ((post, ""), (post.quoted, "the quoted post is ")):
        why = sensitivity(shown) if shown else None
        if why:
            return (
                f"left out: {subject}{why} (sensitive content; feeds.{feed.name}.sensitive "
                'is "hide", "warn" shows it behind a warning)'
            )
    return None


def missing_alt_reason(feed: FeedConfig, post: Post) -> str | None:
    """With ``missing_alt = "hide"``, a post that would show an image without alt text."""
    if feed.missing_alt != "hide" or not feed.media:
        return None
    missing = images_without_alt(post)
    if not missing:
        return None
    key, number = missing[0]
    return (
        f"left out: image {number} of {key} has no alt text (feeds.{feed.name}.missing_alt "
        f'is "hide"; give it one as feeds.{feed.name}.alt_text."{key}/{number}")'
    )


def content_reason(feed: FeedConfig, post: Post) -> str | None:
    """The rules about what the displayed post says, in the order they are reported."""
    return (
        label_reason(post)
        or sensitive_reason(feed, post)
        or hashtag_reason(feed, post)
        or keyword_reason(feed, post)
        or language_reason(feed, post)
        or missing_alt_reason(feed, post)
    )
