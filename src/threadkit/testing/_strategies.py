"""Hypothesis strategies for threadkit's model: authors, comments, drafts and whole threads.

They are public so that code built on threadkit (a blog's templates, a custom store, a rule)
can be tested against the same awkward inputs threadkit's own tests use: ids that do not sort
like their creation order, timestamps that tie (also across time zones), every status, and
trees from flat lists to long chains.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import strategies as st

from threadkit._model import Author, Comment, CommentDraft, Status

#: Offsets that make the same instant print differently; ties must still compare equal.
_ZONES = (UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-5, minutes=-30)))
_EPOCH = datetime(2017, 5, 19, 9, 0, tzinfo=UTC)
_NAME_CHARS = string.ascii_letters + " .'-" + "éüßøåçñ" + "大輔" + "Дж"
_ID_CHARS = string.ascii_letters + string.digits + "-_"


def aware_datetimes(
    *,
    min_value: datetime = datetime(1990, 1, 1),
    max_value: datetime = datetime(2100, 1, 1),
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes in a few fixed offsets (bounds are naive, as Hypothesis wants)."""
    return st.datetimes(
        min_value=min_value, max_value=max_value, timezones=st.sampled_from(_ZONES)
    )


def comment_ids() -> st.SearchStrategy[str]:
    """Opaque comment ids: short strings whose sort order says nothing about time."""
    return st.text(_ID_CHARS, min_size=1, max_size=8)


def authors(*, contact: bool = True) -> st.SearchStrategy[Author]:
    """Authors with non-empty display names; with ``contact``, optional email, url, ip, user."""
    names = st.text(_NAME_CHARS, min_size=1, max_size=24).filter(str.strip)
    if not contact:
        return st.builds(Author, name=names)
    optional = st.none() | st.text(_ID_CHARS, min_size=1, max_size=10)
    return st.builds(
        Author,
        name=names,
        email=st.none() | st.emails(),
        url=st.none() | st.just("https://example.org/") | st.just("http://blog.example/me"),
        ip=st.none() | st.ip_addresses().map(str),
        user_id=optional,
    )


def _statuses(weighted: bool) -> st.SearchStrategy[Status]:
    everything = st.sampled_from(list(Status))
    # Most real comments are approved; weighting keeps visible trees large.
    return st.just(Status.APPROVED) | everything if weighted else everything


def comments(
    *,
    post_id: str | st.SearchStrategy[str] = "post-1",
    parent_id: str | st.SearchStrategy[str | None] | None = None,
    statuses: st.SearchStrategy[Status] | None = None,
) -> st.SearchStrategy[Comment]:
    """Single valid comments (any status, votes, an edit time after the creation time)."""
    posts = post_id if isinstance(post_id, st.SearchStrategy) else st.just(post_id)
    parents = parent_id if isinstance(parent_id, st.SearchStrategy) else st.just(parent_id)

    @st.composite
    def build(draw: st.DrawFn) -> Comment:
        comment_id = draw(comment_ids())
        parent = draw(parents)
        created = draw(aware_datetimes())
        edited = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=30)))
        return Comment(
            id=comment_id,
            post_id=draw(posts),
            parent_id=None if parent == comment_id else parent,
            author=draw(authors()),
            body=draw(st.text(max_size=200)),
            created_at=created,
            status=draw(statuses if statuses is not None else _statuses(True)),
            edited_at=None if edited is None else created + edited,
            ups=draw(st.integers(0, 50)),
            downs=draw(st.integers(0, 50)),
        )

    return build()


def comment_drafts(
    *, post_id: str | st.SearchStrategy[str] = "post-1", parent_id: str | None = None
) -> st.SearchStrategy[CommentDraft]:
    """Drafts as a form submits them, with or without a time and request details."""
    posts = post_id if isinstance(post_id, st.SearchStrategy) else st.just(post_id)
    meta = st.dictionaries(
        st.sampled_from(["user_agent", "referrer", "honeypot"]), st.text(max_size=40), max_size=3
    )
    return st.builds(
        CommentDraft,
        post_id=posts,
        body=st.text(max_size=300),
        author=authors(),
        parent_id=st.just(parent_id),
        created_at=st.none() | aware_datetimes(),
        meta=meta,
    )


@st.composite
def threads(
    draw: st.DrawFn,
    *,
    min_size: int = 0,
    max_size: int = 30,
    post_id: str = "post-1",
    statuses: Sequence[Status] | None = None,
    chronological: bool = True,
) -> list[Comment]:
    """Whole valid threads of one post: unique ids, every parent present, no cycles.

    The list is in creation order (each parent before its replies); shuffle it to test
    order independence. Shapes range from flat lists to long chains, times often tie (also
    across time zones), and ids sort unlike times.

    Args:
        min_size: the fewest comments.
        max_size: the most comments.
        post_id: the post every comment belongs to.
        statuses: the statuses to draw from (weighted to approved when None: all of them).
        chronological: when True, a reply is never older than its parent.
    """
    size = draw(st.integers(min_size, max_size))
    ids = draw(st.lists(comment_ids(), min_size=size, max_size=size, unique=True))
    status = st.sampled_from(list(statuses)) if statuses is not None else _statuses(True)
    # "chain" answers the newest comment, growing deep threads; "any" answers a random one.
    shape = st.sampled_from(["root", "root", "chain", "any", "any"])
    made: list[Comment] = []
    for i, comment_id in enumerate(ids):
        kind = draw(shape) if made else "root"
        parent: Comment | None = None
        if kind == "chain":
            parent = made[-1]
        elif kind == "any":
            parent = made[draw(st.integers(0, len(made) - 1))]
        # A small range of minutes makes equal timestamps common.
        created = _EPOCH + timedelta(minutes=draw(st.integers(0, 40)))
        if chronological and parent is not None and created < parent.created_at:
            created = parent.created_at
        zone = draw(st.sampled_from(_ZONES))
        made.append(
            Comment(
                id=comment_id,
                post_id=post_id,
                parent_id=None if parent is None else parent.id,
                author=Author(name=f"reader {i % 7}"),
                body=f"comment {i}",
                created_at=created.astimezone(zone),
                status=draw(status),
                ups=draw(st.integers(0, 12)),
                downs=draw(st.integers(0, 12)),
            )
        )
    return made
