"""The sanitiser's API, policy validation, limits, URL check, hygiene and thread safety."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import attrs
import pytest

from threadkit import ContentTooLarge, ThreadkitError
from threadkit.sanitize import (
    DEFAULT_POLICY,
    Sanitizer,
    SanitizerBackend,
    SanitizerConfigError,
    SanitizerPolicy,
    clean_unicode,
    safe_url,
    sanitize,
)
from threadkit.sanitize._limits import check_markup
from threadkit.sanitize._url import decode_attribute

BACKENDS = ["bleach", "nh3"]
MODES = ["text", "html"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each built-in backend's name."""
    name: str = request.param
    return name


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    """Each input mode."""
    name: str = request.param
    return name


def test_sanitize_defaults_to_text_mode_and_bleach() -> None:
    """sanitize() escapes markup and uses bleach unless told otherwise."""
    assert sanitize("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>"
    assert Sanitizer().backend == "bleach"
    assert Sanitizer().policy == DEFAULT_POLICY


def test_html_mode_keeps_allowed_tags(backend: str) -> None:
    """html mode keeps the WordPress-like tags and removes the rest."""
    out = sanitize("<em>yes</em><span>no</span>", mode="html", backend=backend)
    assert out == "<em>yes</em>no"


def test_sanitizer_repr_names_mode_and_backend() -> None:
    """The repr says which policy mode and backend a sanitizer uses."""
    sanitizer = Sanitizer(SanitizerPolicy(mode="html"), backend="nh3")
    assert repr(sanitizer) == "Sanitizer(mode='html', backend='nh3')"


def test_builtin_backends_satisfy_the_protocol(backend: str) -> None:
    """Both built-in backends are SanitizerBackend instances."""
    assert isinstance(Sanitizer(backend=backend)._backend, SanitizerBackend)


def test_custom_backend_is_used() -> None:
    """A user-supplied SanitizerBackend receives the rendered markup and the policy."""
    seen: list[tuple[str, SanitizerPolicy]] = []

    class Recording:
        name = "recording"

        def clean(self, html: str, policy: SanitizerPolicy) -> str:
            seen.append((html, policy))
            return html

    sanitizer = Sanitizer(backend=Recording())
    assert sanitizer.clean("a <b>") == "<p>a &lt;b&gt;</p>"
    assert seen == [("<p>a &lt;b&gt;</p>", DEFAULT_POLICY)]
    assert sanitizer.backend == "recording"


def test_non_string_input_is_a_type_error() -> None:
    """Bytes or None are a caller's mistake, reported as TypeError, not sanitised."""
    with pytest.raises(TypeError, match="bytes"):
        Sanitizer().clean(b"<b>x</b>")  # type: ignore[arg-type]


def test_unknown_backend_is_a_config_error() -> None:
    """An unknown backend name raises SanitizerConfigError naming the choices."""
    with pytest.raises(SanitizerConfigError, match="bleach, nh3"):
        Sanitizer(backend="lxml")
    with pytest.raises(SanitizerConfigError):
        Sanitizer(backend=42)  # type: ignore[arg-type]
    with pytest.raises(SanitizerConfigError):
        Sanitizer(policy={"mode": "html"})  # type: ignore[arg-type]


def test_missing_nh3_gives_a_clear_error() -> None:
    """Without nh3 installed, asking for it raises BackendUnavailable naming the extra."""
    code = (
        "import sys; sys.modules['nh3'] = None\n"  # makes `import nh3` fail, as if absent
        "from threadkit.sanitize import Sanitizer, BackendUnavailable\n"
        "try:\n    Sanitizer(backend='nh3')\n"
        "except BackendUnavailable as e:\n"
        "    assert isinstance(e, ImportError) and e.extra == 'nh3'\n    print(e)\n"
        "print(Sanitizer().clean('still works'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install 'threadkit[nh3]'" in result.stdout
    assert "<p>still works</p>" in result.stdout


def test_core_install_needs_no_standalone_html5lib() -> None:
    """A plain ``pip install threadkit`` has bleach but not html5lib; both modes still work."""
    code = (
        "import sys; sys.modules['html5lib'] = None\n"  # as on a machine without the dev extra
        "from threadkit import CommentService, MemoryStore, Sanitizer\n"
        "CommentService(MemoryStore())\n"
        "print(Sanitizer().clean('a <b>b</b> https://example.com'))\n"
        "from threadkit import SanitizerPolicy\n"
        "print(Sanitizer(SanitizerPolicy(mode='html')).clean('<a href=\"https://x.org\">x</a>'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "&lt;b&gt;b&lt;/b&gt;" in result.stdout
    assert 'rel="nofollow ugc noopener"' in result.stdout


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"tags": {"b", "script"}}, "tags"),
        ({"tags": {"svg"}}, "tags"),
        ({"tags": "b"}, "tags"),
        ({"tags": {"b c"}}, "tags"),
        ({"attributes": {"a": {"onclick"}}}, "attributes"),
        ({"attributes": {"a": {"style"}}}, "attributes"),
        ({"attributes": {"a": {"target"}}}, "attributes"),
        ({"attributes": {"a": {"rel"}}}, "attributes"),
        ({"attributes": ["a"]}, "attributes"),
        ({"url_schemes": {"http", "javascript"}}, "url_schemes"),
        ({"url_schemes": "http"}, "url_schemes"),
        ({"rel": "nofollow <x>"}, "rel"),
        ({"mode": "markdown"}, "mode"),
        ({"max_length": 0}, "max_length"),
        ({"max_depth": True}, "max_depth"),
        ({"linkify": "yes"}, "linkify"),
    ],
)
def test_policy_refuses_unsafe_or_invalid_settings(changes: dict[str, object], key: str) -> None:
    """A policy that cannot be made safe, or is malformed, raises SanitizerConfigError."""
    with pytest.raises(SanitizerConfigError) as raised:
        SanitizerPolicy(**changes)  # type: ignore[arg-type]
    assert raised.value.key == key
    assert isinstance(raised.value, ThreadkitError)


