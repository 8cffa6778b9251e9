"""The decisions of figure-accept.yml (figure_guard.pr_accept), fed crafted event payloads and a
fake `gh`: no GitHub is reachable here. The artifacts are made here, as in test_accept.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.registered import ROOT, copy_registry
from test_accept import HERE, PDF, git, png, versions_toml

from figure_guard import pr_accept, reference
from figure_guard.comment_data import DataError
from figure_guard.pr_accept import Gh, Words, carry_note, decide, message, note, parse_command

REPO = "lab/plotting"
SHA = "a" * 40


def fake_gh(tmp_path: Path, answers: dict[str, Any]) -> Gh:
    """A `gh` that answers `gh api PATH` from a table, and fails for any other path."""
    table = tmp_path / "answers.json"
    table.write_text(json.dumps(answers), encoding="utf-8")
    program = tmp_path / "gh"
    program.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"answers = json.load(open({str(table)!r}))\n"
        "if sys.argv[1:2] != ['api'] or sys.argv[2] not in answers:\n"
        "    sys.exit('gh: HTTP 404: Not Found')\n"
        "print(json.dumps(answers[sys.argv[2]]))\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    return Gh(str(program))


def event(body: str = f"/figures accept {SHA}", **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "action": "created",
        "issue": {"number": 7, "pull_request": {"url": "https://api.github.com/..."}},
        "comment": {"body": body, "user": {"login": "maintainer"}},
    }
    payload.update(changes)
    return payload


def answers(permission: str = "write", head: str = SHA, fork: bool = False) -> dict[str, Any]:
    return {
        f"repos/{REPO}/collaborators/maintainer/permission": {"permission": permission},
        f"repos/{REPO}/pulls/7": {
            "state": "open",
            "head": {
                "sha": head,
                "ref": "figure-change",
                "repo": {"full_name": "someone/plotting" if fork else REPO},
            },
        },
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(f"/figures accept {SHA}", SHA, id="the command"),
        pytest.param(f"  /figures accept {SHA}\nthanks!", SHA, id="first line, then words"),
        pytest.param("LGTM", None, id="no command"),
        pytest.param(f"see /figures accept {SHA}", None, id="not at the start"),
        pytest.param(f"/figures acceptance {SHA}", None, id="another word"),
    ],
)
def test_a_comment_is_a_command_only_on_its_first_line(body: str, expected: str | None) -> None:
    assert parse_command(body) == expected


@pytest.mark.parametrize(
    "body",
    ["/figures accept", "/figures accept abc1234", f"/figures accept {SHA.upper()}",
     f"/figures accept {SHA} {SHA}"],
)  # fmt: skip
def test_a_command_without_the_full_sha_is_refused(body: str) -> None:
    with pytest.raises(DataError, match="takes the full 40-character SHA"):
        parse_command(body)


def test_a_maintainer_asking_for_the_head_of_a_branch_here_may_push(tmp_path: Path) -> None:
    request = decide(event(), REPO, fake_gh(tmp_path, answers()))
    assert request is not None
    assert request.outputs() == (
        f"sha={SHA}\nnumber=7\nrequested-by=maintainer\nbranch=figure-change\npush=true\n"
    )


def test_a_forks_pull_request_is_answered_with_the_local_command(tmp_path: Path) -> None:
    request = decide(event(), REPO, fake_gh(tmp_path, answers(fork=True)))
    assert request is not None
    assert request.push is False
    text = pr_accept.fork_comment(REPO, 123, SHA)
    assert "gh run download 123 -R lab/plotting -n figure-diffs-accept" in text
    assert "tox -e accept -- figure-diffs" in text


@pytest.mark.parametrize(
    ("payload", "table", "says"),
    [
        pytest.param(event(), answers(permission="read"), "maintainer may not write", id="read"),
        pytest.param(event(), answers(permission="triage"), "may not write", id="triage"),
        pytest.param(event(), answers(head="b" * 40), f"{SHA} is not pull request 7's head",
                     id="a push after the request"),
        pytest.param(event(), {}, "the API refused", id="the API says no"),
        pytest.param(event(comment={"body": f"/figures accept {SHA}", "user": {"login": "a b"}}),
                     answers(), "is not a GitHub login", id="a strange login"),
        pytest.param(event(issue={"number": "7; rm", "pull_request": {}}), answers(),
                     "", id="an issue, not a pull request"),
    ],
)  # fmt: skip
def test_a_request_is_refused_unless_the_api_confirms_writer_and_head(
    tmp_path: Path, payload: dict[str, Any], table: dict[str, Any], says: str
) -> None:
    gh = fake_gh(tmp_path, table)
    if not says:  # an empty pull_request marker: a plain issue's comment, no command
        assert decide(payload, REPO, gh) is None
        return
    with pytest.raises(DataError, match=says):
        decide(payload, REPO, gh)


@pytest.mark.parametrize(
    "payload",
    [event(action="edited"), event(issue={"number": 7}), event(body="nice work")],
    ids=["an edited comment", "an issue's comment", "no command"],
)
def test_what_is_no_command_asks_nothing_of_the_api(
    tmp_path: Path, payload: dict[str, Any]
) -> None:
    assert decide(payload, REPO, fake_gh(tmp_path, {})) is None


HOSTILE = "@everyone <img src=x> [click](https://evil.example) \u202e\x1b[31m" + "x" * 500


def test_the_commit_message_and_note_are_plain_escaped_and_cut() -> None:
    trailer = "Co-authored-by: someone <someone@example.com>"
    lines_in = (HOSTILE, trailer, "Closes #1", *(f"line {n}" for n in range(100)))
    words = Words(("paper",), ("new_case",), lines_in)
    text = message(SHA, "maintainer", words, "x86_64 Linux")
    lines = text.splitlines()
    # a line of the pull request's choosing is a list item, never a trailer or a keyword line
    assert not [line for line in lines if line.startswith(("Co-authored-by:", "Closes"))]
    assert f"  - {trailer}" in lines
    assert lines[0] == f"figures: accept the reference rendering of {SHA[:12]} (1 changed, 1 new)"
    assert all(len(line) <= pr_accept.LINE_LENGTH for line in lines[4:])
    assert "\u202e" not in text
    assert "\x1b" not in text
    assert lines[-1] == "… 43 more lines"
    said = note(SHA, "maintainer", Words((HOSTILE[:60],), (), ()), "2026-12-02 10:00 UTC")
    assert "&#64;everyone &lt;img" in said
    assert "\\[click\\]\\(https&#58;//evil.example\\)" in said
    assert said.startswith(pr_accept.NOTE_MARKER)


def test_the_accepted_note_is_carried_into_the_next_comment() -> None:
    said = note(SHA, "maintainer", Words(("paper",), (), ()), "2026-12-02 10:00 UTC")
    old = "<!-- figure-guard -->\nold body\n\n" + said
    new = "<!-- figure-guard -->\nAll figures match their baselines.\n"
    assert carry_note(old, new) == new.rstrip("\n") + "\n\n" + said
    assert carry_note("<!-- figure-guard -->\nno note", new) == new
    newer = note("b" * 40, "other", Words(("paper",), (), ()), "2026-12-03 10:00 UTC")
    assert carry_note(newer, old) == "<!-- figure-guard -->\nold body\n\n" + newer


# --- apply: the accept command's checks on the drawn baselines, as data -------------------


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "pr"
    copy_registry(root)
    (root / "baseline_images").mkdir()
    (root / "baseline_images" / "versions.toml").write_text(versions_toml(HERE), "utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "pr")
    return root, git(root, "rev-parse", "HEAD")


def staged(tmp_path: Path, sha: str, extra: dict[str, bytes] | None = None) -> Path:
    folder = tmp_path / "accepted"
    drawn = {"version": 1, **HERE, "python": "3.13.1", "commit": sha, "images": {}}
    words = {"version": 1, "changed": ["paper"], "new": [], "lines": ["bar 1: fill a → b"]}
    files = {
        "drawn.json": json.dumps(drawn).encode(),
        "words.json": json.dumps(words).encode(),
        "baseline_images/paper.png": png((9, 9, 9)),
        "baseline_images/paper.json": b'{"bar 1": {"fill": "b"}}\n',
        "fig/warmup_ablation.pdf": PDF,
        **(extra or {}),
    }
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def run_apply(tmp_path: Path, folder: Path, root: Path, sha: str, *more: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-S", "-m", "figure_guard.pr_accept", "apply", "--artifact", str(folder),
         "--checkout", str(root), "--sha", sha, "--requested-by", "maintainer",
         "--message", str(tmp_path / "message.txt"), "--note", str(tmp_path / "note.md"), *more],
        capture_output=True, text=True, check=False, env={"PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def test_apply_writes_the_checked_files_and_the_message(
    tmp_path: Path, checkout: tuple[Path, str]
) -> None:
    """Run as the workflow runs it: python3 with the standard library only (`-S`: no site
    packages on the path, so an import of anything else would fail here)."""
    root, sha = checkout
    code, out = run_apply(tmp_path, staged(tmp_path, sha), root, sha)
    assert code == 0, out
    assert (root / "baseline_images" / "paper.png").read_bytes() == png((9, 9, 9))
    assert (root / "fig" / "warmup_ablation.pdf").read_bytes() == PDF
    text = (tmp_path / "message.txt").read_text("utf-8")
    assert text.startswith(f"figures: accept the reference rendering of {sha[:12]} (1 changed")
    assert "bar 1: fill a → b" in text
    assert reference.kind_text(HERE) in text
    assert "for " + sha in (tmp_path / "note.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("extra", "other_sha", "says"),
    [
        ({"tests/conftest.py": b"import os"}, False, "tests/conftest.py: not a registered"),
        ({"baseline_images/evil.png": png((1, 1, 1))}, False, "not a registered case"),
        ({"baseline_images/paper.png": b"not a png"}, False, "not a PNG"),
        ({"baseline_images/paper.json": b"[1, 2]"}, False, "not a description"),
        ({"fig/run.sh": b"#!/bin/sh"}, False, "not a file the CLI writes"),
        ({}, True, ", not the requested"),
    ],
    ids=["code", "an unregistered case", "not a PNG", "not a description", "a script in fig/",
         "another commit"],
)  # fmt: skip
def test_apply_refuses_anything_but_registered_baselines_and_writes_nothing(
    tmp_path: Path, checkout: tuple[Path, str], extra: dict[str, bytes], other_sha: bool, says: str
) -> None:
    root, sha = checkout
    asked = "c" * 40 if other_sha else sha
    before = sorted(path for path in root.rglob("*") if ".git" not in path.parts)
    code, out = run_apply(tmp_path, staged(tmp_path, sha, extra), root, asked)
    assert code == 2
    assert says in out
    assert out.count("\n") == 1
    assert sorted(path for path in root.rglob("*") if ".git" not in path.parts) == before


def test_apply_refuses_a_link_in_the_checkout_and_writes_nothing(
    tmp_path: Path, checkout: tuple[Path, str]
) -> None:
    """The pull request's branch holds `fig -> elsewhere`: writing fig/'s files would land
    outside the checkout, in a job that may push."""
    root, sha = checkout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "fig").symlink_to(elsewhere, target_is_directory=True)
    git(root, "add", "fig")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "link")
    sha = git(root, "rev-parse", "HEAD")
    code, out = run_apply(tmp_path, staged(tmp_path, sha), root, sha)
    assert code == 2, out
    assert "fig is a link in the checkout" in out
    assert not list(elsewhere.iterdir())
    assert not (root / "baseline_images" / "paper.png").exists()  # refused before any write


def test_apply_checks_the_drawing_against_the_default_branchs_reference_machine(
    tmp_path: Path, checkout: tuple[Path, str]
) -> None:
    """The pull request's own versions.toml agrees with what its code drew; the default
    branch's (`--reference-versions`) names another machine kind: refused, nothing written."""
    root, sha = checkout
    trusted = tmp_path / "trusted-versions.toml"
    trusted.write_text(versions_toml({**HERE, "machine": "riscv64"}), "utf-8")
    code, out = run_apply(
        tmp_path, staged(tmp_path, sha), root, sha, "--reference-versions", str(trusted)
    )
    assert code == 2, out
    assert "riscv64" in out
    assert not (root / "baseline_images" / "paper.png").exists()
