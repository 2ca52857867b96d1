"""Whatever a file holds, `check` reports findings and never raises; alias bombs cost nothing."""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ho21.checker import check
from ho21.diagnostics import CODES, Diagnostic
from ho21.loading import CASE_FIELDS
from ho21.referat_reader import REFERAT_FIELDS

# HO21_FUZZ_EXAMPLES=5000 for a longer hunt; the default keeps the suite fast
SETTINGS = settings(
    max_examples=int(os.environ.get("HO21_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FUZZ_CASE = "cases/2022/9-fuzz.md"
FUZZ_REFERAT = "meetings/2022/2.referat.md"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, archive) -> Path:
    """One base archive per module; each example writes the file it fuzzes, then removes it."""
    return archive(tmp_path_factory.mktemp("fuzz"), {})


def checked(root: Path, rel: str, data: bytes) -> list[Diagnostic]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        _archive, found = check(root)
    finally:
        path.unlink()
    assert all(isinstance(d, Diagnostic) and d.code in CODES for d in found)
    # every finding about the fuzzed file lies inside it
    lines = data.count(b"\n") + data.count(b"\r") + 1
    for d in found:
        if d.location.path == rel:
            assert 1 <= d.location.line <= lines, d
            assert 1 <= d.location.column <= len(data) + 1, d
    return found


# -- arbitrary bytes and text ----------------------------------------------------------------
@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_case(root: Path, data: bytes) -> None:
    checked(root, FUZZ_CASE, data)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_after_a_valid_start(root: Path, data: bytes) -> None:
    checked(root, FUZZ_CASE, b"---\nsak: 9/2/2022\ntittel: " + data)


YAMLISH = st.text(
    alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#,?% \n\t@`~.=ab09æ\\")), max_size=200
)


@SETTINGS
@given(front=YAMLISH)
def test_yamlish_front_matter(root: Path, front: str) -> None:
    found = checked(
        root, FUZZ_CASE, f"---\n{front}\n---\n\n## Forslag til vedtak\n\nIntet.\n".encode()
    )
    if front.strip() == "":
        assert any(d.code == "E002" and d.location.path == FUZZ_CASE for d in found)


@SETTINGS
@given(text=YAMLISH)
def test_yamlish_meeting_file(root: Path, text: str) -> None:
    checked(root, "meetings/2022/3.yaml", text.encode())


SCALARS = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from(["9/2/2022", "1/2022", "3/1/2022", "10.00", "NO", "0150", "2022-02-30"]),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=15,
)


def _front(fields: dict) -> bytes:
    return ("---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n\nTekst.\n").encode()


@SETTINGS
@given(tree=TREES)
def test_any_structure_as_front_matter(root: Path, tree) -> None:
    checked(root, FUZZ_CASE, _front(tree) if isinstance(tree, dict) else _front({"x": tree}))


@SETTINGS
@given(fields=st.dictionaries(st.sampled_from(CASE_FIELDS), TREES, max_size=len(CASE_FIELDS)))
def test_any_values_in_case_fields(root: Path, fields: dict) -> None:
    checked(root, FUZZ_CASE, _front(fields))


@SETTINGS
@given(fields=st.dictionaries(st.sampled_from(REFERAT_FIELDS), TREES, max_size=len(REFERAT_FIELDS)))
def test_any_values_in_referat_fields(root: Path, fields: dict) -> None:
    checked(root, FUZZ_REFERAT, _front({"mote": "2/2022", **fields}))


BODY_TOKENS = st.sampled_from(
    [
        "sak 3/1/2022", "Sak 99/2/2022", "møte 7/2022", "vedlegg 5", "sak 3-1-2022", "sak 3-22",
        "Sak TR-rådet 3/1/22", "(", ")", "[", "]", "«", "»", "{", "}", "[navn]", "20XX", "TODO",
        "\n", "\n\n", "## ", "## Forslag til vedtak\n", "Vedtak:", "```\n", "Ola Nordman",
        "Ingrid Stenstadvold Ross", " ", "a) ", "æøå", "\r\n", "\t", "#", "---\n",
    ]
)  # fmt: skip


@SETTINGS
@given(body=st.lists(BODY_TOKENS, max_size=60).map("".join))
def test_any_body_text(root: Path, body: str) -> None:
    checked(
        root, FUZZ_CASE, f"---\nsak: 9/2/2022\ntittel: T\ntype: Vedtakssak\n---\n{body}".encode()
    )


@SETTINGS
@given(body=st.lists(BODY_TOKENS, max_size=60).map("".join))
def test_any_referat_body(root: Path, body: str) -> None:
    front = "---\nmote: 2/2022\nstatus: utkast\nmoteleder: Ola Nordmann\n---\n"
    checked(root, FUZZ_REFERAT, (front + body).encode())


# -- alias bombs -------------------------------------------------------------------------------
@contextmanager
def time_limit(seconds: int):
    """A safety guard only: fail instead of hanging if the refusal ever stops being immediate."""

    def expired(signum, frame):
        raise TimeoutError(f"not refused within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("rel", [FUZZ_CASE, "meetings/2022/3.yaml", "meetings/council.yaml"])
def test_alias_bomb_is_refused_quickly(tmp_path: Path, archive, rel: str) -> None:
    bomb = billion_laughs()
    text = f"---\n{bomb}---\n\nTekst.\n" if rel.endswith(".md") else bomb
    root = archive(tmp_path, {rel: text})
    with time_limit(5):
        started = time.monotonic()
        _archive, found = check(root)
        elapsed = time.monotonic() - started
    mine = [d for d in found if d.location.path == rel]
    assert [d.code for d in mine] == ["E002"]
    assert "anchors" in mine[0].message
    line = 2 if rel.endswith(".md") else 1
    assert (mine[0].location.line, mine[0].location.column) == (line, 4)
    assert elapsed < 5
