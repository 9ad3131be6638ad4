"""`widget preview`: what the server answers, the reload events, and a real rebuild loop."""

from __future__ import annotations

import http.client
import io
import shutil
import time
from pathlib import Path

import jinja2
import pytest

from tests.conftest import EXAMPLES
from widget.preview import Preview, describe_failure, serving
from widget.preview_server import (
    EVENTS_PATH,
    LIVERELOAD_PATH,
    LIVERELOAD_TAG,
    Broadcaster,
    PreviewHandler,
    PreviewState,
    Site,
    format_event,
    respond,
)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A small invented build output, served at /widget/."""
    output = tmp_path / "public" / "widget"
    (output / "media").mkdir(parents=True)
    (output / "index.html").write_bytes(
        b"<!DOCTYPE html>\n<html><head><title>Alle feeds</title></head>\n"
        b"<BODY><h1>Alle feeds</h1></BODY></html>\n"
    )
    (output / "nyheder.html").write_bytes(b'<section class="wdg">Nyt</section>\n')
    (output / "default.0123456789.css").write_bytes(b".wdg{color:#222}\n")
    (output / "widget.js").write_bytes(b"/* widget */\n")
    (output / "nyheder.json").write_bytes(b"{}\n")
    (output / "nyheder.xml").write_bytes(b"<feed/>\n")
    (output / "media" / "abc.webp").write_bytes(b"RIFF0000WEBP")
    (tmp_path / "widget.toml").write_text("# secret-ish project file\n", encoding="utf-8")
    return Site.at(output, "/widget/")


def header(response_headers: tuple[tuple[str, str], ...], name: str) -> str:
    return dict(response_headers)[name]


def test_the_root_serves_the_built_index_with_the_reload_script_before_body_end(
    site: Site,
) -> None:
    response = respond(site, "/")

    assert response.status == 200
    assert response.body.endswith(LIVERELOAD_TAG + b"</BODY></html>\n")
    assert header(response.headers, "Content-Type") == "text/html; charset=utf-8"
    assert header(response.headers, "Content-Length") == str(len(response.body))
    assert LIVERELOAD_TAG not in (site.output / "index.html").read_bytes()


def test_a_fragment_without_a_body_gets_the_script_at_its_end(site: Site) -> None:
    response = respond(site, "/widget/nyheder.html?v=2")

    assert response.body == b'<section class="wdg">Nyt</section>\n' + LIVERELOAD_TAG


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget/default.0123456789.css", "text/css; charset=utf-8"),
        ("/widget/widget.js", "text/javascript; charset=utf-8"),
        ("/widget/nyheder.json", "application/json"),
        ("/widget/nyheder.xml", "application/atom+xml"),
        ("/widget/media/abc.webp", "image/webp"),
        ("/widget/", "text/html; charset=utf-8"),
    ],
)
def test_built_files_are_served_under_the_base_url_with_their_content_type(
    site: Site, path: str, content_type: str
) -> None:
    response = respond(site, path)

    assert response.status == 200
    assert header(response.headers, "Content-Type") == content_type


def test_non_html_files_are_served_byte_for_byte(site: Site) -> None:
    assert respond(site, "/widget/widget.js").body == b"/* widget */\n"


def test_the_base_url_without_its_slash_redirects(site: Site) -> None:
    response = respond(site, "/widget")

    assert (response.status, header(response.headers, "Location")) == (301, "/widget/")


@pytest.mark.parametrize(
    "path",
    [
        "/widget/../widget.toml",
        "/widget/../../widget.toml",
        "/widget/%2e%2e/widget.toml",
        "/widget/%2E%2E%2F%2E%2E%2Fwidget.toml",
        "/widget/..%5c..%5cwidget.toml",
        "/../widget.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/widget//etc/passwd",
        "/widget/%2Fetc%2Fpasswd",
        "/widget/nyheder.html%00.css",
        "http://127.0.0.1/etc/passwd",
    ],
)
def test_nothing_outside_the_output_folder_is_served(site: Site, path: str) -> None:
    response = respond(site, path)

    assert response.status == 404
    assert b"secret-ish" not in response.body


def test_a_symlink_out_of_the_output_is_not_followed(site: Site) -> None:
    (site.output / "escape.html").symlink_to(site.output.parent.parent / "widget.toml")

    assert respond(site, "/widget/escape.html").status == 404


def test_a_folder_is_never_listed(site: Site) -> None:
    response = respond(site, "/widget/media/")

    assert response.status == 404
    assert b"abc.webp" not in response.body


def test_the_reload_script_is_served_and_shows_errors_in_an_alert(site: Site) -> None:
    response = respond(site, LIVERELOAD_PATH)

    assert response.status == 200
    assert header(response.headers, "Content-Type").startswith("text/javascript")
    script = response.body.decode("utf-8")
    assert EVENTS_PATH in script
    assert '"role", "alert"' in script
    assert "textContent" in script and "innerHTML" not in script


def test_base_urls_with_a_host_are_served_at_their_path() -> None:
    assert Site.at(Path("out"), "https://kommune.example/widget/").base_path == "/widget/"


# --- events --------------------------------------------------------------------------------


def test_an_event_puts_each_line_in_its_own_data_field() -> None:
    event = format_event("error", ["widget.toml: feeds.nyheder.limit: bad", "second\nthird"])

    assert event == (
        b"event: error\ndata: widget.toml: feeds.nyheder.limit: bad\ndata: second\ndata: third\n\n"
    )


def test_a_page_opened_after_a_failed_rebuild_still_gets_the_error_until_a_reload() -> None:
    events = Broadcaster()
    events.error(["the build failed"])

    late = events.subscribe()
    events.reload()
    later = events.subscribe()

    assert late.get_nowait() == format_event("error", ["the build failed"])
    assert late.get_nowait() == format_event("reload", ["reload"])
    assert later.empty()


def test_closing_the_broadcaster_ends_every_stream() -> None:
    events = Broadcaster()
    stream = events.subscribe()

    events.close()

    assert stream.get_nowait() is None
    assert events.subscribe().get_nowait() is None


# --- the handler, with a fake connection and no port ---------------------------------------


class FakeConnection:
    """Just enough of a socket for BaseHTTPRequestHandler (the MkDocs way)."""

    def __init__(self, request: bytes) -> None:
        self.incoming = io.BytesIO(request)
        self.sent = bytearray()

    def makefile(self, mode: str, buffering: int = -1) -> io.BytesIO:
        return self.incoming

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def settimeout(self, seconds: float | None) -> None:
        pass


class FakeServer:
    def __init__(self, state: PreviewState) -> None:
        self.state = state
        self.server_address = ("127.0.0.1", 8000)


def handle(state: PreviewState, request: bytes) -> bytes:
    connection = FakeConnection(request)
    PreviewHandler(connection, ("127.0.0.1", 50000), FakeServer(state))  # type: ignore[arg-type]
    return bytes(connection.sent)


def test_the_handler_answers_a_get_with_status_headers_and_body(site: Site) -> None:
    answer = handle(
        PreviewState(site), b"GET /widget/widget.js HTTP/1.0\r\nHost: localhost:8000\r\n\r\n"
    )

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200 OK\r\n")
    assert b"Cache-Control: no-store" in head
    assert body == b"/* widget */\n"


def test_the_handler_answers_head_without_a_body(site: Site) -> None:
    answer = handle(
        PreviewState(site), b"HEAD /widget/widget.js HTTP/1.0\r\nHost: localhost:8000\r\n\r\n"
    )

    assert answer.endswith(b"\r\n\r\n")
    assert b"Content-Length: 13" in answer


def test_the_event_stream_sends_the_pending_error_and_ends_when_closed(site: Site) -> None:
    state = PreviewState(site)
    state.events.error(["widget.toml: feeds.nyheder: unknown key 'limt'"])
    state.events.close()

    answer = handle(state, f"GET {EVENTS_PATH} HTTP/1.0\r\nHost: 127.0.0.1:8000\r\n\r\n".encode())

    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"Content-Type: text/event-stream" in head
    assert body == b"retry: 1000\n\n" + format_event(
        "error", ["widget.toml: feeds.nyheder: unknown key 'limt'"]
    )


# --- rebuilds --------------------------------------------------------------------------------


def copy_borger(tmp_path: Path) -> Path:
    folder = tmp_path / "borger-dk"
    shutil.copytree(
        EXAMPLES / "borger-dk", folder, ignore=shutil.ignore_patterns("public", ".widget")
    )
    config = folder / "widget.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[x]\n", 'templates = "templates"\n\n[x]\n', 1), "utf-8")
    (folder / "templates").mkdir()
    return folder


def test_describe_failure_gives_a_template_error_its_file_and_line() -> None:
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        jinja2.Environment().from_string("{% if %}")
    caught.value.filename = "templates/widget.html"

    lines = describe_failure(caught.value)

    assert lines == [
        "templates/widget.html: line 1: Expected an expression, got 'end of statement block'"
    ]


def test_a_failed_rebuild_keeps_the_previous_output_and_sends_the_error(tmp_path: Path) -> None:
    folder = copy_borger(tmp_path)
    log = io.StringIO()
    preview = Preview(folder / "widget.toml", log=log)
    assert preview.rebuild()
    page = (folder / "public/widget/borger.html").read_bytes()
    stream = preview.events.subscribe()
    (folder / "templates" / "widget.html").write_text("{% if %}", encoding="utf-8")

    assert not preview.rebuild()

    event = stream.get_nowait()
    assert event is not None and event.startswith(b"event: error\ndata: ")
    assert b"widget.html: line 1: Expected an expression" in event
    assert (folder / "public/widget/borger.html").read_bytes() == page
    assert "Error: " in log.getvalue()
    assert respond(preview.state.site, "/widget/borger.html").status == 200


def read_event(response: http.client.HTTPResponse, wanted: str, seconds: float = 10.0) -> str:
    """Reads the stream until an event named ``wanted`` arrives; returns its data."""
    deadline = time.monotonic() + seconds
    name, data = "", []
    while time.monotonic() < deadline:
        line = response.fp.readline().decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            data.append(line[len("data: ") :])
        elif line == "":
            if name == wanted:
                return "\n".join(data)
            name, data = "", []
    raise AssertionError(f"no {wanted!r} event within {seconds} s")


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_real_server_reloads_after_an_edit_and_reports_a_broken_config(
    tmp_path: Path,
) -> None:
    folder = copy_borger(tmp_path)
    base = (Path(__file__).resolve().parents[1] / "themes/base/templates/widget.html").read_text(
        encoding="utf-8"
    )
    template = folder / "templates" / "widget.html"
    template.write_text(base, encoding="utf-8")
    preview = Preview(folder / "widget.toml", log=io.StringIO())
    assert preview.rebuild()

    with serving(preview, "127.0.0.1", 0) as server:
        port = server.server_address[1]
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            events.request("GET", EVENTS_PATH)
            stream = events.getresponse()
            assert stream.status == 200
            assert stream.fp.readline() == b"retry: 1000\n"

            template.write_text(
                base.replace("</section>", '<p class="wdg__note">Redigeret</p>\n</section>'),
                encoding="utf-8",
            )
            read_event(stream, "reload")
            status, body = get(port, "/widget/borger.html")
            assert status == 200
            assert b"Redigeret" in body

            config = folder / "widget.toml"
            config.write_text(
                config.read_text("utf-8").replace("limit = 10", 'limit = "ti"'), "utf-8"
            )
            message = read_event(stream, "error")
            assert "feeds.borger.limit: 'ti' must be a whole number" in message
            status, body = get(port, "/")
            assert status == 200
            assert b"Redigeret" in body and LIVERELOAD_TAG in body
        finally:
            events.close()
