"""Every built-in rule's own examples, then the spam rules' specifics and the evaluation helper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from threadkit import Action, Author, Comment, CommentDraft, Finding, RuleConfigError, Verdict
from threadkit.moderation import CheckContext, Example, LabelledText, Rule, RuleSet, evaluate
from threadkit.moderation import rules as R

DEFAULT = RuleSet.default()
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
READER = Author(name="Reader", email="reader@example.org", ip="192.0.2.1")
OTHER = Author(name="Other", email="other@example.org", ip="198.51.100.2")


def _check(rs: RuleSet, example: str | Example) -> Verdict:
    if isinstance(example, Example):
        return rs.check(example.draft(), example.context)
    return rs.check(example)


def _hits(verdict: Verdict, name: str) -> list[str]:
    return [f.excerpt for f in verdict.findings if f.rule == name and f.category != "safety"]


def _draft(body: str, author: Author = READER, **meta: str) -> CommentDraft:
    return CommentDraft(post_id="post", body=body, author=author, created_at=NOW, meta=meta)


def _earlier(body: str, author: Author, ago: timedelta) -> Comment:
    return Comment(id=f"c{ago.total_seconds():.0f}", post_id="post", parent_id=None,
                   author=author, body=body, created_at=NOW - ago)  # fmt: skip


# -- every rule ships with evidence ------------------------------------------------------------


@pytest.mark.parametrize("name", DEFAULT.names)
def test_rule_has_examples_both_ways(name: str) -> None:
    """No rule ships without should-flag and should-pass examples."""
    rule = DEFAULT[name]
    assert isinstance(rule, Rule)
    assert rule.should_flag, f"{name} has no should_flag examples"
    assert rule.should_pass, f"{name} has no should_pass examples"
    assert rule.reason


@pytest.mark.parametrize("name", DEFAULT.names)
def test_rule_flags_its_should_flag_examples(name: str) -> None:
    """Each should-flag example yields at least one finding from its rule, by default."""
    for example in DEFAULT[name].should_flag:
        assert _hits(_check(DEFAULT, example), name), f"{name} missed {example!r}"


@pytest.mark.parametrize("name", DEFAULT.names)
def test_rule_passes_its_should_pass_examples(name: str) -> None:
    """Each should-pass example yields no finding from its rule, by default."""
    for example in DEFAULT[name].should_pass:
        assert not _hits(_check(DEFAULT, example), name), f"{name} flagged {example!r}"


@pytest.mark.parametrize("name", DEFAULT.names)
def test_findings_point_at_the_typed_text(name: str) -> None:
    """Every finding on a should-flag example has an excerpt equal to its span."""
    for example in DEFAULT[name].should_flag:
        body = example.body if isinstance(example, Example) else example
        for f in _check(DEFAULT, example).findings:
            assert body[f.span[0] : f.span[1]] == f.excerpt


def test_every_default_rule_is_documented() -> None:
    """docs/rules.md has a table row for every rule of the default set."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")
    missing = [name for name in DEFAULT.names if f"| `{name}` |" not in doc]
    assert not missing


# -- links ---------------------------------------------------------------------------------------


def test_one_link_adds_two_links_hold() -> None:
    """Two plain links reach the hold threshold; one only adds to other evidence."""
    rs = RuleSet.of(R.max_links())
    one = rs.check("My notes on the interview are at https://example.com/notes for you")
    two = rs.check("Notes at https://example.com/notes and www.example.org/more for you")
    assert (one.action, one.score) == (Action.APPROVE, 2.5)
    assert (two.action, two.score) == (Action.HOLD, 5.0)
    assert [f.excerpt for f in two.findings] == [
        "https://example.com/notes", "www.example.org/more",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("https://example.com/a is where I wrote about the same thing", 3.75),  # opens it
        ("Nice post! https://example.com/a", 5.0),  # bare: next to no words of its own
        ("I wrote more about this at https://bit.ly/abc if you want", 5.0),  # shortener
        ("I wrote more about this at example . com if you want", 5.0),  # disguised
        ("Please help me, I wrote it up at gofundme.com/me today", 5.0),  # fundraising
        ("Please read the post at https://blog.mysite.example/post today", 0.0),  # trusted
    ],
)
def test_links_are_weighted_by_position_and_domain(text: str, score: float) -> None:
    """Opening links, bare links, shorteners, disguised and fundraising links weigh more."""
    rs = RuleSet.of(R.max_links(trusted_domains=["mysite.example"]))
    assert rs.check(text).score == score


def test_anchor_elements_count_once() -> None:
    """An <a href> whose text repeats the URL is one link, not two."""
    rs = RuleSet.of(R.max_links())
    text = 'Here it is <a href="https://example.com/x">https://example.com/x</a> for you all'
    assert len(rs.check(text).findings) == 1


def test_ordinary_punctuation_is_not_a_link() -> None:
    """Sentences, decimals and abbreviations contain no link."""
    rs = RuleSet.of(R.max_links())
    text = "It was 1.5 times the pay, e.g. a raise. So.it goes; see p.12 of the letter."
    assert rs.check(text).findings == ()


