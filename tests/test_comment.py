"""The pull request's comment, built by the default branch's code from the data a figures run
left (figure_guard/comment.py): a good data file gives the expected comment; hostile
values come out escaped, cut to size, or are refused with one error line naming the value."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.registered import PROJECT

from figure_guard.comment import (
    MARKER,
    MAX_COMMENT,
    MAX_TEXT,
    SHOWN_LINES,
    case_lines,
    comment_body,
    main,
    markdown_text,
)
from figure_guard.comment_data import Case, DataError, from_json
from figure_guard.pixels import Diff
from figure_guard.report import CaseOutcome, change_lines
from figure_guard.review import case_data

REPO, RUN_ID = "owner/repo", 4242
PAGE = f"https://github.com/{REPO}/actions/runs/{RUN_ID}/artifacts/17"
ROOT = Path(__file__).resolve().parents[1]


def good() -> dict[str, Any]:
    """A data file as figures.yml leaves it: one changed case, one new, one forgiven."""
    return {
        "version": 1,
        "pr_number": 12,
        "sections": [
            {
                "kind": "run",
                "how": "Figures compared on rung 1 (Python 3.13.1).",
                "page_url": PAGE,
                "cases": [
                    {
                        "name": "paper",
                        "status": "changed",
                        "pixels": {
                            "differing": 3,
                            "total": 200,
                            "box": [2, 1, 5, 2],
                            "baseline_size": [20, 10],
                            "result_size": [20, 10],
                        },
                        "forgiven": 0,
                        "lines": ["bar 1: fill #102030 → #102031"],
                    },
                    {
                        "name": "new_case",
                        "status": "new",
                        "pixels": None,
                        "forgiven": 0,
                        "lines": None,
                    },
                ],
                "forgiven": [{"name": "single_bar", "pixels": 4}],
                "compared": 11,
            }
        ],
    }


def load(data: Any) -> Any:
    return from_json(json.dumps(data, ensure_ascii=False).encode(), REPO, RUN_ID)


def body_of(data: Any) -> str:
    return comment_body(load(data).sections)


def test_a_good_data_file_gives_the_expected_comment() -> None:
    assert body_of(good()).splitlines() == [
        MARKER,
        "## Figure guard",
        "",
        f"[Open the review page]({PAGE})",
        "",
        "### Figures compared in this run",
        "",
        "Figures compared on rung 1 \\(Python 3.13.1\\).",
        "",
        "2 of 11 figures changed.",
        "",
        "- **paper**: 3 of 200 pixels differ, inside the box x 2..4, y 1..1"
        " \\(from the top left\\)",
        "  - bar 1: fill &#35;102030 → &#35;102031",
        "- **new\\_case**: no baseline yet \\(new case; run \\`tox -e baselines\\`\\)",
        "- **single\\_bar** matches: 4 anti-aliased edge pixels forgiven",
        "",
        "The `figure-diffs-*` artifact holds each figure's baseline and result PNGs, its change"
        " as one image (`<case>/changes.png`) and the new descriptions.",
    ]


def test_the_intended_section_and_no_change_read_as_such() -> None:
    data = good()
    data["sections"][0]["cases"] = []
    data["sections"].append(
        {
            "kind": "intended",
            "how": "",
            "page_url": None,
            "cases": [],
            "forgiven": [],
            "compared": 0,
        }
    )
    body = body_of(data)
    assert "All figures match their baselines." in body
    assert "### Intended changes to baseline\\_images/" not in body  # titles are not escaped
    assert "### Intended changes to baseline_images/\n\nNo baseline changed." in body


def with_line(text: str) -> dict[str, Any]:
    data = good()
    data["sections"][0]["cases"][0]["lines"] = [text]
    return data


@pytest.mark.parametrize(
    ("text", "shown", "absent"),
    [
        pytest.param(
            "**bold** _it_ `code` ~~gone~~ | a | b |",
            r"\*\*bold\*\* \_it\_ \`code\` \~\~gone\~\~ \| a \| b \|",
            ["**bold**", "`code`", "~~gone"],
            id="markdown",
        ),
        pytest.param(
            '<img src=x onerror="alert(1)"><details open>',
            '&lt;img src=x onerror="alert\\(1\\)"\\>&lt;details open\\>',
            ["<img", "<details"],
            id="html",
        ),
        pytest.param(
            "cc @octocat and @org/team", "cc &#64;octocat and &#64;org/team", ["@"], id="mentions"
        ),
        pytest.param(
            "fixes #12 and owner/repo#3",
            "fixes &#35;12 and owner/repo&#35;3",
            ["#12", "repo#3"],
            id="issue references",
        ),
        pytest.param(
            "[click](https://evil.example/x)",
            r"\[click\]\(https&#58;//evil.example/x\)",
            ["](", "https://evil"],
            id="link",
        ),
        pytest.param(
            "see https://evil.example and www.evil.example",
            "see https&#58;//evil.example and www&#46;evil.example",
            ["https://evil", "www.evil"],
            id="bare urls that GitHub would autolink",
        ),
        pytest.param(
            "![pwned](https://evil.example/a.png)",
            r"\!\[pwned\]\(https&#58;//evil.example/a.png\)",
            ["![", "https://evil"],
            id="image",
        ),
        pytest.param(
            "ok\n\n## ✅ Approved by @maintainer\n\n<!-- figure-guard -->\n- [x] merge it",
            r"ok &#35;&#35; ✅ Approved by &#64;maintainer &lt;\!-- figure-guard --\>"
            r" - \[x\] merge it",
            ["\n## ", "<!--", "\n- [x]"],
            id="fake approval on lines of its own",
        ),
        pytest.param("$\\alpha$ math", r"\$\\alpha\$ math", ["$\\alpha$"], id="math"),
        pytest.param(
            "a\u202eevil\u2066b\x00\x1b[31mc",
            "aevilb\\[31mc",
            ["\u202e", "\u2066", "\x00", "\x1b"],
            id="direction and control characters",
        ),
    ],
)
def test_hostile_text_comes_out_escaped_in_its_own_list_item(
    text: str, shown: str, absent: list[str]
) -> None:
    body = body_of(with_line(text))
    assert f"\n  - {shown}\n" in body
    # the item the body holds (above) is `shown`, and none of the raw markup is in it
    item = next(line for line in body.splitlines() if line == f"  - {shown}")
    for raw in absent:
        assert raw not in item
    assert body.startswith(MARKER)
    assert body.count(MARKER) == 1
    # the text stays inside the one list item under its case: nothing else in the body moved
    assert body.replace(f"  - {shown}", "  - bar 1: fill &#35;102030 → &#35;102031") == body_of(
        good()
    )


def test_hostile_how_text_and_case_names_cannot_add_markup() -> None:
    data = good()
    data["sections"][0]["how"] = "<b>Approved</b> @admin"
    body = body_of(data)
    assert "\n&lt;b\\>Approved&lt;/b\\> &#64;admin\n" in body


def test_oversized_text_is_cut_and_many_lines_are_shown_in_part() -> None:
    long = body_of(with_line("y" * 50_000))
    assert f"\n  - {'y' * (MAX_TEXT - 1)}…\n" in long
    data = good()
    data["sections"][0]["cases"][0]["lines"] = [f"bar {n}: gone" for n in range(100)]
    body = body_of(data)
    assert f"  - bar {SHOWN_LINES - 1}: gone" in body
    assert f"  - bar {SHOWN_LINES}: gone" not in body
    assert f"  - … and {100 - SHOWN_LINES} more on the review page" in body


def test_a_body_github_would_refuse_is_cut_with_a_note() -> None:
    data = good()
    case = data["sections"][0]["cases"][0]
    data["sections"][0]["cases"] = [{**case, "name": f"case_{n}"} for n in range(1000)]
    assert len(comment_body(load(data).sections, limit=10**9)) > MAX_COMMENT  # really too long
    body = body_of(data)
    assert len(body) <= MAX_COMMENT < 65_536
    assert body.startswith(MARKER)
    assert body.rstrip().endswith("the page has them all.")
    assert "more lines cut: GitHub takes 65,000 characters at most" in body


def changed(path: list[Any], value: Any) -> dict[str, Any]:
    """The good data with the value at `path` replaced (a missing key: `value` is DELETE)."""
    data = copy.deepcopy(good())
    where: Any = data
    for key in path[:-1]:
        where = where[key]
    if value is DELETE:
        del where[path[-1]]
    else:
        where[path[-1]] = value
    return data


DELETE = object()
CASE = ["sections", 0, "cases", 0]
PIXELS = [*CASE, "pixels"]


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        (["version"], 2, "data.version: expected 1, got 2"),
        (["pr_number"], "12; rm -rf /", "data.pr_number: expected a whole number from 1"),
        (["pr_number"], 0, "data.pr_number: expected a whole number from 1"),
        (["pr_number"], True, "data.pr_number: expected a whole number"),
        (["pr_number"], 1.5, "data.pr_number: expected a whole number"),
        (["sections"], {}, "data.sections: expected a list, got dict"),
        (["sections", 0, "how"], DELETE, "data.sections[0]: missing ['how'] keys"),
        (["sections", 0, "body"], "# Approved", "data.sections[0]: unknown ['body'] keys"),
        (["sections", 0, "kind"], "approved", "data.sections[0].kind: expected one of"),
        (["sections", 0, "how"], ["a"], "data.sections[0].how: expected a string, got list"),
        (["sections", 0, "how"], "h" * 10_001, "data.sections[0].how: 10001 characters"),
        ([*CASE, "status"], "approved", "data.sections[0].cases[0].status: expected one of"),
        ([*CASE, "name"], "**x**", "data.sections[0].cases[0].name: '**x**' is not a case name"),
        ([*CASE, "name"], "a" * 101, "data.sections[0].cases[0].name: 101 characters"),
        ([*CASE, "name"], 7, "data.sections[0].cases[0].name: expected a string, got int"),
        ([*CASE, "lines"], "one line", "data.sections[0].cases[0].lines: expected a list"),
        ([*CASE, "lines"], [1], "data.sections[0].cases[0].lines[0]: expected a string, got int"),
        ([*CASE, "lines"], ["x"] * 10_001, "data.sections[0].cases[0].lines: 10001 entries"),
        ([*CASE, "lines", 0], "x" * 100_001, "lines[0]: 100001 characters, at most 100000"),
        ([*CASE, "forgiven"], -1, "cases[0].forgiven: expected a whole number from 0"),
        ([*PIXELS, "differing"], "many", "pixels.differing: expected a whole number from 0 to 200"),
        ([*PIXELS, "differing"], 201, "pixels.differing: expected a whole number from 0 to 200"),
        ([*PIXELS, "total"], 10**12, "pixels.total: expected a whole number from 0 to 1000000000"),
        ([*PIXELS, "box"], [1, 2, 3], "pixels.box: expected [left, top, right, bottom]"),
        ([*PIXELS, "box"], [5, 1, 2, 2], "pixels.box: an empty box"),
        ([*PIXELS, "baseline_size"], [1], "pixels.baseline_size: expected [width, height]"),
        ([*PIXELS, "total"], DELETE, "pixels: missing ['total'] keys"),
        (["sections", 0, "cases"], [good()["sections"][0]["cases"][1]] * 1001, "1001 entries"),
        (["sections", 0, "forgiven", 0, "pixels"], "4", "forgiven[0].pixels: expected a whole"),
        (["sections", 1], good()["sections"][0], "data.sections: a kind twice"),
    ],
)
def test_wrong_values_are_refused_with_one_error_naming_them(
    path: list[Any], value: Any, error: str
) -> None:
    if path == ["sections", 1]:
        data = good()
        data["sections"].append(value)
    else:
        data = changed(path, value)
    with pytest.raises(DataError) as refused:
        load(data)
    assert error in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/owner/repo/actions/runs/4242/artifacts/17",
        "https://github.com/other/repo/actions/runs/4242/artifacts/17",
        f"https://github.com/{REPO}/actions/runs/4243/artifacts/17",
        f"https://github.com/{REPO}/actions/runs/4242/artifacts/17?next=https://evil.example",
        f"https://github.com/{REPO}/actions/runs/4242/artifacts/17#x",
        f"http://github.com/{REPO}/actions/runs/4242/artifacts/17",
        "javascript:alert(1)",
        f"https://github.com.evil.example/{REPO}/actions/runs/4242/artifacts/17",
        f"https://github.com/{REPO}/actions/runs/4242/artifacts/17) ![x](https://evil.example",
    ],
)
def test_links_go_only_to_this_runs_artifacts_on_github(url: str) -> None:
    with pytest.raises(DataError, match=r"is not an artifact of this run on github\.com"):
        load(changed(["sections", 0, "page_url"], url))


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"not json", "the data is not JSON in UTF-8"),
        (b"\xff\xfe{}", "the data is not JSON in UTF-8"),
        (b'{"version": 1, "version": 1}', "a key twice in one object"),
        (b'{"version": NaN}', "NaN is not a number the data may hold"),
        (b'{"version": ' + b"9" * 5000 + b"}", "Exceeds the limit"),
        (b"[" * 100_000 + b"]" * 100_000, "the data is not JSON in UTF-8"),
        (b" " * 2_000_001, "the data is 2,000,001 bytes, at most 2,000,000 are taken"),
        (b"[]", "data: expected an object, got list"),
    ],
)
def test_a_file_that_is_not_comment_data_is_refused(raw: bytes, error: str) -> None:
    with pytest.raises(DataError, match=error.replace("(", r"\(")):
        from_json(raw, REPO, RUN_ID)


def test_the_command_prints_the_number_and_writes_the_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, body = tmp_path / "comment.json", tmp_path / "body.md"
    data.write_text(json.dumps(good()), encoding="utf-8")
    args = [str(data), "--repo", REPO, "--run-id", str(RUN_ID), "--body", str(body)]
    assert main(args) == 0
    assert capsys.readouterr().out == "12\n"
    assert body.read_text(encoding="utf-8") == body_of(good())


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (changed(["pr_number"], None), "data.pr_number: the data names no pull request"),
        (changed([*CASE, "status"], "lgtm"), "data.sections[0].cases[0].status: expected one of"),
    ],
)
def test_the_command_refuses_with_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any], error: str
) -> None:
    path, body = tmp_path / "comment.json", tmp_path / "body.md"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main([str(path), "--repo", REPO, "--run-id", str(RUN_ID), "--body", str(body)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: the comment data is refused: ")
    assert error in err
    assert err.count("\n") == 1
    assert not body.exists()


def test_the_builder_needs_nothing_but_the_standard_library(tmp_path: Path) -> None:
    """The posting workflow runs it with the runner's python3 and installs nothing."""
    data, body = tmp_path / "comment.json", tmp_path / "body.md"
    data.write_text(json.dumps(good()), encoding="utf-8")
    script = (
        "import runpy, sys; sys.argv[1:] = sys.argv[2:];"
        "runpy.run_module('figure_guard.comment', run_name='__main__', alter_sys=True)"
    )
    check = (
        "import sys, figure_guard.comment as c;"
        "extra = sorted({m.split('.')[0] for m in sys.modules} - set(sys.stdlib_module_names)"
        " - {'figure_guard', '__main__'}); print(extra)"
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": ""}
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); {check}",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert done.stdout == "[]\n"
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "x",
            str(data),
            "--repo",
            REPO,
            "--run-id",
            str(RUN_ID),
            "--body",
            str(body),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "12\n", "")
    assert body.read_text(encoding="utf-8").startswith(MARKER)


