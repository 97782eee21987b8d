"""A blog engine's own comment table, adapted to threadkit's CommentStore Protocol.

The blog already keeps its comments in ``blog_comments``, with its own column names in the
style of the classic blog engines: ``comment_ID``, ``comment_post_slug``, ``comment_parent``
(0 for a top-level comment) and ``comment_approved`` holding '1', '0', 'spam' or 'trash'.
Nothing is migrated: the adapter below maps threadkit's calls onto those columns, using the
building blocks ``threadkit.store`` exports so it accepts, refuses and pages exactly like the
bundled adapters.

See the blog's post go through the comment service into the blog's own table::

    python examples/custom_store.py

and check the adapter against every rule of the Protocol with the conformance kit::

    pytest examples/custom_store.py
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from threadkit import (
    Author,
    Comment,
    CommentDraft,
    CommentNotFound,
    Status,
    StatusConflict,
    Verdict,
)
from threadkit.store import (
    KnownAuthorQuery,
    Page,
    apply_edit,
    check_draft,
    check_limit,
    check_parent,
    check_since,
    decode_cursor,
    encode_cursor,
    history_keys,
    listing_fingerprint,
    normalize_expected,
    normalize_statuses,
    plausible_id,
    tombstone,
)
from threadkit.testing import StoreConformance

SCHEMA = """
CREATE TABLE IF NOT EXISTS blog_comments (
    comment_ID           INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_post_slug    TEXT    NOT NULL,
    comment_parent       INTEGER NOT NULL DEFAULT 0,
    comment_author       TEXT    NOT NULL,
    comment_author_email TEXT,
    comment_author_url   TEXT,
    comment_author_IP    TEXT,
    user_id              TEXT,
    comment_date_gmt     TEXT    NOT NULL,
    comment_content      TEXT    NOT NULL,
    comment_rendered     TEXT    NOT NULL DEFAULT '',
    comment_approved     TEXT    NOT NULL DEFAULT '1',
    comment_edited_gmt   TEXT,
    comment_moderation   TEXT
);
CREATE INDEX IF NOT EXISTS blog_comments_post
    ON blog_comments (comment_post_slug, comment_parent, comment_date_gmt);
CREATE INDEX IF NOT EXISTS blog_comments_parent ON blog_comments (comment_parent);
CREATE INDEX IF NOT EXISTS blog_comments_approved
    ON blog_comments (comment_approved, comment_date_gmt);
"""

# The blog's own status codes, and threadkit's names for them.
TO_APPROVED = {
    Status.APPROVED: "1",
    Status.PENDING: "0",
    Status.SPAM: "spam",
    Status.TRASH: "trash",
    Status.DELETED: "deleted",
}
FROM_APPROVED = {code: status for status, code in TO_APPROVED.items()}
COLUMNS = (
    "comment_ID, comment_post_slug, comment_parent, comment_author, comment_author_email, "
    "comment_author_url, comment_author_IP, user_id, comment_date_gmt, comment_content, "
    "comment_rendered, comment_approved, comment_edited_gmt, comment_moderation"
)
# threadkit orders listings by (created_at, id) with ids compared as strings.
ORDER = "comment_date_gmt, CAST(comment_ID AS TEXT)"
ORDER_DESC = "comment_date_gmt DESC, CAST(comment_ID AS TEXT) DESC"
HISTORY_COLUMNS = {
    "email": "comment_author_email",
    "ip": "comment_author_IP",
    "name": "comment_author",
    "user_id": "user_id",
    "body": "comment_content",
}
ROWID = re.compile(r"[1-9][0-9]{0,17}")


def stamp(moment: datetime) -> str:
    """Fixed-width UTC text that sorts like the time itself, to the microsecond."""
    t = moment.astimezone(UTC)
    return (
        f"{t.year:04d}-{t.month:02d}-{t.day:02d} "
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"
    )


def unstamp(text: str) -> datetime:
    """Inverse of :func:`stamp`."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)


def row_id(comment_id: object) -> int | None:
    """The rowid a comment id names, or None when it cannot name one (so: unknown)."""
    if plausible_id(comment_id) and ROWID.fullmatch(str(comment_id)):
        return int(str(comment_id))
    return None


