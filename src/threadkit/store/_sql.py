"""The DB-API core the SQLite, PostgreSQL and MariaDB/MySQL adapters share: the writes.

Each comment row carries its placement, written once at insert: ``root_id`` (the top-level
comment of its thread), ``depth`` and ``path`` (the ids from the root down to the comment,
joined by "/"). A page of a post's roots is then one keyset range over the
``(post_id, depth, created_at, id)`` index and all their replies one ``root_id IN (...)`` look-up;
an insert reads only its parent and never touches a sibling.

Writes that change a thread's shape (``remove``, which may purge a chain of tombstones) lock
the thread's root row first and then the rows they read; ``add`` locks only the parent. Every
transaction therefore takes its row locks root-first, which keeps PostgreSQL and InnoDB free of
deadlocks between threadkit's own writes (SQLite's ``BEGIN IMMEDIATE`` serialises writers).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import attrs

from threadkit._errors import CommentNotFound, ParentInOtherPost, ParentNotFound, StatusConflict
from threadkit._model import Comment, CommentDraft, Status, Verdict
from threadkit.store import _helpers as h
from threadkit.store._sqlbase import marks, new_id, verdict_json
from threadkit.store._sqlread import SQLReads

_INSERT_COLUMNS = (
    "id, post_id, parent_id, root_id, depth, path, status, created_at, edited_at, author_name, "
    "author_email, author_url, author_ip, author_user_id, body, body_digest, html, verdict, "
    "ups, downs"
)


class SQLStore(SQLReads):
    """A CommentStore over three SQL tables, shared by every SQL adapter (see the module doc).

    Implements :class:`~threadkit.store.CommentStore`, ``SupportsCounts`` and ``SupportsVotes``.
    Subclasses open connections and create the schema; this class only runs statements
    through its runner.
    """

    def add(
        self,
        draft: CommentDraft,
        *,
        status: Status = Status.APPROVED,
        html: str = "",
        verdict: Verdict | None = None,
    ) -> Comment:
        """Store a new comment (see :meth:`CommentStore.add`)."""
        h.check_draft(draft, html)
        comment = h.new_comment(draft, new_id(), status=Status(status), html=html,
                                verdict=verdict, now=self._clock())
        author = comment.author
        row = [
            comment.id, comment.post_id, comment.parent_id, None, 0, None, comment.status.value,
            self._time_in(comment.created_at), None, author.name, author.email, author.url,
            author.ip, author.user_id, comment.body, h.body_digest(comment.body), comment.html,
            verdict_json(verdict), 0, 0,
        ]
        parent_sql = self._sql("SELECT post_id, root_id, depth, path FROM {comments} "
                               "WHERE id = ?{lock}")
        insert_sql = self._sql(f"INSERT INTO {{comments}} ({_INSERT_COLUMNS}) "
                               f"VALUES ({marks(len(row))})")

        def work(cursor: Any) -> None:
            if draft.parent_id is None:
                row[3], row[4], row[5] = comment.id, 0, comment.id
            else:
                cursor.execute(parent_sql, (draft.parent_id,))
                parent = cursor.fetchone()
                if parent is None:
                    raise ParentNotFound(None, draft.parent_id)
                if parent[0] != draft.post_id:
                    raise ParentInOtherPost(None, draft.parent_id, draft.post_id, parent[0])
                row[3], row[4], row[5] = parent[1], parent[2] + 1, f"{parent[3]}/{comment.id}"
            cursor.execute(insert_sql, row)

        self._runner.run(work, write=True)
        return comment

    def set_status(
        self,
        comment_id: str,
        status: Status,
        *,
        expected: Status | Collection[Status] | None = None,
    ) -> Comment:
        """Compare-and-set a status (see :meth:`CommentStore.set_status`)."""
        status = Status(status)
        wanted = h.normalize_expected(expected)
        if not h.plausible_id(comment_id):
            raise CommentNotFound(str(comment_id))
        update = self._sql("UPDATE {comments} SET status = ? WHERE id = ?")

        def work(cursor: Any) -> Comment:
            current = self._locked(cursor, comment_id)
            if wanted is not None and current.status not in wanted:
                raise StatusConflict(comment_id, h.sorted_statuses(wanted), current.status)
            if current.status == status:
                return current
            cursor.execute(update, (status.value, comment_id))
            return attrs.evolve(current, status=status)

        return self._runner.run(work, write=True)

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
        """Replace body and html (see :meth:`CommentStore.edit`)."""
        if not h.plausible_id(comment_id):
            raise CommentNotFound(str(comment_id))
        now = self._clock()
        update = self._sql("UPDATE {comments} SET body = ?, body_digest = ?, html = ?, "
                           "verdict = ?, status = ?, edited_at = ? WHERE id = ?")

        def work(cursor: Any) -> Comment:
            new = h.apply_edit(self._locked(cursor, comment_id), body=body, html=html,
                               verdict=verdict, status=status, edited_at=edited_at, now=now)
            assert new.edited_at is not None
            cursor.execute(update, (
                new.body, h.body_digest(new.body), new.html, verdict_json(new.verdict),
                new.status.value, self._time_in(new.edited_at), comment_id,
            ))
            return new

        return self._runner.run(work, write=True)

    def remove(self, comment_id: str) -> Comment | None:
        """Purge a leaf or tombstone a comment with replies (see :meth:`CommentStore.remove`)."""
        if not h.plausible_id(comment_id):
            raise CommentNotFound(str(comment_id))
        root_sql = self._sql("SELECT root_id FROM {comments} WHERE id = ?")
        lock_sql = self._sql("SELECT id FROM {comments} WHERE id = ?{lock}")
        state_sql = self._sql("SELECT status, parent_id FROM {comments} WHERE id = ?{lock}")
        tomb_sql = self._sql("UPDATE {comments} SET status = ?, body = ?, body_digest = ?, "
                             "html = ?, verdict = NULL WHERE id = ?")

        def work(cursor: Any) -> Comment | None:
            cursor.execute(root_sql, (comment_id,))
            found = cursor.fetchone()
            if found is None:
                raise CommentNotFound(comment_id)
            if self._dialect.lock and found[0] != comment_id:
                cursor.execute(lock_sql, (found[0],))  # root first: see the module docstring
                cursor.fetchall()
            current = self._locked(cursor, comment_id)
            if self._has_replies(cursor, comment_id):
                tomb = h.tombstone(current)
                if tomb != current:
                    cursor.execute(tomb_sql, (Status.DELETED.value, "", h.body_digest(""), "",
                                              comment_id))
                return tomb
            parent_id = current.parent_id
            self._purge(cursor, comment_id)
            # A deleted comment only stays to hold replies; walk up while that reason is gone.
            while parent_id is not None:
                cursor.execute(state_sql, (parent_id,))
                status, grandparent = cursor.fetchone()
                if status != Status.DELETED.value or self._has_replies(cursor, parent_id):
                    break
                self._purge(cursor, parent_id)
                parent_id = grandparent
            return None

        return self._runner.run(work, write=True)

    def _purge(self, cursor: Any, comment_id: str) -> None:
        """Delete a comment row and its votes."""
        cursor.execute(self._sql("DELETE FROM {votes} WHERE comment_id = ?"), (comment_id,))
        cursor.execute(self._sql("DELETE FROM {comments} WHERE id = ?"), (comment_id,))

    def vote(self, comment_id: str, voter_id: str, value: int) -> Comment:
        """Record one voter's vote (see :meth:`SupportsVotes.vote`)."""
        h.check_vote(voter_id, value)
        if not h.plausible_id(comment_id):
            raise CommentNotFound(str(comment_id))
        old_sql = self._sql("SELECT value FROM {votes} WHERE comment_id = ? AND voter_id = ?"
                            "{lock}")
        upsert_sql = self._sql(self._dialect.vote_upsert)
        delete_sql = self._sql("DELETE FROM {votes} WHERE comment_id = ? AND voter_id = ?")
        counts_sql = self._sql("UPDATE {comments} SET ups = ?, downs = ? WHERE id = ?")

        def work(cursor: Any) -> Comment:
            current = self._locked(cursor, comment_id)
            cursor.execute(old_sql, (comment_id, voter_id))
            found = cursor.fetchone()
            old = found[0] if found else 0
            if value == old:
                return current
            if value:
                cursor.execute(upsert_sql, (comment_id, voter_id, value))
            else:
                cursor.execute(delete_sql, (comment_id, voter_id))
            ups = current.ups + (value == 1) - (old == 1)
            downs = current.downs + (value == -1) - (old == -1)
            cursor.execute(counts_sql, (ups, downs, comment_id))
            return attrs.evolve(current, ups=ups, downs=downs)

        return self._runner.run(work, write=True)
