"""Tests for threadkit.service: CommentService on real MemoryStore and SQLiteStore."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadkit import (
    Action,
    Author,
    Comment,
    CommentDraft,
    CommentNotFound,
    ContentTooLarge,
    InvalidComment,
    InvalidCursor,
    InvalidTransition,
    ParentInOtherPost,
    ParentNotFound,
    Status,
    Verdict,
)
from threadkit.moderation import RuleSet, rules
from threadkit.sanitize import Sanitizer, SanitizerPolicy
from threadkit.service import CommentEvent, CommentService, EventKind, Hooks, SubmitResult
from threadkit.store import (
    CommentStore,
    MemoryStore,
    Page,
    SQLiteStore,
    SupportsCounts,
    SupportsVotes,
)
from threadkit.thread import build_thread

START = datetime(2017, 5, 19, 9, 0, tzinfo=UTC)
POST = "turning-down-a-job-offer"
ADA = Author("Ada", email="ada@example.org", ip="192.0.2.1")
BO = Author("Bo", email="bo@example.org", ip="192.0.2.2")
CY = Author("Cy", email="cy@example.org", ip="192.0.2.3")
HOSTILE = "You are dishonest and highly deceptive"


class Clock:
    """A settable clock, so history windows are exact and tests never sleep."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CommentStore]:
    """A real, empty store: the in-memory reference and SQLite on a file."""
    if request.param == "memory":
        yield MemoryStore()
        return
    sqlite = SQLiteStore(tmp_path / "comments.sqlite3")
    yield sqlite
    sqlite.close()


@pytest.fixture
def clock() -> Clock:
    """The service's clock, starting on the example's comment day."""
    return Clock()


@pytest.fixture
def events() -> list[CommentEvent]:
    """Every hook event fired, in order."""
    return []


@pytest.fixture
def service(store: CommentStore, clock: Clock, events: list[CommentEvent]) -> CommentService:
    """A service with the default rules whose hooks record every event."""
    hooks = Hooks(
        approved=events.append, reply=events.append, held=events.append, rejected=events.append
    )
    return CommentService(store, hooks=hooks, clock=clock)


def known(service: CommentService, author: Author, clock: Clock) -> None:
    """Make ``author`` known: one comment on another post, approved by a moderator."""
    result = service.submit(post_id="elsewhere", author=author, body="An earlier kind word.")
    if result.comment.status is not Status.APPROVED:
        service.approve(result.comment.id)
    clock.advance(minutes=5)


def everything(store: CommentStore, post_id: str = POST) -> list[Comment]:
    """Every stored comment of a post, of any status."""
    found: list[Comment] = []
    for status in Status:
        found.extend(store.list_by_status(status, post_id=post_id, limit=500).items)
    return found


def rule_names(result: SubmitResult) -> set[str]:
    return {f.rule for f in result.verdict.findings}


# -- submit -------------------------------------------------------------------------------


def test_clean_comment_from_known_author_is_approved(service: CommentService, clock: Clock) -> None:
    """A known author's friendly comment is stored approved, sanitised, with its verdict."""
    known(service, ADA, clock)
    result = service.submit(post_id=POST, author=ADA, body="Good advice. <b>Thanks</b> & more")
    assert result.verdict.action is Action.APPROVE
    assert result.comment.status is Status.APPROVED
    assert result.visible
    assert not result.held
    assert "<b>" not in result.comment.html
    assert "&lt;b&gt;" in result.comment.html
    stored = service.store.get(result.comment.id)
    assert stored == result.comment
    assert stored.verdict == result.verdict
    assert stored.body == "Good advice. <b>Thanks</b> & more"


def test_first_time_author_is_held_until_approved_then_known(
    service: CommentService, clock: Clock
) -> None:
    """A first comment is held; once approved the author's next comment goes straight in."""
    first = service.submit(post_id=POST, author=BO, body="I agree with the counteroffer.")
    assert first.comment.status is Status.PENDING
    assert first.held
    assert "first_comment" in rule_names(first)
    assert service.store.get(first.comment.id).verdict == first.verdict
    service.approve(first.comment.id)
    clock.advance(minutes=10)
    second = service.submit(post_id=POST, author=BO, body="One more thought on loyalty.")
    assert second.comment.status is Status.APPROVED
    assert "first_comment" not in rule_names(second)
    assert "known_author" in rule_names(second)


def test_first_time_check_can_be_switched_off(store: CommentStore, clock: Clock) -> None:
    """With first_time_check=False a new author's clean comment is approved."""
    service = CommentService(store, clock=clock, first_time_check=False)
    result = service.submit(post_id=POST, author=CY, body="Thoughtful post, thank you.")
    assert result.comment.status is Status.APPROVED
    assert "first_comment" not in rule_names(result)