def to_comment(row: sqlite3.Row) -> Comment:
    """A table row as threadkit's Comment."""
    verdict = row["comment_moderation"]
    edited = row["comment_edited_gmt"]
    return Comment(
        id=str(row["comment_ID"]),
        post_id=row["comment_post_slug"],
        parent_id=str(row["comment_parent"]) if row["comment_parent"] else None,
        author=Author(
            name=row["comment_author"],
            email=row["comment_author_email"],
            url=row["comment_author_url"],
            ip=row["comment_author_IP"],
            user_id=row["user_id"],
        ),
        body=row["comment_content"],
        created_at=unstamp(row["comment_date_gmt"]),
        html=row["comment_rendered"],
        status=FROM_APPROVED[row["comment_approved"]],
        edited_at=unstamp(edited) if edited else None,
        verdict=Verdict.from_dict(json.loads(verdict)) if verdict else None,
    )


def status_codes(statuses: Collection[Status] | None) -> list[str] | None:
    """A status filter as the table's codes (None: no filter)."""
    wanted = normalize_statuses(statuses)
    return None if wanted is None else sorted(TO_APPROVED[s] for s in wanted)


def marks(values: Sequence[object]) -> str:
    """``?, ?, ?`` for an IN list."""
    return ", ".join("?" * len(values))


