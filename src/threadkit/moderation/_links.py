"""The link rule: WordPress holds a comment with two or more links; this one weighs each link.

A link counts more when it opens the comment or hides behind a URL shortener or an obfuscated
"example . com", and nothing when it points at a domain the site trusts (its own, say).
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from collections.abc import Iterable, Iterator

import attrs
import regex

from threadkit._model import CommentDraft, Finding
from threadkit.moderation._base import RuleBase, strings
from threadkit.moderation._context import CheckContext
from threadkit.moderation._rule import RULE_TIMEOUT, span_finding
from threadkit.moderation._text import NormalizedText

#: Shorteners hide where a link goes; spam uses them to dodge domain block lists.
SHORTENERS = frozenset({
    "bit.ly", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly",
    "rebrand.ly", "tiny.cc", "shorturl.at", "rb.gy", "adf.ly", "bl.ink", "s.id", "v.gd",
    "shorte.st", "linktr.ee", "t.ly", "qr.ae",
})  # fmt: skip

#: Sites for collecting money or signatures: a link to one asks readers for something.
SOLICITATION = frozenset({
    "gofundme.com", "indiegogo.com", "kickstarter.com", "patreon.com", "change.org",
    "avaaz.org", "paypal.me", "ko-fi.com", "buymeacoffee.com", "gogetfunding.com",
    "crowdrise.com", "youcaring.com", "fundly.com", "leetchi.com", "ulule.com",
})  # fmt: skip

# Top-level domains accepted for a bare "name.tld" with no scheme or "www.": common ones that
# are not also everyday words run together by a missing space ("it.is", "so.me").
_BARE_TLDS = (
    "com|net|org|info|biz|io|ly|gl|xyz|top|online|site|club|shop|store|live|app|dev|ru|pl|de|"
    "uk|fr|es|nl|br|cn|jp|kr|vn|ua|cz|tk|ml|ga|cf|gq|ws|cc|su|eu|ca|au|mx|ar|cl|ch|se|dk|fi|"
    "gov|edu|mobi|pro|name|xxx|porn|loan|click|link|win|bid|stream|download|work|review|"
    "racing|party|trade|date|science|space|website|tech|icu|buzz|fun|today|world|life|news"
)
# Links are found in two steps: linear ``re`` scans (each starting with a literal, so they skip
# ahead fast) find where a link may start, then ``regex`` patterns, run with the rule timeout,
# match the link at that spot. Scanning the whole text with one ``regex`` alternation instead
# costs several times more on every comment with a dot in it.
_ANCHOR_AT = regex.compile(r"<a\b[^>]{0,2000}>(?:[^<]{0,2000}</a>)?")
_URL_AT = regex.compile(r"(?:https?://|www\.)[^\s<>\"']+")
_DOMAIN_AT = regex.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}"
    rf"(?:(?:{_BARE_TLDS})\b(?:/[^\s<>\"']*)?|[a-z]{{2,6}}/[^\s<>\"']+)"
)
_DISGUISED_AT = regex.compile(
    r"[a-z0-9-]{2,63}\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\s+\.\s*|\.\s+)\s*"
    r"(?:com|net|org|info|biz)\b"
)
_STARTS = re.compile(r"<a\b|https?://|www\.")
_DOTS = re.compile(rf"\.(?=(?:{_BARE_TLDS})\b|[a-z]{{2,6}}/)")
# Every branch starts with a literal ("(", "[", "dot", ".") so that ``re`` can skip ahead;
# the whitespace a disguise needs before "dot" or "." is checked looking back.
_DISGUISES = re.compile(
    r"\(dot\)|\[dot\]|dot(?<=\sdot)\s|\.(?<=\s\.)\s*(?=(?:com|net|org|info|biz)\b)"
    r"|\.\s+(?=(?:com|net|org|info|biz)\b)"
)
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_BLANKS = frozenset(" \t")


def _back(text: str, pos: int, chars: frozenset[str], limit: int) -> int:
    """The start of the run of ``chars`` ending at ``pos``, at most ``limit`` long."""
    stop = max(0, pos - limit)
    while pos > stop and text[pos - 1] in chars:
        pos -= 1
    return pos


def _in_time(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise TimeoutError("link search timed out")


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies within one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (pos, _FAR)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_FAR = 1 << 62


def find_links(text: str) -> list[tuple[int, int]]:
    """Spans of the links in ``text`` (lower-case), in order, not overlapping.

    Candidates inside a link already found are skipped, so a text of ten thousand "www."
    costs ten thousand cheap steps, not ten thousand matches to its end; and the whole search
    shares one ``RULE_TIMEOUT``, so many small matches cannot add up to a long one.
    """
    deadline = time.monotonic() + RULE_TIMEOUT
    spans: list[tuple[int, int]] = []
    end = -1
    for m in _STARTS.finditer(text):
        if m.start() < end:
            continue
        _in_time(deadline)
        anchor = text.startswith("<a", m.start())
        hit = (_ANCHOR_AT if anchor else _URL_AT).match(text, m.start(), timeout=RULE_TIMEOUT)
        if hit and (not anchor or "href" in hit.group()):
            spans.append(hit.span())
            end = hit.end()
    found = sorted(spans)
    end = -1
    for m in _DOTS.finditer(text):
        if m.start() < end or _inside(found, m.start()):
            continue
        _in_time(deadline)
        start = _back(text, m.start(), _DOMAIN_CHARS, 253)  # the longest domain name
        while start < m.start() and text[start] in ".-":
            start += 1
        hit = _DOMAIN_AT.match(text, start, timeout=RULE_TIMEOUT)
        if hit and hit.end() > m.start():
            spans.append(hit.span())
            end = hit.end()
    end = -1
    for m in _DISGUISES.finditer(text):
        if m.start() < end:
            continue
        _in_time(deadline)
        start = _back(text, _back(text, m.start(), _BLANKS, 8), _LABEL_CHARS, 63)
        hit = _DISGUISED_AT.match(text, start, timeout=RULE_TIMEOUT)
        if hit:
            spans.append(hit.span())
            end = hit.end()
    spans.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


# Affiliate and referral links pay their poster per click or sign-up: the point of link spam.
_REFERRAL = regex.compile(
    r"[?&](?:ref|referral|referrer|aff|affid|aff_id|affiliate|affiliateid|partner)="
    r"|/(?:ref|refer|referral|affiliate|aff)/",
    regex.IGNORECASE,
)
# The referral pattern is fixed and linear (literal alternatives), and the text it sees is
# case-folded already, so the standard ``re`` engine finds exactly what ``regex`` would, minus
# the cost of the timeout check, which is several times that of the search on one link.
_REFERRAL_HINT = re.compile(_REFERRAL.pattern, re.IGNORECASE)
_OBFUSCATED = regex.compile(r"\(dot\)|\[dot\]|\sdot\s|\s\.|\.\s")
# What every branch of ``_OBFUSCATED`` needs ("dot", or a dot beside a space; ``re`` counts at
# least as many characters as spaces as ``regex`` does): most links have neither, and skip it.
_OBFUSCATED_HINT = re.compile(r"dot|\s\.|\.\s")


def _may_link(text: str) -> bool:
    # Every way ``find_links`` finds a link needs a ".", a ":" (after "http"), "<a" or "dot":
    # a text with none of them, a good share of comments, is done in four scans in C.
    if "." not in text and ":" not in text and "dot" not in text and "<a" not in text:
        return False
    return (
        "http" in text
        or "www." in text
        or "<a" in text
        or "dot" in text
        or _DOTS.search(text) is not None
        or _DISGUISES.search(text) is not None
    )


_WORDS = re.compile(r"[^\W\d_]{2,}")


_HOST_END = re.compile(r"[/?#\"'<>\s:]")


def _host(link: str) -> str:
    """The host name a link points at ("bit.ly" for "https://user@bit.ly:80/x")."""
    if link.startswith("<a"):
        start = link.find("href")
        link = link[start + 4 :].lstrip(" =\"'") if start >= 0 else ""
    scheme = link.find("://")
    if 0 < scheme < 16:
        link = link[scheme + 3 :]
    end = _HOST_END.search(link)
    host = link if end is None else link[: end.start()]
    host = host.rpartition("@")[2]
    return host.strip(".").removeprefix("www.")


def _within(host: str, domains: frozenset[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one."""
    if host in domains:
        return True
    end = len(host)
    for _ in range(_MAX_LABELS):  # parent domains, from the nearest: a.b.example.com, ...
        end = host.rfind(".", 0, end)
        if end < 0:
            return False
        if host[end + 1 :] in domains:
            return True
    return False