@pytest.mark.parametrize(
    "item",
    [
        CaseOutcome("a", Diff(3, 200, (2, 1, 5, 2), (20, 10), (20, 10)), False, ("x",)),
        CaseOutcome("a", Diff(0, 0, None, (20, 10), (20, 11)), False, ()),
        CaseOutcome("a", Diff(9, 200, (0, 0, 3, 3), (20, 10), (20, 10)), False, None, 4),
        CaseOutcome("a", None, False, ("y", "z")),
        CaseOutcome("a", None, True, None),
        CaseOutcome("a", None, False, None, removed=True),
    ],
)
def test_the_comment_says_of_a_case_what_the_run_says(item: CaseOutcome) -> None:
    """The comment's words for a case (this module, standard library only) and the run's
    (report.change_lines, for the page and the terminal) are one text."""
    assert case_lines(case_data(item)) == change_lines(item, PROJECT.regenerate)


def test_the_regeneration_command_is_the_suites() -> None:
    assert case_lines(Case("a", "new", None, 0, None)) == change_lines(
        CaseOutcome("a", None, True, None), PROJECT.regenerate
    )
    assert PROJECT.regenerate in case_lines(Case("a", "new", None, 0, None))[0]


def test_markdown_text_leaves_plain_words_alone() -> None:
    assert markdown_text("bar 10: height 57.11 → 57.12") == "bar 10: height 57.11 → 57.12"
