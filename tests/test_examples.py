"""Every example runs under the test suite, and the demo prints what the README promises."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from threadkit import Status
from threadkit.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POST = "turning-down-a-job-offer"


def load(path: Path, name: str) -> ModuleType:
    """Import an example file as a module (examples are not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a command from the project root, as a reader would, and require success."""
    done = subprocess.run(
        [str(a) for a in args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


# -- the demo and examples/job_offer.py -----------------------------------------------------

EXAMPLE_THREAD = re.compile(
    r"3 Responses to “Turning Down a Job Offer”\n\n"
    r"1\. Todd Winnick — May 19, 2017\n.+?"
    r"\n2\. Daisuke — May 19, 2017\n.+?"
    r"\n    2\.1\. John Lynn — May 19, 2017\n",
    re.S,
)


def test_demo_runs_the_example_through_the_service(capsys: pytest.CaptureFixture[str]) -> None:
    """`threadkit demo` prints the numbered, nested thread, the held accusation and the pass."""
    assert cli_main(["demo", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Turning Down a Job Offer\nby John Lynn · May 2, 2017 · Career")
    assert EXAMPLE_THREAD.search(out)
    assert "approved by the blog owner" in out
    assert "Leave a Reply" in out
    hostile, _, seeker = out.partition("The job seeker reports what he was called:")
    assert "Verdict: hold" in hostile
    assert "You are [dishonest] and [highly deceptive]" in hostile
    assert "accusation (toxicity, +6) at 8-17 “dishonest”" in hostile
    assert "“highly deceptive”" in hostile
    assert "The moderation queue now holds 1 comment(s)" in hostile
    assert "Toxicity rules: passed" in seeker
    assert "[dishonest]" not in seeker


def test_demo_colours_the_spans_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    """With --color always the flagged words are bold red instead of bracketed."""
    assert cli_main(["demo", "--color", "always", "--order", "newest", "--width", "60"]) == 0
    out = capsys.readouterr().out
    assert "You are \x1b[1;31mdishonest\x1b[0m and" in out
    assert "\x1b[1;31mhighly deceptive\x1b[0m," in out
    assert "[dishonest]" not in out
    assert out.index("1. Daisuke") < out.index("2. Todd Winnick")


def test_demo_command_from_the_readme() -> None:
    """`python -m threadkit demo` (the README's first command) works in a fresh process."""
    out = run(sys.executable, "-m", "threadkit", "demo").stdout
    assert EXAMPLE_THREAD.search(out)
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_job_offer_example() -> None:
    """examples/job_offer.py prints the thread from SQLite and the moderation outcome."""
    out = run(sys.executable, EXAMPLES / "job_offer.py").stdout
    assert EXAMPLE_THREAD.search(out)
    assert "Approving Daisuke's first comment." in out
    assert "'dishonest' at 8-17" in out
    assert "No toxicity finding for the job seeker's report" in out


# -- examples/custom_store.py ---------------------------------------------------------------

custom_store = load(EXAMPLES / "custom_store.py", "custom_store_example")


class TestCustomStoreConformance(custom_store.TestBlogCommentsStore):  # type: ignore[misc,name-defined]
    """The conformance kit against the blog's own table, as `pytest examples/custom_store.py`."""

    # The bundled adapters get the long agreement runs; an example needs a shorter one.
    stateful_settings = settings(
        max_examples=12,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def test_custom_store_script() -> None:
    """Run as a script, the adapter takes comments through the service into `blog_comments`."""
    out = run(sys.executable, EXAMPLES / "custom_store.py").stdout
    assert "1.1. John Lynn" in out
    assert (
        "comment_ID=2 | comment_parent=1 | comment_author='John Lynn' | comment_approved='1'" in out
    )


def test_custom_store_under_pytest() -> None:
    """`pytest examples/custom_store.py` collects and runs the kit (one test here, for time)."""
    out = run(
        sys.executable, "-m", "pytest", EXAMPLES / "custom_store.py", "-q", "-p",
        "no:cacheprovider", "-k", "protocol_is_implemented or reply_records_parent",
    ).stdout  # fmt: skip
    assert "2 passed" in out


# -- examples/flask_blog ----------------------------------------------------------------------


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The Flask example on a fresh SQLite file, with Flask's test client."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    from flask_blog import create_app  # type: ignore[import-not-found]

    from threadkit.moderation import RuleSet

    # Every request here comes from one address, so the flood rule would see one fast poster.
    app = create_app(tmp_path / "blog.sqlite3", rules=RuleSet.default().disable("flood"))
    app.config.update(TESTING=True)
    return app


def token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def comment_ids(html: str) -> list[str]:
    return re.findall(r'<article id="comment-([^"]+)"', html)


def test_flask_post_page_shows_the_example_thread(blog: Any) -> None:
    """The post page lists the three responses, numbered, nested, with author and date."""
    client = blog.test_client()
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "3 Responses to “Turning Down a Job Offer”" in page
    assert page.count('class="comment depth-0') == 2
    assert page.count('class="comment depth-1') == 1
    assert re.search(r"2\.1\.</span>\s*<cite class=\"author\">John Lynn</cite>", page)
    assert page.count("May 19, 2017") == 3
    assert page.count("<summary>Reply</summary>") == 3
    assert "Leave a Reply" in page
    assert client.get("/posts/no-such-post").status_code == 404


def test_flask_comment_reply_moderation_flow(blog: Any) -> None:
    """A held comment is seen by its author, moderated with reasons, then shown to all."""
    client = blog.test_client()
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    form = {"csrf_token": token(page), "name": "Maya", "email": "maya@example.org"}
    sent = client.post(f"/posts/{POST}/comments", data={**form, "body": "Counteroffers work."})
    assert sent.status_code == 303
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    assert "Your comment is awaiting moderation." in page
    mine = comment_ids(page)[-1]
    client.post(f"/posts/{POST}/comments", data={**form, "parent_id": mine, "body": "And why."})
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    assert re.search(r"3\.1\.</span>\s*<cite class=\"author\">Maya</cite>", page)
    stranger = blog.test_client().get(f"/posts/{POST}").get_data(as_text=True)
    assert "Maya" not in stranger

    queue = client.get("/moderate").get_data(as_text=True)
    assert queue.count('class="queued"') == 2
    assert "First comment from this author" in queue
    for held in re.findall(r'data-comment-id="([^"]+)"', queue):
        done = client.post(
            f"/moderate/{held}", data={"csrf_token": token(queue), "action": "approve"}
        )
        assert done.status_code == 303
    stranger = blog.test_client().get(f"/posts/{POST}").get_data(as_text=True)
    assert "5 Responses" in stranger

    client.post(
        f"/posts/{POST}/comments", data={**form, "body": "You are dishonest and highly deceptive"}
    )
    queue = client.get("/moderate").get_data(as_text=True)
    assert '<mark title="The comment accuses' in queue
    assert ">dishonest</mark> and <mark" in queue
    held = re.findall(r'data-comment-id="([^"]+)"', queue)
    assert len(held) == 1
    client.post(f"/moderate/{held[0]}", data={"csrf_token": token(queue), "action": "spam"})
    late = {"csrf_token": token(queue), "action": "approve"}
    again = client.post(f"/moderate/{held[0]}", data=late, follow_redirects=True)
    assert "Someone got there first: the comment is spam now." in again.get_data(as_text=True)
    service = blog.extensions["threadkit"]
    assert service.store.get(held[0]).status is Status.SPAM
    assert blog.extensions["threadkit.outbox"] == []  # Maya replied to herself: no mail


def test_flask_renders_sanitised_html_only(blog: Any) -> None:
    """Markup in a comment is shown as text in the page, never as live HTML."""
    client = blog.test_client()
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    body = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    data = {
        "csrf_token": token(page),
        "name": "<b>Mallory</b>",
        "email": "m@example.org",
        "body": body,
    }
    client.post(f"/posts/{POST}/comments", data=data)
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in page


def test_flask_bad_input_is_refused(blog: Any) -> None:
    """No token, an empty body or a parent on another post: 400, and nothing is stored."""
    client = blog.test_client()
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    base = {"name": "Bo", "email": "bo@example.org"}
    assert client.post(f"/posts/{POST}/comments", data={**base, "body": "hi"}).status_code == 400
    data = {**base, "csrf_token": token(page), "body": "   "}
    refused = client.post(f"/posts/{POST}/comments", data=data)
    assert refused.status_code == 400
    assert "body: is empty" in refused.get_data(as_text=True)
    data = {**base, "csrf_token": token(page), "body": "hello", "parent_id": "no-such-comment"}
    assert client.post(f"/posts/{POST}/comments", data=data).status_code == 400
    service = blog.extensions["threadkit"]
    assert service.queue().items == ()
    assert service.thread(POST).total == 3


def test_flask_app_reads_its_database_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a path, create_app uses THREADKIT_BLOG_DB and seeds the example once."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    from flask_blog import create_app

    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("THREADKIT_BLOG_DB", str(path))
    first = create_app()
    assert first.config["THREADKIT_DB"] == str(path)
    second = create_app()  # same file: the example is not seeded twice
    assert second.extensions["threadkit"].thread(POST).total == 3
    assert path.exists()


def test_flask_broken_links_and_unknown_comments(blog: Any) -> None:
    """A garbage cursor is a 400 and moderating a comment that does not exist a 404."""
    client = blog.test_client()
    assert client.get(f"/posts/{POST}?cursor=garbage!").status_code == 400
    assert client.get("/moderate?cursor=garbage!").status_code == 400
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    data = {"csrf_token": token(page), "action": "approve"}
    assert client.post("/moderate/no-such-comment", data=data).status_code == 404
    assert client.post("/moderate/x", data={**data, "action": "nuke"}).status_code == 400


def test_flask_failed_reply_keeps_its_parent(blog: Any) -> None:
    """When a reply is refused, the form shown again still answers the same comment."""
    client = blog.test_client()
    page = client.get(f"/posts/{POST}").get_data(as_text=True)
    parent = comment_ids(page)[0]
    data = {"csrf_token": token(page), "name": "Bo", "body": " ", "parent_id": parent}
    refused = client.post(f"/posts/{POST}/comments", data=data).get_data(as_text=True)
    respond = refused[refused.index('id="respond"') :]
    assert f'name="parent_id" value="{parent}"' in respond
