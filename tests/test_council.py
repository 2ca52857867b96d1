"""council.yaml: the fields SPEC §2.4 makes the council of, required; an empty file said as
what it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21.checker import check

COUNCIL = "meetings/council.yaml"


def council_findings(root: Path) -> list[str]:
    _archive, found = check(root, jobs=1)
    return [f"{d.location}: {d.code} {d.message}" for d in found if d.location.path == COUNCIL]


def test_nearly_empty_council_names_what_it_lacks(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {COUNCIL: "navn: Testrådet\n"})
    assert council_findings(root) == [
        f"{COUNCIL}:1:1: E004 required field 'fra' is missing",
        f"{COUNCIL}:1:1: E004 required field 'medlemmer' is missing",
        f"{COUNCIL}:1:1: E004 required field 'sakstyper' is missing",
    ]
    # without a roster the names in the minutes cannot be checked: E004 says why, no E404
    _archive, found = check(root, jobs=1)
    assert not any(d.code == "E404" for d in found)


@pytest.mark.parametrize("key", ["medlemmer", "sakstyper"])
def test_empty_roster_or_types_is_e004(tmp_path: Path, archive, base_files, key: str) -> None:
    text = base_files[COUNCIL]
    start = text.index(f"{key}:")
    end = text.index("\n", start)
    if key == "medlemmer":  # the indented list below it goes too
        end = text.index("\nvaramedlemmer:")
    root = archive(tmp_path, {COUNCIL: text[:start] + f"{key}: []" + text[end:]})
    line = text[:start].count("\n") + 1
    assert council_findings(root) == [
        f"{COUNCIL}:{line}:{len(key) + 3}: E004 required field '{key}' is empty; "
        f"write its value after '{key}:'"
    ]


def test_empty_council_file_is_said_to_be_empty(tmp_path: Path, archive) -> None:
    root = archive(tmp_path, {COUNCIL: ""})
    assert council_findings(root) == [
        f"{COUNCIL}:1:1: E002 file holds no fields (YAML 'key: value' lines)"
    ]