# -- phrase lists ----------------------------------------------------------------------------------


def test_blocked_phrase_rejects_and_searches_author_fields() -> None:
    """A blocked phrase rejects, found in the body or (WordPress-style) the author's details."""
    rs = RuleSet.of(R.blocked_phrases(["spamdomain com", "viagra"]))
    assert rs.check("Get V!AGRA here").action is Action.REJECT
    by_email = rs.check(_draft("Nice post", Author("Bob", email="bob@spamdomain.com")))
    assert by_email.action is Action.REJECT
    (finding,) = by_email.findings
    assert finding.span == (0, 0)
    assert "email" in finding.reason
    assert rs.check("Scunthorpe residents love viagrafalls trail").action is Action.APPROVE


def test_held_phrase_holds() -> None:
    """A held phrase holds the comment for a moderator."""
    rs = RuleSet.of(R.held_phrases(["forex signals"]))
    verdict = rs.check("Join my FOREX  signals group")
    assert verdict.action is Action.HOLD
    assert verdict.findings[0].excerpt == "FOREX  signals"
    assert "forex signals" in verdict.findings[0].reason


def test_phrase_rule_counts_once_unless_asked() -> None:
    """By default a phrase rule scores once; count_each scores each distinct phrase."""
    text = "subscribe, subscribe, my channel"
    once = RuleSet.of(R.spam_phrases(["subscribe", "my channel"], score=3.0)).check(text)
    each = RuleSet.of(
        R.spam_phrases(["subscribe", "my channel"], score=3.0, count_each=True)
    ).check(text)
    assert [f.score for f in once.findings] == [3.0, 0.0, 0.0]
    assert [f.score for f in each.findings] == [3.0, 0.0, 3.0]


def test_spam_phrases_from_the_default_set() -> None:
    """Typical comment spam is held by the default phrase and pattern rules."""
    for text in (
        "Check out my channel for cool beatboxing",
        "sub4sub anyone? I will subscribe back",
        "Earn $500 a day from home, message me",
        "FREE gift card codes for everyone",
        "Follow me on Instagram: cool_me_23",
    ):
        assert DEFAULT.check(text).action is not Action.APPROVE, text


# -- style ---------------------------------------------------------------------------------------


def test_shouting_needs_enough_mostly_capital_letters() -> None:
    """Mostly capitals over enough letters is shouting; acronyms and short cries are not."""
    rs = RuleSet.of(R.shouting())
    assert rs.check("WHY WOULD ANYONE DO THIS TO A CANDIDATE").findings
    assert not rs.check("OMG LOL").findings
    assert not rs.check("The NASA and FBI jobs pay less than the ACLU ones.").findings
    assert rs.check("ÜBERALL SIND FEHLER IN DIESEM ARTIKEL").findings


def test_repeated_characters_and_words() -> None:
    """Stretched letters, piled punctuation and a word said four times are flagged once."""
    rs = RuleSet.of(R.repeated_characters())
    verdict = rs.check("Sooooo true!!!! please please please please")
    assert [f.excerpt for f in verdict.findings] == [
        "ooooo", "!!!!", "please please please please",
    ]  # fmt: skip
    assert verdict.score == 1.0
    assert not rs.check("Good point!! Really good... ok").findings


# -- history, standing, form ---------------------------------------------------------------------


def test_duplicate_from_the_same_author_rejects_from_others_holds() -> None:
    """A body posted before rejects when the same author posted it, holds when others did."""
    rs = RuleSet.of(R.duplicate_comment())
    body = "Great write-up about recruiters and counteroffers."
    mine = CheckContext(recent=[_earlier(body.upper(), READER, timedelta(hours=2))], now=NOW)
    theirs = CheckContext(recent=[_earlier(body, OTHER, timedelta(hours=2))], now=NOW)
    stale = CheckContext(recent=[_earlier(body, READER, timedelta(days=2))], now=NOW)
    assert rs.check(_draft(body), mine).action is Action.REJECT
    assert rs.check(_draft(body), theirs).action is Action.HOLD
    assert rs.check(body, theirs).action is Action.HOLD  # plain text: by body only
    assert rs.check(_draft(body), stale).action is Action.APPROVE


def test_flood_by_interval_and_by_burst() -> None:
    """Posting within 15 s of one's last comment, or a sixth in ten minutes, is a flood."""
    rs = RuleSet.of(R.flood())
    quick = CheckContext(recent=[_earlier("a", READER, timedelta(seconds=3))], now=NOW)
    same_ip = CheckContext(
        recent=[_earlier("a", Author("Alias", ip=READER.ip), timedelta(seconds=3))], now=NOW
    )
    burst = CheckContext(
        recent=[_earlier(f"n{i}", READER, timedelta(minutes=i + 1)) for i in range(5)], now=NOW
    )
    calm = CheckContext(recent=[_earlier("a", READER, timedelta(minutes=5))], now=NOW)
    assert rs.check(_draft("more"), quick).action is Action.HOLD
    assert rs.check(_draft("more"), same_ip).action is Action.HOLD
    assert rs.check(_draft("more"), burst).action is Action.HOLD
    assert rs.check(_draft("more"), calm).action is Action.APPROVE
    assert rs.check("more", quick).action is Action.APPROVE  # no draft, no author to compare


