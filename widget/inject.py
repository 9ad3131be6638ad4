"""Fills ``<div data-widget="FEED">`` placeholders in a static site another generator built.

The pages belong to someone else's build, so this never re-serialises them:
BeautifulSoup only *finds* the placeholders and the head, and the new text is
spliced into the original string at the source positions the parser reports.
Everything outside a placeholder and the inserted head tags keeps its exact
bytes (doctype, comments, quoting, entities, line endings, a byte-order mark).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryFile as probe_writable
from typing import TYPE_CHECKING

from widget.atomic import write_atomic
from widget.config import Config
from widget.errors import InjectError, did_you_mean
from widget.write import MANIFEST

if TYPE_CHECKING:  # BeautifulSoup is imported only for a page that must be parsed
    from bs4 import BeautifulSoup, Tag

BOM = "\ufeff"
INJECTED = "data-widget-injected"
ASSET = "data-widget-asset"
RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
)
"""Elements whose content is not markup to a browser (``noscript`` with scripting on): a
``<div`` inside them opens nothing."""
INERT_PARENTS = RAW_TEXT | {"template", "plaintext"}
"""A placeholder inside these is text or inert markup, never part of the page."""
UNSURE_INSIDE = frozenset(
    {
        *("table", "caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th"),
        *("template", "svg", "math", "select", "object", "applet", "marquee", "plaintext"),
    }
)
"""Inside a placeholder, these change where a browser ends the ``div`` (a ``</div>`` in an
open table is ignored, foreign content has CDATA, ``plaintext`` never ends): refused."""

_TAG_PIECE = re.compile(r"""=\s*(?:"[^"]*"|'[^']*')|[^>=]+|=""")
_TOKEN = re.compile(r"<!--|<[!?]|</(?![a-zA-Z])|<(/?)([a-zA-Z][^\s/>]*)")
_INJECTED_ATTR = re.compile(
    r"""\s+data-widget-injected(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""", re.IGNORECASE
)
_PLACEHOLDER_TEXT = re.compile(r"<div\b[^>]*\sdata-widget\s*=", re.IGNORECASE)
_ANY_MENTION = re.compile(r"data-widget", re.IGNORECASE)
_FILLED = re.compile(
    r"""<div(?P<attributes>(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*?)"""
    r"""\s+data-widget-injected="(?P<digest>[0-9a-f]{12})"\s*>"""
)
"""A placeholder's start tag as inject leaves it: the digest is its last attribute."""
_ATTRIBUTE = re.compile(
    r"""\s+(?P<name>[^\s"'<>/=]+)(?:\s*=\s*(?P<value>"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?"""
)
_PLAIN_HEAD = re.compile(
    r"""\A(?:[^<]|<!doctype[^<>]*>|<html(?:\s[^<>]*)?>)*<head>"""
    r"""(?P<before>(?:[^<]|<(?:meta|link|base)\b[^<>]*>|<title>[^<]*</title>"""
    r"""|<script\b[^<>]*>[^<]*</script>|<style\b[^<>]*>[^<]*</style>)*)"""
    r"""</head>""",
    re.IGNORECASE,
)
"""A ``<head>`` of void tags, titles, scripts and styles without markup in them: no
comment or raw text in which an asset tag would not be what it seems."""


class _Unsure(Exception):
    """Our reading of a placeholder's extent and a browser's might differ."""


@dataclass(frozen=True)
class Feed:
    """What the build made for one feed, as far as a page needs to know."""

    fragment: str
    digest: str
    stylesheet: str
    integrity: str


@dataclass(frozen=True)
class Delivery:
    """The built output: every feed's fragment and assets, read from the manifest."""

    feeds: Mapping[str, Feed]
    script: str


@dataclass(frozen=True)
class PageChange:
    path: Path
    data: bytes
    widgets: int
    original: bytes = b""
    """The page as read, put back if a later page cannot be written."""


