"""Option checking for the thread builder, and the error it raises for a bad option."""

from __future__ import annotations

from threadkit._errors import ThreadkitError

#: What happens to a hidden comment that still has visible replies.
REMOVED_POLICIES = ("tombstone", "reparent", "hide")


class InvalidOption(ThreadkitError, ValueError):
    """An argument to :func:`~threadkit.thread.build_thread` (or a helper) is out of range.

    Attributes:
        option: the argument's name.
        value: the rejected value.
    """

    def __init__(self, option: str, value: object, message: str):
        self.option = option
        self.value = value
        super().__init__(f"{option}={value!r}: {message}")


def check_count(option: str, value: int | None, *, minimum: int) -> None:
    """Refuse a count that is not an int >= ``minimum`` (None means "no limit" and passes)."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InvalidOption(option, value, f"must be None or an integer >= {minimum}")


def check_removed(removed: str) -> None:
    """Refuse an unknown removed-comment policy."""
    if removed not in REMOVED_POLICIES:
        raise InvalidOption("removed", removed, "must be one of " + ", ".join(REMOVED_POLICIES))
