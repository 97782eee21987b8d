"""Sibling orderings: oldest, newest, top, best (Wilson lower bound) and controversial.

An order is data, not code paths: a name, an optional score (higher shows first) and a
direction. Every order ends in the same tie-breakers, time then id, so equal scores and equal
timestamps still render the same way on every request, and a pagination cursor can name an
exact position.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from itertools import compress, count, islice
from operator import attrgetter, eq
from types import MappingProxyType
from typing import Any

import attrs

from threadkit._model import Comment
from threadkit.thread._options import InvalidOption

#: The z value Reddit's "best" uses: a 95% confidence interval.
DEFAULT_Z = 1.96

SortKey = tuple[Any, ...]


def wilson_lower_bound(ups: int, downs: int, z: float = DEFAULT_Z) -> float:
    """The lower bound of the Wilson score interval for the share of up-votes.

    A comment with 9 ups and 1 down ranks above one with a single up-vote: the bound asks how
    good the comment is *at least*, given how few votes it has, instead of trusting a ratio.
    No votes scores 0.
    """
    n = ups + downs
    if n == 0:
        return 0.0
    p = ups / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    spread = z * math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)
    return (centre - spread) / (1 + z2 / n)


def controversy(ups: int, downs: int) -> float:
    """Reddit's controversy score: many votes, evenly split, score highest.

    ``magnitude ** balance``, where magnitude is the vote count and balance is the smaller side
    over the larger (1.0 for an even split). A comment with no votes on one side is not
    controversial and scores 0.
    """
    if ups <= 0 or downs <= 0:
        return 0.0
    magnitude = ups + downs
    balance = downs / ups if ups > downs else ups / downs
    return float(magnitude**balance)


@attrs.frozen
class _Wilson:
    """The "best" score as a comparable callable, so ``best(2.0) == best(2.0)``."""

    z: float

    def __call__(self, comment: Comment) -> float:
        return wilson_lower_bound(comment.ups, comment.downs, self.z)


def _net_votes(comment: Comment) -> float:
    return comment.ups - comment.downs


def _controversy_of(comment: Comment) -> float:
    return controversy(comment.ups, comment.downs)


_BY_TIME = attrgetter("created_at", "id")
_ID = attrgetter("id")
_TIME = attrgetter("created_at")


def sort_by_time(comments: list[Comment]) -> list[Comment]:
    """``comments`` by ``(created_at, id)`` (a new list): the base of every order.

    Sorting on plain datetimes, then putting equal times in id order, is several times
    faster than sorting on ``(time, id)`` tuples.
    """
    ordered = sorted(comments, key=_TIME)
    times = list(map(_TIME, ordered))
    # Positions whose time equals the next one's, found by C-level iteration: stores stamp
    # microseconds, so this is usually empty and costs one pass.
    tied = list(compress(count(), map(eq, times, islice(times, 1, None))))
    if len(tied) > len(ordered) // 16:
        # Many ties (second-resolution imports): two stable passes beat fixing each run.
        ordered.sort(key=_ID)
        ordered.sort(key=_TIME)
        return ordered
    i = 0
    while i < len(tied):
        start = end = tied[i]
        i += 1
        while i < len(tied) and tied[i] == end + 1:
            end = tied[i]
            i += 1
        ordered[start : end + 2] = sorted(ordered[start : end + 2], key=_ID)
    return ordered


@attrs.frozen
class Order:
    """How sibling comments are ordered, at every level of a thread.

    Attributes:
        name: a short name; pagination cursors carry it, so a cursor from one order is refused
            by another.
        score: a number per comment, higher first; None orders by time alone.
        newest_first: reverse the whole order (for ``newest``: latest time, then highest id).
    """

    name: str = attrs.field(validator=attrs.validators.min_len(1))
    score: Callable[[Comment], float] | None = attrs.field(default=None, repr=False)
    newest_first: bool = False

    def sort(self, comments: list[Comment]) -> list[Comment]:
        """``comments`` in this order (a new list), every key part compared exactly."""
        return self.arrange(sort_by_time(comments))

    def arrange(self, by_time: list[Comment]) -> list[Comment]:
        """This order from a list already sorted by :func:`sort_by_time` (which is kept).

        A score order sorts again by score alone: Python's sort is stable, so equal scores
        keep their time-then-id order.
        """
        score = self.score
        if score is None:
            return by_time[::-1] if self.newest_first else by_time
        ordered = sorted(by_time, key=lambda c: -score(c))
        if self.newest_first:
            ordered.reverse()
        return ordered

    def key(self) -> Callable[[Comment], SortKey]:
        """The sort key function: ``(created_at, id)``, or ``(-score, created_at, id)``."""
        score = self.score
        if score is None:
            return _BY_TIME

        def by_score(comment: Comment) -> SortKey:
            return (-score(comment), comment.created_at, comment.id)

        return by_score


def best(z: float = DEFAULT_Z) -> Order:
    """Reddit's "best": the Wilson lower bound on up-votes, at confidence ``z``.

    A larger ``z`` trusts small vote counts less. The default order named ``"best"`` uses
    z = 1.96; other values get their own name (``"best(z=2.58)"``) so their cursors differ.
    """
    if not (isinstance(z, int | float) and math.isfinite(z) and z > 0):
        raise InvalidOption("z", z, "must be a positive finite number")
    name = "best" if z == DEFAULT_Z else f"best(z={z:g})"
    return Order(name, score=_Wilson(float(z)))


OLDEST = Order("oldest")
NEWEST = Order("newest", newest_first=True)
TOP = Order("top", score=_net_votes)
BEST = best()
CONTROVERSIAL = Order("controversial", score=_controversy_of)

#: The built-in orders by name; ``build_thread(order="top")`` looks names up here.
ORDERS: Mapping[str, Order] = MappingProxyType(
    {o.name: o for o in (OLDEST, NEWEST, TOP, BEST, CONTROVERSIAL)}
)


def resolve_order(order: str | Order) -> Order:
    """The :class:`Order` for a name or an order; unknown names raise :class:`InvalidOption`."""
    if isinstance(order, Order):
        return order
    found = ORDERS.get(order) if isinstance(order, str) else None
    if found is None:
        raise InvalidOption("order", order, "must be an Order or one of " + ", ".join(ORDERS))
    return found