def test_rejected_comment_is_stored_as_spam(store: CommentStore, clock: Clock) -> None:
    """A verdict of reject stores the comment as spam, where no reader sees it."""
    ruleset = RuleSet.of(rules.blocked_phrases(["cheap pills"], score=20.0))
    service = CommentService(store, ruleset, clock=clock)
    result = service.submit(post_id=POST, author=ADA, body="Buy cheap pills today")
    assert result.verdict.action is Action.REJECT
    assert result.comment.status is Status.SPAM
    assert service.store.get(result.comment.id).status is Status.SPAM
    assert len(service.thread(POST).thread) == 0


def test_hostile_comment_is_held_with_spans(service: CommentService, clock: Clock) -> None:
    """The recruiter's accusation is held even from a known author, its words highlighted."""
    known(service, CY, clock)
    result = service.submit(post_id=POST, author=CY, body=HOSTILE)
    assert result.comment.status is Status.PENDING
    toxic = [f for f in result.verdict.findings if f.category == "toxicity"]
    assert toxic
    for finding in toxic:
        start, end = finding.span
        assert HOSTILE[start:end] == finding.excerpt
    excerpts = " ".join(f.excerpt for f in toxic)
    assert "dishonest" in excerpts


def test_reported_speech_is_not_treated_as_an_attack(service: CommentService, clock: Clock) -> None:
    """The job seeker quoting what they were called passes the toxicity rules."""
    known(service, ADA, clock)
    body = (
        "I was called 'dishonest' and 'highly deceptive' by a recruiter, "
        "though I was transparent throughout."
    )
    result = service.submit(post_id=POST, author=ADA, body=body)
    assert not [f for f in result.verdict.findings if f.category == "toxicity"]
    assert result.comment.status is Status.APPROVED


def test_request_meta_reaches_the_rules(service: CommentService, clock: Clock) -> None:
    """A filled honeypot field (passed as request meta) is seen by the honeypot rule."""
    known(service, ADA, clock)
    result = service.submit(post_id=POST, author=ADA, body="Nice post!", honeypot="http://x.test")
    assert "honeypot" in rule_names(result)
    assert result.comment.status is not Status.APPROVED


def test_duplicate_from_history(service: CommentService, clock: Clock) -> None:
    """The same body again from the same author within the window is flagged as duplicate."""
    known(service, ADA, clock)
    body = "Communication and transparency are the key to any relationship."
    first = service.submit(post_id=POST, author=ADA, body=body)
    assert "duplicate_comment" not in rule_names(first)
    clock.advance(minutes=2)
    again = service.submit(post_id=POST, author=ADA, body=body)
    assert "duplicate_comment" in rule_names(again)
    assert again.comment.status is not Status.APPROVED


def test_duplicate_outside_history_window_is_not_flagged(store: CommentStore, clock: Clock) -> None:
    """Past the history window an old comment is not looked up, so a repeat is fine."""
    service = CommentService(store, clock=clock, history_window=timedelta(hours=1))
    known(service, ADA, clock)
    body = "Communication and transparency are the key to any relationship."
    service.submit(post_id=POST, author=ADA, body=body)
    clock.advance(hours=2)
    later = service.submit(post_id=POST, author=ADA, body=body)
    assert "duplicate_comment" not in rule_names(later)


def test_flood_from_history(service: CommentService, clock: Clock) -> None:
    """Two comments seconds apart from one address trip the flood rule."""
    known(service, ADA, clock)
    service.submit(post_id=POST, author=ADA, body="First quick thought about the recruiter.")
    clock.advance(seconds=3)
    fast = service.submit(post_id=POST, author=ADA, body="And a second, very different remark.")
    assert "flood" in rule_names(fast)
    clock.advance(minutes=5)
    calm = service.submit(post_id=POST, author=ADA, body="A third one, after a pause to think.")
    assert "flood" not in rule_names(calm)


def test_flood_is_detected_by_ip_alone(service: CommentService, clock: Clock) -> None:
    """Different names and e-mails from one IP address still count as one source."""
    known(service, ADA, clock)
    service.submit(post_id=POST, author=ADA, body="A comment from the shared address.")
    clock.advance(seconds=2)
    other = Author("Someone", email="someone@example.org", ip=ADA.ip)
    result = service.submit(post_id=POST, author=other, body="Another remark entirely here.")
    assert "flood" in rule_names(result)


