"""Time the sanitiser on typical comments against bare bleach and bare nh3 under the same policy.

Run by hand: ``python benchmarks/bench_sanitize.py [--rounds 7] [--budget 0.2]``.
Prints a table (microseconds per comment; the best of ``--rounds`` interleaved rounds, each
timing every variant for about ``--budget`` seconds) to paste into docs/performance.md.

Comments are written for this benchmark in the voice of the running example (readers answering
a post about turning down a job offer) at about 100 B, 1 KB and 5 KB, each in two forms:

- html mode: the markup a reader of a WordPress-like form writes (a few ``<b>``, ``<em>``,
  ``<a href>``, a ``<blockquote>``, a bare URL, an entity, one curly quote);
- text mode: the same words as plain text with blank lines and a bare URL.

"bare" is the library alone with the same tags, attributes, schemes and rel, and nothing
threadkit adds: no length, nesting or attribute checks, no Unicode hygiene, no threadkit URL
check, no linkifying, no ``<pre>`` newline fix. In text mode the bare library is handed the
markup threadkit's text renderer writes for the comment (paragraphs, line breaks, links;
prepared before timing), so both parse the same document and the overhead column is exactly
what threadkit adds: checks, hygiene and rendering.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import time
from collections.abc import Callable

import bleach
import nh3

from threadkit import ContentTooLarge
from threadkit.sanitize import DEFAULT_POLICY, Sanitizer, SanitizerPolicy, clean_unicode
from threadkit.sanitize._text import render_text

SENTENCES = [
    "I was in the same spot last spring and took the counteroffer too.",
    "The recruiter is paid when you accept, so of course he was angry.",
    "Being open with everyone from the start is what kept my conscience clear.",
    "Your employer only valued you once it looked like they might lose you.",
    "Burning bridges is never worth it; the industry is smaller than you think.",
    "Would you have told the recruiter earlier if the family situation had been clearer?",
    "I’d still send a short, polite note to close the loop.",
]
MARKUP = [
    "<b>Honestly</b>, I think you did the right thing.",
    "As the post says, <em>communication is the key</em> to any relationship.",
    'There is a good write-up on <a href="https://example.com/careers/counteroffers?ref=blog" '
    'title="Counteroffers">accepting counteroffers</a> that covers this.',
    "<blockquote>He kept calling me dishonest</blockquote> is not how a professional talks.",
    "See https://example.org/advice/recruiters for more &amp; better advice.",
]


def comment(size: int, mode: str) -> str:
    """A comment of about ``size`` characters, deterministic, in html or text form."""
    parts: list[str] = []
    index = 0
    while sum(len(p) + 1 for p in parts) < size:
        if mode == "html" and index % 3 == 1:
            parts.append(MARKUP[(index // 3) % len(MARKUP)])
        elif mode == "text" and index % 4 == 3:
            parts.append("See https://example.org/advice/recruiters for more.")
        else:
            parts.append(SENTENCES[index % len(SENTENCES)])
        index += 1
    joiner = "\n\n" if mode == "text" else " "
    body = ""
    for n, part in enumerate(parts):
        body += part + (joiner if n % 3 == 2 else " ")
    if mode == "html":
        body = "<p>" + body.strip() + "</p>"
    return body.strip()


def bare_bleach(policy: SanitizerPolicy) -> Callable[[str], str]:
    """bleach alone: the policy's tags, attributes and schemes; strip disallowed tags."""
    cleaner = bleach.Cleaner(
        tags=policy.output_tags,
        attributes={t: sorted(a) for t, a in policy.output_attributes.items()},
        protocols=policy.url_schemes,
        strip=True,
        strip_comments=True,
    )
    return cleaner.clean


def bare_nh3(policy: SanitizerPolicy) -> Callable[[str], str]:
    """nh3 alone: the policy's tags, attributes, schemes and rel; relative URLs denied."""
    cleaner = nh3.Cleaner(
        tags=set(policy.output_tags),
        clean_content_tags=set(),
        attributes={t: set(a) for t, a in policy.output_attributes.items()},
        link_rel=policy.rel,
        url_schemes=set(policy.url_schemes),
        url_relative="deny",
    )
    return cleaner.clean


