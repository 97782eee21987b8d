"""Tests of the shared model and its errors: validation at construction, evolve, round-trips."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadkit import (
    Action,
    Author,
    Comment,
    CommentDraft,
    CycleDetected,
    DuplicateCommentId,
    Finding,
    InvalidComment,
    ParentInOtherPost,
    ParentNotFound,
    Status,
    ThreadError,
    ThreadkitError,
    Verdict,
)
from threadkit.testing import authors, comment_drafts, comments

WHEN = datetime(2017, 5, 19, 9, 30, tzinfo=UTC)


def make(**changes: object) -> Comment:
    fields: dict[str, object] = {
        "id": "c1",
        "post_id": "turning-down-a-job-offer",
        "parent_id": None,
        "author": Author(name="Todd Winnick"),
        "body": "He was honest about it.",
        "created_at": WHEN,
    }
    fields.update(changes)
    return Comment(**fields)  # type: ignore[arg-type]


def test_comment_needs_only_the_issue_fields() -> None:
    """A comment builds from id, post, parent, author, body and time, with documented defaults."""
    comment = make()
    assert comment.status is Status.APPROVED
    assert (comment.html, comment.edited_at, comment.ups, comment.downs) == ("", None, 0, 0)
    assert comment.verdict is None


def test_naive_created_at_is_rejected_with_the_field_named() -> None:
    """A naive datetime is ambiguous, so building a comment with one fails and says why."""
    with pytest.raises(InvalidComment) as caught:
        make(created_at=datetime(2017, 5, 19, 9, 30))
    assert caught.value.field == "created_at"
    assert "timezone-aware" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ThreadkitError)


def test_naive_edited_at_is_rejected() -> None:
    """edited_at must be aware too."""
    with pytest.raises(InvalidComment) as caught:
        make(edited_at=datetime(2017, 5, 20))
    assert caught.value.field == "edited_at"


def test_edit_before_creation_is_rejected() -> None:
    """A comment cannot be edited before it was written."""
    with pytest.raises(InvalidComment) as caught:
        make(edited_at=WHEN - timedelta(seconds=1))
    assert caught.value.field == "edited_at"
    assert caught.value.comment_id == "c1"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", ""),
        ("post_id", ""),
        ("id", 7),
        ("parent_id", 3),
        ("body", None),
        ("created_at", "2017-05-19"),
        ("ups", -1),
        ("downs", True),
        ("status", "published"),
    ],
)
def test_bad_field_values_are_rejected(field: str, value: object) -> None:
    """Each field is checked when the comment is built, and the error names the field."""
    with pytest.raises(InvalidComment) as caught:
        make(**{field: value})
    assert caught.value.field == field


def test_author_of_the_wrong_type_is_an_invalid_comment() -> None:
    """A non-Author author fails like every other field: InvalidComment naming the field."""
    with pytest.raises(InvalidComment) as caught:
        make(author="Todd Winnick")
    assert caught.value.field == "author"


def test_self_reply_is_rejected() -> None:
    """A comment cannot name itself as its parent."""
    with pytest.raises(InvalidComment, match="itself"):
        make(parent_id="c1")


def test_status_accepts_its_string_value() -> None:
    """Stores read statuses back as strings; the converter turns them into the enum."""
    assert make(status="spam").status is Status.SPAM


def test_other_time_zones_are_accepted_and_compare_by_instant() -> None:
    """Any aware offset is fine; the same instant in two zones is equal."""
    tokyo = WHEN.astimezone(timezone(timedelta(hours=9)))
    assert make(created_at=tokyo).created_at == make().created_at


def test_evolve_validates_again() -> None:
    """attrs.evolve builds a new comment, so it cannot produce an invalid one."""
    comment = make()
    assert attrs.evolve(comment, status=Status.SPAM).status is Status.SPAM
    with pytest.raises(InvalidComment):
        attrs.evolve(comment, created_at=datetime(2017, 5, 19))
    with pytest.raises(InvalidComment):
        attrs.evolve(comment, ups=-3)


def test_models_are_frozen() -> None:
    """Models cannot be changed in place."""
    comment = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        comment.body = "changed"  # type: ignore[misc]


def test_author_needs_a_string_name() -> None:
    """Author names and optional contact fields are type-checked."""
    assert Author(name="Daisuke").email is None
    with pytest.raises(InvalidComment):
        Author(name=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidComment):
        Author(name="Daisuke", email=42)  # type: ignore[arg-type]


def test_draft_needs_no_time() -> None:
    """A draft without created_at is valid: the store stamps the time."""
    draft = CommentDraft(post_id="p", body="Hello", author=Author(name="Daisuke"))
    assert draft.created_at is None
    assert draft.parent_id is None
    assert dict(draft.meta) == {}


def test_draft_rejects_naive_time_and_freezes_meta() -> None:
    """A draft's time must be aware and its request details cannot be changed afterwards."""
    with pytest.raises(InvalidComment):
        CommentDraft(
            post_id="p", body="x", author=Author(name="a"), created_at=datetime(2017, 5, 19)
        )
    meta = {"honeypot": ""}
    draft = CommentDraft(post_id="p", body="x", author=Author(name="a"), meta=meta)
    meta["honeypot"] = "filled later"
    assert draft.meta["honeypot"] == ""
    with pytest.raises(TypeError):
        draft.meta["user_agent"] = "bot"  # type: ignore[index]