def test_submit_requires_a_naive_free_clock(store: CommentStore) -> None:
    """A clock returning naive datetimes is refused before anything is stored."""
    service = CommentService(store, clock=lambda: datetime(2017, 5, 19))
    with pytest.raises(ValueError, match="naive"):
        service.submit(post_id=POST, author=ADA, body="hello")
    assert everything(store) == []


# -- failures leave nothing stored ----------------------------------------------------------


def test_parent_in_other_post_stores_nothing(
    service: CommentService, clock: Clock, events: list[CommentEvent]
) -> None:
    """A reply naming a comment of another post raises ParentInOtherPost; nothing is stored."""
    known(service, ADA, clock)
    other = service.submit(post_id="another-post", author=ADA, body="Elsewhere.").comment
    events.clear()
    with pytest.raises(ParentInOtherPost) as caught:
        service.submit(post_id=POST, parent_id=other.id, author=ADA, body="A reply.")
    assert (caught.value.parent_id, caught.value.post_id) == (other.id, POST)
    assert caught.value.parent_post_id == "another-post"
    assert everything(service.store) == []
    assert events == []


def test_missing_parent_stores_nothing(service: CommentService) -> None:
    """A reply to an unknown comment raises ParentNotFound naming it; nothing is stored."""
    with pytest.raises(ParentNotFound) as caught:
        service.submit(post_id=POST, parent_id="no-such-id", author=ADA, body="A reply.")
    assert caught.value.parent_id == "no-such-id"
    assert caught.value.comment_id is None
    assert everything(service.store) == []


def test_content_too_large_stores_nothing(store: CommentStore, clock: Clock) -> None:
    """An over-long body raises ContentTooLarge before anything is stored or hooked."""
    seen: list[CommentEvent] = []
    sanitizer = Sanitizer(SanitizerPolicy(max_length=200))
    hooks = Hooks(approved=seen.append, held=seen.append, rejected=seen.append)
    service = CommentService(store, sanitizer=sanitizer, hooks=hooks, clock=clock)
    with pytest.raises(ContentTooLarge) as caught:
        service.submit(post_id=POST, author=ADA, body="x" * 201)
    assert caught.value.limit == 200
    assert everything(store) == []
    assert seen == []


@pytest.mark.parametrize("body", ["", "   ", "\n\t "])
def test_empty_body_is_refused(service: CommentService, body: str) -> None:
    """A blank comment raises InvalidComment on the body field; nothing is stored."""
    with pytest.raises(InvalidComment) as caught:
        service.submit(post_id=POST, author=ADA, body=body)
    assert caught.value.field == "body"
    assert everything(service.store) == []


def test_invalid_post_id_is_refused(service: CommentService) -> None:
    """An empty post id is refused by the model before the store is asked."""
    with pytest.raises(InvalidComment) as caught:
        service.submit(post_id="", author=ADA, body="hi there")
    assert caught.value.field == "post_id"


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH, Status.DELETED])
def test_reply_to_hidden_parent_is_refused(service: CommentService, status: Status) -> None:
    """Spam, trashed and deleted comments take no new replies; nothing is stored."""
    draft = CommentDraft(POST, "parent", ADA, created_at=START)
    parent = service.store.add(draft, status=status)
    with pytest.raises(InvalidComment) as caught:
        service.submit(post_id=POST, parent_id=parent.id, author=BO, body="reply")
    assert caught.value.field == "parent_id"
    assert [c.id for c in everything(service.store)] == [parent.id]


def test_reply_to_pending_parent_is_allowed(service: CommentService, clock: Clock) -> None:
    """A moderator (or the author) may answer a comment still in the queue."""
    held = service.submit(post_id=POST, author=BO, body="Is this too honest a question?").comment
    assert held.status is Status.PENDING
    known(service, ADA, clock)
    reply = service.submit(post_id=POST, parent_id=held.id, author=ADA, body="Not at all.")
    assert reply.comment.parent_id == held.id


# -- hooks ----------------------------------------------------------------------------------


def test_hooks_fire_one_record_per_event(
    service: CommentService, clock: Clock, events: list[CommentEvent]
) -> None:
    """Approved, reply (with the parent), held and rejected each reach their hooks."""
    known(service, ADA, clock)
    events.clear()
    root = service.submit(post_id=POST, author=ADA, body="Root comment with a view.").comment
    assert [(e.kind, e.comment.id, e.cause) for e in events] == [
        (EventKind.APPROVED, root.id, "submit")
    ]
    events.clear()
    clock.advance(minutes=1)
    reply = service.submit(post_id=POST, parent_id=root.id, author=ADA, body="Adding to that.")
    assert [e.kind for e in events] == [EventKind.APPROVED, EventKind.REPLY]
    assert events[1].parent == root
    assert events[1].comment == reply.comment
    assert events[1].verdict == reply.verdict
    events.clear()
    held = service.submit(post_id=POST, parent_id=root.id, author=BO, body="New here, hello.")
    assert [(e.kind, e.comment.status) for e in events] == [(EventKind.HELD, Status.PENDING)]
    assert events[0].verdict == held.verdict
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        events[0].kind = EventKind.APPROVED  # type: ignore[misc]


