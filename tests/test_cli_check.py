"""`ho21 check` on the command line: exit codes, the three output forms, narrowing by path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ho21.cli import app
from ho21.diagnostics import CODES

LINE = re.compile(r"^[^:\s]+:\d+:\d+: (error|warning) [EW]\d{3} \S.*$")
TIME_AS_NUMBER = "mote: 1/2022\ndato: 2022-02-01\ntid: 10.00\nsted: Zoom\n"
E005_LINE = (
    "meetings/2022/1.yaml:3:6: error E005 'tid: 10.00' would be read by YAML as a number; "
    'put it in quotes: "10.00"'
)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """run(root, *args, env={...}) -> result, with the archive as the working folder."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("HO21_ROOT", raising=False)

    def _run(root: Path, *args: str, env: dict[str, str] | None = None):
        monkeypatch.chdir(root)
        result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    return _run


def test_clean_archive_exits_0(tmp_path: Path, archive, run) -> None:
    result = run(archive(tmp_path, {}), "check")
    assert result.exit_code == 0
    assert result.stdout == "No problems found.\n"


def test_warnings_only_exit_0_and_1_with_strict(example_copy: Path, run) -> None:
    result = run(example_copy, "check")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "Found 0 errors and 11 warnings."
    assert len(lines) == 12 and all(LINE.match(line) for line in lines[:-1])
    assert lines[0] == (
        "cases/2021/32-forskrift-tilgjengeliggjoring-av-helsedata.md:18:124: warning W202 "
        "'Sak 5/1/21' is before the archive starts (4/2021) and cannot be verified"
    )
    assert run(example_copy, "check", "--strict").exit_code == 1