def test_policy_is_frozen_hashable_and_normalised() -> None:
    """Policies are immutable values; names are lower-cased; evolve validates again."""
    policy = SanitizerPolicy(tags=["B", "I"], attributes={"B": ["Title"]})
    assert policy.tags == frozenset({"b", "i"})
    assert dict(policy.attributes) == {"b": frozenset({"title"})}
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.mode = "html"  # type: ignore[misc]
    assert hash(SanitizerPolicy()) == hash(DEFAULT_POLICY)
    with pytest.raises(SanitizerConfigError):
        attrs.evolve(policy, tags={"iframe"})


def test_custom_policy_changes_output(backend: str) -> None:
    """A narrower policy is enforced: only <b> allowed, no rel, no linkify."""
    policy = SanitizerPolicy(tags={"b"}, attributes={}, rel="", linkify=False, mode="html")
    out = Sanitizer(policy, backend).clean("<b>x</b> <i>y</i> https://example.com")
    assert out == "<b>x</b> y https://example.com"
    text_policy = SanitizerPolicy(linkify=False)
    assert Sanitizer(text_policy, backend).clean("https://example.com") == (
        "<p>https://example.com</p>"
    )


def test_rel_is_configurable(backend: str) -> None:
    """The rel a policy declares is the one every link gets."""
    policy = SanitizerPolicy(mode="html", rel="nofollow")
    out = Sanitizer(policy, backend).clean('<a href="https://example.com">x</a>')
    assert out == '<a href="https://example.com" rel="nofollow">x</a>'


def test_extra_scheme_can_be_allowed(backend: str) -> None:
    """Allowing a scheme (ftp) lets such links through while javascript: stays out."""
    policy = SanitizerPolicy(mode="html", url_schemes={"https", "ftp"})
    out = Sanitizer(policy, backend).clean(
        '<a href="ftp://example.com/f">f</a><a href="http://example.com">h</a>'
    )
    assert out == (
        '<a href="ftp://example.com/f" rel="nofollow ugc noopener">f</a>'
        '<a rel="nofollow ugc noopener">h</a>'
    )


def test_length_limit_raises_before_parsing(backend: str, mode: str) -> None:
    """Input over max_length raises ContentTooLarge with the figures; at the limit it passes."""
    policy = SanitizerPolicy(mode=mode, max_length=100)  # type: ignore[arg-type]
    sanitizer = Sanitizer(policy, backend)
    assert sanitizer.clean("x" * 100)
    with pytest.raises(ContentTooLarge) as raised:
        sanitizer.clean("x" * 101)
    assert (raised.value.limit_name, raised.value.limit, raised.value.actual) == (
        "length",
        100,
        101,
    )


def test_a_megabyte_of_angle_brackets_is_refused_fast(backend: str, mode: str) -> None:
    """1 MB of '<' raises ContentTooLarge without reaching a parser."""
    started = time.perf_counter()
    with pytest.raises(ContentTooLarge):
        sanitize("<" * 1_000_000, mode=mode, backend=backend)
    # Not a timing assertion on the sanitiser: a parser on 1 MB would take seconds, a length
    # check microseconds; a full minute means the check did not run first.
    assert time.perf_counter() - started < 60


