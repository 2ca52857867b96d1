"""A file that is there but cannot be read or parsed is reported once, where it is (E001,
E002): the meeting of a meeting file's name exists, minutes that cannot be read are written,
and a case that cannot be read may be a meeting's standard item. No other finding follows
from not knowing what such a file holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21.checker import check


def findings(root: Path) -> list[tuple[str, int, int, str]]:
    _archive, found = check(root, jobs=1)
    return [(d.location.path, d.location.line, d.location.column, d.code) for d in found]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (b"mote: 2/2022\ndato: 2022-04-05\n\xff\n", (3, 1, "E001")),  # not UTF-8
        (b"foo: [\n", (2, 1, "E002")),  # not YAML
        (b"- mote: 2/2022\n", (1, 1, "E002")),  # no mapping
    ],
)
def test_meeting_file_that_cannot_be_read_is_one_finding(
    tmp_path: Path, archive, text: bytes, where: tuple[int, int, str]
) -> None:
    """Not also E103 at each of the meeting's cases ("has no meeting file")."""
    root = archive(tmp_path, {"meetings/2022/2.yaml": text})
    assert findings(root) == [("meetings/2022/2.yaml", *where)]


def test_minutes_that_cannot_be_read_are_not_unwritten(tmp_path: Path, archive, base_files):
    """Not also W505 at the case that attaches them ("not written yet")."""
    minutes = base_files["meetings/2022/1.referat.md"].encode() + b"\n\xff\n"
    root = archive(tmp_path, {"meetings/2022/1.referat.md": minutes})
    assert [f for f in findings(root) if f[3] != "E001"] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.encode() + b"\xff\n",  # cannot be read: E001
        lambda text: text.replace("tittel: ", "tittel: !x ").encode(),  # title unread: E002
    ],
)
def test_standard_item_that_cannot_be_read_is_not_missing(
    tmp_path: Path, archive, base_files, change
) -> None:
    """Not also W602 at its meeting ("has no standard item 'Eventuelt'")."""
    root = archive(
        tmp_path, {"cases/2022/4-eventuelt.md": change(base_files["cases/2022/4-eventuelt.md"])}
    )
    found = findings(root)
    assert len(found) == 1 and found[0][0] == "cases/2022/4-eventuelt.md"


def test_a_missing_standard_item_is_still_reported_beside_an_unread_case_of_another_meeting(
    tmp_path: Path, archive, base_files
) -> None:
    """An unreadable case of meeting 2 (number 7, after meeting 1's block) does not hide that
    meeting 1 has no 'Eventuelt'."""
    root = archive(
        tmp_path,
        {
            "cases/2022/4-eventuelt.md": base_files["cases/2022/4-eventuelt.md"].replace(
                "tittel: Eventuelt", "tittel: Annet"
            ),
            "cases/2022/7-oppfolging.md": base_files["cases/2022/7-oppfolging.md"].encode()
            + b"\xff\n",
        },
    )
    assert ("meetings/2022/1.yaml", 1, 7, "W602") in findings(root)


def test_meeting_file_without_cases_that_cannot_be_read_is_one_finding(
    tmp_path: Path, archive
) -> None:
    """Not also W602 at it ("has no cases, so none of its standard items")."""
    root = archive(tmp_path, {"meetings/2022/3.yaml": b"mote: 3/2022\n\xff\n"})
    assert findings(root) == [("meetings/2022/3.yaml", 2, 1, "E001")]