def test_approving_a_held_reply_fires_approved_and_reply(
    service: CommentService, clock: Clock, events: list[CommentEvent]
) -> None:
    """A held reply notifies the parent's author only when a moderator approves it."""
    known(service, ADA, clock)
    root = service.submit(post_id=POST, author=ADA, body="Root comment with a view.").comment
    held = service.submit(post_id=POST, parent_id=root.id, author=BO, body="Hello, first time.")
    events.clear()
    approved = service.approve(held.comment.id)
    assert [(e.kind, e.cause) for e in events] == [
        (EventKind.APPROVED, "approve"),
        (EventKind.REPLY, "approve"),
    ]
    assert events[1].parent == root
    assert events[1].comment == approved
    assert events[1].verdict == held.verdict


def test_rejected_hook(store: CommentStore, clock: Clock) -> None:
    """A comment the rules reject fires the rejected hooks only."""
    seen: list[CommentEvent] = []
    hooks = Hooks(approved=seen.append, rejected=[seen.append, seen.append])
    ruleset = RuleSet.of(rules.blocked_phrases(["cheap pills"], score=20.0))
    service = CommentService(store, ruleset, hooks=hooks, clock=clock)
    service.submit(post_id=POST, author=ADA, body="cheap pills")
    assert [e.kind for e in seen] == [EventKind.REJECTED, EventKind.REJECTED]


