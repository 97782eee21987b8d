"""The link rule: WordPress holds a comment with two or more links; this one weighs each link.

A link counts more when it opens the comment or hides behind a URL shortener or an obfuscated
"example . com", and nothing when it points at a domain the site trusts (its own, say).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
_LINK = regex.compile(
    r"<a\b[^>]{0,2000}?\bhref\b[^>]{0,2000}>(?:[^<]{0,2000}</a>)?"
    r"|\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}"
    rf"(?:(?:{_BARE_TLDS})\b(?:/[^\s<>\"']*)?|[a-z]{{2,6}}/[^\s<>\"']+)"
    r"|\b[a-z0-9-]{2,63}\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\s+\.\s*|\.\s+)\s*"
    r"(?:com|net|org|info|biz)\b"
)
_HOST = regex.compile(
    r"(?:href\s*=\s*[\"']?)?(?:[a-z][a-z0-9+.-]*://)?(?:[^\s/@<>\"']*@)?"
    r"(?P<host>[a-z0-9.-]+)"
)
_OBFUSCATED = regex.compile(r"\(dot\)|\[dot\]|\sdot\s|\s\.|\.\s")
# A cheap, linear pre-check (stdlib ``re``, starting with rare characters) that every link the
# full pattern finds also matches; most comments have no link and stop here.
_HINT = re.compile(
    r"https?:|www\.|<a\s|\.\s*(?:[a-z]{2,6}/|(?:" + _BARE_TLDS + r")\b)|\(dot\)|\[dot\]|\sdot\s"
)
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _host(link: str) -> str:
    if link.startswith("<a"):
        start = link.find("href")
        link = link[start + 4 :].lstrip(" =\"'")
    m = _HOST.match(link, timeout=RULE_TIMEOUT)
    host = m.group("host") if m else link
    return host.strip(".").removeprefix("www.")


def _within(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


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
        hidden_weight: weight of a shortened or obfuscated link.
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

    def validate(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1:
            raise self.fail("limit", "must be a whole number of links, at least 1")
        if isinstance(self.bare_words, bool) or not isinstance(self.bare_words, int):
            raise self.fail("bare_words", "must be a whole number")
        for key in ("start_weight", "bare_weight", "hidden_weight"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise self.fail(key, "must be a number, at least 0")
        for key in ("trusted_domains", "shorteners", "solicitation_domains"):
            if not all(isinstance(d, str) and d for d in getattr(self, key)):
                raise self.fail(key, "must be a list of domain names")

    def find(
        self, text: NormalizedText, draft: CommentDraft | None, context: CheckContext
    ) -> Iterator[Finding]:
        view = text.folded
        haystack = view.text
        if not _HINT.search(haystack):
            return
        links = list(_LINK.finditer(haystack, timeout=RULE_TIMEOUT))
        if not links:
            return
        first = len(haystack) - len(haystack.lstrip())
        trusted = tuple(d.lower() for d in self.trusted_domains)
        shorteners = tuple(d.lower() for d in self.shorteners)
        asking = tuple(d.lower() for d in self.solicitation_domains)
        outside = []
        pos = 0
        for m in links:
            outside.append(haystack[pos : m.start()])
            pos = m.end()
        outside.append(haystack[pos:])
        own_words = len(_WORDS.findall(" ".join(outside)))
        bare = own_words <= self.bare_words
        for m in links:
            link = m.group()
            host = _host(link)
            if _within(host, trusted):
                continue
            weight = 1.0
            notes = []
            if bare:
                weight *= self.bare_weight
                notes.append("with next to no words of the writer's own")
            elif m.start() == first:
                weight *= self.start_weight
                notes.append("opens the comment")
            if _within(host, shorteners):
                weight *= self.hidden_weight
                notes.append("uses a link shortener")
            elif _within(host, asking):
                weight *= self.hidden_weight
                notes.append("asks for money or signatures")
            elif not link.startswith(("<a", "http", "www")) and _OBFUSCATED.search(
                link, timeout=RULE_TIMEOUT
            ):
                weight *= self.hidden_weight
                notes.append("is disguised to dodge link filters")
            why = f" ({', '.join(notes)})" if notes else ""
            yield span_finding(
                self,
                text,
                view,
                m.start(),
                m.end(),
                score=round(self.score * weight / self.limit, 6),
                reason=f"Link to {host or 'a site'}{why}; comments with {self.limit} or more "
                "links are held for a moderator.",
            )
