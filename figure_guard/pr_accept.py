"""`/figures accept <sha>` on a pull request: every decision of figure-accept.yml, in Python.

The workflow (its header says why it is safe) runs this module from the default branch, with
the runner's python3 and nothing installed, in two jobs that never run the pull request's code:

    python3 -m figure_guard.pr_accept decide --event EVENT.json --repo OWNER/NAME
        # is this comment a command, may its author write, is <sha> the pull request's head,
        # can the branch be pushed to: `key=value` lines for $GITHUB_OUTPUT, or one error line
    python3 -m figure_guard.pr_accept apply --artifact DIR --checkout DIR --sha SHA \\
        --requested-by LOGIN --message FILE --note FILE
        # the accept command's own checks (figure_guard.artifact) on the drawn baselines as
        # data, then the files written into the pull request's checkout, the commit message
        # (the changed cases in words, escaped and cut) and the comment's note

The GitHub API is asked through `gh api` (the `GH` environment variable names another program:
the tests' fake).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from figure_guard.artifact import (
    DRAWN_FILE,
    FIG_FOLDER,
    check_description,
    check_drawn,
    check_fig,
    parse_drawn,
    png_size,
    read_entries,
)
from figure_guard.checkout import head_commit, registered_cases
from figure_guard.comment import markdown_text, plain
from figure_guard.comment_data import CASE_NAME, REPOSITORY, DataError
from figure_guard.reference import read_versions

COMMAND = "/figures accept"
SHA = re.compile(r"[0-9a-f]{40}")
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?")
#: The permissions the API reports that may push to the repository.
MAY_WRITE = ("admin", "maintain", "write")
WORDS_FILE = "words.json"
BASELINES = "baseline_images"
#: The commit message: its subject and at most this many lines of words, each cut.
MESSAGE_LINES = 60
LINE_LENGTH = 200
#: The accepted note's marker in the figure comment (figure-comment.yml carries it forward).
NOTE_MARKER = "<!-- figure-guard-accepted -->"


def parse_command(body: Any) -> str | None:
    """The SHA a comment's first line asks to accept; None when it is no command at all."""
    if not isinstance(body, str):
        return None
    first = body.strip().partition("\n")[0].strip()
    if first != COMMAND and not first.startswith(COMMAND + " "):
        return None
    words = first.split()
    if len(words) != 3 or not SHA.fullmatch(words[2]):
        raise DataError(
            f"`{COMMAND}` takes the full 40-character SHA of the pull request's head, so that a"
            " push after the request cannot slip in: `/figures accept <sha>`"
        )
    return words[2]


