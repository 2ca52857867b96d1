"""One definition of the legal basis of `offentlighet: unntatt …`, for check and documents:
the provision written after 'unntatt' (or 'unntatt offentlighet'). A value that names none
is E005 at the value, and is never printed as its own basis."""

from __future__ import annotations

from pathlib import Path

import pytest

from ho21.model import legal_basis
from tests.test_fields import TYPE, case3_findings


@pytest.mark.parametrize(
    "value", ["unntatt offentlighet", "Unntatt offentlighet.", "unntatt §", "unntatt, se under"]
)
def test_exemption_without_a_provision_is_e005(tmp_path: Path, archive, base_files, value) -> None:
    assert case3_findings(
        tmp_path, archive, base_files, TYPE, f"{TYPE}\noffentlighet: {value}"
    ) == [
        (
            5,
            15,
            "E005",
            f"'offentlighet: {value}' does not say on what legal basis; write it after "
            "'unntatt', e.g. 'unntatt offl. § 14'",
        )
    ]


@pytest.mark.parametrize(
    ("value", "basis"),
    [
        ("unntatt offl. § 14", "offl. § 14"),
        ("Unntatt offentlighet, offl. § 13 jf. fvl. § 13", "offl. § 13 jf. fvl. § 13"),
        ("Unntatt etter offl. § 13", "etter offl. § 13"),
        ("unntatt: offentleglova § 14", "offentleglova § 14"),
        ("unntatt offentlighet", None),
        ("unntatt §", None),
        ("unntatt, se under", None),
        ("offentlig", None),
        (None, None),
    ],
)
def test_legal_basis(value: str | None, basis: str | None) -> None:
    assert legal_basis(value) == basis