def test_verdict_round_trips_through_a_dict() -> None:
    """Verdict.to_dict/from_dict are inverses, findings included."""
    finding = Finding(
        rule="accusation",
        category="toxicity",
        score=3.5,
        span=(8, 17),
        excerpt="dishonest",
        reason="calls a person dishonest",
    )
    verdict = Verdict(action=Action.HOLD, score=3.5, findings=(finding,))
    data = verdict.to_dict()
    assert data["action"] == "hold"
    assert data["findings"][0]["span"] == [8, 17]
    assert Verdict.from_dict(data) == verdict


@given(
    action=st.sampled_from(list(Action)),
    findings=st.lists(
        st.builds(
            Finding,
            rule=st.text(min_size=1, max_size=10),
            category=st.sampled_from(["spam", "toxicity", "safety"]),
            score=st.floats(-10, 10, allow_nan=False),
            span=st.tuples(st.integers(0, 100), st.integers(0, 100)),
            excerpt=st.text(max_size=20),
            reason=st.text(max_size=40),
        ),
        max_size=4,
    ),
)
def test_verdict_dict_round_trip_property(action: Action, findings: list[Finding]) -> None:
    """Any verdict survives to_dict/from_dict unchanged."""
    verdict = Verdict(action=action, score=sum(f.score for f in findings), findings=findings)
    assert Verdict.from_dict(verdict.to_dict()) == verdict


def test_verdict_action_accepts_strings_and_rejects_unknown() -> None:
    """The action converter takes the string value and refuses others."""
    assert Verdict(action="approve").action is Action.APPROVE
    with pytest.raises(ValueError):
        Verdict(action="maybe")


@given(comments())
def test_generated_comments_are_valid_and_picklable(comment: Comment) -> None:
    """threadkit.testing.comments yields valid comments that survive pickling and evolve."""
    assert comment.created_at.tzinfo is not None
    assert pickle.loads(pickle.dumps(comment)) == comment
    assert attrs.evolve(comment) == comment


@given(authors(), comment_drafts())
def test_generated_authors_and_drafts_are_valid(author: Author, draft: CommentDraft) -> None:
    """The author and draft strategies give valid models."""
    assert author.name.strip()
    assert draft.created_at is None or draft.created_at.utcoffset() is not None


def test_thread_errors_carry_the_comment() -> None:
    """Thread errors name the offending comment and sit under ThreadError."""
    missing = ParentNotFound("c2", "c9")
    assert (missing.comment_id, missing.parent_id) == ("c2", "c9")
    assert isinstance(missing, LookupError)
    foreign = ParentInOtherPost("c2", "c1", "post-a", "post-b")
    assert "post-b" in str(foreign)
    loop = CycleDetected(["a", "b"])
    assert loop.comment_ids == ("a", "b")
    assert "'a' -> 'b'" in str(loop)
    duplicate = DuplicateCommentId("c1")
    for error in (missing, foreign, loop, duplicate):
        assert isinstance(error, ThreadError)
        assert isinstance(error, ThreadkitError)
