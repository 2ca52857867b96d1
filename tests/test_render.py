"""The text each template produces, compared with golden files in tests/golden/.

Regenerate after an intended change with HO21_REGEN_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from ho21 import dates, render
from ho21.backends import packet
from ho21.checker import check
from ho21.model import MeetingId

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
M4, M5 = MeetingId(2021, 4), MeetingId(2021, 5)


@pytest.fixture(scope="module")
def example():
    archive, _ = check(REPO)
    return archive, render.environment(REPO)


def _case(archive, n: int):
    return next(c for c in archive.cases if c.number and c.number.n == n)


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("HO21_REGEN_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}; run with HO21_REGEN_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def _as_text(doc: render.Doc) -> str:
    meta = "".join(f"{k}: {v}\n" for k, v in sorted(doc.meta.items()))
    return f"{meta}---\n{doc.markdown}"


def test_innkalling_golden(example):
    archive, env = example
    assert_golden(
        "innkalling-5-2021.md", _as_text(render.innkalling(env, archive, M5, False, False))
    )
    with_pages = render.innkalling(env, archive, M5, False, True)
    assert_golden("innkalling-5-2021-sider.md", _as_text(with_pages))


@pytest.mark.parametrize("n", [40, 41, 43])
def test_saksframlegg_golden(example, n):
    archive, env = example
    doc = render.saksframlegg(env, archive, _case(archive, n), False)
    assert_golden(f"sak-{n}-5-2021.md", _as_text(doc))


def test_referat_golden(example):
    archive, env = example
    assert_golden("referat-4-2021.md", _as_text(render.referat(env, archive, M4, False)))


def test_vedlegg_golden(example):
    archive, env = example
    case = _case(archive, 41)
    content = (REPO / "cases/2021" / case.vedlegg[0].fil).read_text(encoding="utf-8")
    doc = render.vedlegg(env, archive, case, case.vedlegg[0], content, False)
    assert doc.meta["header"] == "Sak 41/5/2021 Vedlegg 1"
    assert_golden("sak-41-5-2021-vedlegg-1.md", _as_text(doc))


def test_packet_source_golden(example):
    archive, env = example
    parts, failures = packet.parts(env, REPO, archive, M5, False)
    assert failures == []
    values = [
        {**{k: getattr(p, k) for k in ("kind", "id", "case", "case_title", "index", "title")},
         "pdf": p.pdf, "pages": p.pages, "body": f"[{p.id}]"}
        for p in parts
    ]  # fmt: skip
    source = render.render_template(
        env, "sakspapirer.typ.j2", {"title": "Sakspapirer", "meeting_id": "5/2021", "parts": values}
    )
    assert_golden("sakspapirer-5-2021.typ", source)


def test_saksframlegg_layout(example):
    archive, env = example
    md = render.saksframlegg(env, archive, _case(archive, 43), False).markdown
    assert md.lstrip().startswith("# Sak 43/5/2021 Et kunnskapsløft for kommunene")
    for label in ("Type sak", "Til", "Fra", "Saksbehandler", "Vedlegg", "Tidligere behandlet"):
        assert f"**{label}" in md
    assert (
        md.index("## Hovedpunkter") < md.index("## Forslag til vedtak") < md.index("::: {.forslag")
    )


def test_referat_draft_and_partial_attendance(example):
    archive, env = example
    md = render.referat(env, archive, M4, False).markdown
    assert "| Godkjent i sak 40\\/5\\/2021" in md and "| Utkast" not in md
    assert "(t.o.m. Sak 33/4/21)" in md
    referat = archive.referats[M4]
    archive.referats[M4] = type(referat)(
        **{**vars(referat), "status": "utkast", "godkjent_i": None}
    )
    try:
        assert "| Utkast " in render.referat(env, archive, M4, False).markdown
    finally:
        archive.referats[M4] = referat


def test_norwegian_dates():
    assert dates.meeting_time(dt.date(2021, 9, 1), "10.00–15.00") == (
        "onsdag 1. september 2021 kl. 10.00–15.00"
    )
    assert dates.long_date(dt.date(2021, 6, 3)) == "torsdag 3. juni 2021"
    assert dates.plain_date(dt.date(2021, 8, 25)) == "25. august 2021"


def test_titles_are_escaped_not_markup():
    assert (
        render.md("Sak *viktig* <b>[x](y)</b>")
        == "Sak \\*viktig\\* \\<b\\>\\[x\\]\\(y\\)\\<\\/b\\>"
    )


def test_a_value_is_one_line_but_keeps_its_no_break_spaces():
    assert render.md(" offl. §\u00a014\n og\u2028mer ") == "offl\\. §\u00a014 og mer"


def test_grid_table_widens_for_long_words():
    table = render.grid_table([["a", "x" * 30]], [4, 10])
    lines = table.splitlines()
    assert len({len(line) for line in lines}) == 1  # every line the same width
    assert "x" * 30 in table
    # the columns widen together: the proportions are the template's, 4 to 10
    assert table.splitlines()[0] == "+" + "-" * 15 + "+" + "-" * 34 + "+"


def test_undefined_variable_is_an_error(tmp_path):
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "sak.md.j2").write_text("line one\n{{ case.no_such_field }}\n")
    archive, _ = check(REPO)
    env = render.environment(tmp_path)
    with pytest.raises(render.TemplateFailure) as info:
        render.saksframlegg(env, archive, _case(archive, 41), False)
    assert info.value.path == "templates/sak.md.j2"
    assert info.value.line == 2
    assert "no_such_field" in info.value.message


def test_case_text_is_not_a_template():
    archive, _ = check(REPO)
    env = render.environment(REPO)
    case = _case(archive, 41)
    text = case.text
    poisoned = type(text)(
        text.source + "\n{{ 7 * 7 }} {% if true %}x{% endif %}\n", text.start, text.path
    )
    doc = render.saksframlegg(env, archive, dataclasses.replace(case, text=poisoned), False)
    assert "{{ 7 * 7 }} {% if true %}x{% endif %}" in doc.markdown


def test_notice_place_comes_from_the_sender(example):
    archive, env = example
    assert "\nOslo, 25. august 2021\n" in render.innkalling(env, archive, M5, False, False).markdown
    council = archive.council
    sender = council.roster[council.fra]
    roster = {**council.roster, council.fra: dataclasses.replace(sender, sted=None)}
    archive.council = dataclasses.replace(council)
    archive.council.__dict__["roster"] = roster  # the cached roster, without the place
    try:
        markdown = render.innkalling(env, archive, M5, False, False).markdown
        assert "\n25. august 2021\n" in markdown and "Oslo," not in markdown
    finally:
        archive.council = council