def test_errors_exit_1_with_exact_lines(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    result = run(root, "check")
    assert result.exit_code == 1
    assert result.stdout == f"{E005_LINE}\nFound 1 error and 0 warnings.\n"


def test_findings_sorted_by_path_and_line(tmp_path: Path, archive, run) -> None:
    root = archive(
        tmp_path,
        {
            "meetings/2022/1.yaml": TIME_AS_NUMBER,
            "cases/2022/7-oppfolging.md": "---\nsak: 7/2/2022\ntittel: X\ntype: Feil\n---\n"
            "Se sak 99/2/2022 og vedlegg 4.\n",
        },
    )
    lines = run(root, "check").stdout.splitlines()[:-1]
    keys = [
        (line.split(":")[0], int(line.split(":")[1]), int(line.split(":")[2])) for line in lines
    ]
    assert keys == sorted(keys)
    assert len(lines) >= 4


def test_json_format(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == [
        {
            "path": "meetings/2022/1.yaml",
            "line": 3,
            "column": 6,
            "severity": "error",
            "code": "E005",
            "message": E005_LINE.split(" E005 ", 1)[1],
        }
    ]


def test_json_format_clean_is_an_empty_array(tmp_path: Path, archive, run) -> None:
    result = run(archive(tmp_path, {}), "check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_json_keeps_norwegian_letters(example_copy: Path, run) -> None:
    data = json.loads(run(example_copy, "check", "--format", "json").stdout)
    assert len(data) == 11
    assert any("møte 3/2020" in d["message"] for d in data)
    assert all(set(d) == {"path", "line", "column", "severity", "code", "message"} for d in data)
    assert all(d["code"] in CODES for d in data)


def test_github_actions_annotations(tmp_path: Path, archive, run) -> None:
    text = (
        "---\nsak: 7/2/2022\ntittel: Oppfølging\ntype: [Diskusjonssak]\n---\n\n"
        "Kontakt: [navn].\n\n## Forslag til vedtak\n\nIntet.\n"
    )
    root = archive(
        tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER, "cases/2022/7-oppfolging.md": text}
    )
    result = run(root, "check", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert E005_LINE in lines
    assert "Found 1 error and 1 warning." in lines
    error = next(line for line in lines if line.startswith("::error "))
    assert error.startswith("::error file=meetings/2022/1.yaml,line=3,col=6")
    assert error.endswith(
        "::E005 'tid: 10.00' would be read by YAML as a number; put it in quotes: \"10.00\""
    )
    warning = next(line for line in lines if line.startswith("::warning "))
    assert warning.startswith("::warning file=cases/2022/7-oppfolging.md,line=7,col=10")
    assert "W302" in warning


def test_no_annotations_outside_github(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    result = run(root, "check", env={"GITHUB_ACTIONS": "false"})
    assert "::error" not in result.stdout


def test_json_under_github_actions_stays_json(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    result = run(root, "check", "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert [d["code"] for d in json.loads(result.stdout)] == ["E005"]


# -- narrowing by path ---------------------------------------------------------------------------
def _two_problems(tmp_path: Path, archive, base_files) -> Path:
    case3 = base_files["cases/2022/3-status.md"].replace("saksbehandler:", "saksbehandlr:")
    return archive(
        tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER, "cases/2022/3-status.md": case3}
    )


@pytest.mark.parametrize(
    ("paths", "reported"),
    [
        ((), {"meetings/2022/1.yaml", "cases/2022/3-status.md"}),
        (("cases",), {"cases/2022/3-status.md"}),
        (("cases/2022/3-status.md",), {"cases/2022/3-status.md"}),
        (("meetings/2022/1.yaml",), {"meetings/2022/1.yaml"}),
        (("cases/2022/4-eventuelt.md", "meetings"), {"meetings/2022/1.yaml"}),
        (("cases/2022/4-eventuelt.md",), set()),
        ((".",), {"meetings/2022/1.yaml", "cases/2022/3-status.md"}),
    ],
)
def test_paths_narrow_the_report(tmp_path, archive, base_files, run, paths, reported) -> None:
    root = _two_problems(tmp_path, archive, base_files)
    result = run(root, "check", *paths, "--format", "json")
    assert {d["path"] for d in json.loads(result.stdout)} == reported
    assert result.exit_code == (1 if reported else 0)


def test_narrowed_check_still_resolves_against_the_whole_archive(
    tmp_path: Path, archive, run
) -> None:
    """Case 7 refers to 3/1/2022 and attaches the minutes of 1/2022, all in other files."""
    result = run(archive(tmp_path, {}), "check", "cases/2022/7-oppfolging.md")
    assert result.exit_code == 0
    assert result.stdout == "No problems found.\n"
    result = run(archive(tmp_path, {}), "check", "cases/2022/6-godkjenning-av-referat.md")
    assert result.stdout == "No problems found.\n"


@pytest.mark.parametrize(
    "path", ["cases/2022/3-status/notat.md", "cases/2022/3-status", "cases/2022/3-status/"]
)
def test_an_attachments_path_narrows_to_its_findings(
    tmp_path: Path, archive, base_files, run, path: str
) -> None:
    """A broken attachment is reported at its `fil:` in the case file; asking about the
    attachment, or the case's folder, shows that finding (and not the case's others)."""
    case3 = base_files["cases/2022/3-status.md"].replace("saksbehandler:", "saksbehandlr:")
    root = archive(
        tmp_path, {"cases/2022/3-status.md": case3, "cases/2022/3-status/notat.md": b"\xff\n"}
    )
    result = run(root, "check", path)
    assert result.stdout.splitlines() == [
        "cases/2022/3-status.md:8:10: error E001 attachment '3-status/notat.md' is not UTF-8: "
        "byte 0xff on line 1 cannot be decoded; save it as UTF-8",
        "Found 1 error and 0 warnings.",
    ]
    assert result.exit_code == 1


def test_absolute_path_inside_the_archive(tmp_path: Path, archive, base_files, run) -> None:
    root = _two_problems(tmp_path, archive, base_files)
    result = run(root, "check", str(root / "meetings"))
    assert result.stdout.splitlines() == [E005_LINE, "Found 1 error and 0 warnings."]


# -- usage errors: exit 2, a message on stderr, no traceback -----------------------------------
def test_unknown_option_exits_2(tmp_path: Path, archive, run) -> None:
    result = run(archive(tmp_path, {}), "check", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_unknown_format_exits_2(tmp_path: Path, archive, run) -> None:
    result = run(archive(tmp_path, {}), "check", "--format", "xml")
    assert result.exit_code == 2


def test_path_outside_the_archive_exits_2(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path / "arkiv", {})
    (tmp_path / "other.md").write_text("x")
    result = run(root, "check", str(tmp_path / "other.md"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "outside the archive" in result.stderr
    assert result.stdout == ""


def test_missing_path_exits_2(tmp_path: Path, archive, run) -> None:
    result = run(archive(tmp_path, {}), "check", "cases/2030")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_no_archive_found_exits_2(tmp_path: Path, run) -> None:
    result = run(tmp_path, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no meetings/council.yaml")
    assert result.stdout == ""


def test_archive_found_from_a_subfolder(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    result = run(root / "cases" / "2022", "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == E005_LINE  # paths stay relative to the archive root


def test_ho21_root_environment_variable(tmp_path: Path, archive, run) -> None:
    root = archive(tmp_path / "arkiv", {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(elsewhere, "check", env={"HO21_ROOT": str(root)})
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == E005_LINE


def test_broken_files_give_findings_not_a_traceback(tmp_path: Path, archive, run) -> None:
    root = archive(
        tmp_path,
        {
            "meetings/council.yaml": "navn: [\n",
            "meetings/2022/1.yaml": b"\xff\xfe\x00",
            "cases/2022/3-status.md": "---\n: : :\n---\n",
            "meetings/2022/1.referat.md": "---\nmote: 1/2022\nstatus: [godkjent]\n---\n## \n",
        },
    )
    result = run(root, "check")
    assert result.exit_code == 1
    assert all(LINE.match(line) for line in result.stdout.splitlines()[:-1])
    assert result.stdout.splitlines()[-1].startswith("Found ")


def test_check_help_has_an_example(run, tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--help")
    assert result.exit_code == 0
    assert "Example: ho21 check" in result.stdout
    assert "--strict" in result.stdout and "--format" in result.stdout


def test_console_script_as_a_real_process(tmp_path: Path, archive) -> None:
    """`python -m ho21 check` in a real process: the same lines and exit code as in-process."""
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "HO21_ROOT")}
    proc = subprocess.run(
        [sys.executable, "-m", "ho21", "check"], cwd=root, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1
    assert proc.stdout == f"{E005_LINE}\nFound 1 error and 0 warnings.\n"
    assert proc.stderr == ""


def test_json_under_github_actions_annotates_on_stderr(tmp_path: Path, archive, run) -> None:
    """JSON on stdout, and the workflow annotations all the same, on stderr."""
    root = archive(tmp_path, {"meetings/2022/1.yaml": TIME_AS_NUMBER})
    result = run(root, "check", "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert [d["code"] for d in json.loads(result.stdout)] == ["E005"]
    assert result.stderr.splitlines() == [
        "::error file=meetings/2022/1.yaml,line=3,col=6,title=E005::E005 'tid: 10.00' would be "
        'read by YAML as a number; put it in quotes: "10.00"'
    ]


def test_wrong_ho21_root_says_so(tmp_path: Path, archive, run) -> None:
    """HO21_ROOT set to a folder without an archive: the message names the variable, even
    when run from inside an archive."""
    root = archive(tmp_path / "archive", {})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(root, "check", env={"HO21_ROOT": str(elsewhere)})
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: HO21_ROOT is set to {elsewhere}, but neither it nor a folder above it holds "
        "meetings/council.yaml; set HO21_ROOT to the archive's folder, or unset it\n"
    )


def test_council_file_that_cannot_be_read_is_named(tmp_path: Path, run) -> None:
    """A council.yaml on the way up that cannot be read (here a link that loops) is said,
    not passed by: exit 2, no traceback."""
    (tmp_path / "meetings").mkdir()
    os.symlink("council.yaml", tmp_path / "meetings/council.yaml")
    result = run(tmp_path, "check")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: cannot read {tmp_path}/meetings/council.yaml: Too many levels of symbolic links\n"
    )
