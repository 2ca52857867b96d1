"""Shared fixtures: a small valid archive written on demand, and a copy of the shipped example.

`archive(root, {relpath: content})` writes the base archive below (two meetings of
"Testrådet", eight cases, the minutes of the first meeting) into `root`, then applies the
overrides: a str or bytes replaces or adds a file, None removes a base file. The base archive
is clean: `ho21 check` finds nothing in it, so a test that changes one file sees exactly the
findings that change causes.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

Files = Mapping[str, str | bytes | None]


def _d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


COUNCIL = _d("""
    navn: Testrådet for helse
    kortnavn: TR-rådet
    fra: Kari Nordmann
    arkiv_fra: 1/2022
    sakstyper: [Orienteringssak, Diskusjonssak, Vedtakssak]
    sekretariat_navn: TR-sekretariatet
    medlemmer:
      - navn: Ola Nordmann
        organisasjon: Universitetet i Bergen
        sted: Bergen
        rolle: leder
      - navn: Ingrid Senstadvold Ross
        organisasjon: Kreftforeningen
        sted: Oslo
      - navn: Per Hansen
        organisasjon: KS
      - navn: Liv Berg
        organisasjon: NTNU
    varamedlemmer:
      - navn: Silje Anine Moss
        organisasjon: KS
    observatorer:
      - navn: Marianne van der Wel
        organisasjon: Helse- og omsorgsdepartementet
    sekretariat:
      - navn: Kari Nordmann
        tittel: avdelingsdirektør
      - navn: Ina Dahlsveen
        tittel: seniorrådgiver
    standardsaker:
      apning:
        - tittel: Godkjenning av innkalling og sakliste
          type: [Vedtakssak]
          forslag: Innkallingen og sakslisten godkjennes.
        - tittel: "Godkjenning av referat fra møte {forrige}"
          type: [Vedtakssak]
          forslag: Referatet godkjennes.
      avslutning:
        - tittel: Eventuelt
          type: [Orienteringssak]
          forslag: Intet.
    """)


def _case(number: str, title: str, body: str, extra: str = "", types: str = "Vedtakssak") -> str:
    front = f"---\nsak: {number}\ntittel: {title}\ntype: [{types}]\n{_d(extra)}---\n\n"
    return front + _d(body)


BASE: dict[str, str] = {
    "meetings/council.yaml": COUNCIL,
    "meetings/2022/1.yaml": 'mote: 1/2022\ndato: 2022-02-01\ntid: "10.00–15.00"\nsted: Zoom\n',
    "meetings/2022/2.yaml": 'mote: 2/2022\ndato: "2022-04-05"\ntid: "10.00–14.00"\nsted: Oslo\n',
    "cases/2022/1-godkjenning-av-innkalling.md": _case(
        "1/1/2022",
        "Godkjenning av innkalling og sakliste",
        """
        Innkalling og sakliste er sendt medlemmene.

        ## Forslag til vedtak

        Innkallingen og sakslisten godkjennes.
        """,
    ),
    "cases/2022/2-godkjenning-av-referat.md": _case(
        "2/1/2022",
        "Godkjenning av referat fra møte 6/2021",
        """
        Referatet fra forrige møte er sendt medlemmene.

        ## Forslag til vedtak

        Referatet godkjennes.
        """,
    ),
    "cases/2022/3-status.md": _case(
        "3/1/2022",
        "Status for handlingsplanen",
        """
        ## Bakgrunn

        Sekretariatet orienterer om status for handlingsplanen (se vedlegg 1).
        Ola Nordmann og Ingrid Senstadvold Ross har bidratt til notatet.

        ## Forslag til vedtak

        Rådet tar orienteringen til etterretning.
        """,
        extra="""
        saksbehandler: [Ina Dahlsveen]
        vedlegg:
          - tittel: Statusnotat
            fil: 3-status/notat.md
        """,
        types="Orienteringssak",
    ),
    "cases/2022/3-status/notat.md": "# Statusnotat\n\nAlt går etter planen.\n",
    "cases/2022/4-eventuelt.md": _case(
        "4/1/2022",
        "Eventuelt",
        """
        Saker til eventuelt meldes inn ved starten av møtet.

        ## Forslag til vedtak

        Intet.
        """,
        types="Orienteringssak",
    ),
    "cases/2022/5-godkjenning-av-innkalling.md": _case(
        "5/2/2022",
        "Godkjenning av innkalling og sakliste",
        """
        Innkalling og sakliste er sendt medlemmene.

        ## Forslag til vedtak

        Innkallingen og sakslisten godkjennes.
        """,
    ),
    "cases/2022/6-godkjenning-av-referat.md": _case(
        "6/2/2022",
        "Godkjenning av referat fra møte 1/2022",
        """
        Utkastet til referat fra møte 1/2022 ble sendt medlemmene.

        ## Forslag til vedtak

        Referatet godkjennes.
        """,
        extra="""
        vedlegg:
          - referat: 1/2022
        """,
    ),
    "cases/2022/7-oppfolging.md": _case(
        "7/2/2022",
        "Oppfølging av handlingsplanen",
        """
        ## Bakgrunn

        Rådet drøftet status på møte 1/2022 (sak 3/1/2022). Notatet ligger ved som vedlegg 1.

        ## Forslag til vedtak

        Rådet ber sekretariatet følge opp innspillene.
        """,
        extra="""
        saksbehandler: Kari Nordmann
        vedlegg:
          - tittel: Oppfølgingsnotat
            fil: 7-oppfolging/notat.md
        tidligere_behandlet: [3/1/2022]
        """,
        types="Diskusjonssak",
    ),
    "cases/2022/7-oppfolging/notat.md": "# Oppfølgingsnotat\n\nTiltakene følges opp.\n",
    "cases/2022/8-eventuelt.md": _case(
        "8/2/2022",
        "Eventuelt",
        """
        Saker til eventuelt meldes inn ved starten av møtet.

        ## Forslag til vedtak

        Intet.
        """,
        types="Orienteringssak",
    ),
    "meetings/2022/1.referat.md": _d("""
        ---
        mote: 1/2022
        status: godkjent
        godkjent_i: 6/2/2022
        moteleder: Ola Nordmann
        tilstede:
          - Ola Nordmann
          - Ingrid Senstadvold Ross
          - navn: Per Hansen
            til_og_med: 3/1/2022
        forfall: [Liv Berg]
        motende_vara: [Silje Anine Moss]
        observatorer: [Marianne van der Wel]
        sekretariat: [Kari Nordmann, Ina Dahlsveen]
        ---

        Ola Nordmann ønsket velkommen.

        ## 1/1/2022

        Vedtak: Innkallingen og sakslisten godkjennes.

        ## 2/1/2022

        Vedtak: Referatet godkjennes.

        ## 3/1/2022

        Sekretariatet orienterte om status.

        Vedtak: Rådet tar orienteringen til etterretning.

        ## 4/1/2022

        Ingen saker til eventuelt.

        Vedtak: Intet.
        """),
}


def write_archive(root: Path, files: Files | None = None) -> Path:
    """Write the base archive into root with `files` applied (None removes a base file)."""
    content: dict[str, str | bytes | None] = {**BASE, **(files or {})}
    for rel, text in content.items():
        if text is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
    return root


@pytest.fixture(scope="session")
def archive() -> Callable[[Path, Files | None], Path]:
    """`archive(tmp_path, {relpath: text})` writes the base archive with overrides; returns root."""
    return write_archive


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the shipped example archive (cases/ and meetings/) in tmp_path."""
    root = tmp_path / "example"
    for folder in ("cases", "meetings"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def base_files() -> dict[str, str]:
    """The base archive's files, {relpath: text}, to derive a changed file from."""
    return dict(BASE)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, object]:
    """The example archive copied and built once for the whole run: (root, build report).
    Read it only; a test that changes the archive takes `root`."""
    from tests.test_build import built_example

    return built_example(tmp_path_factory.mktemp("built"))


@pytest.fixture
def root(built, tmp_path: Path) -> Path:
    """A fresh copy of the built example for a test that changes it (a module may define a
    `root` of its own)."""
    from tests.test_build import fresh_copy

    return fresh_copy(built[0], tmp_path)