def test_failing_hook_is_logged_and_the_comment_kept(
    store: CommentStore, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    """A hook raising is logged; later hooks still run and the comment stays stored."""
    seen: list[CommentEvent] = []

    def broken(event: CommentEvent) -> None:
        raise RuntimeError("mail server down")

    service = CommentService(store, hooks=Hooks(held=[broken, seen.append]), clock=clock)
    with caplog.at_level(logging.ERROR, logger="threadkit.service"):
        result = service.submit(post_id=POST, author=BO, body="First visit here.")
    assert "mail server down" in caplog.text
    assert [e.comment.id for e in seen] == [result.comment.id]
    assert store.get(result.comment.id).status is Status.PENDING


def test_hooks_refuse_non_callables() -> None:
    """Hooks are checked when the registry is built, not when an event fires."""
    with pytest.raises(TypeError):
        Hooks(approved=["not callable"])  # type: ignore[list-item]
    assert Hooks(approved=print).approved == (print,)


# -- edit -----------------------------------------------------------------------------------


def test_edit_rechecks_an_approved_comment(
    service: CommentService, clock: Clock, events: list[CommentEvent]
) -> None:
    """Editing hostility into an approved comment sends it to the queue with a new verdict."""
    known(service, CY, clock)
    original = service.submit(post_id=POST, author=CY, body="Fair enough, I suppose.")
    assert original.comment.status is Status.APPROVED
    events.clear()
    clock.advance(hours=1)
    edited = service.edit(original.comment.id, body=HOSTILE)
    assert edited.comment.status is Status.PENDING
    assert edited.comment.body == HOSTILE
    assert edited.comment.edited_at == clock.now
    assert edited.verdict.action is Action.HOLD
    assert service.store.get(original.comment.id).verdict == edited.verdict
    assert [e.kind for e in events] == [EventKind.HELD]
    assert events[0].cause == "edit"


def test_edit_keeps_a_clean_comment_approved(service: CommentService, clock: Clock) -> None:
    """A harmless edit keeps the status, replaces body and html, and is not a duplicate."""
    known(service, ADA, clock)
    original = service.submit(post_id=POST, author=ADA, body="Typo in thsi comment.")
    clock.advance(minutes=30)
    edited = service.edit(original.comment.id, body="No typo in this comment.")
    assert edited.comment.status is Status.APPROVED
    assert "No typo" in edited.comment.html
    assert "duplicate_comment" not in rule_names(edited)


def test_edit_never_publishes_a_held_comment(service: CommentService, clock: Clock) -> None:
    """A pending comment stays pending whatever the new verdict; a moderator decides."""
    held = service.submit(post_id=POST, author=BO, body="First comment, held.")
    clock.advance(minutes=1)
    edited = service.edit(held.comment.id, body="Edited first comment.")
    assert edited.comment.status is Status.PENDING


@pytest.mark.parametrize("status", [Status.SPAM, Status.TRASH, Status.DELETED])
def test_edit_of_hidden_comment_is_refused(service: CommentService, status: Status) -> None:
    """Spam, trash and deleted comments cannot be edited back into view."""
    comment = service.store.add(CommentDraft(POST, "x", ADA, created_at=START), status=status)
    with pytest.raises(InvalidTransition) as caught:
        service.edit(comment.id, body="now innocent")
    assert (caught.value.action, caught.value.status) == ("edit", status)
    assert service.store.get(comment.id).body == "x"


def test_edit_too_large_changes_nothing(store: CommentStore, clock: Clock) -> None:
    """An over-long edit raises ContentTooLarge and leaves the comment as it was."""
    service = CommentService(
        store, sanitizer=Sanitizer(SanitizerPolicy(max_length=50)), clock=clock
    )
    comment = store.add(CommentDraft(POST, "short", ADA, created_at=START))
    with pytest.raises(ContentTooLarge):
        service.edit(comment.id, body="y" * 51)
    assert store.get(comment.id) == comment


def test_edit_unknown_comment(service: CommentService) -> None:
    """Editing a comment that does not exist raises CommentNotFound."""
    with pytest.raises(CommentNotFound):
        service.edit("missing", body="hello")


# -- moderation -----------------------------------------------------------------------------

ALLOWED = {
    "approve": {Status.PENDING: Status.APPROVED, Status.SPAM: Status.APPROVED},
    "reject": dict.fromkeys((Status.PENDING, Status.APPROVED, Status.SPAM), Status.TRASH),
    "mark_spam": dict.fromkeys((Status.PENDING, Status.APPROVED, Status.TRASH), Status.SPAM),
    "restore": {Status.TRASH: Status.APPROVED, Status.SPAM: Status.APPROVED},
}


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("status", list(Status))
def test_transition_table(service: CommentService, action: str, status: Status) -> None:
    """Each action moves exactly the statuses it applies to; the rest are InvalidTransition."""
    comment = service.store.add(CommentDraft(POST, "x", ADA, created_at=START), status=status)
    target = ALLOWED[action].get(status)
    if target is None:
        with pytest.raises(InvalidTransition) as caught:
            getattr(service, action)(comment.id)
        assert (caught.value.comment_id, caught.value.action) == (comment.id, action)
        assert caught.value.status == status
        assert service.store.get(comment.id).status is status
    else:
        changed = getattr(service, action)(comment.id)
        assert changed.status is target
        assert service.store.get(comment.id).status is target


def test_two_moderators_only_one_wins(service: CommentService) -> None:
    """The second of two moderators acting on what they saw as pending is refused."""
    held = service.submit(post_id=POST, author=BO, body="Held for a first comment.").comment
    service.mark_spam(held.id, expected=Status.PENDING)
    with pytest.raises(InvalidTransition) as caught:
        service.approve(held.id, expected=Status.PENDING)
    assert caught.value.status == Status.SPAM
    assert isinstance(caught.value.__cause__, Exception)
    assert service.store.get(held.id).status is Status.SPAM


def test_expected_status_that_cannot_take_the_action(service: CommentService) -> None:
    """An expected status the action cannot start from is refused without touching it."""
    comment = service.store.add(CommentDraft(POST, "x", ADA, created_at=START))
    with pytest.raises(InvalidTransition):
        service.approve(comment.id, expected=Status.APPROVED)
    with pytest.raises(InvalidTransition):
        service.reject(comment.id, expected=Status.PENDING)
    assert service.store.get(comment.id).status is Status.APPROVED


def test_restore_follows_the_stored_verdict(service: CommentService) -> None:
    """A trashed comment the rules had held goes back to the queue, not onto the page."""
    held = service.submit(post_id=POST, author=BO, body="Held for a first comment.").comment
    service.reject(held.id)
    assert service.restore(held.id).status is Status.PENDING
    with pytest.raises(InvalidTransition):
        service.restore(held.id)


def test_approved_author_stops_being_known_after_spam(
    service: CommentService, clock: Clock
) -> None:
    """Marking an author's only approved comment as spam makes them unknown again."""
    first = service.submit(post_id=POST, author=BO, body="Hello there, first time.").comment
    service.approve(first.id)
    assert service.store.known_author(BO)
    service.mark_spam(first.id)
    clock.advance(minutes=5)
    again = service.submit(post_id=POST, author=BO, body="Hello again after a while.")
    assert "first_comment" in rule_names(again)


def test_delete_purges_a_leaf_and_tombstones_a_parent(
    service: CommentService, clock: Clock
) -> None:
    """Delete removes a reply-less comment, keeps a parent as a tombstone, refuses twice."""
    known(service, ADA, clock)
    root = service.submit(post_id=POST, author=ADA, body="Parent comment here.").comment
    clock.advance(minutes=1)
    reply = service.submit(post_id=POST, parent_id=root.id, author=ADA, body="A reply.").comment
    clock.advance(minutes=1)
    leaf = service.submit(post_id=POST, author=ADA, body="Lonely comment.").comment
    assert service.delete(leaf.id) is None
    with pytest.raises(CommentNotFound):
        service.store.get(leaf.id)
    stone = service.delete(root.id)
    assert stone is not None
    assert (stone.status, stone.body) == (Status.DELETED, "")
    with pytest.raises(InvalidTransition):
        service.delete(root.id)
    page = service.thread(POST)
    assert [(n.comment.id, n.is_tombstone) for n in page.thread.walk()] == [
        (root.id, True),
        (reply.id, False),
    ]
    assert page.total == 1


def test_delete_with_stale_expected_is_refused(service: CommentService) -> None:
    """Delete refuses when the comment is no longer in the status the moderator saw."""
    comment = service.store.add(CommentDraft(POST, "x", ADA, created_at=START))
    with pytest.raises(InvalidTransition):
        service.delete(comment.id, expected=Status.PENDING)
    assert service.store.get(comment.id) == comment


# -- queue ----------------------------------------------------------------------------------


def test_queue_pages_pending_comments_with_verdicts(service: CommentService, clock: Clock) -> None:
    """The queue lists held comments oldest first, each with the verdict that held it."""
    held = []
    for i in range(5):
        author = Author(f"Reader {i}", email=f"r{i}@example.org", ip=f"198.51.100.{i}")
        held.append(service.submit(post_id=POST, author=author, body=f"Comment number {i}"))
        clock.advance(minutes=1)
    seen: list[Comment] = []
    cursor = None
    pages = 0
    while True:
        page = service.queue(limit=2, cursor=cursor)
        assert isinstance(page, Page)
        seen.extend(page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert [c.id for c in seen] == [r.comment.id for r in held]
    assert [c.verdict for c in seen] == [r.verdict for r in held]
    service.approve(seen[0].id)
    assert len(service.queue().items) == 4
    assert service.queue(post_id="elsewhere").items == ()
    assert service.queue(status=Status.APPROVED).items[0].id == seen[0].id


# -- threads --------------------------------------------------------------------------------


def populate(store: CommentStore, spec: Sequence[tuple[int | None, Status]]) -> list[Comment]:
    """Store comments from (parent index or None, status) pairs, one minute apart."""
    made: list[Comment] = []
    for i, (parent, status) in enumerate(spec):
        draft = CommentDraft(
            POST,
            f"comment {i}",
            Author(f"Author {i}", email=f"a{i}@example.org"),
            parent_id=None if parent is None else made[parent].id,
            created_at=START + timedelta(minutes=i),
        )
        made.append(store.add(draft, status=status))
    return made


def read_all(service: CommentService, **options: object) -> tuple[list[list[str]], list[int]]:
    """Root ids per page and each page's total, following cursors to the end."""
    pages: list[list[str]] = []
    totals: list[int] = []
    cursor = None
    for _ in range(100):
        page = service.thread(POST, cursor=cursor, **options)  # type: ignore[arg-type]
        pages.append([n.comment.id for n in page.thread.roots])
        totals.append(page.total)
        cursor = page.next_cursor
        if cursor is None:
            return pages, totals
    raise AssertionError("pages never ended")


def test_thread_pages_with_cursors_and_totals(service: CommentService) -> None:
    """Pages of roots with their replies; totals count every visible comment on the post."""
    spec: list[tuple[int | None, Status]] = [(None, Status.APPROVED)] * 7
    spec += [(0, Status.APPROVED), (7, Status.APPROVED), (3, Status.PENDING)]
    made = populate(service.store, spec)
    pages, totals = read_all(service, page_size=3)
    assert pages == [[c.id for c in made[i : i + 3]] for i in (0, 3)] + [[made[6].id]]
    assert totals == [9, 9, 9]
    first = service.thread(POST, page_size=3)
    assert [n.comment.id for n in first.thread.walk()][:3] == [made[0].id, made[7].id, made[8].id]
    assert first.thread.find(made[9].id) is None
    newest, _ = read_all(service, page_size=4, order="newest")
    assert newest == [[made[i].id for i in (6, 5, 4, 3)], [made[i].id for i in (2, 1, 0)]]


def test_last_page_has_no_cursor(service: CommentService) -> None:
    """A page that ends exactly at the last root says it is the last."""
    populate(service.store, [(None, Status.APPROVED)] * 4)
    pages, _ = read_all(service, page_size=2)
    assert len(pages) == 2
    assert service.thread("empty-post").next_cursor is None
    assert service.thread("empty-post").total == 0


def test_hidden_roots_take_no_room_on_a_page(service: CommentService) -> None:
    """Spam and pending roots without visible replies are skipped, keeping pages full."""
    spec: list[tuple[int | None, Status]] = [
        (None, Status.APPROVED),
        (None, Status.SPAM),
        (None, Status.PENDING),
        (None, Status.APPROVED),
        (None, Status.TRASH),
        (None, Status.APPROVED),
        (None, Status.SPAM),
    ]
    made = populate(service.store, spec)
    pages, totals = read_all(service, page_size=2)
    assert pages == [[made[0].id, made[3].id], [made[5].id]]
    assert totals == [3, 3]
    moderator, _ = read_all(service, page_size=2, moderator=True)
    assert moderator == [[made[0].id, made[2].id], [made[3].id, made[5].id]]


def test_tombstoned_root_keeps_its_replies_on_the_page(service: CommentService) -> None:
    """A spam root with an approved reply shows as a tombstone holding that reply."""
    made = populate(service.store, [(None, Status.SPAM), (0, Status.APPROVED)])
    page = service.thread(POST)
    nodes = list(page.thread.walk())
    assert [(n.comment.id, n.is_tombstone) for n in nodes] == [
        (made[0].id, True),
        (made[1].id, False),
    ]
    assert page.total == 1
    assert len(page.thread) == 1
    hidden = service.thread(POST, removed="hide")
    assert list(hidden.thread.walk()) == []


def test_moderator_view_and_own_pending(service: CommentService) -> None:
    """Moderators see pending comments; a reader sees their own pending ones, not others'."""
    made = populate(
        service.store,
        [(None, Status.APPROVED), (0, Status.PENDING), (None, Status.PENDING)],
    )
    reader = service.thread(POST)
    assert [n.comment.id for n in reader.thread.walk()] == [made[0].id]
    assert reader.total == 1
    moderator = service.thread(POST, moderator=True)
    assert [n.comment.id for n in moderator.thread.walk()] == [m.id for m in made]
    assert moderator.total == 3
    own = service.thread(POST, viewer=made[1].author)
    assert [n.comment.id for n in own.thread.walk()] == [made[0].id, made[1].id]


def test_score_order_pages_the_whole_post(store: CommentStore, clock: Clock) -> None:
    """``top`` ranks every root of the post, then pages, with a cursor of its own."""
    service = CommentService(store, clock=clock)
    made = populate(store, [(None, Status.APPROVED)] * 5)
    if not isinstance(store, SupportsVotes):
        pytest.skip("store has no votes")
    for voter in range(3):
        store.vote(made[3].id, f"v{voter}", 1)
    store.vote(made[1].id, "v0", 1)
    pages, totals = read_all(service, page_size=2, order="top")
    assert pages == [[made[3].id, made[1].id], [made[0].id, made[2].id], [made[4].id]]
    assert totals == [5, 5, 5]
    cursor = service.thread(POST, page_size=2, order="top").next_cursor
    with pytest.raises(InvalidCursor):
        service.thread(POST, page_size=2, order="oldest", cursor=cursor)


def test_bad_thread_options(service: CommentService) -> None:
    """An unknown order, a zero page size and a garbage cursor are refused clearly."""
    with pytest.raises(ValueError, match="order"):
        service.thread(POST, order="loudest")
    with pytest.raises(ValueError, match="page_size"):
        service.thread(POST, page_size=0)
    populate(service.store, [(None, Status.APPROVED)])
    with pytest.raises(InvalidCursor):
        service.thread(POST, cursor="garbage!")


class CountlessStore:
    """A real MemoryStore behind only the required Protocol methods (no ``count``)."""

    def __init__(self) -> None:
        self._inner = MemoryStore()

    def add(
        self,
        draft: CommentDraft,
        *,
        status: Status = Status.APPROVED,
        html: str = "",
        verdict: Verdict | None = None,
    ) -> Comment:
        return self._inner.add(draft, status=status, html=html, verdict=verdict)

    def get_many(self, ids: Iterable[str]) -> dict[str, Comment]:
        return self._inner.get_many(ids)

    def get(self, comment_id: str) -> Comment:
        return self._inner.get(comment_id)

    def set_status(
        self,
        comment_id: str,
        status: Status,
        *,
        expected: Status | Collection[Status] | None = None,
    ) -> Comment:
        return self._inner.set_status(comment_id, status, expected=expected)

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
        return self._inner.edit(
            comment_id, body=body, html=html, verdict=verdict, status=status, edited_at=edited_at
        )

    def remove(self, comment_id: str) -> Comment | None:
        return self._inner.remove(comment_id)

    def list_roots(
        self,
        post_id: str,
        *,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        statuses: Collection[Status] | None = None,
    ) -> Page:
        return self._inner.list_roots(
            post_id, limit=limit, cursor=cursor, newest_first=newest_first, statuses=statuses
        )

    def list_replies(
        self, post_id: str, root_ids: Sequence[str], *, statuses: Collection[Status] | None = None
    ) -> list[Comment]:
        return self._inner.list_replies(post_id, root_ids, statuses=statuses)

    def list_by_status(
        self,
        status: Status,
        *,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        return self._inner.list_by_status(status, post_id=post_id, limit=limit, cursor=cursor)

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
        return self._inner.history(
            since=since,
            email=email,
            ip=ip,
            author_name=author_name,
            user_id=user_id,
            body=body,
            limit=limit,
        )

    def known_author(self, author: Author) -> bool:
        return self._inner.known_author(author)


def test_total_without_supports_counts(clock: Clock) -> None:
    """A store without ``count`` still gets the right total, by reading the post."""
    store = CountlessStore()
    assert isinstance(store, CommentStore)
    assert not isinstance(store, SupportsCounts)
    service = CommentService(store, clock=clock)
    populate(
        store,
        [
            (None, Status.APPROVED),
            (0, Status.APPROVED),
            (None, Status.SPAM),
            (None, Status.PENDING),
            (1, Status.APPROVED),
        ],
    )
    assert service.thread(POST, page_size=1).total == 3
    assert service.thread(POST, moderator=True).total == 4


SPECS = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from(list(Status)), st.booleans()),
    max_size=25,
).map(
    lambda rows: [
        (p % i if is_reply and i else None, status) for i, (p, status, is_reply) in enumerate(rows)
    ]
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=SPECS, page_size=st.integers(1, 6), newest=st.booleans(), moderator=st.booleans())
def test_pages_cover_the_whole_thread_once(
    spec: list[tuple[int | None, Status]], page_size: int, newest: bool, moderator: bool
) -> None:
    """Following cursors shows every root of the full thread exactly once, in its order."""
    store = MemoryStore()
    service = CommentService(store)
    made = populate(store, spec)
    order = "newest" if newest else "oldest"
    whole = build_thread(made, order=order, include_pending=moderator)
    pages, totals = read_all(service, page_size=page_size, order=order, moderator=moderator)
    assert [i for page in pages for i in page] == [n.comment.id for n in whole.roots]
    assert all(0 < len(page) <= page_size for page in pages if len(pages) > 1)
    assert all(len(page) == page_size for page in pages[:-1])
    visible = {Status.APPROVED, Status.PENDING} if moderator else {Status.APPROVED}
    assert set(totals) <= {sum(c.status in visible for c in made)}


def test_thread_dates_in_the_blogs_time_zone(service: CommentService, clock: Clock) -> None:
    """With ``tz`` a late-evening comment keeps its local date (stores return UTC)."""
    pacific = timezone(timedelta(hours=-7))
    clock.now = datetime(2017, 5, 19, 21, 5, tzinfo=pacific)
    known(service, ADA, clock)
    clock.now = datetime(2017, 5, 19, 21, 30, tzinfo=pacific)
    made = service.submit(post_id=POST, author=ADA, body="Late thought on the offer.").comment
    assert made.created_at.date() == date(2017, 5, 20)  # 04:30 UTC the next day
    node = service.thread(POST, tz=pacific).thread.find(made.id)
    assert node is not None
    assert node.comment.created_at.date() == date(2017, 5, 19)
    assert node.comment.created_at == made.created_at


def test_request_meta_must_be_text(service: CommentService) -> None:
    """Request details are strings (as forms and headers give them); anything else is refused."""
    with pytest.raises(InvalidComment) as caught:
        service.submit(post_id=POST, author=ADA, body="hello", honeypot=None)  # type: ignore[arg-type]
    assert caught.value.field == "meta.honeypot"
    assert everything(service.store) == []
