"""The comment service: one object that takes a reader's comment in and gives a thread out.

It wires the four pillars so a blog engine does not have to: checks the parent, sanitises,
moderates with the author's history from the store, stores the comment with its verdict, runs
the blog's hooks, and pages threads for readers and moderators.
"""

from threadkit.service._events import CommentEvent, EventKind, Hook, Hooks
from threadkit.service._results import SubmitResult, ThreadPage
from threadkit.service._service import CommentService

__all__ = [
    "CommentEvent",
    "CommentService",
    "EventKind",
    "Hook",
    "Hooks",
    "SubmitResult",
    "ThreadPage",
]
