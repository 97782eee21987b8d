"""threadkit: threaded, sanitised, explainably moderated comments for Python blog engines."""

from threadkit._errors import (
    CommentNotFound,
    ContentTooLarge,
    CycleDetected,
    DuplicateCommentId,
    InvalidComment,
    InvalidCursor,
    InvalidTransition,
    ParentInOtherPost,
    ParentNotFound,
    RuleConfigError,
    SchemaVersionError,
    StatusConflict,
    StoreError,
    ThreadError,
    ThreadkitError,
    UnknownRule,
)
from threadkit._model import Action, Author, Comment, CommentDraft, Finding, Status, Verdict

__version__ = "0.1.0.dev0"

__all__ = [
    "Action",
    "Author",
    "Comment",
    "CommentDraft",
    "CommentNotFound",
    "ContentTooLarge",
    "CycleDetected",
    "DuplicateCommentId",
    "Finding",
    "InvalidComment",
    "InvalidCursor",
    "InvalidTransition",
    "ParentInOtherPost",
    "ParentNotFound",
    "RuleConfigError",
    "SchemaVersionError",
    "Status",
    "StatusConflict",
    "StoreError",
    "ThreadError",
    "ThreadkitError",
    "UnknownRule",
    "Verdict",
]
