"""The queries of the SQL stores: lookups, keyset-paged listings, history and counts.

Every listing is one statement over an index whose order is the listing's order, so a page
costs the same whether it is the first or the thousandth: roots by
``(post_id, created_at, id)`` over top-level comments, replies by ``root_id``, the queue by
``(status, created_at, id)`` or ``(post_id, status, created_at, id)``. Values that could never
be stored (too long, NUL, not a string) are answered without asking the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from threadkit._errors import CommentNotFound
from threadkit._model import Author, Comment, Status
from threadkit.store import _helpers as h
from threadkit.store._cursor import listing_fingerprint
from threadkit.store._protocol import Page
from threadkit.store._sqlbase import CHUNK, COLUMNS, SQLBase, chunks, marks

_HISTORY_COLUMNS = {
    "email": "author_email = ?",
    "ip": "author_ip = ?",
    "name": "author_name = ?",
    "user_id": "author_user_id = ?",
}


class SQLReads(SQLBase):
    """The read side of :class:`~threadkit.store._sql.SQLStore`."""

    def get_many(self, ids: Iterable[str]) -> dict[str, Comment]:
        """Stored comments among ``ids``, by id; unknown ids are absent."""
        wanted = list(dict.fromkeys(i for i in ids if h.plausible_id(i)))
        found: dict[str, Comment] = {}
        for chunk in chunks(wanted):
            for comment in self._select(
                f"SELECT {COLUMNS} FROM {{comments}} WHERE id IN ({marks(len(chunk))})", chunk
            ):
                found[comment.id] = comment
        return found

    def get(self, comment_id: str) -> Comment:
        """One comment; raises CommentNotFound."""
        found = self.get_many([comment_id]).get(comment_id)
        if found is None:
            raise CommentNotFound(str(comment_id))
        return found

    def list_roots(
        self,
        post_id: str,
        *,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        statuses: Collection[Status] | None = None,
    ) -> Page:
        """A page of top-level comments (see :meth:`CommentStore.list_roots`)."""
        h.check_limit(limit)
        wanted = h.normalize_statuses(statuses)
        fingerprint = listing_fingerprint("roots", post_id, newest_first=newest_first,
                                          statuses=wanted)
        after, after_params = self._after(cursor, fingerprint, "<" if newest_first else ">")
        if not h.plausible_id(post_id) or wanted == frozenset():
            return Page((), None)
        filter_sql, filter_params = self._status_filter(wanted)
        order = "DESC" if newest_first else "ASC"
        return self._page(
            f"SELECT {COLUMNS} FROM {{comments}} WHERE post_id = ? AND depth = 0{filter_sql}"
            f"{after} ORDER BY created_at {order}, id {order} LIMIT ?",
            [post_id, *filter_params, *after_params], limit, fingerprint,
        )

    def list_replies(
        self,
        post_id: str,
        root_ids: Sequence[str],
        *,
        statuses: Collection[Status] | None = None,
    ) -> list[Comment]:
        """Every descendant of the given roots (see :meth:`CommentStore.list_replies`)."""
        wanted = h.normalize_statuses(statuses)
        roots = [r for r in dict.fromkeys(root_ids) if h.plausible_id(r)]
        if not roots or not h.plausible_id(post_id) or wanted == frozenset():
            return []
        plain = self._dialect.no_index
        filter_sql, filter_params = self._status_filter(wanted, plain + "status")
        found: list[Comment] = []
        for chunk in chunks(roots):
            # The roots are checked (top-level, this post) by primary key in a subquery, so
            # the outer query has only root_id to go by: no planner can prefer a post-wide
            # index and scan the whole post.
            found += self._select(
                f"SELECT {COLUMNS} FROM {{comments}} WHERE root_id IN (SELECT id FROM "
                f"{{comments}} WHERE id IN ({marks(len(chunk))}) AND {plain}post_id = ? "
                f"AND {plain}depth = 0) "
                f"AND depth > 0{filter_sql} ORDER BY created_at, id",
                [*chunk, post_id, *filter_params],
            )
        if len(roots) > CHUNK:
            found.sort(key=lambda c: (c.created_at, c.id))
        return found

    def list_by_status(
        self,
        status: Status,
        *,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """The moderation queue, oldest first (see :meth:`CommentStore.list_by_status`)."""
        h.check_limit(limit)
        status = Status(status)
        fingerprint = listing_fingerprint("status", post_id, statuses={status})
        after, after_params = self._after(cursor, fingerprint, ">")
        if post_id is None:
            where, params = "status = ?", [status.value]
        elif h.plausible_id(post_id):
            where, params = "post_id = ? AND status = ?", [post_id, status.value]
        else:
            return Page((), None)
        return self._page(
            f"SELECT {COLUMNS} FROM {{comments}} WHERE {where}{after} "
            "ORDER BY created_at, id LIMIT ?",
            [*params, *after_params], limit, fingerprint,
        )

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
        """Recent comments matching any key, newest first (see :meth:`CommentStore.history`)."""
        since = h.check_since(since)
        h.check_limit(limit)
        keys = h.history_keys(email=email, ip=ip, author_name=author_name, user_id=user_id,
                              body=body)
        terms: list[str] = []
        params: list[Any] = []
        for key, value in keys.items():
            if key == "body":
                if "\x00" not in value:  # stored bodies never hold NUL
                    terms.append("(body_digest = ? AND body = ?)")
                    params += [h.body_digest(value), value]
            elif h.plausible_id(value):  # longer or NUL-holding keys are never stored
                terms.append(_HISTORY_COLUMNS[key])
                params.append(value)
        if not terms:
            return []
        return self._select(
            f"SELECT {COLUMNS} FROM {{comments}} WHERE created_at >= ? AND "
            f"({' OR '.join(terms)}) ORDER BY created_at DESC, id DESC LIMIT ?",
            [self._time_in(since), *params, limit],
        )

    def known_author(self, author: Author) -> bool:
        """Whether ``author`` has an approved comment (see :meth:`CommentStore.known_author`)."""
        query = h.KnownAuthorQuery.for_author(author)
        if query.name is not None:
            if not h.plausible_id(query.name):
                return False
            where = ("author_name = ? AND COALESCE(author_user_id, '') = '' "
                     "AND COALESCE(author_email, '') = ''")
            params = [query.name]
        else:
            pairs = [("author_user_id = ?", query.user_id), ("author_email = ?", query.email)]
            usable = [(term, v) for term, v in pairs if v is not None and h.plausible_id(v)]
            if not usable:
                return False
            where = "(" + " OR ".join(term for term, _ in usable) + ")"
            params = [v for _, v in usable]
        status = self._dialect.no_index + "status"
        sql = self._sql(f"SELECT 1 FROM {{comments}} WHERE {where} AND {status} = ? LIMIT 1")

        def work(cursor: Any) -> bool:
            cursor.execute(sql, [*params, Status.APPROVED.value])
            return cursor.fetchone() is not None

        return self._runner.run(work, write=False)

    def count(self, post_id: str, *, statuses: Collection[Status]) -> int:
        """How many comments of ``post_id`` have one of ``statuses``."""
        wanted = h.normalize_statuses(statuses) or frozenset()
        if not wanted or not h.plausible_id(post_id):
            return 0
        filter_sql, filter_params = self._status_filter(wanted)
        sql = self._sql(f"SELECT COUNT(*) FROM {{comments}} WHERE post_id = ?{filter_sql}")

        def work(cursor: Any) -> int:
            cursor.execute(sql, [post_id, *filter_params])
            return int(cursor.fetchone()[0])

        return self._runner.run(work, write=False)

