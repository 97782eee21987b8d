"""The Flask example blog in headless Chromium: threads, moderation and hostile markup."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _browser import launch_chromium
from threadkit import Status

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POST = "/posts/turning-down-a-job-offer"
#: Where the lead looks at the screenshots after a run (copies of those under tmp_path).
SHARED_SHOTS = Path("/tmp/threadkit-screenshots")
HOSTILE = "You are dishonest and highly deceptive"
PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=\"alert('img')\">",
    "\"><svg onload=alert('svg')>",
    "<a href=\"javascript:alert('link')\">click me</a>",
    "<iframe src=\"javascript:alert('frame')\"></iframe>",
    "<style>body{display:none}</style>",
)

# Imported lazily in fixtures so that collecting this module never needs Flask or Playwright.


class Blog:
    """The example app served on 127.0.0.1 from a thread, and the data behind it."""

    def __init__(self, url: str, app: Any) -> None:
        self.url = url
        self.app = app

    @property
    def service(self) -> Any:
        return self.app.extensions["threadkit"]


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Blog]:
    """The Flask example on a fresh SQLite file, served by werkzeug on a free port."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    from flask_blog import create_app  # type: ignore[import-not-found]
    from werkzeug.serving import make_server

    from threadkit.moderation import RuleSet

    # Every browser here shares one address, so the flood rule would see one fast poster.
    app = create_app(tmp_path / "blog.sqlite3", rules=RuleSet.default().disable("flood"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Blog(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=10)


class Browser:
    """One headless Chromium; ``new_page(fresh=True)`` drops cookies to act as someone new."""

    def __init__(self, context: Any) -> None:
        self.context = context

    def new_page(self, *, fresh: bool = False) -> Any:
        """A new tab; with ``fresh`` every cookie (the session) is gone first."""
        if fresh:
            self.context.clear_cookies()
        return self.context.new_page()


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Headless Chromium (Debian's, launched by tests/_browser.py)."""
    with launch_chromium() as context:
        yield Browser(context)


class Watch:
    """Everything a page did that a harmless comment never causes."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_quiet(self) -> None:
        assert self.dialogs == []
        assert self.errors == []
        assert [c for c in self.console if c.startswith(("error", "warning"))] == []


def shoot(page: Any, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot under tmp_path, copied to the shared folder for the lead."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    SHARED_SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHARED_SHOTS / name)
    assert path.stat().st_size > 10_000  # a real rendering, not a blank page
    return path


def post_comment(page: Any, form: Any, *, body: str, name: str = "Maya") -> None:
    """Fill one comment form as a reader would and submit it."""
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(f"{name.lower().strip('<>/b')}@example.org")
    form.locator("textarea[name=body]").fill(body)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def moderate(page: Any, blog: Blog, body: str, action: str) -> None:
    """On the moderator page, press ``action`` on the queued comment whose text is ``body``."""
    page.goto(f"{blog.url}/moderate")
    item = page.locator("li.queued", has=page.locator("blockquote", has_text=body))
    with page.expect_navigation():
        item.locator(f"button[value={action}]").click()


def test_reader_thread_and_moderation(browser: Browser, blog: Blog, tmp_path: Path) -> None:
    """A reader's comment and reply nest; a hostile comment is held, explained, approved."""
    reader = browser.new_page()
    watch = Watch(reader)
    reader.goto(blog.url + POST)
    assert reader.locator("#comments h2").inner_text() == (
        "3 Responses to “Turning Down a Job Offer”"
    )

    post_comment(reader, reader.locator("#respond form"), body="Counteroffers can be right.")
    assert "awaiting moderation" in reader.locator(".notice").inner_text()
    mine = reader.locator("article", has_text="Counteroffers can be right.")
    root_id = mine.get_attribute("data-comment-id")
    mine.locator("summary", has_text="Reply").click()
    post_comment(reader, mine.locator("form"), body="Here is why: the family comes first.")
    nested = reader.locator(f"li:has(> article#comment-{root_id}) > ol.children > li article")
    assert nested.count() == 1
    assert "the family comes first" in nested.inner_text()
    assert reader.locator(f"li:has(> article#comment-{root_id})").get_attribute("class") == (
        "comment depth-0"
    )
    stranger = browser.new_page(fresh=True)  # another reader does not see held comments
    stranger_watch = Watch(stranger)
    stranger.goto(blog.url + POST)
    assert stranger.locator("article", has_text="Counteroffers can be right.").count() == 0
    assert stranger.locator("#comments h2").inner_text().startswith("3 Responses")

    moderator = browser.new_page()
    moderator_watch = Watch(moderator)
    for body in ("Counteroffers can be right.", "the family comes first"):
        moderate(moderator, blog, body, "approve")
    assert blog.service.store.known_author(
        blog.service.store.get(root_id).author
    )  # approved once: known from now on

    reader.goto(blog.url + POST)  # the session changed with the cookies: a fresh form token
    post_comment(reader, reader.locator("#respond form"), body=HOSTILE)
    assert (
        "accuses the person being addressed of dishonesty" in reader.locator(".notice").inner_text()
    )

    moderator.goto(f"{blog.url}/moderate")
    held = moderator.locator("li.queued")
    assert held.count() == 1
    marks = held.locator("blockquote mark")
    assert marks.all_inner_texts() == ["dishonest", "highly deceptive"]
    assert (
        "accuses the person being addressed of dishonesty"
        in held.locator("td.reason").nth(1).inner_text()
    )
    shoot(moderator, tmp_path, "flask-moderator-queue.png")
    moderate(moderator, blog, HOSTILE, "approve")
    assert moderator.locator("p.empty").is_visible()

    visitor = browser.new_page(fresh=True)  # a new reader: sees the approved comments
    visitor_watch = Watch(visitor)
    visitor.goto(blog.url + POST)
    assert visitor.locator("#comments h2").inner_text().startswith("6 Responses")
    assert visitor.locator("article", has_text=HOSTILE).count() == 1
    assert visitor.locator(".badge").count() == 0
    shoot(visitor, tmp_path, "flask-post.png")
    for seen in (watch, stranger_watch, moderator_watch, visitor_watch):
        seen.assert_quiet()


def test_script_payloads_show_as_text_and_run_nothing(
    browser: Browser, blog: Blog, tmp_path: Path
) -> None:
    """Markup in a comment's body, name and website is shown as text and never runs."""
    reader = browser.new_page()
    watch = Watch(reader)
    reader.goto(blog.url + POST)
    form = reader.locator("#respond form")
    form.locator("input[name=url]").fill("javascript:alert('website')")
    form.locator("input[name=url]").evaluate("el => el.type = 'text'")  # past the browser's check
    post_comment(reader, form, body="\n\n".join(PAYLOADS), name="<b>Mallory</b>")
    shown = reader.locator("article", has_text="alert('script')")
    assert shown.count() == 1
    text = shown.locator(".comment-body").inner_text()
    for payload in PAYLOADS:
        assert payload in text
    assert shown.locator("cite").inner_text() == "<b>Mallory</b>"
    assert shown.locator("cite a").count() == 0  # a javascript: website is never linked
    for tag in ("script", "img", "svg", "iframe", "style", "a[href^=javascript]"):
        assert reader.locator(f".comment-body {tag}").count() == 0
    assert reader.locator("body").is_visible()

    moderator = browser.new_page()
    moderator_watch = Watch(moderator)
    moderator.goto(f"{blog.url}/moderate")
    queued = moderator.locator("li.queued blockquote").inner_text()
    for payload in PAYLOADS:
        assert payload in queued
    moderate(moderator, blog, "alert('script')", "approve")
    comment_id = shown.get_attribute("data-comment-id")
    assert blog.service.store.get(comment_id).status is Status.APPROVED

    visitor = browser.new_page(fresh=True)
    visitor_watch = Watch(visitor)
    visitor.goto(blog.url + POST)
    visitor.locator("article", has_text="alert('img')").scroll_into_view_if_needed()
    visitor.wait_for_timeout(300)  # give any injected handler a chance to fire
    assert visitor.locator(".badge").count() == 0  # shown to everyone now, not as pending
    shoot(visitor, tmp_path, "flask-post-payloads.png")
    for seen in (watch, visitor_watch, moderator_watch):
        seen.assert_quiet()