#: Labels a listed domain may have ("a.b.example.co.uk" has five); deeper is never listed.
_MAX_LABELS = 8


@attrs.frozen(kw_only=True, repr=False)
class LinkRule(RuleBase):
    """Scores links so that ``limit`` plain links add up to ``score``.

    Attributes:
        limit: links that together reach ``score`` (2: hold at two links, like WordPress).
        trusted_domains: domains (and their subdomains) whose links weigh nothing.
        shorteners: domains weighted double because they hide the destination.
        start_weight: weight of a link that opens the comment.
        bare_weight: weight of a link with next to no words of the writer's own around it
            (at most ``bare_words``): the drive-by "Nice post! http://..." of link spam.
        bare_words: words outside links at or below which a comment counts as bare.
        hidden_weight: weight of a shortened, obfuscated or referral link.
        solicitation_domains: fundraising and petition sites, weighted ``hidden_weight`` too.
    """

    factory = "max_links"

    limit: int = 2
    trusted_domains: tuple[str, ...] = attrs.field(default=(), converter=strings)
    shorteners: tuple[str, ...] = attrs.field(default=tuple(sorted(SHORTENERS)), converter=strings)
    start_weight: float = 1.5
    bare_weight: float = 2.0
    bare_words: int = 3
    hidden_weight: float = 2.0
    solicitation_domains: tuple[str, ...] = attrs.field(
        default=tuple(sorted(SOLICITATION)), converter=strings
    )
    _domains: tuple[frozenset[str], ...] = attrs.field(init=False, default=(), eq=False)

    def validate(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1:
            raise self.fail("limit", "must be a whole number of links, at least 1")
        if isinstance(self.bare_words, bool) or not isinstance(self.bare_words, int):
            raise self.fail("bare_words", "must be a whole number")
        for key in ("start_weight", "bare_weight", "hidden_weight"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise self.fail(key, "must be a number, at least 0")
        domains = []
        for key in ("trusted_domains", "shorteners", "solicitation_domains"):
            if not all(isinstance(d, str) and d for d in getattr(self, key)):
                raise self.fail(key, "must be a list of domain names")
            domains.append(frozenset(d.lower().removeprefix("www.") for d in getattr(self, key)))
        object.__setattr__(self, "_domains", tuple(domains))

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterable[Finding]:
        if not _may_link(text.folded.text):
            return ()  # no link: the usual case, decided without starting a generator
        return self._find(text)

    def _find(self, text: NormalizedText) -> Iterator[Finding]:
        view = text.folded
        haystack = view.text
        links = find_links(haystack)
        if not links:
            return
        first = len(haystack) - len(haystack.lstrip())
        trusted, shorteners, asking = self._domains
        outside = []
        pos = 0
        for start, end in links:
            outside.append(haystack[pos:start])
            pos = end
        outside.append(haystack[pos:])
        # Only whether the writer's own words exceed ``bare_words`` matters: stop counting there.
        enough = max(self.bare_words + 1, 0)
        own_words = sum(1 for _ in itertools.islice(_WORDS.finditer(" ".join(outside)), enough))
        bare = own_words <= self.bare_words
        for start, end in links:
            link = haystack[start:end]
            host = _host(link)
            if _within(host, trusted):
                continue
            weight = 1.0
            notes = []
            if bare:
                weight *= self.bare_weight
                notes.append("with next to no words of the writer's own")
            elif start == first:
                weight *= self.start_weight
                notes.append("opens the comment")
            if _within(host, shorteners):
                weight *= self.hidden_weight
                notes.append("uses a link shortener")
            elif _within(host, asking):
                weight *= self.hidden_weight
                notes.append("asks for money or signatures")
            elif _REFERRAL_HINT.search(link) and _REFERRAL.search(link, timeout=RULE_TIMEOUT):
                weight *= self.hidden_weight
                notes.append("carries a referral code")
            elif (
                not link.startswith(("<a", "http", "www"))
                and _OBFUSCATED_HINT.search(link)
                and _OBFUSCATED.search(link, timeout=RULE_TIMEOUT)
            ):
                weight *= self.hidden_weight
                notes.append("is disguised to dodge link filters")
            why = f" ({', '.join(notes)})" if notes else ""
            yield span_finding(
                self,
                text,
                view,
                start,
                end,
                score=round(self.score * weight / self.limit, 6),
                reason=f"Link to {host or 'a site'}{why}; comments with {self.limit} or more "
                "links are held for a moderator.",
            )
