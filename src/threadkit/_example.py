"""The running example: "Turning Down a Job Offer" by John Lynn and its three responses.

The demo, examples/job_offer.py and tests use this one copy. The post and comment texts are
our own summaries of the original (see the project's example notes), not quotations.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs

from threadkit._model import Author, Comment, CommentDraft

#: The blog's local time (US Pacific, daylight time), so dates print as the blog shows them.
BLOG_TIME = timezone(timedelta(hours=-7), "PDT")


@attrs.frozen
class ExamplePost:
    """The blog post the example comments answer.

    Attributes:
        id: the post id comments carry.
        title: the headline.
        author: the writer's name.
        published: when it went up.
        categories: the blog's categories for it.
        summary: what the post says, in a paragraph.
    """

    id: str
    title: str
    author: str
    published: datetime
    categories: tuple[str, ...]
    summary: str


@attrs.frozen
class ExampleComment:
    """One example response as a reader submits it.

    Attributes:
        key: a short name for the comment (also its id in :func:`example_comments`).
        reply_to: the key of the comment it answers, or None for a top-level response.
        draft: the submission; its ``parent_id`` is None, to be filled with the stored id
            of ``reply_to`` by whoever stores it.
    """

    key: str
    reply_to: str | None
    draft: CommentDraft


EXAMPLE_POST = ExamplePost(
    id="turning-down-a-job-offer",
    title="Turning Down a Job Offer",
    author="John Lynn",
    published=datetime(2017, 5, 2, 6, 0, tzinfo=BLOG_TIME),
    categories=("Career Coaching", "Career Paths", "Careers", "Consulting"),
    summary=(
        "A job seeker working with a recruiter went through a full round of interviews in "
        "good faith: his employer of nearly two years would not take him on permanently. "
        "When he gave notice, the employer answered with a competitive counteroffer, and he "
        "stayed, mostly because the location suited his family. The recruiter then called "
        "him “dishonest” and “highly deceptive” and kept badmouthing him, however often he "
        "apologised. A recruiter is paid when a candidate accepts, so the anger is easy to "
        "understand, but burning bridges helps nobody; open communication is what holds any "
        "working relationship together. Should the job seeker have done anything differently?"
    ),
)

#: A recruiter-style attack on a person, for moderation demos: it must be flagged.
ACCUSATION = "You are dishonest and highly deceptive, and every recruiter in town will hear it."

#: The job seeker reporting what he was called: quoted speech, not an attack.
REPORTED_SPEECH = (
    "I was called “dishonest” and “highly deceptive” by a recruiter, even though I told him "
    "about the counteroffer the day I got it."
)

_TODD = (
    "As I read it, he never hid that he needed a more secure job. His employer only showed "
    "how much it valued him once it was about to lose him, so taking the counteroffer close "
    "to home is a fair choice, not a betrayal."
)
_DAISUKE = (
    "Something similar happened to me. The day after I signed a contract, my mother's health "
    "got worse and I had to fly home, so I had to pull out. I phoned the recruiter at once, "
    "told him everything, and suggested a couple of people who might suit the role; one of "
    "them got it. He thanked me, and later he helped me look for my next position.\n\n"
    "If you try to see things from the other side, both of you keep your dignity."
)
_JOHN = (
    "Thank you both for sharing. Daisuke, I agree with you: going the extra mile to look "
    "after the relationship nearly always pays off."
)


def example_responses() -> tuple[ExampleComment, ...]:
    """The three responses in the order they were written (John Lynn answers Daisuke)."""
    post = EXAMPLE_POST.id
    day = datetime(2017, 5, 19, tzinfo=BLOG_TIME)
    return (
        ExampleComment(
            "todd",
            None,
            CommentDraft(
                post_id=post,
                body=_TODD,
                author=Author(name="Todd Winnick", email="todd@example.com"),
                created_at=day + timedelta(hours=8, minutes=12),
            ),
        ),
        ExampleComment(
            "daisuke",
            None,
            CommentDraft(
                post_id=post,
                body=_DAISUKE,
                author=Author(name="Daisuke", email="daisuke@example.jp"),
                created_at=day + timedelta(hours=14, minutes=37),
            ),
        ),
        ExampleComment(
            "john",
            "daisuke",
            CommentDraft(
                post_id=post,
                body=_JOHN,
                author=Author(name="John Lynn", email="john@example.com", user_id="author-1"),
                created_at=day + timedelta(hours=21, minutes=5),
            ),
        ),
    )


def example_comments() -> tuple[Comment, ...]:
    """The three responses as stored comments, with their keys as ids."""
    out = []
    for response in example_responses():
        draft = response.draft
        assert draft.created_at is not None  # every example response carries its time
        out.append(
            Comment(
                id=response.key,
                post_id=draft.post_id,
                parent_id=response.reply_to,
                author=draft.author,
                body=draft.body,
                created_at=draft.created_at,
            )
        )
    return tuple(out)
