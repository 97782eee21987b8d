"""Print the running example's comment thread the way the blog shows it.

    python examples/job_offer.py

"Turning Down a Job Offer" has three responses: Todd Winnick and Daisuke answer the post,
and the author, John Lynn, answers Daisuke. A blog gets its comments from a store in no
particular order; build_thread nests and orders them, render_text lays them out.
"""

from __future__ import annotations

import random

from threadkit._example import EXAMPLE_POST, example_comments
from threadkit.thread import build_thread, render_text


def main() -> None:
    """Shuffle the comments (order must not matter), nest them and print the thread."""
    comments = list(example_comments())
    random.shuffle(comments)
    thread = build_thread(comments, order="oldest")
    print(render_text(thread, title=EXAMPLE_POST.title), end="")
    john = thread.find("john")
    assert john is not None and john.reply_to is not None
    print(f"\n({john.comment.author.name} replied to {john.reply_to.author.name}.)")


if __name__ == "__main__":
    main()
