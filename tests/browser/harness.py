"""Reusable checks of a page in a real browser, each returning what it found.

Every check returns a list of readable findings (empty means pass), so a test
can ``assert check(page) == []`` and a failure message names the elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Page

ColorScheme = Literal["light", "dark", "no-preference"]
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


def _axe_source() -> Path:
    """axe-core as shipped inside the installed axe-playwright-python package."""
    spec = find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError("axe-playwright-python is not installed: pip install -e '.[test]'")
    return Path(spec.origin).with_name("axe.min.js")


AXE_SOURCE = _axe_source()
NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}

# Runs before any page script, and despite the page's CSP, so every violation is seen.
_CSP_LISTENER = """
window.__widgetCsp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__widgetCsp.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
}, true);
"""

# A short CSS-selector-like name for an element, shared by the checks below.
_DESCRIBE = """
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    for (const cls of el.classList) name += "." + cls;
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return text ? `${name} "${text}"` : name;
  };
  const ring = (el) => {
    const style = getComputedStyle(el);
    return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}|${style.boxShadow}`;
  };
  const FOCUSABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, '
    + 'summary, iframe, [contenteditable=""], [contenteditable="true"], '
    + '[tabindex]:not([tabindex="-1"])';
"""


def _check(body: str) -> str:
    """A page function of one argument, with ``describe``, ``ring`` and ``FOCUSABLE`` in scope."""
    return "(arg) => {\n" + _DESCRIBE + body + "\n}"


_TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@dataclass
class PageReport:
    """What a page did while loading: requests, CSP violations, dialogs, errors, storage.

    The lists keep growing while ``page`` stays open, except ``csp_violations``
    and the storage, which are read once when loading has settled.
    """

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    console_csp: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    cookies: list[dict[str, Any]] = field(default_factory=list)
    local_storage: dict[str, str] = field(default_factory=dict)
    session_storage: dict[str, str] = field(default_factory=dict)

    @property
    def all_csp_problems(self) -> list[str]:
        return self.csp_violations + self.console_csp


def open_page(
    context: BrowserContext,
    url: str,
    *,
    color_scheme: ColorScheme = "light",
    width: int = 1280,
    javascript: bool = True,
) -> PageReport:
    """Loads ``url`` in a new page, scrolls through it so lazy images load, and reports."""
    page = context.new_page()
    report = PageReport(page=page, url=url)
    page.on("request", lambda request: report.requests.append(request.url))
    page.on("console", lambda message: _note_console(report, message))
    page.on("dialog", lambda dialog: _dismiss(report, dialog))
    page.on("pageerror", lambda error: report.page_errors.append(str(error)))
    page.add_init_script(_CSP_LISTENER)
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=color_scheme)
    if not javascript:
        # Per page rather than per context, so one context can compare both. Page
        # functions still run (over CDP), but the page's own scripts do not.
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
    page.goto(url, wait_until="load")
    _scroll_through(page)
    page.wait_for_load_state("networkidle")
    report.csp_violations = page.evaluate("() => window.__widgetCsp || []")
    report.cookies = [dict(cookie) for cookie in context.cookies()]
    report.local_storage = page.evaluate("() => ({...localStorage})")
    report.session_storage = page.evaluate("() => ({...sessionStorage})")
    return report


def _note_console(report: PageReport, message: ConsoleMessage) -> None:
    if "Content Security Policy" in message.text:
        report.console_csp.append(message.text)


def _dismiss(report: PageReport, dialog: Dialog) -> None:
    report.dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


def _scroll_through(page: Page) -> None:
    # Paced from here, not by requestAnimationFrame, which never fires with JavaScript off.
    height = int(page.evaluate("() => document.documentElement.scrollHeight"))
    for y in range(0, height, 600):
        page.evaluate("(y) => window.scrollTo(0, y)", y)
        page.wait_for_timeout(30)
    page.evaluate("() => window.scrollTo(0, 0)")


def offsite_requests(report: PageReport, origin: str) -> list[str]:
    """Requests (and CSP-blocked attempts) to any origin other than ``origin``."""
    own = _origin(origin)
    attempted = report.requests + [
        problem.split(" blocked ", 1)[1].split(" at ", 1)[0]
        for problem in report.csp_violations
        if " blocked " in problem
    ]
    found: list[str] = []
    for url in attempted:
        scheme = urlsplit(url).scheme
        if scheme in NETWORK_SCHEMES and _origin(url) != own and url not in found:
            found.append(url)
    return found


def _origin(url: str) -> str:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(parts.scheme)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or default}"


def axe_violations(page: Page, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict[str, Any]]:
    """Runs axe-core with the given WCAG tags; evaluated over CDP, so the page's CSP allows it."""
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]


def horizontal_overflow(page: Page) -> list[str]:
    """Elements that reach past the viewport's right edge, and sideways scrolling itself."""
    return list(
        page.evaluate(
            _check(
                """
              const root = document.documentElement;
              const found = [];
              if (root.scrollWidth > root.clientWidth) {
                found.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
              }
              for (const el of document.body.querySelectorAll("*")) {
                const box = el.getBoundingClientRect();
                if (box.width > 0 && box.right > root.clientWidth + 0.5) {
                  found.push(`${describe(el)} ends at ${Math.round(box.right)}px`);
                }
              }
              return found;"""
            )
        )
    )


def apply_text_spacing(page: Page) -> None:
    """WCAG 1.4.12 spacing, through a constructed style sheet: CSSOM, so the CSP allows it."""
    page.evaluate(
        """(css) => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }""",
        _TEXT_SPACING,
    )


def clipped_text(page: Page) -> list[str]:
    """Text cut off by a box that hides its overflow (visually hidden 1px text excepted)."""
    return list(
        page.evaluate(
            _check(
                """
              const hides = (value) => value === "hidden" || value === "clip";
              const found = [];
              for (const el of document.body.querySelectorAll("*")) {
                if (!(el.textContent || "").trim()) continue;
                const style = getComputedStyle(el);
                if (!hides(style.overflowX) && !hides(style.overflowY)) continue;
                if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
                const tall = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
                const wide = hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
                if (tall || wide) {
                  found.push(`${describe(el)} shows ${el.clientWidth}x${el.clientHeight}`
                    + ` of ${el.scrollWidth}x${el.scrollHeight}`);
                }
              }
              return found;"""
            )
        )
    )


def small_targets(page: Page, minimum: int = 24) -> list[str]:
    """Focusable, visible, non-inline elements smaller than ``minimum`` CSS px (WCAG 2.5.8)."""
    return list(
        page.evaluate(
            _check(
                """
              const minimum = arg;
              const found = [];
              for (const el of document.querySelectorAll(FOCUSABLE)) {
                const style = getComputedStyle(el);
                if (style.display === "inline" || style.visibility === "hidden") continue;
                const box = el.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;
                if (box.width < minimum || box.height < minimum) {
                  const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
                  found.push(`${describe(el)} is ${size}`);
                }
              }
              return found;"""
            ),
            minimum,
        )
    )


def tab_through(page: Page, limit: int = 400) -> list[dict[str, Any]]:
    """Presses Tab until focus leaves the page or comes back round; notes each stop.

    Stops are told apart by position, not description: a feed repeats the same
    author link on every post. Each stop carries ``index`` (its place among the
    page's focusable elements) and whether focus is visible: the outline or
    box-shadow differs from the same element's unfocused style, measured before
    any key was pressed.
    """
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate(
        _check(
            """
        window.__widgetFocusBase = Array.from(document.querySelectorAll(FOCUSABLE), ring);
        window.__widgetDescribe = describe;
        window.__widgetRing = ring;
        window.__widgetFocusable = FOCUSABLE;"""
        )
    )
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || el === document.body || el === document.documentElement) return null;
              const style = getComputedStyle(el);
              const index = Array.from(document.querySelectorAll(window.__widgetFocusable))
                .indexOf(el);
              const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
              const shadowed = style.boxShadow !== "none";
              return {
                index,
                element: window.__widgetDescribe(el),
                href: el.getAttribute("href"),
                outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
                box_shadow: style.boxShadow,
                visible_focus: (outlined || shadowed)
                  && window.__widgetRing(el) !== window.__widgetFocusBase[index],
              };
            }"""
        )
        if stop is None or (stops and stop["index"] == stops[0]["index"]):
            break
        stops.append(stop)
    return stops