def test_first_comment_holds_and_known_author_credits() -> None:
    """A first-time author is held (WordPress's default); a known one earns -1."""
    rs = RuleSet.of(R.first_comment(), R.known_author())
    assert rs.check("Hi", CheckContext(known_author=False)).action is Action.HOLD
    known = rs.check("Hi", CheckContext(known_author=True))
    assert (known.action, known.score) == (Action.APPROVE, -1.0)
    assert rs.check("Hi", CheckContext()).findings == ()


def test_honeypot_rejects_a_filled_hidden_field() -> None:
    """A value in the hidden field rejects; an empty one or none passes."""
    rs = RuleSet.of(R.honeypot())
    assert rs.check(_draft("Hi", honeypot="http://x.example")).action is Action.REJECT
    assert rs.check(_draft("Hi", honeypot="  ")).action is Action.APPROVE
    assert rs.check(_draft("Hi")).action is Action.APPROVE


# -- factories -----------------------------------------------------------------------------------


def test_factories_return_frozen_rules_with_readable_reprs() -> None:
    """A factory's rule shows as the call that builds it, and cannot be changed in place."""
    rule = R.max_links(3, trusted_domains=["example.com"])
    assert repr(rule) == "max_links(name='max_links', score=5.0, limit=3, " \
        "trusted_domains=['example.com'])"  # fmt: skip
    many = R.blocked_phrases([f"w{i}" for i in range(100)])
    assert "100 in all" in repr(many)
    with pytest.raises(AttributeError):
        rule.limit = 4  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda: R.max_links(0), "limit"),
        (lambda: R.max_links(start_weight=-1), "start_weight"),
        (lambda: R.shouting(ratio=2), "ratio"),
        (lambda: R.repeated_characters(letter_run=1), "letter_run"),
        (lambda: R.pattern("p", "(", view="skeleton"), "pattern"),
        (lambda: R.pattern("p", "x", timeout=0), "timeout"),
        (lambda: R.duplicate_comment(window=0), "window"),
        (lambda: R.flood(burst=1), "burst"),
        (lambda: R.honeypot(""), "field"),
        (lambda: R.spam_phrases(["a"], fields=["body", "subject"]), "fields"),
        (lambda: R.spam_phrases(["a"], score="high"), "score"),  # type: ignore[arg-type]
    ],
)
def test_factories_reject_broken_options_naming_the_key(build: object, key: str) -> None:
    """A broken option raises RuleConfigError with that option as the key."""
    with pytest.raises(RuleConfigError) as info:
        build()  # type: ignore[operator]
    assert info.value.key == key


def test_durations_accept_timedeltas() -> None:
    """Time windows take seconds or a timedelta."""
    assert R.flood(interval=timedelta(seconds=30)) == R.flood(interval=30)


# -- evaluation ----------------------------------------------------------------------------------


def test_evaluate_reports_precision_recall_and_false_positive_rate() -> None:
    """Counts and rates come out right on a small labelled set, with groups."""
    rows: list[LabelledText | tuple[object, ...]] = [
        LabelledText("Check out my channel and subscribe", {"spam"}, group="promo"),
        LabelledText("sub 4 sub", "spam", group="promo"),
        LabelledText("Nice post about recruiters.", group="plain"),
        ("Visit https://a.example/x and https://b.example/y now please", set(), "plain"),
        ("I liked it", "spam"),
    ]
    result = evaluate(RuleSet.default(), rows)
    spam = result.categories["spam"]
    assert (spam.tp, spam.fp, spam.fn, spam.tn) == (2, 1, 1, 1)
    assert spam.precision == pytest.approx(2 / 3)
    assert spam.recall == pytest.approx(2 / 3)
    assert spam.false_positive_rate == 0.5
    assert result.groups["promo"].rate == 1.0
    assert result.groups["plain"].flagged == 1
    assert result.to_dict()["total"] == 5
    assert "spam" in result.format()


def test_evaluate_credits_the_category_that_drove_the_verdict() -> None:
    """A comment held for toxicity that also shouts counts as toxicity, not spam."""
    verdicts = [
        Verdict(action=Action.HOLD, score=7.5, findings=[
            _finding("insult", "toxicity", 6.0), _finding("shouting", "spam", 1.5)]),
    ]  # fmt: skip

    class Fixed:
        hold = 5.0

        def check(self, subject: object, context: object = None) -> Verdict:
            return verdicts[0]

    rows = [("YOU ARE AN IDIOT", {"toxicity"})]
    result = evaluate(Fixed(), rows, categories=["spam", "toxicity"])
    assert result.categories["toxicity"].tp == 1
    assert result.categories["spam"].fp == 0


def _finding(rule: str, category: str, score: float) -> Finding:
    return Finding(rule=rule, category=category, score=score, span=(0, 0), excerpt="",
                   reason="r")  # fmt: skip