def test_nesting_limit_raises_in_html_mode(backend: str) -> None:
    """Tags nested deeper than max_depth raise ContentTooLarge("depth")."""
    sanitizer = Sanitizer(SanitizerPolicy(mode="html", max_depth=10), backend)
    assert sanitizer.clean("<b>" * 10 + "x") == "<b>" * 10 + "x" + "</b>" * 10
    with pytest.raises(ContentTooLarge) as raised:
        sanitizer.clean("<b>" * 11 + "x")
    assert raised.value.limit_name == "depth"
    with pytest.raises(ContentTooLarge):
        sanitize("<q>" * 20_000, mode="html", backend=backend)


@pytest.mark.parametrize(
    "tag",
    [
        "<b " + " ".join(f"a{i}" for i in range(33)) + ">",
        '<b x=">" ' + " ".join(f"a{i}=1" for i in range(33)) + ">",  # ">" inside a value
        '<b a"x ' + " ".join(f"a{i}" for i in range(33)) + '">',  # quotes only after "="
        "<b/" + "/".join(f"a{i}" for i in range(33)) + ">",  # "/" separates attributes
        "<p " + "a " * 20_000,  # unfinished at the end; html5lib still collects them all
    ],
)
def test_attribute_limit_raises_before_parsing(backend: str, tag: str) -> None:
    """A tag with more attributes than max_attributes raises ContentTooLarge("attributes")."""
    with pytest.raises(ContentTooLarge) as raised:
        sanitize(tag + "x", mode="html", backend=backend)
    assert raised.value.limit_name == "attributes"
    assert raised.value.actual > 32


def test_attribute_limit_allows_ordinary_tags(backend: str) -> None:
    """Tags with up to max_attributes attributes, quoted or not, are cleaned as usual."""
    tag = "<b " + " ".join(f'a{i}="v>{i}"' for i in range(32)) + ">x</b>"
    assert sanitize(tag, mode="html", backend=backend) == "<b>x</b>"


def test_text_mode_ignores_nesting() -> None:
    """In text mode tags are only text, so deep 'nesting' is not refused."""
    out = Sanitizer(SanitizerPolicy(max_depth=2)).clean("<b><b><b>x")
    assert out == "<p>&lt;b&gt;&lt;b&gt;&lt;b&gt;x</p>"


@pytest.mark.parametrize(
    ("markup", "deep"),
    [
        ("<p>a<p>b<p>c<p>d<p>e", False),  # each <p> closes the last
        ("<ul><li>a<li>b<li>c<li>d<li>e</ul>", False),  # each <li> closes the last
        ("<b>a</b><b>b</b><b>c</b><b>d</b><b>e</b>", False),
        ("<br><br><br><br><br><br><br><br>", False),  # void elements never nest
        ("<div><div><div><div><div>", True),
        ("<b><i><b><i><b>", True),
        ("<p><b>a<p><i>b<p><em>c<p><code>d", True),  # formatting is reopened in each <p>
        ("<B><I><EM><Q><CODE>", True),
    ],
)
def test_depth_estimate(markup: str, deep: bool) -> None:
    """The pre-parse depth estimate follows implied closes but never under-counts."""
    if deep:
        with pytest.raises(ContentTooLarge):
            check_markup(markup, 4, 32)
    else:
        check_markup(markup, 4, 32)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "https://example.com:8443/a/b?c=d&e=f#g",
        "HTTPS://EXAMPLE.COM/",
        "http://[2001:db8::1]/x",
        "http://127.0.0.1:8080",
        "https://ru.wikipedia.org/wiki/Москва",
        "https://example.com/O'Reilly_(book)",
        "mailto:someone@example.com",
        "mailto:someone@example.com?subject=hi%20there",
    ],
)
def test_safe_url_accepts_plain_absolute_urls(url: str) -> None:
    """Absolute http, https and mailto URLs come back unchanged."""
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript:123",
        "\x01java\x03script:alert(1)",
        " http://example.com",
        "http://example.com ",
        "jav\tascript:alert(1)",
        "java\nscript:alert(1)",
        "http://exa\u200bmple.com",
        "http://exa\u202emple.com",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "/relative",
        "//protocol-relative.example",
        "?q=1",
        "#top",
        "http:example.com",
        "http:/example.com",
        "http://",
        "http:///path",
        "http://user:pass@example.com",
        "http://bank.example@evil.example",
        "http://[not-ipv6]/",
        "http://[1:2:3]/",
        "http://example.com:99999/",
        "http://example.com:port/",
        "https:\\\\evil.example",
        "http://exa%6Dple.com",
        'http://example.com/"onmouseover="alert(1)',
        "http://example.com/<script>",
        "mailto:",
        "ftp://example.com",
        "tel:+123",
    ],
)
def test_safe_url_refuses_everything_else(url: str) -> None:
    """Relative, disguised, malformed and non-allowed-scheme URLs give None."""
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("jav&#x09;ascript:", "jav\tascript:"),
        ("&#106;avascript:", "javascript:"),
        ("&#0000106avascript:", "javascript:"),
        ("&#X6A;", "j"),
        ("a&amp;b", "a&b"),
        ("?a=1&copy=2", "?a=1&copy=2"),  # legacy reference before "=": literal in attributes
        ("?a=1&copyx", "?a=1&copyx"),  # ... and before an alphanumeric
        ("?a=1&copy 2", "?a=1© 2"),
        ("&notit;", "&notit;"),  # "&not" then a letter: literal in attributes (text: "¬it;")
        ("&not;it", "¬it"),
        ("&unknown;", "&unknown;"),
        ("&#128;", "€"),  # the windows-1252 remap browsers apply
        ("&#0;", "\ufffd"),
    ],
)
def test_decode_attribute_follows_the_html_rules(raw: str, decoded: str) -> None:
    """Raw attribute text decodes exactly as a browser decodes attribute values."""
    assert decode_attribute(raw) == decoded


