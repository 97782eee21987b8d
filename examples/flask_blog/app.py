"""A small Flask blog: one post, threaded comments, and a moderator page, all through threadkit.

    python examples/flask_blog/app.py            # http://127.0.0.1:5000/
    THREADKIT_BLOG_DB=/tmp/blog.sqlite3 flask --app examples/flask_blog/app.py run

Where the calls go: the comment form posts to ``add_comment``, which hands the form to
``CommentService.submit``; the post page asks ``CommentService.thread`` for a page of nested
comments; the moderator page pages through ``CommentService.queue`` and its buttons call
``approve`` / ``mark_spam`` / ``reject``. Comment bodies are shown only as the sanitiser's
HTML (``comment.html``), never as the raw text.

The moderator page has no login here: in a real blog, put it behind the admin's sign-in.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
from flask import Flask, abort, flash, redirect, render_template, request, session, url_for
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from threadkit import (
    Author,
    Comment,
    CommentNotFound,
    ContentTooLarge,
    Finding,
    InvalidComment,
    InvalidCursor,
    InvalidTransition,
    Status,
    ThreadError,
)
from threadkit._example import BLOG_TIME, EXAMPLE_POST, example_responses
from threadkit.moderation import RuleSet
from threadkit.sanitize import safe_url
from threadkit.service import CommentEvent, CommentService, Hooks
from threadkit.store import SQLiteStore
from threadkit.thread import Thread, format_date

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
#: The hidden form field bots fill in and people never see (its value goes to the rules).
HONEYPOT = "homepage"


def create_app(
    db_path: str | os.PathLike[str] | None = None, *, rules: RuleSet | None = None, **config: Any
) -> Flask:
    """The blog application on the SQLite file ``db_path``.

    Without a path it uses ``THREADKIT_BLOG_DB``, else ``blog.sqlite3`` in Flask's instance
    folder. ``rules`` replaces the default moderation rule set; other keyword arguments
    become Flask config (``SECRET_KEY``, ``TESTING``...).
    """
    app = Flask(
        __name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static")
    )
    app.config.update(SECRET_KEY=os.environ.get("THREADKIT_BLOG_SECRET") or secrets.token_hex(16))
    app.config.update(config)
    if db_path is None:
        db_path = os.environ.get("THREADKIT_BLOG_DB") or Path(app.instance_path) / "blog.sqlite3"
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    app.config["THREADKIT_DB"] = os.fspath(db_path)

    outbox: list[str] = []  # notification mails a real blog would send from the reply hook

    def mail_parent_author(event: CommentEvent) -> None:
        parent = event.parent
        if parent is not None and parent.author.email and parent.author != event.comment.author:
            outbox.append(f"To {parent.author.email}: {event.comment.author.name} replied to you")

    store = SQLiteStore(app.config["THREADKIT_DB"])
    service = CommentService(store, rules, hooks=Hooks(reply=mail_parent_author))
    app.extensions["threadkit"] = service
    app.extensions["threadkit.outbox"] = outbox
    seed_example(service)
    app.jinja_env.filters["blogdate"] = blog_date
    app.jinja_env.globals.update(highlight=highlight, safe_url=safe_url, csrf_token=csrf_token)

    @app.before_request
    def check_csrf() -> None:
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not sent or not secrets.compare_digest(sent, session.get("csrf_token", "")):
                abort(400, "The form expired; reload the page and try again.")

    @app.get("/")
    def index() -> Response:
        return redirect(url_for("show_post", slug=EXAMPLE_POST.id))

    @app.get("/posts/<slug>")
    def show_post(slug: str) -> str:
        return render_post(service, slug)

    @app.post("/posts/<slug>/comments")
    def add_comment(slug: str) -> Response | tuple[str, int]:
        if slug != EXAMPLE_POST.id:
            abort(404)
        form = request.form
        author = Author(
            name=form.get("name", "").strip() or "Anonymous",
            email=form.get("email", "").strip() or None,
            url=form.get("url", "").strip() or None,
            ip=request.remote_addr,
        )
        try:
            result = service.submit(
                post_id=slug,
                parent_id=form.get("parent_id") or None,
                author=author,
                body=form.get("body", ""),
                user_agent=request.user_agent.string,
                honeypot=form.get(HONEYPOT, ""),
            )
        except (InvalidComment, ThreadError, ContentTooLarge) as exc:
            return render_post(service, slug, error=str(exc), form=form), 400
        session["commenter"] = {"name": author.name, "email": author.email}
        comment = result.comment
        if comment.status is Status.APPROVED:
            flash("Thanks, your comment is published.")
        elif comment.status is Status.PENDING:
            reasons = " ".join(f.reason for f in result.verdict.findings if f.score > 0)
            flash(f"Your comment is awaiting moderation. {reasons}".strip())
        else:
            flash("Your comment was not published.")
            return redirect(url_for("show_post", slug=slug), 303)
        return redirect(url_for("show_post", slug=slug, _anchor=f"comment-{comment.id}"), 303)

    @app.get("/moderate")
    def moderate() -> str:
        try:
            page = service.queue(limit=PAGE_SIZE, cursor=request.args.get("cursor"))
        except InvalidCursor:
            abort(400, "That page link is broken.")
        parents = service.store.get_many(c.parent_id for c in page.items if c.parent_id)
        return render_template(
            "moderate.html", page=page, parents=parents, outbox=outbox, post=EXAMPLE_POST
        )

    @app.post("/moderate/<comment_id>")
    def moderate_comment(comment_id: str) -> Response:
        actions = {"approve": service.approve, "spam": service.mark_spam, "trash": service.reject}
        action = actions.get(request.form.get("action", ""))
        if action is None:
            abort(400, "Unknown moderation action.")
        try:
            comment = action(comment_id, expected=Status.PENDING)
        except CommentNotFound:
            abort(404)
        except InvalidTransition as exc:
            flash(f"Someone got there first: the comment is {exc.status} now.")
        else:
            flash(f"Comment by {comment.author.name} is now {comment.status.value}.")
        return redirect(url_for("moderate"), 303)

    return app


def render_post(
    service: CommentService, slug: str, *, error: str | None = None, form: Any = None
) -> str:
    """The post page: the article, its comments (the reader's own held ones too), the form."""
    if slug != EXAMPLE_POST.id:
        abort(404)
    commenter = session.get("commenter") or {}
    viewer = None
    if commenter.get("email"):
        viewer = Author(name=commenter.get("name", ""), email=commenter["email"])
    try:
        page = service.thread(
            slug,
            cursor=request.args.get("cursor"),
            page_size=PAGE_SIZE,
            viewer=viewer,
            tz=BLOG_TIME,
        )
    except InvalidCursor:
        abort(400, "That page link is broken.")
    return render_template(
        "post.html",
        post=EXAMPLE_POST,
        page=page,
        numbers=numbering(page.thread),
        commenter=commenter,
        error=error,
        form=form or {},
        honeypot=HONEYPOT,
    )


def seed_example(service: CommentService) -> None:
    """Import the example's three responses the first time the blog starts.

    They were written and approved before the blog used threadkit, so they go straight into
    the store, approved, with the sanitiser's HTML; new comments go through ``submit``.
    """
    if service.store.list_roots(EXAMPLE_POST.id, limit=1).items:
        return
    stored: dict[str, Comment] = {}
    for response in example_responses():
        draft = response.draft
        if response.reply_to is not None:
            draft = attrs.evolve(draft, parent_id=stored[response.reply_to].id)
        html = service.sanitizer.clean(draft.body)
        stored[response.key] = service.store.add(draft, status=Status.APPROVED, html=html)


def numbering(thread: Thread) -> dict[str, str]:
    """Labels like the blog's: "1.", "2.", "2.1." for each node, by comment id."""
    labels: dict[str, str] = {}
    counters: list[int] = []
    for node in thread.walk():
        del counters[node.depth + 1 :]
        if len(counters) == node.depth + 1:
            counters[node.depth] += 1
        else:
            counters.append(1)
        labels[node.comment.id] = ".".join(map(str, counters)) + "."
    return labels


def blog_date(moment: datetime) -> str:
    """A date as the blog prints it, in the blog's time zone."""
    return format_date(moment.astimezone(BLOG_TIME))


def highlight(text: str, findings: Iterable[Finding]) -> Markup:
    """``text`` escaped, with every finding's span wrapped in ``<mark>`` (overlaps merged)."""
    spans = sorted(
        (max(0, s), min(len(text), e), f.reason) for f in findings for s, e in [f.span] if e > s
    )
    merged: list[list[Any]] = []
    for start, end, reason in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(reason)
        else:
            merged.append([start, end, [reason]])
    out = Markup()
    at = 0
    for start, end, reasons in merged:
        out += escape(text[at:start])
        title = " ".join(dict.fromkeys(reasons))
        out += Markup('<mark title="{}">{}</mark>').format(title, text[start:end])
        at = end
    return out + escape(text[at:])


def csrf_token() -> str:
    """The session's form token (made on first use)."""
    if "csrf_token" not in session:
        session["csrf_token"] = secrets.token_urlsafe(24)
    token: str = session["csrf_token"]
    return token


if __name__ == "__main__":
    create_app().run(debug=False)
