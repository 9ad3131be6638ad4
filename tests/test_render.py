"""The feed fragment and the index page: structure, language, images, privacy, wording.

The builders at the top are also used by the XSS and syndication tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.render_support import (
    BASE_URL,
    local_images,
    make_author,
    make_entry,
    make_env,
    make_feed,
    make_post,
    parse,
    photo,
    render,
    tag,
    text_of,
    video,
)
from widget.curate import CuratedFeed
from widget.model import Link, Mention, PostKind, Text
from widget.render.environment import theme_environment
from widget.render.html import render_index
from widget.themes import ThemeSet

# --- structure ----------------------------------------------------------------------------


def test_section_is_labelled_by_its_heading_and_holds_one_article_per_entry() -> None:
    html = render(make_feed(make_entry(make_post("1")), make_entry(make_post("2"))))
    section = tag(parse(html).find("section"))
    heading = tag(section.find("h2"))
    assert section["aria-labelledby"] == heading["id"] == "wdg-nyheder-title"
    assert section["id"] == "wdg-nyheder" and section["data-widget-feed"] == "nyheder"
    assert section["class"] == ["wdg", "wdg--default"] and section["lang"] == "da"
    items = tag(section.find("ol", class_="wdg__list")).find_all("li", recursive=False)
    assert len(items) == 2
    for item, post_id in zip(items, ("1", "2"), strict=True):
        article = tag(tag(item).find("article", class_="wdg__post"))
        byline = tag(article.find(id=article["aria-labelledby"]))
        assert byline["id"] == f"wdg-nyheder-p-{post_id}"
        assert "Kommune Test" in byline.get_text()


@pytest.mark.parametrize("level", [2, 3, 6])
def test_heading_level_comes_from_the_options(level: int) -> None:
    soup = parse(render(make_feed(make_entry(make_post())), heading_level=level))
    heading = tag(soup.find(f"h{level}"))
    assert heading["class"] == ["wdg__title"]
    assert heading.get_text() == "Nyheder fra kommunen"


def test_heading_level_outside_two_to_six_is_refused() -> None:
    with pytest.raises(ValueError, match="heading level 1"):
        render(make_feed(), heading_level=1)


def test_empty_feed_says_so_in_the_page_language() -> None:
    for locale, words in (("da", "Ingen opslag endnu."), ("en", "No posts yet.")):
        soup = parse(render(make_feed(), locale=locale))
        assert soup.find("ol") is None
        assert tag(soup.find("p", class_="wdg__empty")).get_text() == words
        assert tag(soup.find("section"))["aria-labelledby"] == "wdg-nyheder-title"


def test_more_link_points_at_the_first_source_account() -> None:
    soup = parse(render(make_feed(make_entry(make_post()))))
    link = tag(tag(soup.find("p", class_="wdg__more")).find("a"))
    assert link["href"] == "https://x.com/kommune_test"
    assert link.get_text() == "Se flere opslag på X"


def test_output_is_deterministic_and_ends_with_one_newline() -> None:
    feed = make_feed(make_entry(make_post("1", media=(photo(),))), make_entry(make_post("2")))
    first, second = render(feed), render(feed)
    assert first == second
    assert first.endswith("</section>\n") and not first.endswith("\n\n")


def test_feed_specific_template_is_preferred() -> None:
    env = make_env({"widget-nyheder.html": "<p class='own'>{{ feed.title }}</p>"})
    assert render(make_feed(), env=env) == "<p class='own'>Nyheder fra kommunen</p>\n"
    other = render(make_feed(name="andet"), env=env)
    assert other.startswith('<section class="wdg wdg--default" id="wdg-andet"')


def test_production_environment_renders_the_same_markup() -> None:
    feed = make_feed(make_entry(make_post("1", media=(photo(), video()))))
    production = theme_environment(ThemeSet(), "default")
    assert render(feed, env=production) == render(feed)


# --- language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post_lang", "page", "expected"),
    [
        ("en", "da", "en"),
        ("da", "da", None),
        ("en", "en_GB", None),
        ("da", "en", "da"),
        ("zh-CN", "da", "zh-CN"),
        *[(code, "da", None) for code in ("und", "qam", "qct", "qht", "qme", "qst", "zxx")],
        (None, "da", None),
        ('en" onclick="x', "da", None),
    ],
)
def test_article_lang_only_for_a_real_language_other_than_the_page(
    post_lang: str | None, page: str, expected: str | None
) -> None:
    soup = parse(render(make_feed(make_entry(make_post(lang=post_lang))), locale=page))
    assert tag(soup.find("article")).get("lang") == expected


def test_own_words_inside_a_foreign_post_keep_the_page_language() -> None:
    post = make_post(lang="en", media=(photo(alt=None), photo("p2", alt="A harbour")))
    sharer = make_author("borger", "Borger")
    soup = parse(render(make_feed(make_entry(post, shared_by=(sharer,)))))
    assert tag(soup.find("p", class_="wdg__context"))["lang"] == "da"
    assert tag(soup.find("footer"))["lang"] == "da"
    fallback, own = soup.find_all("img", class_="wdg__image")
    assert tag(fallback)["lang"] == "da" and tag(own).get("lang") is None


def test_quoted_post_in_the_page_language_inside_a_foreign_post_says_so() -> None:
    quoted = make_post("2", (Text("Dansk tekst"),), author=make_author("borger"), lang="da")
    post = make_post("1", (Text("English text"),), kind=PostKind.QUOTE, original=quoted, lang="en")
    soup = parse(render(make_feed(make_entry(post))))
    assert tag(soup.find("article"))["lang"] == "en"
    assert tag(soup.find("blockquote"))["lang"] == "da"


def test_text_has_dir_auto_and_names_are_isolated() -> None:
    name = "مدينة"  # a right-to-left name next to left-to-right text
    soup = parse(render(make_feed(make_entry(make_post(author=make_author(name=name))))))
    assert tag(soup.find("p", class_="wdg__text"))["dir"] == "auto"
    assert tag(soup.find("bdi", class_="wdg__name")).get_text() == name


# --- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "shown"), [("da", "20. nov. 2026"), ("en", "20 Nov 2026")])
def test_time_element_has_utc_datetime_and_a_localised_date(locale: str, shown: str) -> None:
    when = datetime(2026, 11, 20, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    soup = parse(render(make_feed(make_entry(make_post(created=when))), locale=locale))
    time = tag(soup.find("time"))
    assert time["datetime"] == "2026-11-20T09:15:00Z"
    assert time.get_text() == shown
    assert "data-widget-time" in time.attrs
    permalink = tag(time.parent)
    assert permalink["href"] == "https://x.com/kommune_test/status/1001"
    sr = "se opslaget på X" if locale == "da" else "view the post on X"
    assert sr in tag(permalink.find("span", class_="wdg__sr")).get_text()


# --- images -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "fallback"),
    [("da", "Billede uden beskrivelse"), ("en", "Image without a description")],
)
def test_images_use_the_authors_alt_text_or_a_fallback(locale: str, fallback: str) -> None:
    post = make_post(media=(photo("a", alt="Rådhuset i sne"), photo("b"), photo("c", alt="  ")))
    soup = parse(render(make_feed(make_entry(post)), locale=locale))
    alts = [tag(img)["alt"] for img in soup.find_all("img", class_="wdg__image")]
    assert alts == ["Rådhuset i sne", fallback, fallback]
    assert tag(soup.find("img", class_="wdg__avatar"))["alt"] == ""


def test_images_have_dimensions_and_only_later_posts_load_lazily() -> None:
    feed = make_feed(
        make_entry(make_post("1", media=(photo("a"),))),
        make_entry(make_post("2", media=(photo("b"),))),
    )
    articles = parse(render(feed)).find_all("article")
    first = [tag(img) for img in tag(articles[0]).find_all("img")]
    later = [tag(img) for img in tag(articles[1]).find_all("img")]
    assert len(first) == len(later) == 2
    assert all("loading" not in img.attrs for img in first)
    assert all(img["loading"] == "lazy" for img in later)
    for img in first + later:
        assert img["width"] in {"48", "640"} and img["height"] in {"48", "360"}
        assert img["decoding"] == "async"


def test_image_that_was_not_downloaded_is_left_out() -> None:
    post = make_post(media=(photo("kept"), photo("failed")))
    images = local_images(post)
    del images["https://pbs.example/media/failed.jpg"]
    del images[str(post.author.avatar_url)]
    soup = parse(render(make_feed(make_entry(post)), images))
    assert [tag(img)["src"] for img in soup.find_all("img")] == ["/widget/media/kept-1.webp"]


def test_video_shows_its_poster_inside_a_link_to_the_post() -> None:
    post = make_post(media=(video("v", alt="Borgmesteren taler"),))
    for locale, words in (("da", "Afspil video på X"), ("en", "Play video on X")):
        soup = parse(render(make_feed(make_entry(post)), locale=locale))
        link = tag(soup.find("a", class_="wdg__video"))
        assert link["href"] == post.permalink
        assert tag(link.find("img"))["alt"] == "Borgmesteren taler"
        assert tag(link.find("span", class_="wdg__play")).get_text() == words


def test_video_without_a_poster_still_links_to_the_post() -> None:
    post = make_post(media=(video("v"),))
    soup = parse(render(make_feed(make_entry(post)), {}))
    link = tag(soup.find("a", class_="wdg__video"))
    assert link.find("img") is None and link.get_text() == "Afspil video på X"


def test_media_can_be_switched_off() -> None:
    post = make_post(media=(photo(), video()))
    soup = parse(render(make_feed(make_entry(post)), show_media=False))
    assert soup.find("ul", class_="wdg__media") is None
    assert soup.find("img", class_="wdg__avatar") is not None


# --- what the page must never contain -----------------------------------------------------


def _busy_feed() -> CuratedFeed:
    quoted = make_post("9", author=make_author("borger"), media=(photo("q"),))
    return make_feed(
        make_entry(make_post("1", media=(photo(), video()))),
        make_entry(make_post("2", kind=PostKind.QUOTE, original=quoted)),
        make_entry(make_post("3"), shared_by=(make_author("a"), make_author("b"))),
    )


def test_fragment_has_no_script_style_or_event_handlers() -> None:
    soup = parse(render(_busy_feed()))
    assert soup.find_all(["script", "style", "iframe", "link"]) == []
    for element in soup.find_all(True):
        for name in element.attrs:
            assert name != "style" and not name.startswith("on"), (element.name, name)


def test_every_image_source_is_on_this_site() -> None:
    soup = parse(render(_busy_feed()))
    images = soup.find_all("img")
    assert len(images) == 6  # 3 avatars, a photo, a poster, the quoted post's photo
    for element in soup.find_all(True):
        for name in ("src", "srcset", "poster"):
            if name in element.attrs:
                assert str(element[name]).startswith(BASE_URL + "media/"), element


def test_outbound_links_carry_noopener_noreferrer() -> None:
    soup = parse(render(_busy_feed()))
    links = [tag(a) for a in soup.find_all("a")]
    assert links
    for link in links:
        assert str(link["href"]).startswith("https://")
        assert link["rel"] == ["noopener", "noreferrer"]


# --- reposts, quotes, replies -------------------------------------------------------------


@pytest.mark.parametrize(("locale", "words"), [("da", "Borger delte"), ("en", "Borger shared")])
def test_repost_shows_the_original_with_who_shared_it(locale: str, words: str) -> None:
    original = make_post("7", (Text("Original"),), author=make_author("styrelsen", "Styrelsen"))
    repost = make_post(
        "8",
        (Text("RT @styrelsen: Orig…"),),
        author=make_author("borger", "Borger"),
        kind=PostKind.REPOST,
        original=original,
    )
    soup = parse(render(make_feed(make_entry(repost)), locale=locale))
    context = tag(soup.find("p", class_="wdg__context"))
    assert text_of(context) == words
    assert tag(context.find("bdi")).get_text() == "Borger"
    assert tag(soup.find("bdi", class_="wdg__name")).get_text() == "Styrelsen"
    assert tag(soup.find("p", class_="wdg__text")).get_text() == "Original"
    assert tag(soup.find("a", class_="wdg__permalink"))["href"] == original.permalink


@pytest.mark.parametrize(
    ("locale", "count", "words"),
    [
        ("da", 2, "Delt af 2 konti: A og B"),
        ("da", 3, "Delt af 3 konti: A, B og C"),
        ("en", 3, "Shared by 3 accounts: A, B and C"),
    ],
)
def test_post_shared_by_several_accounts_names_them(locale: str, count: int, words: str) -> None:
    sharers = tuple(make_author(name.lower(), name) for name in "ABC"[:count])
    soup = parse(render(make_feed(make_entry(make_post(), shared_by=sharers)), locale=locale))
    context = tag(soup.find("p", class_="wdg__context"))
    assert text_of(context) == words
    assert [bdi.get_text() for bdi in context.find_all("bdi")] == list("ABC"[:count])


def test_shared_by_one_account_uses_the_singular_line() -> None:
    soup = parse(render(make_feed(make_entry(make_post(), shared_by=(make_author("a", "A"),)))))
    assert text_of(soup.find("p", class_="wdg__context")) == "A delte"


def test_post_nobody_shared_has_no_context_line() -> None:
    assert (
        parse(render(make_feed(make_entry(make_post())))).find("p", class_="wdg__context") is None
    )


def test_quote_shows_both_texts_and_a_blockquote_citing_the_quoted_post() -> None:
    quoted = make_post("5", (Text("Det citerede"),), author=make_author("borger", "Borger"))
    post = make_post("6", (Text("Se dette"),), kind=PostKind.QUOTE, original=quoted)
    soup = parse(render(make_feed(make_entry(post))))
    article = tag(soup.find("article"))
    block = tag(article.find("blockquote", class_="wdg__quote"))
    assert block["cite"] == quoted.permalink
    assert "Borger" in text_of(block.find("p", class_="wdg__byline"))
    assert tag(block.find("p", class_="wdg__text")).get_text() == "Det citerede"
    assert tag(article.find("p", class_="wdg__text")).get_text() == "Se dette"
    assert block.find(id=True) is None  # the article's label stays unique


@pytest.mark.parametrize(
    ("locale", "words"), [("da", "Svar til @borger"), ("en", "Replying to @borger")]
)
def test_reply_names_the_account_it_answers_when_known(locale: str, words: str) -> None:
    reply = make_post(kind=PostKind.REPLY, in_reply_to="77", in_reply_to_handle="borger")
    soup = parse(render(make_feed(make_entry(reply)), locale=locale))
    assert text_of(soup.find("p", class_="wdg__context")) == words
    unknown = make_post(kind=PostKind.REPLY, in_reply_to="77")
    assert parse(render(make_feed(make_entry(unknown)))).find("p", class_="wdg__context") is None


def test_text_segments_become_links() -> None:
    segments = (
        Mention("@borger", "borger"),
        Text(" se "),
        Link("a.example/x", "https://a.example/x"),
    )
    soup = parse(render(make_feed(make_entry(make_post(segments=segments)))))
    paragraph = tag(soup.find("p", class_="wdg__text"))
    hrefs = [tag(a)["href"] for a in paragraph.find_all("a")]
    assert hrefs == ["https://x.com/borger", "https://a.example/x"]


# --- index page ---------------------------------------------------------------------------


def test_index_page_is_complete_and_shows_every_feed() -> None:
    one = render(make_feed(make_entry(make_post()), name="nyheder"))
    two = render(make_feed(name="job", title="Ledige job"))
    page = render_index(
        make_env(),
        [("nyheder", "Nyheder fra kommunen", one), ("job", "Ledige job", two)],
        locale="da",
        stylesheets=[("/widget/default.abc123.css", "sha384-AAAA")],
        script="/widget/widget.js",
    )
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    soup = parse(page)
    assert tag(soup.find("html"))["lang"] == "da"
    assert tag(soup.find("title")).get_text() == "Alle feeds"
    viewport = tag(soup.find("meta", attrs={"name": "viewport"}))
    assert "width=device-width" in str(viewport["content"])
    link = tag(soup.find("link", rel="stylesheet"))
    assert link["href"] == "/widget/default.abc123.css" and link["integrity"] == "sha384-AAAA"
    script = tag(soup.find("script"))
    assert script["src"] == "/widget/widget.js" and script.get_text() == ""
    assert soup.find("style") is None
    assert [tag(s)["id"] for s in soup.find_all("section")] == ["wdg-nyheder", "wdg-job"]
    assert tag(soup.find("h1")).get_text() == "Alle feeds"


def test_index_page_without_script_has_no_script_element() -> None:
    page = render_index(make_env(), [], locale="en", stylesheets=[], script=None)
    soup = parse(page)
    assert soup.find("script") is None
    assert tag(soup.find("html"))["lang"] == "en"
    assert tag(soup.find("title")).get_text() == "All feeds"
