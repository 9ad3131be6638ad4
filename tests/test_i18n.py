"""The message catalogues, plural forms and dates in Danish and English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel import Locale

from widget import i18n
from widget.errors import ConfigError
from widget.i18n import Messages, available_locales, load_catalogue, placeholders

WHEN = datetime(2026, 11, 20, 9, 15, tzinfo=timezone.utc)


@pytest.fixture
def catalogue_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder of made-up catalogues in place of the real ones."""
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    load_catalogue.cache_clear()
    yield tmp_path
    load_catalogue.cache_clear()


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    danish, english = load_catalogue("da"), load_catalogue("en")
    assert danish and english
    assert sorted(danish) == sorted(english)
    for key in english:
        assert placeholders(danish[key]) == placeholders(english[key]), key
        assert isinstance(danish[key], str) == isinstance(english[key], str), key


@pytest.mark.parametrize("language", ["da", "en"])
def test_plural_texts_cover_every_plural_category_of_their_language(language: str) -> None:
    categories = Locale.parse(language).plural_form.tags | {"other"}
    for key, entry in load_catalogue(language).items():
        if isinstance(entry, dict):
            assert set(entry) == categories, key


def test_every_catalogue_is_offered() -> None:
    assert {"da", "en"} <= set(available_locales())
    for language in available_locales():
        assert load_catalogue(language), language


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "20. nov. 2026"),
        ("en", "20 Nov 2026"),
        ("en_GB", "20 Nov 2026"),
        ("en_US", "Nov 20, 2026"),
    ],
)
def test_dates_are_babels_medium_format_of_the_locale(locale: str, expected: str) -> None:
    assert Messages(locale).date(WHEN) == expected


def test_dates_follow_the_chosen_time_zone() -> None:
    late = datetime(2026, 11, 20, 23, 30, tzinfo=timezone.utc)
    copenhagen_winter = timezone(timedelta(hours=1))
    assert Messages("da").date(late) == "20. nov. 2026"
    assert Messages("da", zone=copenhagen_winter).date(late) == "21. nov. 2026"
    assert Messages("da", zone=copenhagen_winter).datetime_label(late) == "21. nov. 2026 00.30"
    assert Messages("en").datetime_label(late) == "20 Nov 2026, 23:30"


@pytest.mark.parametrize(
    ("locale", "one", "three"),
    [
        ("da", "Delt af 1 konto:", "Delt af 3 konti:"),
        ("en", "Shared by 1 account:", "Shared by 3 accounts:"),
    ],
)
def test_plural_uses_the_locales_plural_rule(locale: str, one: str, three: str) -> None:
    messages = Messages(locale)
    assert messages.plural("shared_by_count", 1) == one
    assert messages.plural("shared_by_count", 3) == three


def test_texts_fill_in_placeholders() -> None:
    assert Messages("da")("reply_to", handle="@borger") == "Svar til @borger"
    assert Messages("en")("shared_one", name="Borger") == "Borger shared"


def test_around_splits_a_text_at_its_placeholder() -> None:
    assert Messages("da").around("shared_one", "name") == ("", " delte")
    assert Messages("en").around("reply_to", "handle") == ("Replying to ", "")


def test_unknown_language_falls_back_to_english() -> None:
    messages = Messages("xx")
    assert messages("empty") == "No posts yet."
    assert messages.date(WHEN) == "20 Nov 2026"


def test_language_without_catalogue_gets_english_words_but_its_own_dates() -> None:
    messages = Messages("de")
    assert messages("empty") == "No posts yet."
    assert messages.date(WHEN) == "20.11.2026"


def test_regional_locale_uses_its_language_catalogue() -> None:
    messages = Messages("da-DK")
    assert messages("empty") == "Ingen opslag endnu."
    assert (messages.locale, messages.lang, messages.language) == ("da_DK", "da-DK", "da")


def test_missing_key_falls_back_to_english(catalogue_folder: Path) -> None:
    (catalogue_folder / "en.toml").write_text('a = "A"\nb = "B"\n', encoding="utf-8")
    (catalogue_folder / "da.toml").write_text('a = "Å"\n', encoding="utf-8")
    messages = Messages("da")
    assert (messages("a"), messages("b")) == ("Å", "B")
    with pytest.raises(KeyError, match="no text 'c'"):
        messages("c")


def test_adding_a_language_is_adding_one_file(catalogue_folder: Path) -> None:
    (catalogue_folder / "en.toml").write_text('empty = "No posts yet."\n', encoding="utf-8")
    (catalogue_folder / "sv.toml").write_text('empty = "Inga inlägg än."\n', encoding="utf-8")
    assert available_locales() == ["en", "sv"]
    assert Messages("sv")("empty") == "Inga inlägg än."


def test_broken_catalogue_is_reported_in_one_line_naming_the_file(catalogue_folder: Path) -> None:
    (catalogue_folder / "da.toml").write_text('empty = "uafsluttet\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"da\.toml: cannot be read as TOML"):
        Messages("da")


def test_catalogue_entry_of_the_wrong_shape_is_reported(catalogue_folder: Path) -> None:
    (catalogue_folder / "da.toml").write_text("empty = 3\nok = { one = 'x' }\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Messages("da")
    assert [line.split(": ", 1)[1] for line in caught.value.lines()] == [
        "empty: must be a text or a table of plural texts",
        "ok: must be a text or a table of plural texts",
    ]