class Gh:
    """`gh api` (or the program `GH` names), JSON out."""

    def __init__(self, program: str | None = None) -> None:
        self.program = program or os.environ.get("GH", "gh")

    def api(self, path: str) -> Any:
        done = subprocess.run(
            [self.program, "api", path], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise DataError(f"the API refused {path}: {plain(done.stderr, 200)}")
        try:
            return json.loads(done.stdout)
        except json.JSONDecodeError:
            raise DataError(f"the API's answer to {path} is not JSON") from None


@dataclass(frozen=True)
class Request:
    """A maintainer's request to accept the baselines drawn from `sha`, checked."""

    sha: str
    number: int
    requested_by: str
    branch: str
    push: bool  # False: a fork's branch, which GITHUB_TOKEN cannot push to

    def outputs(self) -> str:
        return "".join(
            f"{key}={value}\n"
            for key, value in (
                ("sha", self.sha),
                ("number", self.number),
                ("requested-by", self.requested_by),
                ("branch", self.branch),
                ("push", str(self.push).lower()),
            )
        )


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def decide(event: Mapping[str, Any], repo: str, gh: Gh) -> Request | None:
    """None for a comment that is no command; a Request when the commenter may write and the SHA
    is the open pull request's head; DataError saying why not otherwise."""
    if not REPOSITORY.fullmatch(repo):
        raise DataError(f"--repo {repo!r} is not OWNER/NAME")
    if event.get("action") != "created" or not _get(event, "issue", "pull_request"):
        return None
    sha = parse_command(_get(event, "comment", "body"))
    if sha is None:
        return None
    login = _get(event, "comment", "user", "login")
    number = _get(event, "issue", "number")
    if not (isinstance(login, str) and LOGIN.fullmatch(login)):
        raise DataError(f"the commenter {login!r} is not a GitHub login")
    if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
        raise DataError(f"the pull request number {number!r} is not a number")
    permission = _get(gh.api(f"repos/{repo}/collaborators/{login}/permission"), "permission")
    if permission not in MAY_WRITE:
        raise DataError(f"{login} may not write to {repo} ({permission!r}): only they may accept")
    pull = gh.api(f"repos/{repo}/pulls/{number}")
    head = _get(pull, "head", "sha")
    if _get(pull, "state") != "open":
        raise DataError(f"pull request {number} is not open")
    if head != sha:
        raise DataError(f"{sha} is not pull request {number}'s head, {head}: ask again")
    branch = _get(pull, "head", "ref")
    if not (isinstance(branch, str) and re.fullmatch(r"[A-Za-z0-9._/-]{1,200}", branch)):
        raise DataError(f"the branch {branch!r} is not one this workflow pushes to")
    same_repo = _get(pull, "head", "repo", "full_name") == repo
    return Request(sha, number, login, branch, same_repo)


# --- apply -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    changed: tuple[str, ...]
    new: tuple[str, ...]
    lines: tuple[str, ...]


def parse_words(raw: bytes) -> Words:
    """The accept command's `--words` file, as data: case names and lines, nothing else."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as problem:
        raise DataError(f"{WORDS_FILE}: not JSON in UTF-8 ({problem})") from None
    if not isinstance(value, dict) or sorted(value) != ["changed", "lines", "new", "version"]:
        raise DataError(f"{WORDS_FILE}: expected the keys changed, lines, new, version")
    names = [*value["changed"], *value["new"]] if isinstance(value["changed"], list) else None
    if not isinstance(value["new"], list) or names is None or len(names) > 1_000:
        raise DataError(f"{WORDS_FILE}: changed and new are lists of cases")
    if not all(isinstance(name, str) and CASE_NAME.fullmatch(name) for name in names):
        raise DataError(f"{WORDS_FILE}: a case name that is not one")
    lines = value["lines"]
    if not isinstance(lines, list) or len(lines) > 10_000:
        raise DataError(f"{WORDS_FILE}: lines is not a list of at most 10000")
    if not all(isinstance(line, str) and len(line) <= 10_000 for line in lines):
        raise DataError(f"{WORDS_FILE}: a line that is not a string of at most 10000")
    return Words(tuple(value["changed"]), tuple(value["new"]), tuple(lines))


def checked_files(entries: Mapping[str, bytes], cases: Sequence[str]) -> dict[str, bytes]:
    """The files to write, by path in the checkout: each one a registered case's PNG or
    description, or one of fig/'s two files, each checked by its kind; anything else refuses."""
    files = {}
    for name, data in sorted(entries.items()):
        if name in (DRAWN_FILE, WORDS_FILE):
            continue
        folder, _, file = name.partition("/")
        stem, dot, suffix = file.rpartition(".")
        if folder == FIG_FOLDER:
            check_fig(file, data)
        elif folder == BASELINES and dot and stem in cases and suffix == "png":
            png_size(data, name)
        elif folder == BASELINES and dot and stem in cases and suffix == "json":
            check_description(data, name)
        else:
            raise DataError(f"{name}: not a registered case's baseline nor a file of fig/")
        files[name] = data
    return files


def message(request_sha: str, requested_by: str, words: Words, where: str) -> str:
    """The commit message: what was accepted, by whom, where it was drawn, and the changed
    cases in words, every line plain text cut to size."""
    counts = f"{len(words.changed)} changed, {len(words.new)} new"
    # Each line indented as a list item: a line of the pull request's choosing can then never
    # be read as a trailer (Co-authored-by:, Signed-off-by:) or a closing keyword of its own.
    body = [f"  - {plain(line, LINE_LENGTH - 4)}" for line in words.lines]
    if len(body) > MESSAGE_LINES:
        body = [*body[:MESSAGE_LINES], f"… {len(body) - MESSAGE_LINES} more lines"]
    return (
        f"figures: accept the reference rendering of {request_sha[:12]} ({counts})\n\n"
        f"Requested by {plain(requested_by, 60)} with `{COMMAND} {request_sha}`; drawn on"
        f" {plain(where, 200)}.\n\n" + "\n".join(body) + "\n"
    )


def note(request_sha: str, requested_by: str, words: Words, when: str) -> str:
    """The figure comment's note: when, by whom, for which commit, which cases; Markdown with
    every value escaped."""
    cases = [*words.changed, *words.new]
    shown = ", ".join(markdown_text(case, 100) for case in cases[:20])
    more = f" and {len(cases) - 20} more" if len(cases) > 20 else ""
    return (
        f"{NOTE_MARKER}\n**Baselines accepted** {markdown_text(when, 40)} by"
        f" {markdown_text(requested_by, 60)} for {request_sha}, drawn on the reference machine:"
        f" {shown or 'no figure changed'}{more}.\n"
    )


def carry_note(old_body: str, new_body: str) -> str:
    """The new figure comment with the accepted note of the bot's old one kept at its end."""
    _, found, kept = old_body.partition(NOTE_MARKER)
    body = new_body.partition(NOTE_MARKER)[0]  # a note already there gives way to the newer
    return new_body if not found else body.rstrip("\n") + "\n\n" + found + kept[:2_000]


def fork_comment(repo: str, run_id: int, sha: str) -> str:
    """What the bot says where it cannot push: the one local command."""
    return (
        f"{NOTE_MARKER}\nThe reference machine drew the baselines of {sha}, but this workflow"
        " cannot push to a fork's branch. From your clone, at that commit:\n\n"
        f"```\ngh run download {run_id} -R {repo} -n figure-diffs-accept -D figure-diffs &&"
        " tox -e accept -- figure-diffs\n```\n"
    )


def inside(checkout: Path, name: str) -> Path:
    """`checkout / name`, refused when any part of it below the checkout is a link: the pull
    request's branch could hold `fig -> /elsewhere`, and this job may push."""
    path = checkout
    for part in Path(name).parts:
        path = path / part
        if path.is_symlink():
            raise DataError(f"{name}: {path.relative_to(checkout)} is a link in the checkout")
    return path


def apply(
    artifact: Path,
    checkout: Path,
    sha: str,
    requested_by: str,
    reference_versions: Path | None = None,
) -> tuple[dict[str, bytes], str, Words]:
    """Every check on the drawn baselines, then the files written into `checkout`; the commit
    message. DataError before anything is written when one fails. `reference_versions`: the
    default branch's versions.toml, which the pull request cannot change (default: the
    checkout's own, a consistency check only)."""
    if head_commit(checkout) != sha:
        raise DataError(f"the checkout is at {head_commit(checkout)}, not the requested {sha}")
    versions = reference_versions or checkout / BASELINES / "versions.toml"
    reference = read_versions(versions.read_text("utf-8"))
    cases = registered_cases(checkout)
    entries = read_entries(artifact)
    drawn = parse_drawn(entries)
    check_drawn(drawn, reference, sha)
    if drawn.commit != sha:
        raise DataError(f"the baselines were drawn from {drawn.commit}, not {sha}")
    if WORDS_FILE not in entries:
        raise DataError(f"the artifact holds no {WORDS_FILE}")
    words = parse_words(entries[WORDS_FILE])
    files = checked_files(entries, cases)
    targets = {name: inside(checkout, name) for name in files}  # all checked before any write
    for name, data in files.items():
        targets[name].parent.mkdir(parents=True, exist_ok=True)
        targets[name].write_bytes(data)
    return files, message(sha, requested_by, words, drawn.where), words


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m figure_guard.pr_accept", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    decide_args = commands.add_parser("decide")
    decide_args.add_argument("--event", type=Path, required=True)
    decide_args.add_argument("--repo", required=True)
    apply_args = commands.add_parser("apply")
    apply_args.add_argument("--artifact", type=Path, required=True)
    apply_args.add_argument("--checkout", type=Path, required=True)
    apply_args.add_argument("--sha", required=True)
    apply_args.add_argument("--requested-by", required=True)
    apply_args.add_argument("--message", type=Path, required=True)
    apply_args.add_argument("--note", type=Path, required=True)
    apply_args.add_argument(
        "--reference-versions",
        type=Path,
        help="the default branch's baseline_images/versions.toml: the reference machine",
    )
    carry_args = commands.add_parser("carry-note", help="keep the accepted note in the comment")
    carry_args.add_argument("--old", type=Path, required=True)
    carry_args.add_argument("--body", type=Path, required=True)
    fork_args = commands.add_parser("fork-comment", help="the local command, for a fork")
    fork_args.add_argument("--repo", required=True)
    fork_args.add_argument("--run-id", type=int, required=True)
    fork_args.add_argument("--sha", required=True)
    fork_args.add_argument("--body", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "carry-note":
            old = args.old.read_text(encoding="utf-8") if args.old.is_file() else ""
            new = args.body.read_text(encoding="utf-8")
            args.body.write_text(carry_note(old, new), encoding="utf-8")
            return 0
        if args.command == "fork-comment":
            if not (REPOSITORY.fullmatch(args.repo) and SHA.fullmatch(args.sha)):
                raise DataError("--repo or --sha is not one")
            args.body.write_text(fork_comment(args.repo, args.run_id, args.sha), "utf-8")
            return 0
        if args.command == "decide":
            event = json.loads(args.event.read_text(encoding="utf-8"))
            request = decide(event, args.repo, Gh())
            print(request.outputs() if request else "run=false", end="" if request else "\n")
            if request:
                print("run=true")
            return 0
        if not SHA.fullmatch(args.sha) or not LOGIN.fullmatch(args.requested_by):
            raise DataError("--sha or --requested-by is not one")
        files, text, words = apply(
            args.artifact, args.checkout, args.sha, args.requested_by, args.reference_versions
        )
    except (DataError, OSError, ValueError) as problem:
        print(f"error: not accepting: {plain(str(problem), 1_000)}", file=sys.stderr)
        return 2
    args.message.write_text(text, encoding="utf-8")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    args.note.write_text(note(args.sha, args.requested_by, words, when), encoding="utf-8")
    print("\n".join(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
