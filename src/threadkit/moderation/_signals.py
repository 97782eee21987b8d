"""Rules about the comment's circumstances: history, standing and the form it came from.

They read ``CheckContext`` (built by the service from its store) and the draft's author and
request details; with plain text and no context they find nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

import attrs

from threadkit._model import Author, Comment, CommentDraft, Finding
from threadkit.moderation._base import RuleBase
from threadkit.moderation._context import CheckContext
from threadkit.moderation._rule import note_finding
from threadkit.moderation._text import NormalizedText, normalize


def same_author(a: Author, b: Author) -> bool:
    """Whether two authors are the same person, as far as their details tell."""
    if a.user_id is not None and b.user_id is not None:
        return a.user_id == b.user_id
    if a.email and b.email:
        return a.email.strip().casefold() == b.email.strip().casefold()
    if a.user_id is None and b.user_id is None and not a.email and not b.email:
        return bool(a.name.strip()) and a.name.strip().casefold() == b.name.strip().casefold()
    return False


def _same_source(a: Author, b: Author) -> bool:
    return same_author(a, b) or (a.ip is not None and a.ip == b.ip)


def _body_key(text: str) -> str:
    return " ".join(normalize(text).skeleton.words)


def _to_seconds(value: float | timedelta) -> float:
    # Anything else is left as it is for validate() to report with the key.
    return value.total_seconds() if isinstance(value, timedelta) else value


def _check_seconds(rule: RuleBase, key: str) -> None:
    value = getattr(rule, key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise rule.fail(key, "must be a number of seconds")
    if value <= 0:
        raise rule.fail(key, "must be more than 0 seconds")


def _recent(context: CheckContext, now: datetime, window: float) -> Iterator[Comment]:
    since = now - timedelta(seconds=window)
    for comment in context.recent:
        if comment.created_at >= since:
            yield comment


@attrs.frozen(kw_only=True, repr=False)
class DuplicateRule(RuleBase):
    """Flags a body already posted recently; twice the score when the same author posted it.

    Attributes:
        window: seconds (or a timedelta) to look back.
        min_length: shorter bodies ("Thanks!", "+1") may repeat innocently and are skipped.
        same_author_weight: weight when the earlier copy came from the same author or address.
    """

    factory = "duplicate_comment"
    quiet_on_plain = True

    window: float = attrs.field(default=86_400.0, converter=_to_seconds)
    min_length: int = 12
    same_author_weight: float = 2.0

    def validate(self) -> None:
        _check_seconds(self, "window")
        if isinstance(self.min_length, bool) or not isinstance(self.min_length, int):
            raise self.fail("min_length", "must be a whole number")
        if not isinstance(self.same_author_weight, int | float) or self.same_author_weight < 0:
            raise self.fail("same_author_weight", "must be a number, at least 0")

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        if not context.recent:
            return ()  # no history: decided without starting a generator
        return self._find(text, draft, context)

    def _find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterator[Finding]:
        if len(text.original.strip()) < self.min_length:
            return
        key = " ".join(text.skeleton.words)
        if not key:
            return
        now = context.current_time(draft)
        size = len(text.original)
        for comment in _recent(context, now, self.window):
            # Bodies of very different lengths are not the same comment re-spaced or re-cased;
            # skipping them keeps a long history from costing a normalisation each.
            if not size / 4 - 64 <= len(comment.body) <= size * 4 + 64:
                continue
            if _body_key(comment.body) != key:
                continue
            if draft is not None and _same_source(comment.author, draft.author):
                yield note_finding(
                    self,
                    score=self.score * self.same_author_weight,
                    reason="You have already posted this comment.",
                )
            else:
                yield note_finding(self)
            return


@attrs.frozen(kw_only=True, repr=False)
class FloodRule(RuleBase):
    """Flags an author or address posting faster than a person types.

    Attributes:
        interval: seconds that must pass between two comments from the same author or address
            (WordPress uses 15).
        burst: comments within ``burst_window`` that count as a flood.
        burst_window: seconds the burst is counted over.
    """

    factory = "flood"
    quiet_on_plain = True

    interval: float = attrs.field(default=15.0, converter=_to_seconds)
    burst: int = 5
    burst_window: float = attrs.field(default=600.0, converter=_to_seconds)

    def validate(self) -> None:
        _check_seconds(self, "interval")
        _check_seconds(self, "burst_window")
        if isinstance(self.burst, bool) or not isinstance(self.burst, int) or self.burst < 2:
            raise self.fail("burst", "must be a whole number, at least 2")

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        if draft is None or not context.recent:
            return ()  # no history: decided without starting a generator
        return self._find(draft, context)

    def _find(self, draft: CommentDraft, context: CheckContext) -> Iterator[Finding]:
        now = context.current_time(draft)
        window = max(self.interval, self.burst_window)
        mine = [c for c in _recent(context, now, window) if _same_source(c.author, draft.author)]
        if not mine:
            return
        newest = max(c.created_at for c in mine)
        gap = (now - newest).total_seconds()
        if gap < self.interval:
            yield note_finding(
                self,
                reason=f"Posted {max(gap, 0):.0f} s after the previous comment from the same "
                "author or address; slow down.",
            )
            return
        since = now - timedelta(seconds=self.burst_window)
        count = sum(1 for c in mine if c.created_at >= since) + 1
        if count >= self.burst:
            minutes = self.burst_window / 60
            yield note_finding(
                self,
                reason=f"{count} comments from the same author or address within "
                f"{minutes:g} minutes.",
            )


@attrs.frozen(kw_only=True, repr=False)
class FirstCommentRule(RuleBase):
    """Holds a first comment by an author with no approved comment, as WordPress does."""

    factory = "first_comment"
    quiet_on_plain = True

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        return (note_finding(self),) if context.known_author is False else ()


@attrs.frozen(kw_only=True, repr=False)
class KnownAuthorRule(RuleBase):
    """Credits (with a negative score) an author who has approved comments already."""

    factory = "known_author"
    quiet_on_plain = True

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        return (note_finding(self),) if context.known_author is True else ()


@attrs.frozen(kw_only=True, repr=False)
class HoneypotRule(RuleBase):
    """Flags a comment whose hidden form field (invisible to people, filled by bots) has text.

    Attributes:
        field: the ``CommentDraft.meta`` key the service stores the hidden field's value under.
    """

    factory = "honeypot"
    quiet_on_plain = True

    field: str = "honeypot"

    def validate(self) -> None:
        if not isinstance(self.field, str) or not self.field:
            raise self.fail("field", "must be a non-empty string")

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        if draft is not None and draft.meta.get(self.field, "").strip():
            return (note_finding(self),)
        return ()