def test_clean_unicode_examples() -> None:
    """Hygiene removes controls, bidi and zero-width tricks and keeps what scripts need."""
    assert clean_unicode("a\x00b\x1bc\x7fd\x9fe") == "abcde"
    assert clean_unicode("tab\tand\nnewline") == "tab\tand\nnewline"
    assert clean_unicode("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\n\ne"
    assert clean_unicode("\u202eevil\u202c") == "evil"
    assert clean_unicode("x\ud83dy") == "xy"
    assert clean_unicode("\ud83d\ude00") == "\U0001f600"
    assert clean_unicode("\u1820\u180e\u1821 a\u180eb") == "\u1820\u180e\u1821 ab"
    assert clean_unicode("e\u0301") == "\u00e9"
    assert clean_unicode("\uff1cb\uff1e") == "\uff1cb\uff1e"


def test_clean_unicode_reaches_a_fixed_point_when_nfc_reorders_marks() -> None:
    """A joiner whose virama context NFC reorders away is judged again after NFC."""
    # ka + nukta-like mark (ccc 230) + virama (ccc 9) + ZWJ: NFC moves the virama first, so
    # the ZWJ no longer follows it and must go, in one call.
    text = "\u0915\u0301\u094d\u200d\u0937"
    once = clean_unicode(text)
    assert clean_unicode(once) == once
    assert "\u200d" not in once


def test_html_mode_reveals_sensitive_references(backend: str) -> None:
    """In html mode &zwj; between emoji survives, but &#x200B; inside a word is removed."""
    out = sanitize("\U0001f469&zwj;\U0001f4bb pay&#x200B;pal", mode="html", backend=backend)
    assert out == "\U0001f469\u200d\U0001f4bb paypal"


def test_sanitizer_is_thread_safe(backend: str, mode: str) -> None:
    """Eight threads sharing one Sanitizer get exactly the single-threaded results."""
    sanitizer = Sanitizer(SanitizerPolicy(mode=mode), backend)  # type: ignore[arg-type]
    inputs = [
        f"<p>comment {i} <b>bold {i}</b> <a href='https://example.com/{i}'>link</a>"
        f"<script>alert({i})</script> https://example.org/{i}\n\nnext</p>" * (1 + i % 3)
        for i in range(40)
    ]
    expected = [sanitizer.clean(text) for text in inputs]
    failures: list[str] = []
    barrier = threading.Barrier(8)

    def work(offset: int) -> None:
        barrier.wait()
        for round_ in range(3):
            for index in range(len(inputs)):
                i = (index + offset + round_) % len(inputs)
                if sanitizer.clean(inputs[i]) != expected[i]:
                    failures.append(f"thread {offset}, input {i}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, so shared parser state would show
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []


def test_backend_failure_falls_back_to_escaping(caplog: pytest.LogCaptureFixture) -> None:
    """If a backend raises, the output is the escaped text and the error is logged."""

    class Broken:
        name = "broken"

        def clean(self, html: str, policy: SanitizerPolicy) -> str:
            raise RuntimeError("parser bug")

    sanitizer = Sanitizer(SanitizerPolicy(mode="html"), backend=Broken())
    with caplog.at_level("ERROR", logger="threadkit.sanitize"):
        out = sanitizer.clean("<b>hi</b> https://example.com")
    assert out == "<p>&lt;b&gt;hi&lt;/b&gt; https://example.com</p>"
    assert "sanitiser backend 'broken' failed" in caplog.text
