"""An exemption is worded the same in every document, whatever the case file wrote:
"Unntatt offentlighet: <legal basis>" in the notice's agenda, the saksframlegg and the
minutes, public and internal."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from ho21 import render
from ho21.build import build
from ho21.checker import check
from tests.test_documents import M4, M5, copy_example

WRITTEN = {  # case -> its offentlighet value, as authors write it
    33: "Unntatt offentlighet: offl. § 14",
    43: "unntatt offl. § 14",
    44: "Unntatt offentlighet, offl. § 14 første ledd",
}


WORDING = "Unntatt offentlighet: offl. §\u00a014"  # a no-break space after the sign


def test_one_wording_for_every_way_of_writing_it():
    assert render.exemption("unntatt offl. § 14") == WORDING
    for written in ("Unntatt offentlighet, offl. § 14", "Unntatt offentlighet: offl. § 14"):
        assert render.exemption(written) == WORDING
    assert render.exemption(None) is None


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("exempt"))
    for n, value in WRITTEN.items():
        case = next((root / "cases/2021").glob(f"{n}-*.md"))
        text = case.read_text(encoding="utf-8")
        case.write_text(
            text.replace("\ntittel:", f"\noffentlighet: {json.dumps(value)}\ntittel:", 1)
        )
    archive, found = check(root)
    assert not [d for d in found if d.is_error]
    for public in (True, False):
        report = build(root, archive, [M5], [M4], formats=("html",), public=public)
        assert report.failures == []
    return root


def shown(root: Path, rel: str) -> str:
    """The text of an HTML output as a reader sees it."""
    text = re.sub(r"<[^>]+>", " ", (root / "build" / rel).read_text(encoding="utf-8"))
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("folder", ["2021-5/offentlig", "2021-5"])
def test_agenda_and_saksframlegg(root, folder):
    agenda = shown(root, f"{folder}/innkalling-5-2021.html")
    if folder.endswith("offentlig"):
        assert "kommunene – videreutvikling av KSF (Unntatt offentlighet: offl. § 14)" in agenda
        assert "(Unntatt offentlighet: offl. § 14 første ledd)" in agenda
    for n in (43, 44):
        assert WRITTEN[n] not in agenda
        paper = shown(root, f"{folder}/sak-{n}-5-2021.html")
        basis = render.legal_basis(WRITTEN[n])
        assert f"Unntatt offentlighet {basis}" in paper  # label and value of the facts table
        assert WRITTEN[n] not in paper


def test_minutes(root):
    minutes = shown(root, "2021-4/offentlig/referat-4-2021.html")
    assert "Unntatt offentlighet: offl. § 14" in minutes
