"""Curation: what a feed shows, in which order, and the reason given for every post."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widget.config import FeedConfig, SourceSpec
from widget.curate import CuratedFeed, curate
from widget.model import Author, Hashtag, Post, PostKind, Segment, Text

T0 = datetime(2026, 11, 20, 9, 15, tzinfo=timezone.utc)
NOW = T0 + timedelta(hours=1)


def author(handle: str) -> Author:
    return Author(id=f"id-{handle}", name=handle.replace("_", " ").title(), handle=handle)


def make_post(
    post_id: str,
    *,
    by: str = "kommune_test",
    minutes: int = 0,
    text: str = "Nyt fra kommunen",
    tags: tuple[str, ...] = (),
    kind: PostKind = PostKind.POST,
    lang: str | None = "da",
    original: Post | None = None,
) -> Post:
    segments: tuple[Segment, ...] = (Text(text),)
    segments += tuple(Hashtag(f" #{tag}", tag) for tag in tags)
    return Post(
        id=post_id,
        network="x",
        account=by.lower(),
        author=author(by),
        created=T0 + timedelta(minutes=minutes),
        segments=segments,
        permalink=f"https://x.com/{by}/status/{post_id}",
        kind=kind,
        lang=lang,
        original=original,
        in_reply_to="1" if kind is PostKind.REPLY else None,
    )


def make_repost(post_id: str, original: Post, *, by: str, minutes: int) -> Post:
    return make_post(
        post_id,
        by=by,
        minutes=minutes,
        text=f"RT @{original.author.handle}: {original.plain_text[:20]}",
        kind=PostKind.REPOST,
        lang=original.lang,
        original=original,
    )


def make_feed(**settings: Any) -> FeedConfig:
    return FeedConfig(
        name="borger",
        title="Nyt fra kommunen",
        sources=(SourceSpec("x", "kommune_test"), SourceSpec("x", "region_test")),
        **settings,
    )


def shown_ids(curated: CuratedFeed) -> list[str]:
    return [entry.post.id for entry in curated.entries]


def run(posts: list[Post], **settings: Any) -> CuratedFeed:
    return curate(make_feed(**settings), posts, now=NOW)


# --- merging and order ----------------------------------------------------------------------


def test_posts_of_several_accounts_merge_newest_first() -> None:
    posts = [
        make_post("101", by="kommune_test", minutes=1),
        make_post("202", by="region_test", minutes=3),
        make_post("103", by="kommune_test", minutes=2),
    ]
    assert shown_ids(run(posts)) == ["202", "103", "101"]


def test_posts_at_the_same_time_are_ordered_by_id_descending_as_numbers() -> None:
    posts = [make_post("9"), make_post("10"), make_post("11", minutes=-1)]
    assert shown_ids(run(posts)) == ["10", "9", "11"]


def test_the_same_post_from_two_overlapping_sources_appears_once() -> None:
    one = make_post("500")
    curated = run([one, replace(one), make_post("501", minutes=-5)])
    assert shown_ids(curated) == ["500", "501"]


def test_the_same_original_reposted_by_four_accounts_is_one_entry_in_repost_order() -> None:
    original = make_post("900", by="ministeriet_test", minutes=-60)
    reposts = [
        make_repost("904", original, by="region_test", minutes=40),
        make_repost("901", original, by="kommune_test", minutes=10),
        make_repost("903", original, by="skole_test", minutes=30),
        make_repost("902", original, by="havn_test", minutes=20),
    ]
    curated = run([*reposts, make_post("950", minutes=35)])
    first = curated.entries[0]
    assert shown_ids(curated) == ["900", "950"]
    assert first.post == original
    assert [a.handle for a in first.shared_by] == [
        "kommune_test",
        "havn_test",
        "skole_test",
        "region_test",
    ]
    assert first.source_ids == ("x:901", "x:902", "x:903", "x:904")
    assert first.sort_time == T0 + timedelta(minutes=40)


def test_an_original_by_a_feed_account_and_its_reposts_collapse_into_one_entry() -> None:
    original = make_post("700", by="kommune_test", minutes=0)
    repost = make_repost("710", original, by="region_test", minutes=90)
    curated = run([repost, original, make_post("705", by="region_test", minutes=30)])
    assert shown_ids(curated) == ["700", "705"]
    assert curated.entries[0].source_ids == ("x:700", "x:710")
    assert [a.handle for a in curated.entries[0].shared_by] == ["region_test"]
    assert curated.decisions["x:710"].reason.startswith("collapsed into x:700")


# --- hidden and pinned ----------------------------------------------------------------------


def test_a_hidden_original_takes_its_reposts_with_it() -> None:
    original = make_post("300", by="ministeriet_test")
    curated = run(
        [make_repost("301", original, by="kommune_test", minutes=5), make_post("302")],
        hidden=("300",),
    )
    assert shown_ids(curated) == ["302"]
    assert curated.decisions["x:300"].reason == "hidden: listed in feeds.borger.hidden"
    assert "same original as x:300" in curated.decisions["x:301"].reason


def test_a_hidden_repost_hides_the_content_it_shares() -> None:
    original = make_post("300", by="ministeriet_test")
    reposts = [
        make_repost("301", original, by="kommune_test", minutes=5),
        make_repost("303", original, by="region_test", minutes=6),
    ]
    curated = run(reposts, hidden=("303",))
    assert curated.entries == ()
    assert not curated.decisions["x:301"].shown


def test_hidden_beats_pinned() -> None:
    curated = run([make_post("1"), make_post("2", minutes=-1)], pinned=("2",), hidden=("2",))
    assert shown_ids(curated) == ["1"]
    assert curated.decisions["x:2"].reason.startswith("hidden: listed in feeds.borger.hidden")
    assert "outweighs feeds.borger.pinned" in curated.decisions["x:2"].reason


def test_pinned_posts_come_first_in_the_order_the_config_lists_them() -> None:
    posts = [make_post(str(n), minutes=n) for n in range(1, 6)]
    curated = run(posts, pinned=("2", "1"))
    assert shown_ids(curated) == ["2", "1", "5", "4", "3"]
    assert [entry.pinned for entry in curated.entries] == [True, True, False, False, False]
    assert curated.decisions["x:2"].reason == "shown at 1: pinned"


def test_a_pinned_repost_id_pins_the_original_it_shares() -> None:
    original = make_post("40", by="ministeriet_test", minutes=-30)
    posts = [make_repost("41", original, by="region_test", minutes=-20), make_post("42")]
    assert shown_ids(run(posts, pinned=("41",))) == ["40", "42"]


def test_pinned_posts_count_toward_the_limit() -> None:
    posts = [make_post(str(n), minutes=n) for n in range(1, 6)]
    curated = run(posts, pinned=("1",), limit=3)
    assert shown_ids(curated) == ["1", "5", "4"]
    assert curated.decisions["x:3"] == replace(curated.decisions["x:3"], shown=False, position=None)
    assert curated.decisions["x:3"].reason == "left out: beyond the limit of 3 (feeds.borger.limit)"


# --- kinds ----------------------------------------------------------------------------------


def test_replies_are_left_out_unless_switched_on() -> None:
    posts = [make_post("1"), make_post("2", kind=PostKind.REPLY, minutes=1)]
    curated = run(posts)
    assert shown_ids(curated) == ["1"]
    assert curated.decisions["x:2"].reason == "left out: a reply (feeds.borger.replies = false)"
    assert shown_ids(run(posts, replies=True)) == ["2", "1"]


def test_a_repost_of_a_reply_is_left_out_when_replies_are_off() -> None:
    reply = make_post("60", by="ministeriet_test", kind=PostKind.REPLY)
    curated = run([make_repost("61", reply, by="kommune_test", minutes=1)])
    assert curated.entries == ()
    assert "shares a reply" in curated.decisions["x:61"].reason


def test_reposts_off_keeps_a_stored_original_but_drops_what_was_only_reposted() -> None:
    own = make_post("70", by="kommune_test")
    other = make_post("80", by="ministeriet_test")
    posts = [
        own,
        make_repost("71", own, by="region_test", minutes=5),
        make_repost("81", other, by="region_test", minutes=6),
    ]
    curated = run(posts, reposts=False)
    assert shown_ids(curated) == ["70"]
    assert curated.entries[0].shared_by == ()
    assert curated.decisions["x:71"].reason == "left out: a repost (feeds.borger.reposts = false)"
    assert curated.decisions["x:80"].reason == (
        "left out: only reposted (feeds.borger.reposts = false)"
    )


def test_quotes_are_left_out_when_switched_off() -> None:
    quoted = make_post("10", by="ministeriet_test")
    quote = make_post("11", kind=PostKind.QUOTE, original=quoted, minutes=1)
    assert shown_ids(run([quote])) == ["11"]
    curated = run([quote], quotes=False)
    assert curated.decisions["x:11"].reason == "left out: a quote (feeds.borger.quotes = false)"


# --- hashtags -------------------------------------------------------------------------------


def test_hashtag_allow_list_compares_case_and_unicode_insensitively() -> None:
    posts = [
        make_post("1", tags=("ÆbleDag",)),
        make_post("2", tags=("ＫＢＨ",), minutes=1),
        make_post("3", tags=("andet",), minutes=2),
    ]
    curated = run(posts, hashtags_allow=("æbledag", "kbh"))
    assert shown_ids(curated) == ["2", "1"]
    assert curated.decisions["x:3"].reason == (
        "left out: has none of the hashtags in feeds.borger.hashtags_allow"
    )


def test_a_denied_hashtag_leaves_a_post_out_even_when_another_is_allowed() -> None:
    curated = run([make_post("1", tags=("Valg", "Reklame"))], hashtags_allow=("valg",))
    assert shown_ids(curated) == ["1"]
    curated = run(
        [make_post("1", tags=("Valg", "Reklame"))],
        hashtags_allow=("valg",),
        hashtags_deny=("reklame",),
    )
    assert curated.decisions["x:1"].reason == (
        "left out: has #reklame, listed in feeds.borger.hashtags_deny"
    )


def test_hashtags_of_a_repost_are_the_originals_and_of_a_quote_its_own() -> None:
    tagged = make_post("20", by="ministeriet_test", tags=("reklame",))
    plain = make_post("30", by="ministeriet_test")
    posts = [
        make_repost("21", tagged, by="kommune_test", minutes=1),
        make_post("31", kind=PostKind.QUOTE, original=tagged, minutes=2, tags=()),
        make_post("32", kind=PostKind.QUOTE, original=plain, minutes=3, tags=("reklame",)),
    ]
    curated = run(posts, hashtags_deny=("reklame",))
    assert shown_ids(curated) == ["31"]


# --- keywords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keyword", "text", "left_out"),
    [
        ("is", "A crisis in the harbour", False),
        ("is", "This is news", True),
        ("æble", "Æble, pære og blomme", True),
        ("æble", "Æblemost til alle", False),
        ("go home", "Please GO\nhome now", True),
        ("go home", "go homes", False),
        ("防災", "本日は防災訓練を実施します", True),
        ("covid", "東京covidワクチン", True),
        ("ภัย", "เตือนภัยน้ำท่วม", True),
        ("أزمة", "أزمة، اليوم", True),
        ("كتاب", "هذا كتابٌ جديد", True),
        ("كتاب", "مكتبة المدينة", False),
        ("नम", "नमस्ते सबको", False),
    ],
)
def test_denied_keywords_match_whole_words_in_any_script(
    keyword: str, text: str, left_out: bool
) -> None:
    curated = run([make_post("1", text=text)], keywords_deny=(keyword,))
    assert (shown_ids(curated) == []) is left_out


def test_a_denied_keyword_in_the_quoted_text_leaves_the_quote_out() -> None:
    quoted = make_post("5", by="ministeriet_test", text="Gratis lotteri i dag")
    quote = make_post("6", text="Se her", kind=PostKind.QUOTE, original=quoted)
    curated = run([quote], keywords_deny=("Lotteri",))
    assert curated.decisions["x:6"].reason == (
        'left out: contains "Lotteri" in the quoted post, listed in feeds.borger.keywords_deny'
    )


# --- languages and age ----------------------------------------------------------------------


def test_languages_compare_primary_subtags_and_let_non_languages_pass() -> None:
    posts = [
        make_post("1", lang="en-GB"),
        make_post("2", lang="de", minutes=1),
        make_post("3", lang=None, minutes=2),
        make_post("4", lang="und", minutes=3),
        make_post("5", lang="qme", minutes=4),
        make_post("6", lang="zxx", minutes=5),
        make_post("7", lang="da", minutes=6),
    ]
    curated = run(posts, languages=("en", "da_DK"))
    assert shown_ids(curated) == ["7", "6", "5", "4", "3", "1"]
    assert curated.decisions["x:2"].reason == (
        'left out: in language "de", not listed in feeds.borger.languages'
    )


def test_posts_older_than_max_age_are_left_out_unless_pinned() -> None:
    old = make_post("1", minutes=-3 * 24 * 60)
    older = make_post("2", minutes=-4 * 24 * 60)
    curated = run([old, older, make_post("3")], max_age_days=2, pinned=("2",))
    assert shown_ids(curated) == ["2", "3"]
    assert curated.decisions["x:1"].reason == (
        "left out: older than 2 days (feeds.borger.max_age_days)"
    )


def test_a_recent_repost_keeps_an_old_original_within_max_age() -> None:
    original = make_post("1", by="ministeriet_test", minutes=-10 * 24 * 60)
    curated = run([make_repost("2", original, by="kommune_test", minutes=0)], max_age_days=1)
    assert shown_ids(curated) == ["1"]


# --- decisions and explain ------------------------------------------------------------------


def explain_scene() -> CuratedFeed:
    original = make_post("1234", by="ambassade_demo", minutes=-10)
    posts = [
        make_repost("2001", original, by="kommune_test", minutes=10),
        make_repost("2002", original, by="region_test", minutes=20),
        make_repost("2003", original, by="skole_test", minutes=30),
        make_post("3000", minutes=40),
        make_post("3001", minutes=1),
        make_post("3002", minutes=2, kind=PostKind.REPLY),
        make_post("3003", minutes=3),
    ]
    return run(posts, hidden=("3003",), limit=2)


def test_every_stored_id_and_every_reposted_original_gets_a_decision() -> None:
    curated = explain_scene()
    ids = {"1234", "2001", "2002", "2003", "3000", "3001", "3002", "3003"}
    assert set(curated.decisions) == {f"x:{post_id}" for post_id in ids}
    assert all(d.post_id == key for key, d in curated.decisions.items())


def test_explain_a_shown_post_names_its_position_and_who_shared_it() -> None:
    assert explain_scene().explain("1234") == (
        "x:1234 by @ambassade_demo (2026-11-20 09:05 UTC): shown at position 2; "
        "shared by 3 accounts: @kommune_test, @region_test, @skole_test"
    )


def test_explain_a_collapsed_repost() -> None:
    assert explain_scene().explain("2002") == (
        "x:2002 by @region_test (2026-11-20 09:35 UTC): shown at position 2; "
        "collapsed into x:1234 (the same original); "
        "shared by 3 accounts: @kommune_test, @region_test, @skole_test"
    )
    decision = explain_scene().decisions["x:2002"]
    assert decision.reason == "collapsed into x:1234 (the same original, shared by 3 accounts)"


def test_explain_hidden_filtered_and_beyond_the_limit() -> None:
    curated = explain_scene()
    assert curated.explain("3003") == (
        "x:3003 by @kommune_test (2026-11-20 09:18 UTC): hidden: listed in feeds.borger.hidden"
    )
    assert curated.explain("3002") == (
        "x:3002 by @kommune_test (2026-11-20 09:17 UTC): "
        "left out: a reply (feeds.borger.replies = false)"
    )
    assert curated.explain("3001") == (
        "x:3001 by @kommune_test (2026-11-20 09:16 UTC): "
        "left out: beyond the limit of 2 (feeds.borger.limit)"
    )


def test_explain_a_pinned_post() -> None:
    curated = run([make_post("1"), make_post("2", minutes=5)], pinned=("1",))
    assert curated.explain("1") == (
        "x:1 by @kommune_test (2026-11-20 09:15 UTC): shown at position 1; "
        "pinned (listed in feeds.borger.pinned)"
    )


def test_explain_an_unknown_id_says_it_is_not_stored() -> None:
    assert explain_scene().explain("999") == (
        "999 is not among the stored posts of feed 'borger' (feeds.borger.sources); "
        "check the id, or fetch again"
    )


def test_explain_an_unknown_pinned_id_says_the_pin_has_nothing_to_pin() -> None:
    curated = run([make_post("1")], pinned=("77",))
    assert shown_ids(curated) == ["1"]
    assert curated.explain("77").endswith("; it is listed in feeds.borger.pinned")


def test_now_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        curate(make_feed(), [], now=datetime(2026, 11, 20, 9, 15))


# --- properties -----------------------------------------------------------------------------

HANDLES = ("kommune_test", "region_test", "skole_test", "ministeriet_test")


@st.composite
def stored_posts(draw: st.DrawFn) -> list[Post]:
    originals = [
        make_post(
            str(100 + n),
            by=draw(st.sampled_from(HANDLES)),
            minutes=draw(st.integers(-3000, 0)),
            kind=draw(st.sampled_from([PostKind.POST, PostKind.REPLY, PostKind.QUOTE])),
            tags=tuple(draw(st.lists(st.sampled_from(["valg", "Reklame", "KBH"]), max_size=2))),
            lang=draw(st.sampled_from(["da", "en-GB", "de", None])),
        )
        for n in range(draw(st.integers(0, 8)))
    ]
    posts = [p for p in originals if draw(st.booleans())]
    if originals:
        for n in range(draw(st.integers(0, 8))):
            original = draw(st.sampled_from(originals))
            by = draw(st.sampled_from(HANDLES))
            posts.append(
                make_repost(str(500 + n), original, by=by, minutes=draw(st.integers(0, 99)))
            )
    copies = [draw(st.sampled_from(posts)) for _ in range(draw(st.integers(0, 3)))] if posts else []
    return posts + copies


def _ids(draw: st.DrawFn) -> tuple[str, ...]:
    pool = [str(n) for n in (*range(100, 108), *range(500, 508), 999)]
    return tuple(draw(st.lists(st.sampled_from(pool), max_size=4, unique=True)))


@st.composite
def feeds(draw: st.DrawFn) -> FeedConfig:
    return make_feed(
        limit=draw(st.integers(1, 6)),
        replies=draw(st.booleans()),
        reposts=draw(st.booleans()),
        quotes=draw(st.booleans()),
        hashtags_deny=tuple(draw(st.lists(st.sampled_from(["reklame", "kbh"]), max_size=1))),
        languages=tuple(draw(st.lists(st.sampled_from(["da", "en"]), max_size=2))),
        max_age_days=draw(st.sampled_from([None, 1, 2])),
        pinned=_ids(draw),
        hidden=_ids(draw),
    )


@settings(max_examples=200, deadline=None)
@given(feed=feeds(), posts=stored_posts(), seed=st.integers(0, 2**32))
def test_curation_is_deterministic_bounded_and_never_shows_a_hidden_id(
    feed: FeedConfig, posts: list[Post], seed: int
) -> None:
    curated = curate(feed, posts, now=NOW)
    shuffled = list(posts)
    random.Random(seed).shuffle(shuffled)
    assert curate(feed, shuffled, now=NOW) == curated
    assert len(curated.entries) <= feed.limit
    on_show = {key for e in curated.entries for key in (e.post.key, *e.source_ids)}
    assert not on_show & {f"x:{post_id}" for post_id in feed.hidden}
    originals = {p.original.key for p in posts if p.kind is PostKind.REPOST and p.original}
    expected_ids = {p.key for p in posts} | originals
    assert set(curated.decisions) == expected_ids
    positions = [d.position for d in curated.decisions.values() if d.shown]
    assert set(positions) == set(range(1, len(curated.entries) + 1))


def test_a_post_or_a_quoted_post_with_a_sensitive_label_is_left_out_naming_the_label() -> None:
    labelled = replace(make_post("20", minutes=1), labels=("graphic-media",))
    harmless = replace(make_post("21", minutes=2), labels=("bot",))
    quoted = replace(make_post("22", by="ministeriet_test"), labels=("porn",))
    quote = make_post("23", kind=PostKind.QUOTE, original=quoted, minutes=3)
    curated = run([labelled, harmless, quote])
    assert shown_ids(curated) == ["21"]
    assert curated.decisions["x:20"].reason == (
        "left out: labelled 'graphic-media' by the network (sensitive content; "
        'feeds.borger.sensitive is "hide", "warn" shows it behind a warning)'
    )
    assert "labelled 'porn'" in curated.decisions["x:23"].reason
