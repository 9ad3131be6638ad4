"""Replaying and recording X answers in the recordings layout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import requests

from tests.helpers import attach_x_recorder as attach_recorder
from tests.helpers import mount_x_replay as mount_replay
from widget.sources.replay import make_response

RECORDED = Path(__file__).parent / "data" / "recorded"
API = "https://api.twitter.com/2"
KOMMUNE_ID = "1000000000000000001"
FIRST_TOKEN = "7140dibdnow9c7btw4b0oqp1y0t3a5ymcr0v0ypllf4pd"


@pytest.fixture
def session() -> requests.Session:
    session = requests.Session()
    mount_replay(session, RECORDED)
    return session


def test_user_lookup_serves_user_json_byte_for_byte(session: requests.Session) -> None:
    response = session.get(f"{API}/users/by/username/kommune_test")
    assert response.status_code == 200
    assert response.content == (RECORDED / "kommune_test" / "user.json").read_bytes()
    assert response.headers["Content-Type"].startswith("application/json")


def test_user_lookup_ignores_the_case_of_the_username(session: requests.Session) -> None:
    response = session.get(f"{API}/users/by/username/REGION_DEMO")
    assert response.json()["data"]["username"] == "Region_Demo"


def test_the_timeline_is_found_by_user_id_and_follows_next_token(
    session: requests.Session,
) -> None:
    first = session.get(f"{API}/users/{KOMMUNE_ID}/tweets", params={"max_results": 5})
    assert first.content == (RECORDED / "kommune_test" / "tweets-1.json").read_bytes()
    token = first.json()["meta"]["next_token"]
    second = session.get(f"{API}/users/{KOMMUNE_ID}/tweets", params={"pagination_token": token})
    assert second.content == (RECORDED / "kommune_test" / "tweets-2.json").read_bytes()


def test_since_id_leaves_out_older_posts_and_their_next_token(session: requests.Session) -> None:
    since = "1800000000000000008"
    body = session.get(f"{API}/users/{KOMMUNE_ID}/tweets", params={"since_id": since}).json()
    assert [post["id"] for post in body["data"]] == ["1800000000000000010", "1800000000000000009"]
    assert body["meta"]["result_count"] == 2 and "next_token" not in body["meta"]


def test_since_id_newer_than_everything_gives_an_empty_answer(session: requests.Session) -> None:
    params = {"since_id": "1800000000000000010"}
    body = session.get(f"{API}/users/{KOMMUNE_ID}/tweets", params=params).json()
    assert body == {"meta": {"result_count": 0}}


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/users/by/username/nobody_here",
        f"{API}/users/42/tweets",
        f"{API}/users/{KOMMUNE_ID}/tweets?pagination_token=unknown",
        f"{API}/tweets/1",
        "https://pbs.twimg.com/media/missing.jpg",
        "https://pbs.twimg.com/../kommune_test/user.json",
        "https://pbs.twimg.com/%2e%2e/kommune_test/user.json",
        "https://pbs.twimg.com/media/%2e%2e%2f%2e%2e%2f%2e%2e%2fconftest.py",
    ],
)
def test_anything_unrecorded_is_an_api_like_404(session: requests.Session, url: str) -> None:
    response = session.get(url)
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found Error"


def test_other_hosts_are_files_with_a_content_type_from_the_extension(
    session: requests.Session,
) -> None:
    response = session.get("https://pbs.twimg.com/media/KtHavn01.jpg?name=small")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.content == (RECORDED / "pbs.twimg.com" / "media" / "KtHavn01.jpg").read_bytes()


def test_the_recorder_writes_the_layout_the_adapter_reads_byte_for_byte(tmp_path: Path) -> None:
    session = requests.Session()
    mount_replay(session, RECORDED)
    attach_recorder(session, tmp_path)
    session.get(f"{API}/users/by/username/kommune_test")
    token = session.get(f"{API}/users/{KOMMUNE_ID}/tweets").json()["meta"]["next_token"]
    session.get(f"{API}/users/{KOMMUNE_ID}/tweets", params={"pagination_token": token})
    session.get("https://pbs.twimg.com/media/KtHavn01.jpg")
    session.get(f"{API}/users/by/username/nobody_here")  # a 404 is not recorded
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        "kommune_test/tweets-1.json",
        "kommune_test/tweets-2.json",
        "kommune_test/user.json",
        "pbs.twimg.com/media/KtHavn01.jpg",
    ]
    for name in written:
        assert (tmp_path / name).read_bytes() == (RECORDED / name).read_bytes()


def test_recording_a_new_first_page_drops_pages_of_an_older_recording(tmp_path: Path) -> None:
    shutil.copytree(RECORDED / "kommune_test", tmp_path / "kommune_test")
    stale = tmp_path / "kommune_test" / "tweets-3.json"
    stale.write_text(json.dumps({"meta": {"result_count": 0}}), encoding="utf-8")
    session = requests.Session()
    mount_replay(session, RECORDED)
    attach_recorder(session, tmp_path)
    session.get(f"{API}/users/{KOMMUNE_ID}/tweets")
    assert not stale.exists()
    assert (tmp_path / "kommune_test" / "tweets-1.json").is_file()


def test_a_replayed_session_never_opens_a_connection(session: requests.Session) -> None:
    # The autouse network guard fails this test if the adapter reached for a socket.
    assert session.get(f"{API}/users/by/username/kommune_test").ok
    assert FIRST_TOKEN in session.get(f"{API}/users/{KOMMUNE_ID}/tweets").text


class _Anything(requests.adapters.BaseAdapter):
    """Answers 200 to every URL, as a hostile or broken server might."""

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: object
    ) -> requests.Response:
        return make_response(request, 200, b"payload", {"Content-Type": "text/plain"})

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    "url",
    [
        "https://pbs.twimg.com/%2e%2e/%2e%2e/escaped.txt",
        "https://localhost/escaped.txt",
        "https://api.twitter.com/2/users/42/tweets",  # an id no recorded user.json names
    ],
)
def test_the_recorder_writes_nothing_it_could_not_replay(tmp_path: Path, url: str) -> None:
    folder = tmp_path / "recording"
    session = requests.Session()
    session.mount("https://", _Anything())
    attach_recorder(session, folder)
    assert session.get(url).ok
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
