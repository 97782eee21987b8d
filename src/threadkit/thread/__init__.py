"""The thread pillar: a flat list of comments in, the nested thread a page shows out.

``build_thread`` orders, nests, filters, limits and paginates; ``page_of`` finds a comment's
page for permalinks; ``render_text`` prints a thread the way a blog lists its responses.
"""

from threadkit.thread._build import PageRef, build_thread, page_of
from threadkit.thread._node import MoreReplies, Node, Thread
from threadkit.thread._options import REMOVED_POLICIES, InvalidOption
from threadkit.thread._order import (
    BEST,
    CONTROVERSIAL,
    NEWEST,
    OLDEST,
    ORDERS,
    TOP,
    Order,
    best,
    controversy,
    wilson_lower_bound,
)
from threadkit.thread._render import format_date, render_text

__all__ = [
    "BEST",
    "CONTROVERSIAL",
    "NEWEST",
    "OLDEST",
    "ORDERS",
    "REMOVED_POLICIES",
    "TOP",
    "InvalidOption",
    "MoreReplies",
    "Node",
    "Order",
    "PageRef",
    "Thread",
    "best",
    "build_thread",
    "controversy",
    "format_date",
    "page_of",
    "render_text",
    "wilson_lower_bound",
]
