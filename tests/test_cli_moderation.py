"""``threadkit check``, ``moderate`` and ``eval``: output, file formats and clear errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadkit.cli import main
from threadkit.cli._moderation import highlight


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_verdict_with_brackets_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Off a terminal the accusing words are shown in brackets, with no ANSI codes."""
    code, out, _ = run(capsys, "check", "You are dishonest and highly deceptive.")
    assert code == 0
    assert out.startswith("HOLD  score 9")
    assert "You are [dishonest] and highly deceptive." in out
    assert "You are dishonest and [highly deceptive]." in out
    assert "\x1b[" not in out


def test_check_colour_always_uses_ansi(capsys: pytest.CaptureFixture[str]) -> None:
    """--color always marks the span in bold red instead of brackets."""
    _, out, _ = run(capsys, "check", "--color", "always", "you're a liar")
    assert "\x1b[1;31mliar\x1b[0m" in out
    assert "[liar]" not in out


def test_check_json_is_the_verdict_dict(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the verdict as Verdict.to_dict() would."""
    _, out, _ = run(capsys, "check", "--json", "you're a liar")
    data = json.loads(out)
    assert data["action"] == "hold"
    assert data["findings"][0]["span"] == [9, 13]
    assert data["findings"][0]["excerpt"] == "liar"


def test_check_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A text of "-" is read from standard input."""
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Thanks for sharing this post!"))
    code, out, _ = run(capsys, "check", "-")
    assert code == 0
    assert out.startswith("APPROVE  score 0")


def test_highlight_shows_context_around_the_span() -> None:
    """Long texts are cut to the words around the span, marked with ellipses."""
    text = "x" * 100 + " liar " + "y" * 100
    shown = highlight(text, (101, 105), colour=False, context=5)
    assert shown == "…xxxx [liar] yyyy…"


def test_moderate_jsonl_writes_one_verdict_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each JSONL comment gets a line with its id, action, score and findings."""
    source = tmp_path / "comments.jsonl"
    rows = [
        {"id": "c1", "body": "Great post, thank you.", "author": "Todd", "post_id": "p1"},
        {
            "id": "c2",
            "body": "You are dishonest and highly deceptive.",
            "author": {"name": "Recruiter", "email": "r@example.org"},
            "post_id": "p1",
        },
        {"body": "fuck you"},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "moderate", str(source))
    assert code == 0
    assert err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c2", "3"]
    assert [line["action"] for line in lines] == ["approve", "hold", "hold"]
    finding = lines[1]["findings"][0]
    assert set(finding) == {"rule", "category", "score", "span", "excerpt", "reason"}
    assert finding["excerpt"] == "dishonest"


def test_moderate_csv_uses_the_content_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CSV with a CONTENT column (the YouTube corpus layout) is read, ids from COMMENT_ID."""
    source = tmp_path / "comments.csv"
    with source.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["COMMENT_ID", "AUTHOR", "CONTENT", "CLASS"])
        writer.writerow(["a1", "Someone", "What a moron.", "0"])
        writer.writerow(["a2", "Other", "Nice song", "0"])
    output = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "moderate", str(source), "--output", str(output))
    assert code == 0
    assert out == ""
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [(line["id"], line["action"]) for line in lines] == [("a1", "hold"), ("a2", "approve")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.jsonl", '{"body": "ok"}\nnot json\n', "line 2: not valid JSON"),
        ("nobody.jsonl", '{"text": "ok"}\n', "line 1: no 'body' string field"),
        ("list.jsonl", "[1, 2]\n", "line 1: expected a JSON object"),
        ("cols.csv", "a,b\n1,2\n", "has no a body or CONTENT column; columns: a, b"),
        ("author.jsonl", '{"body": "x", "author": 3}\n', "author must be a name or an object"),
    ],
)
def test_moderate_reports_bad_files_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str
) -> None:
    """Broken input is refused with exit status 2 and a message naming the problem."""
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "moderate", str(source))
    assert code == 2
    assert out == ""
    assert err.startswith("threadkit moderate: error: ")
    assert message in err


def test_moderate_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is named in the error."""
    code, _, err = run(capsys, "moderate", "/nonexistent/comments.jsonl")
    assert code == 2
    assert "no such file: /nonexistent/comments.jsonl" in err


def _labelled_csv(path: Path) -> None:
    rows = [
        ("You are an idiot.", "1", "insult"),
        ("What a liar you are!", "1", "accusation"),
        ("I will find you.", "1", "threat"),
        ("Thanks, this helped.", "0", "plain"),
        ('He called me "dishonest" yesterday.', "0", "report"),
        ("Nice post.", "0", "plain"),
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "label", "kind"])
        writer.writerows(rows)


def test_eval_reports_precision_recall_and_fpr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """eval counts flagged rows against the labels, overall and per group."""
    source = tmp_path / "labelled.csv"
    _labelled_csv(source)
    code, out, _ = run(
        capsys,
        "eval",
        str(source),
        "--label-column",
        "label",
        "--text-column",
        "text",
        "--group-column",
        "kind",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    (scores,) = data["categories"]
    assert (scores["category"], scores["tp"], scores["fp"]) == ("toxicity", 3, 0)
    assert (scores["precision"], scores["recall"], scores["false_positive_rate"]) == (1, 1, 0)
    groups = {g["group"]: g["flagged"] for g in data["groups"]}
    assert groups == {"accusation": 1, "insult": 1, "plain": 0, "report": 0, "threat": 1}


def test_eval_plain_text_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json, eval prints a table with the category's precision, recall and FPR."""
    source = tmp_path / "labelled.csv"
    _labelled_csv(source)
    code, out, _ = run(
        capsys,
        "eval",
        str(source),
        "--label-column",
        "label",
        "--text-column",
        "text",
        "--positive",
        "1",
        "--category",
        "abuse",
    )
    assert code == 0
    assert "abuse" in out
    assert "precision" in out
    assert "FPR" in out


def test_eval_missing_column_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A label or text column the file lacks is named along with the columns it has."""
    source = tmp_path / "labelled.csv"
    _labelled_csv(source)
    code, _, err = run(
        capsys, "eval", str(source), "--label-column", "CLASS", "--text-column", "text"
    )
    assert code == 2
    assert "has no column 'CLASS'; columns: text, label, kind" in err


def test_config_option_loads_a_rule_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--config uses a TOML rule set: here the accusation rule is switched off."""
    config = tmp_path / "rules.toml"
    config.write_text('extends = "default"\n[rules.accusation]\nenabled = false\n', "utf-8")
    code, out, _ = run(capsys, "check", "--config", str(config), "you're a liar")
    assert code == 0
    assert out.startswith("APPROVE")


def test_broken_config_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A configuration that does not load is an error naming the file."""
    config = tmp_path / "rules.toml"
    config.write_text("[rules.nope]\nscore = 1\n", "utf-8")
    code, _, err = run(capsys, "check", "--config", str(config), "hello")
    assert code == 2
    assert f"bad config {config}" in err


def test_console_script_runs_check() -> None:
    """The installed ``threadkit`` entry point runs check as a separate process."""
    done = subprocess.run(
        [sys.executable, "-m", "threadkit", "check", "What a fraud you are."],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert "What a [fraud] you are." in done.stdout