@dataclass(frozen=True)
class InjectPlan:
    changes: tuple[PageChange, ...]
    unchanged: int
    warnings: tuple[str, ...] = ()
    """Placeholders left unfilled because a browser would not show them (in a ``<template>``,
    a ``<textarea>``, a ``<script>`` ...), one line each."""

    @property
    def widgets(self) -> int:
        return sum(change.widgets for change in self.changes)

    def summary(self) -> str:
        return (
            f"injected {self.widgets} widget(s) into {len(self.changes)} page(s); "
            f"{self.unchanged} page(s) unchanged"
        )


def fragment_digest(fragment: bytes) -> str:
    """The value of ``data-widget-injected``: a fragment re-injected unchanged changes nothing."""
    return hashlib.sha256(fragment).hexdigest()[:12]


def load_delivery(config: Config) -> Delivery:
    """Reads the build in ``config.output``; a missing build is one clear error."""
    manifest_path = config.output / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["feeds"]
        base_url = manifest["base_url"]
    except FileNotFoundError:
        raise InjectError(
            [f"{config.output}: no widget build here (no {MANIFEST}); run `widget build` first"]
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InjectError([f"{manifest_path}: cannot be read: {exc}"]) from None
    feeds: dict[str, Feed] = {}
    for name, entry in entries.items():
        fragment_path = config.output / f"{name}.html"
        try:
            raw = fragment_path.read_bytes()
        except OSError:
            raise InjectError(
                [f"{fragment_path}: missing from the build; run `widget build` again"]
            ) from None
        feeds[name] = Feed(
            fragment=raw.decode("utf-8"),
            digest=fragment_digest(raw),
            stylesheet=entry["stylesheet"]["href"],
            integrity=entry["stylesheet"]["integrity"],
        )
    return Delivery(feeds, script=f"{base_url}widget.js")


def plan_injection(site: Path, delivery: Delivery, *, script: bool = True) -> InjectPlan:
    """Computes every page's new bytes; raises InjectError listing all problems, if any."""
    if not site.is_dir():
        raise InjectError([f"{site}: no such folder"])
    problems: list[str] = []
    warnings: list[str] = []
    changes: list[PageChange] = []
    unchanged = 0
    for path in html_files(site):
        try:
            original = path.read_bytes()
            result = inject_page(
                original, delivery, script=script, where=str(path), warnings=warnings
            )
        except OSError as exc:
            problems.append(f"{path}: cannot be read: {exc.strerror or exc}")
            continue
        except InjectError as error:
            problems.extend(error.problems)
            continue
        if result is None or result[0] == original:
            unchanged += 1
        else:
            changes.append(PageChange(path, result[0], result[1], original))
    if problems:
        raise InjectError(problems)
    return InjectPlan(tuple(changes), unchanged, tuple(warnings))


def writable_problem(path: Path) -> str | None:
    """Why ``path`` could not be replaced, found by trying: a file beside it is created
    (anonymously) in its folder, which is what ``write_atomic`` needs."""
    if not os.access(path, os.W_OK):
        return "Permission denied"
    try:
        with probe_writable(dir=path.parent):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def apply_plan(plan: InjectPlan) -> None:
    """Writes every changed page, or none: each is checked first, and a page that still
    fails puts the ones already written back as they were."""
    problems = [
        f"{change.path}: cannot be written: {problem}; no page was changed"
        for change in plan.changes
        if (problem := writable_problem(change.path))
    ]
    if problems:
        raise InjectError(problems)
    written: list[PageChange] = []
    for change in plan.changes:
        try:
            write_atomic(change.path, change.data)
        except OSError as exc:
            for done in reversed(written):
                with contextlib.suppress(OSError):
                    write_atomic(done.path, done.original)
            raise InjectError(
                [f"{change.path}: cannot be written: {exc.strerror or exc}; no page was changed"]
            ) from None
        written.append(change)


def html_files(site: Path) -> Iterator[Path]:
    for path in sorted(site.rglob("*.html")):
        if path.is_file() and not path.is_symlink():
            yield path


# --- one page ------------------------------------------------------------------------------


def inject_page(
    data: bytes,
    delivery: Delivery,
    *,
    script: bool = True,
    where: str = "<page>",
    warnings: list[str] | None = None,
) -> tuple[bytes, int] | None:
    """The page with its placeholders filled, and how many; None when it has none.

    Placeholders a browser would not show (see ``INERT_PARENTS``) are left alone, each
    with a line in ``warnings``.
    """
    if b"data-widget" not in data.lower():  # seven times faster than a case-blind search
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InjectError([f"{where}: is not UTF-8; widget fills UTF-8 pages only"]) from None
    bom = BOM if text.startswith(BOM) else ""
    text = text[len(bom) :]
    newline = "\r\n" if "\r\n" in text else "\n"
    if (filled := already_current(text, delivery, script, newline)) is not None:
        return data, filled
    from widget.soup import parse_html  # BeautifulSoup, only for a page that needs it

    soup = parse_html(text)
    offsets = _line_offsets(text)
    edits: list[tuple[int, int, str]] = []
    problems: list[str] = []
    used: list[Feed] = []
    live, inert = _sorted_placeholders(soup)
    if warnings is not None:
        warnings.extend(f"{where}:{line}: {text}" for line, text in inert)
    for div in live:
        name = str(div.get("data-widget", ""))
        line = div.sourceline or 0
        if name not in delivery.feeds:
            problems.append(f"{where}:{line}: {_unknown_feed(name, delivery.feeds)}")
            continue
        feed = delivery.feeds[name]
        used.append(feed)
        start = _offset(offsets, div)
        try:
            span = _element_span(text, start)
        except _Unsure as unsure:
            problems.append(
                f'{where}:{line}: <div data-widget="{name}"> cannot be filled safely: {unsure}, '
                "so a browser might end it elsewhere than widget would"
            )
            continue
        if span is None:
            problems.append(f'{where}:{line}: <div data-widget="{name}"> is never closed')
            continue
        tag_end, close_start = span
        if div.get(INJECTED) == feed.digest:
            continue
        start_tag = _INJECTED_ATTR.sub("", text[start:tag_end])
        cut = len(start_tag) - (2 if start_tag.endswith("/>") else 1)
        start_tag = f'{start_tag[:cut].rstrip()} {INJECTED}="{feed.digest}"{start_tag[cut:]}'
        content = newline + feed.fragment.replace("\n", newline)
        edits.append((start, close_start, start_tag + content))
    if problems:
        raise InjectError(problems)
    if not used:
        return None
    edits.extend(_head_edits(soup, text, offsets, used, delivery, script, newline, where))
    pieces: list[str] = [bom]
    position = 0
    for begin, end, replacement in sorted(edits):  # one pass: linear in the page's size
        pieces += [text[position:begin], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces).encode("utf-8"), len(used)


def already_current(text: str, delivery: Delivery, script: bool, newline: str) -> int | None:
    """How many widgets the page holds when a full parse would change nothing, else None.

    Most runs re-inject what is already there (a CI job injects on every deploy), and
    parsing a whole page to learn that is most of the time: this reads the page's text
    only. It vouches for a page only when every mention of ``data-widget`` is either a
    placeholder carrying the current digest followed by exactly the fragment widget
    wrote, or the asset tags widget wrote, one block in a plain ``<head>``. Anything
    else, however harmless, goes to the full parse, which decides as before.
    """
    used: list[Feed] = []
    covered: list[tuple[int, int]] = []
    for match in _FILLED.finditer(text):
        if covered and match.start() < covered[-1][1]:
            return None  # inside a fragment: the parse decides what it is
        if INJECTED in match.group("attributes").lower():
            return None  # a second digest: the parse rewrites the tag
        name = _attribute(match.group("attributes"), "data-widget")
        feed = delivery.feeds.get(name or "")
        if feed is None or match.group("digest") != feed.digest:
            return None
        content = newline + feed.fragment.replace("\n", newline) + "</div>"
        if not text.startswith(content, match.end()):
            return None
        used.append(feed)
        covered.append((match.start(), match.end() + len(content)))
    if not used:
        return None
    block = "".join(tag + newline for tag in _wanted_assets(used, delivery, script))
    head = _PLAIN_HEAD.search(text)
    if head is None or not head.group("before").endswith(block):
        return None
    covered.append((head.end("before") - len(block), head.end("before")))
    mentions = [found.start() for found in _ANY_MENTION.finditer(text)]
    if any(not any(begin <= at < end for begin, end in covered) for at in mentions):
        return None
    return len(used)


def _attribute(attributes: str, name: str) -> str | None:
    found = [m for m in _ATTRIBUTE.finditer(attributes) if m.group("name").lower() == name]
    if len(found) != 1:
        return None
    quoted = found[0].group("value")
    return quoted[1:-1] if quoted[:1] in {'"', "'"} else quoted


def placeholders(soup: BeautifulSoup) -> list[Tag]:
    """The outermost live placeholders: not nested in another, not in a ``<template>``."""
    return _sorted_placeholders(soup)[0]


def _sorted_placeholders(soup: BeautifulSoup) -> tuple[list[Tag], list[tuple[int, str]]]:
    """(live placeholders, (line, reason) of each one a browser would not show)."""
    from bs4 import Tag

    live: list[Tag] = []
    inert: list[tuple[int, str]] = []
    for div in soup.find_all("div", attrs={"data-widget": True}):
        names = [parent.name for parent in div.parents]
        container = next((name for name in names if name in INERT_PARENTS), None)
        if container is not None:
            inert.append((div.sourceline or 0, _inert_note(str(div.get("data-widget")), container)))
            continue
        if any(isinstance(p, Tag) and p.get("data-widget") is not None for p in div.parents):
            continue
        live.append(div)
    # The parser keeps <script> and <style> content as text; a placeholder there is text too.
    for element in soup.find_all(["script", "style"]):
        if _PLACEHOLDER_TEXT.search(element.get_text()):
            inert.append((element.sourceline or 0, _inert_note("...", element.name)))
    return live, sorted(inert)


def _inert_note(name: str, container: str) -> str:
    return (
        f'<div data-widget="{name}"> inside <{container}> is not filled: '
        "a browser does not show it as part of the page"
    )


def _unknown_feed(name: str, feeds: Mapping[str, Feed]) -> str:
    hint = did_you_mean(name, feeds)
    return f"no feed named {name!r}{hint} (feeds built: {', '.join(sorted(feeds)) or 'none'})"


def _head_edits(
    soup: BeautifulSoup,
    text: str,
    offsets: list[int],
    used: list[Feed],
    delivery: Delivery,
    script: bool,
    newline: str,
    where: str,
) -> list[tuple[int, int, str]]:
    """Replaces the page's earlier asset tags with the ones its widgets need now."""
    from bs4 import Tag

    wanted = _wanted_assets(used, delivery, script)
    head = soup.find("head")
    if not isinstance(head, Tag):
        raise InjectError([f"{where}: has no <head> to hold the widget's stylesheet"])
    existing = [tag for tag in head.find_all(["link", "script"]) if tag.get(ASSET) is not None]
    spans = [_asset_span(text, _offset(offsets, tag), tag.name) for tag in existing]
    if [text[begin:end] for begin, end in spans] == wanted:
        return []
    block = "".join(tag + newline for tag in wanted)
    if spans:
        edits = [(begin, _after_newline(text, end), "") for begin, end in spans]
        first = edits[0]
        edits[0] = (first[0], first[1], block)
        return edits
    head_start = _offset(offsets, head)
    head_open = _start_tag_end(text, head_start) or head_start
    closing = re.compile(r"</head\s*>", re.IGNORECASE).search(text, head_open)
    if closing is not None:
        return [(closing.start(), closing.start(), block)]
    return [(head_open, head_open, newline + block)]


def _wanted_assets(used: list[Feed], delivery: Delivery, script: bool) -> list[str]:
    wanted = list(
        dict.fromkeys(
            f'<link rel="stylesheet" href="{feed.stylesheet}" integrity="{feed.integrity}" {ASSET}>'
            for feed in used
        )
    )
    if script:
        wanted.append(f'<script src="{delivery.script}" defer {ASSET}></script>')
    return wanted


def _asset_span(text: str, start: int, name: str) -> tuple[int, int]:
    end = _start_tag_end(text, start) or start
    if name == "script":
        closing = re.compile(r"</script\s*>", re.IGNORECASE).search(text, end)
        if closing is not None:
            end = closing.end()
    return start, end


def _after_newline(text: str, end: int) -> int:
    for ending in ("\r\n", "\n"):
        if text.startswith(ending, end):
            return end + len(ending)
    return end


# --- positions in the original text ---------------------------------------------------------


def _line_offsets(text: str) -> list[int]:
    """Where each line starts; html.parser counts lines by ``\\n`` alone, as this does."""
    offsets = [0]
    offsets.extend(match.end() for match in re.finditer("\n", text))
    return offsets


def _offset(offsets: list[int], tag: Tag) -> int:
    return offsets[(tag.sourceline or 1) - 1] + (tag.sourcepos or 0)


def _start_tag_end(text: str, start: int) -> int | None:
    """The index just past the ``>`` of the tag at ``start``, skipping quoted values."""
    index = start + 1
    while index < len(text):
        if text[index] == ">":
            return index + 1
        match = _TAG_PIECE.match(text, index)
        if match is None:
            return None
        index = match.end()
    return None


def _element_span(text: str, start: int) -> tuple[int, int] | None:
    """(end of the start tag, start of the matching ``</div>``) for the div at ``start``.

    Reads the content the way a browser's tokenizer does where it matters (comments,
    including ``<!-->``, ``<!--->`` and ``--!>``; bogus comments; raw-text elements) and
    raises ``_Unsure`` for content after which a browser could end the div elsewhere.
    """
    content_start = _start_tag_end(text, start)
    if content_start is None:
        return None
    depth = 1
    index = content_start
    while True:
        match = _TOKEN.search(text, index)
        if match is None:
            return None
        token = match.group(0)
        if token == "<!--":
            index = _comment_end(text, match.start())
            continue
        if match.group(2) is None:  # <!doctype, <?, </3: a bogus comment up to the next >
            close = text.find(">", match.end())
            if close < 0:
                return None
            index = close + 1
            continue
        closing, name = match.group(1), match.group(2).lower()
        tag_end = _start_tag_end(text, match.start())
        if tag_end is None:
            return None
        if closing and name == "div":
            depth -= 1
            if depth == 0:
                return content_start, match.start()
        elif not closing and name == "div":
            depth += 1
        elif not closing and name in UNSURE_INSIDE:
            raise _Unsure(f"it holds a <{name}>")
        elif not closing and name in RAW_TEXT:
            tag_end = _raw_text_end(text, name, tag_end)
        index = tag_end


def _comment_end(text: str, start: int) -> int:
    """Where the comment at ``start`` ends for a browser: ``<!-->`` and ``<!--->`` end at
    once, others at the first ``-->`` or ``--!>``."""
    for abrupt in ("<!-->", "<!--->"):
        if text.startswith(abrupt, start):
            return start + len(abrupt)
    ends = [found for end in ("-->", "--!>") if (found := text.find(end, start + 4)) >= 0]
    if not ends:
        raise _Unsure("a comment in it is never closed")
    first = min(ends)
    return first + (3 if text.startswith("-->", first) else 4)


def _raw_text_end(text: str, name: str, content_start: int) -> int:
    closing = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE).search(text, content_start)
    if closing is None:
        raise _Unsure(f"a <{name}> in it is never closed")
    if name == "script" and "<!--" in text[content_start : closing.start()]:
        raise _Unsure("a <script> in it holds '<!--', where browsers' rules differ")
    end = _start_tag_end(text, closing.start())
    if end is None:
        raise _Unsure(f"a </{name}> in it is never finished")
    return end