def per_call(function: Callable[[str], str], argument: str, budget: float) -> float:
    """Mean seconds per call over about ``budget`` seconds (calibrated batch size)."""
    batch = 1
    while True:
        started = time.perf_counter()
        for _ in range(batch):
            function(argument)
        elapsed = time.perf_counter() - started
        if elapsed >= budget / 5 or batch >= 1 << 20:
            break
        batch *= 2
    runs = max(1, int(budget / max(elapsed / batch, 1e-9)))
    started = time.perf_counter()
    for _ in range(runs):
        function(argument)
    return (time.perf_counter() - started) / runs


def machine() -> str:
    """CPU model and core count, as ``lscpu`` reports them."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            line.split(":", 1)[1].strip()
            for line in out.splitlines()
            if line.startswith("Model name")
        )
    except (OSError, subprocess.CalledProcessError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


WORST = {
    "65,536 × `<`": "<" * 65_536,
    "65,536 × `&`": "&" * 65_536,
    "`<b><i></b></i>` × 4,681": "<b><i></b></i>" * 4_681,
    "`<p>` × 21,845": "<p>" * 21_845,
    "`<i a0=1 … a31=1></i>` (32 attributes) × 250": (
        "<i " + " ".join(f"a{i}=1" for i in range(32)) + "></i>"
    )
    * 250,
    "one 65,000-character URL": "http://" + "a" * 65_000,
    "`<b>` × 20,000 (refused: depth)": "<b>" * 20_000,
    "`<b a0 … a12999>` (refused: attributes)": "<b " + " ".join(f"a{i}" for i in range(13_000)),
}


def worst_cases() -> None:
    """Time pathological inputs at the default limits: the slowest a comment can be."""
    print("| input (html mode) | threadkit bleach | threadkit nh3 |")
    print("|---|---|---|")
    sanitizers = {b: Sanitizer(SanitizerPolicy(mode="html"), b) for b in ("bleach", "nh3")}
    for name, text in WORST.items():
        cells = []
        for sanitizer in sanitizers.values():
            started = time.perf_counter()
            try:
                sanitizer.clean(text[:65_536])
            except ContentTooLarge as error:
                note = f" ({error.limit_name})"
            else:
                note = ""
            cells.append(f"{(time.perf_counter() - started) * 1e3:,.1f} ms{note}")
        print(f"| {name} | {cells[0]} | {cells[1]} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.2, help="seconds per variant a round")
    parser.add_argument("--worst", action="store_true", help="also time pathological inputs")
    args = parser.parse_args()

    print(
        f"# {machine()}; bleach {bleach.__version__}, nh3 {nh3.__version__}; "
        f"{datetime.date.today().isoformat()}"
    )
    print(
        "| mode | size | threadkit bleach | bare bleach | overhead | threadkit nh3 | bare nh3 "
        "| overhead | nh3 speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in ("html", "text"):
        policy = SanitizerPolicy(mode=mode) if mode == "html" else DEFAULT_POLICY
        variants: dict[str, Callable[[str], str]] = {
            "tk_bleach": Sanitizer(policy, "bleach").clean,
            "bare_bleach": bare_bleach(policy),
            "tk_nh3": Sanitizer(policy, "nh3").clean,
            "bare_nh3": bare_nh3(policy),
        }
        for size in (100, 1000, 5000):
            text = comment(size, mode)
            rendered = render_text(clean_unicode(text), policy)
            inputs = {
                name: (rendered if mode == "text" and name.startswith("bare") else text)
                for name in variants
            }
            best = dict.fromkeys(variants, float("inf"))
            for _ in range(args.rounds):  # interleaved, so load changes hit all variants alike
                for name, function in variants.items():
                    best[name] = min(best[name], per_call(function, inputs[name], args.budget))
            us = {name: seconds * 1e6 for name, seconds in best.items()}
            print(
                f"| {mode} | {len(text.encode())} B | {us['tk_bleach']:.1f} µs "
                f"| {us['bare_bleach']:.1f} µs | {us['tk_bleach'] / us['bare_bleach']:.2f}× "
                f"| {us['tk_nh3']:.1f} µs | {us['bare_nh3']:.1f} µs "
                f"| {us['tk_nh3'] / us['bare_nh3']:.2f}× "
                f"| {us['tk_bleach'] / us['tk_nh3']:.1f}× |",
                flush=True,
            )
    if args.worst:
        print()
        worst_cases()


if __name__ == "__main__":
    main()