class BlogCommentsStore:
    """threadkit's CommentStore over the blog's ``blog_comments`` table (plus ``count``)."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA)
        # One connection shared by threads: the lock makes each method one atomic step.
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def rows(self, *columns: str) -> list[dict[str, Any]]:
        """The table's rows as the blog sees them (the given columns), by id."""
        wanted = ", ".join(c for c in columns if c.isidentifier())
        with self._lock:
            sql = f"SELECT {wanted} FROM blog_comments ORDER BY comment_ID"
            return [dict(row) for row in self._db.execute(sql)]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _select(self, where: str, params: Sequence[object], tail: str = "") -> list[Comment]:
        with self._lock:
            sql = f"SELECT {COLUMNS} FROM blog_comments WHERE {where} {tail}"
            return [to_comment(r) for r in self._db.execute(sql, params)]

    @staticmethod
    def _find(db: sqlite3.Connection, comment_id: str) -> Comment:
        rowid = row_id(comment_id)
        row = None
        if rowid is not None:
            sql = f"SELECT {COLUMNS} FROM blog_comments WHERE comment_ID = ?"
            row = db.execute(sql, (rowid,)).fetchone()
        if row is None:
            raise CommentNotFound(comment_id)
        return to_comment(row)

    @staticmethod
    def _write(db: sqlite3.Connection, comment: Comment) -> None:
        """Store the changeable fields of ``comment`` over its row."""
        verdict, edited = comment.verdict, comment.edited_at
        db.execute(
            "UPDATE blog_comments SET comment_content = ?, comment_rendered = ?,"
            " comment_moderation = ?, comment_approved = ?, comment_edited_gmt = ?"
            " WHERE comment_ID = ?",
            (
                comment.body,
                comment.html,
                json.dumps(verdict.to_dict()) if verdict is not None else None,
                TO_APPROVED[comment.status],
                stamp(edited) if edited is not None else None,
                int(comment.id),
            ),
        )

    # -- writing --------------------------------------------------------------------------

    def add(
        self,
        draft: CommentDraft,
        *,
        status: Status = Status.APPROVED,
        html: str = "",
        verdict: Verdict | None = None,
    ) -> Comment:
        """Insert a comment; the parent must exist on the same post."""
        check_draft(draft, html)  # NUL or over-long keys: refused before anything is written
        author = draft.author
        created = stamp(draft.created_at or datetime.now(UTC))
        with self._transaction() as db:
            parent = None
            if draft.parent_id is not None:
                try:
                    parent = self._find(db, draft.parent_id)
                except CommentNotFound:
                    parent = None
            check_parent(draft, parent)  # ParentNotFound / ParentInOtherPost
            cursor = db.execute(
                "INSERT INTO blog_comments (comment_post_slug, comment_parent, comment_author,"
                " comment_author_email, comment_author_url, comment_author_IP, user_id,"
                " comment_date_gmt, comment_content, comment_rendered, comment_approved,"
                " comment_moderation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    draft.post_id,
                    int(parent.id) if parent is not None else 0,
                    author.name,
                    author.email,
                    author.url,
                    author.ip,
                    author.user_id,
                    created,
                    draft.body,
                    html,
                    TO_APPROVED[Status(status)],
                    json.dumps(verdict.to_dict()) if verdict is not None else None,
                ),
            )
            return self._find(db, str(cursor.lastrowid))

    def set_status(
        self,
        comment_id: str,
        status: Status,
        *,
        expected: Status | Collection[Status] | None = None,
    ) -> Comment:
        """Compare-and-set the status inside one write transaction."""
        wanted = normalize_expected(expected)  # ValueError for an empty collection
        with self._transaction() as db:
            current = self._find(db, comment_id)
            if wanted is not None and current.status not in wanted:
                raise StatusConflict(comment_id, sorted(wanted), current.status)
            db.execute(
                "UPDATE blog_comments SET comment_approved = ? WHERE comment_ID = ?",
                (TO_APPROVED[Status(status)], int(current.id)),
            )
            return self._find(db, comment_id)

    def edit(
        self,
        comment_id: str,
        *,
        body: str,
        html: str,
        verdict: Verdict | None = None,
        status: Status | None = None,
        edited_at: datetime | None = None,
    ) -> Comment:
        """Replace body, html and verdict; keep the status unless one is given."""
        with self._transaction() as db:
            edited = apply_edit(  # InvalidComment for NUL or a time before created_at
                self._find(db, comment_id),
                body=body,
                html=html,
                verdict=verdict,
                status=status,
                edited_at=edited_at,
            )
            self._write(db, edited)
            return edited

    def remove(self, comment_id: str) -> Comment | None:
        """Purge a leaf (and the deleted ancestors it leaves empty), or tombstone a comment."""
        has_replies = "SELECT 1 FROM blog_comments WHERE comment_parent = ? LIMIT 1"
        purge = "DELETE FROM blog_comments WHERE comment_ID = ?"
        with self._transaction() as db:
            current = self._find(db, comment_id)
            if db.execute(has_replies, (int(current.id),)).fetchone():
                stone = tombstone(current)  # deleted, with body, html and verdict emptied
                self._write(db, stone)
                return stone
            db.execute(purge, (int(current.id),))
            parent = current.parent_id
            while parent is not None:  # a deleted comment stays only while it holds replies
                above = self._find(db, parent)
                if above.status is not Status.DELETED:
                    break
                if db.execute(has_replies, (int(above.id),)).fetchone():
                    break
                db.execute(purge, (int(above.id),))
                parent = above.parent_id
            return None

    # -- reading --------------------------------------------------------------------------

    def get(self, comment_id: str) -> Comment:
        """One comment by id."""
        with self._lock:
            return self._find(self._db, comment_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Comment]:
        """The known comments among ``ids``."""
        rowids = sorted({r for r in map(row_id, ids) if r is not None})
        found: dict[str, Comment] = {}
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            for comment in self._select(f"comment_ID IN ({marks(chunk)})", chunk):
                found[comment.id] = comment
        return found

    def _page(
        self,
        where: str,
        params: list[Any],
        *,
        listing: str,
        limit: int,
        cursor: str | None,
        newest_first: bool = False,
    ) -> Page:
        check_limit(limit)
        if cursor is not None:
            after = decode_cursor(cursor, listing)  # InvalidCursor: malformed or foreign
            compare = "<" if newest_first else ">"
            where += f" AND (comment_date_gmt, CAST(comment_ID AS TEXT)) {compare} (?, ?)"
            params = [*params, stamp(after.created_at), after.comment_id]
        order = ORDER_DESC if newest_first else ORDER
        rows = self._select(where, [*params, limit + 1], f"ORDER BY {order} LIMIT ?")
        items = rows[:limit]
        if len(rows) <= limit:
            return Page(items, None)
        return Page(items, encode_cursor(listing, items[-1].created_at, items[-1].id))

    def list_roots(
        self,
        post_id: str,
        *,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        statuses: Collection[Status] | None = None,
    ) -> Page:
        """A page of a post's top-level comments."""
        codes = status_codes(statuses)
        where, params = "comment_post_slug = ? AND comment_parent = 0", [post_id]
        if codes is not None:
            where += f" AND comment_approved IN ({marks(codes)})"
            params += codes
        listing = listing_fingerprint(
            "roots", post_id, newest_first=newest_first, statuses=statuses
        )
        return self._page(
            where, params, listing=listing, limit=limit, cursor=cursor, newest_first=newest_first
        )

    def list_by_status(
        self,
        status: Status,
        *,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """The moderation queue for one status, oldest first."""
        where, params = "comment_approved = ?", [TO_APPROVED[Status(status)]]
        if post_id is not None:
            where += " AND comment_post_slug = ?"
            params.append(post_id)
        listing = listing_fingerprint("status", post_id, statuses=[Status(status)])
        return self._page(where, params, listing=listing, limit=limit, cursor=cursor)

    def list_replies(
        self,
        post_id: str,
        root_ids: Sequence[str],
        *,
        statuses: Collection[Status] | None = None,
    ) -> list[Comment]:
        """Every reply, at any depth, under the given roots of the post, oldest first."""
        roots = sorted({r for r in map(row_id, root_ids) if r is not None})
        codes = status_codes(statuses)
        if not roots or codes == []:
            return []
        # The table has no root column, so walk down the tree with a recursive query.
        where = (
            "comment_ID IN (WITH RECURSIVE below(id) AS ("
            " SELECT comment_ID FROM blog_comments WHERE comment_parent IN ("
            f"  SELECT comment_ID FROM blog_comments WHERE comment_ID IN ({marks(roots)})"
            "   AND comment_parent = 0 AND comment_post_slug = ?)"
            " UNION SELECT c.comment_ID FROM blog_comments c"
            "  JOIN below ON c.comment_parent = below.id"
            ") SELECT id FROM below)"
        )
        params: list[Any] = [*roots, post_id]
        if codes is not None:
            where += f" AND comment_approved IN ({marks(codes)})"
            params += codes
        return self._select(where, params, f"ORDER BY {ORDER}")

    def history(
        self,
        *,
        since: datetime,
        email: str | None = None,
        ip: str | None = None,
        author_name: str | None = None,
        user_id: str | None = None,
        body: str | None = None,
        limit: int = 100,
    ) -> list[Comment]:
        """Recent comments sharing any given key, newest first."""
        since = check_since(since)  # ValueError when naive
        check_limit(limit)
        keys = history_keys(email=email, ip=ip, author_name=author_name, user_id=user_id, body=body)
        if not keys:
            return []
        match = " OR ".join(f"{HISTORY_COLUMNS[key]} = ?" for key in keys)
        return self._select(
            f"comment_date_gmt >= ? AND ({match})",
            [stamp(since), *keys.values(), limit],
            f"ORDER BY {ORDER_DESC} LIMIT ?",
        )

    def known_author(self, author: Author) -> bool:
        """Whether the author has an approved comment (by user id or e-mail, else by name)."""
        query = KnownAuthorQuery.for_author(author)
        if query.is_empty:
            return False
        if query.name is not None:  # anonymous: only other anonymous comments count
            where = (
                "comment_author = ? AND COALESCE(user_id, '') = ''"
                " AND COALESCE(comment_author_email, '') = ''"
            )
            params: list[str | None] = [query.name]
        else:
            where = "(user_id = ? OR comment_author_email = ?)"
            params = [query.user_id, query.email]
        sql = f"SELECT 1 FROM blog_comments WHERE comment_approved = '1' AND {where} LIMIT 1"
        with self._lock:
            return self._db.execute(sql, params).fetchone() is not None

    def count(self, post_id: str, *, statuses: Collection[Status]) -> int:
        """How many of the post's comments have one of ``statuses`` (for "N Responses")."""
        codes = status_codes(statuses) or []
        if not codes:
            return 0
        sql = (
            "SELECT COUNT(*) FROM blog_comments WHERE comment_post_slug = ?"
            f" AND comment_approved IN ({marks(codes)})"
        )
        with self._lock:
            return int(self._db.execute(sql, [post_id, *codes]).fetchone()[0])


class TestBlogCommentsStore(StoreConformance):
    """The conformance kit, run against the adapter on a fresh database file."""

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[BlogCommentsStore]:
        """A BlogCommentsStore on an empty blog_comments table."""
        store = BlogCommentsStore(tmp_path / "blog.sqlite3")
        yield store
        store.close()


def main() -> int:
    """Take a comment and a reply through the comment service into the blog's own table."""
    from threadkit.service import CommentService
    from threadkit.thread import render_text

    with tempfile.TemporaryDirectory() as folder:
        store = BlogCommentsStore(Path(folder) / "blog.sqlite3")
        service = CommentService(store)
        post = "turning-down-a-job-offer"
        daisuke = service.submit(
            post_id=post,
            author=Author("Daisuke", email="daisuke@example.jp"),
            body="I was open with my recruiter when I had to withdraw; we stayed on good terms.",
        )
        john = service.submit(
            post_id=post,
            parent_id=daisuke.comment.id,
            author=Author("John Lynn", email="john@example.com"),
            body="Thanks for sharing, Daisuke. Going the extra mile usually pays off.",
        )
        for result in (daisuke, john):  # first-time authors: held, then approved by the owner
            print(f"{result.comment.author.name}: {result.comment.status.value}", end="")
            if result.held:
                service.approve(result.comment.id)
                print(" -> approved by the blog owner", end="")
            print()
        print()
        print(render_text(service.thread(post).thread, title="Turning Down a Job Offer"))
        print("The same comments in the blog's own table:")
        for row in store.rows("comment_ID", "comment_parent", "comment_author", "comment_approved"):
            print("  " + " | ".join(f"{key}={value!r}" for key, value in row.items()))
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
