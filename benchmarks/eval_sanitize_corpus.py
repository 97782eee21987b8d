"""Check every payload of the XSS corpus against the sanitiser, each backend and mode.

Run by hand: ``python benchmarks/eval_sanitize_corpus.py ../shared/corpora/xss [--browser]``.

For each ``*.txt`` list under the path (one payload a line) and each of bleach/nh3 x text/html,
the output is re-parsed with html5lib and judged by the tests' independent oracle
(``tests/_sanitize_support.violations``): any tag, attribute or URL outside the policy, any
comment node, or output that changes when parsed again counts as a failure. It also counts the
payloads where the two backends leave different trees (parser differences, not failures).
With ``--browser`` every sanitised payload is also rendered, hovered and clicked in headless
Chromium with the harness of tests/test_browser_sanitize.py. Exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _sanitize_support import load_payloads, signature, violations  # noqa: E402
from threadkit import ContentTooLarge  # noqa: E402
from threadkit.sanitize import Sanitizer, SanitizerPolicy  # noqa: E402

MODES = ("text", "html")
BACKENDS = ("bleach", "nh3")


def check_policy(files: dict[str, list[str]]) -> int:
    """Print a table of failures and divergences per list; return the number of failures."""
    policies = {mode: SanitizerPolicy(mode=mode) for mode in MODES}  # type: ignore[arg-type]
    sanitizers = {(m, b): Sanitizer(policies[m], b) for m in MODES for b in BACKENDS}
    failures = 0
    print(
        "| list | payloads | "
        + " | ".join(f"{m}/{b}" for m in MODES for b in BACKENDS)
        + " | backends differ (text / html) |"
    )
    print("|---" * (3 + len(MODES) * len(BACKENDS)) + "|")
    for name, payloads in files.items():
        bad = dict.fromkeys(sanitizers, 0)
        differ = dict.fromkeys(MODES, 0)
        for payload in payloads:
            outputs: dict[tuple[str, str], str] = {}
            for key, sanitizer in sanitizers.items():
                try:
                    outputs[key] = sanitizer.clean(payload)
                except ContentTooLarge:
                    continue
                found = violations(outputs[key], policies[key[0]])
                if found:
                    bad[key] += 1
                    print(f"FAIL {key} {payload[:120]!r}: {found}", file=sys.stderr)
            for mode in MODES:
                pair = [outputs.get((mode, b)) for b in BACKENDS]
                if None not in pair and signature(pair[0] or "", "") != signature(
                    pair[1] or "", ""
                ):
                    differ[mode] += 1
        failures += sum(bad.values())
        print(
            f"| {name} | {len(payloads)} | "
            + " | ".join(str(bad[k]) for k in sanitizers)
            + f" | {differ['text']} / {differ['html']} |"
        )
    return failures


def check_browser(files: dict[str, list[str]]) -> int:
    """Render every sanitised payload in Chromium; return the number of recorded findings."""
    from _browser import CHROMIUM, launch_chromium
    from test_browser_sanitize import ELEMENT_CENTRES, Harness, _cases

    if not CHROMIUM.exists():
        print(f"no Chromium at {CHROMIUM}; skipping the browser check", file=sys.stderr)
        return 0
    payloads = [p for ps in files.values() for p in ps]
    findings = 0
    with launch_chromium(viewport={"width": 1280, "height": 900}) as ctx:
        harness = Harness(ctx)
        for mode in MODES:
            for backend in BACKENDS:
                sanitizer = Sanitizer(SanitizerPolicy(mode=mode), backend)  # type: ignore[arg-type]
                outputs = [sanitizer.clean(p) for p in payloads]
                start = len(harness.events)
                page = harness.render(f"full-{mode}-{backend}", _cases(outputs))
                hrefs = {
                    s["href"].split("#")[0] for s in page.evaluate(ELEMENT_CENTRES) if s["href"]
                }
                touched = harness.interact(page)
                page.close()
                found = [
                    e
                    for e in harness.events[start:]
                    if not (e[1] == "navigation" and e[2] in hrefs)
                ]
                findings += len(found)
                print(
                    f"browser {mode}/{backend}: {len(payloads)} payloads, {touched} elements "
                    f"hovered and clicked, {len(found)} findings"
                )
                for case, kind, detail in found:
                    print(f"  {kind} in {case}: {detail!r}", file=sys.stderr)
    return findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of *.txt payload lists")
    parser.add_argument("--browser", action="store_true", help="also render them in Chromium")
    args = parser.parse_args()
    files = {p.name: load_payloads(p) for p in sorted(args.corpus.glob("*.txt"))}
    if not files:
        parser.error(f"no *.txt payload lists in {args.corpus}")
    started = time.perf_counter()
    failures = check_policy(files)
    total = sum(len(p) for p in files.values())
    print(
        f"\n{total} payloads x {len(MODES) * len(BACKENDS)} variants: {failures} failures "
        f"({time.perf_counter() - started:.1f} s)"
    )
    if args.browser:
        failures += check_browser(files)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
