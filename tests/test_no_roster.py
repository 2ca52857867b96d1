"""A council without members (`medlemmer` missing or empty) is E004 at council.yaml; the
names in the minutes cannot then be checked against a roster, and are not each E404."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ho21.checker import check
from tests.conftest import COUNCIL


@pytest.mark.parametrize("medlemmer", ["medlemmer: []\n", ""])
def test_no_roster_is_one_finding(tmp_path: Path, archive, medlemmer: str) -> None:
    council = re.sub(r"medlemmer:\n(  .*\n)+", medlemmer, COUNCIL, count=1)
    assert "Per Hansen" not in council
    root = archive(tmp_path, {"meetings/council.yaml": council})
    _archive, found = check(root, jobs=1)
    assert [(d.location.path, d.code) for d in found] == [("meetings/council.yaml", "E004")]
