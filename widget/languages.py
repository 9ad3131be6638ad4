"""Language tags as posts carry them: which name a language, and which part to compare.

Curation (the ``languages`` rule) and rendering (the ``lang`` attribute) must agree
on what counts as a language, so both ask here.
"""

from __future__ import annotations

NOT_A_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})
"""Codes that say "no particular language"; X's own pseudo-codes (qam, qct, qht, qme,
qst) fall in the private-use range qaa–qtz, which is treated the same way."""

LEGACY_LANGUAGE_CODES = {"in": "id", "iw": "he", "ji": "yi"}
"""X still labels some posts with withdrawn ISO 639-1 codes."""


def primary_subtag(tag: str) -> str:
    """ "en" of "en-GB" or "en_GB", lower-case."""
    return tag.replace("_", "-").split("-")[0].strip().lower()


def primary_language(tag: str | None) -> str | None:
    """The primary subtag, or None when the tag names no language."""
    if not tag:
        return None
    primary = primary_subtag(tag)
    if (
        not primary
        or primary in NOT_A_LANGUAGE
        or (len(primary) == 3 and "qaa" <= primary <= "qtz")
    ):
        return None
    return LEGACY_LANGUAGE_CODES.get(primary, primary)
