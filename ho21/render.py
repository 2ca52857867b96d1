"""Jinja over `templates/`: the context of each document and the Markdown its template produces.

Every document is a template in `templates/` that writes Markdown (pandoc's dialect) after a
small YAML block of document metadata (title, running header). Case text is data: it is
inserted into the Markdown as Markdown, never compiled as a template, and every short value
(titles, names) goes through the `md` filter so it shows literally. Layout lives in the
templates; this module only shapes the archive into values.
"""

from __future__ import annotations

import math
import re
import string
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ho21 import dates
from ho21.model import Archive, Attachment, Attendee, Case, MeetingId, Referat, legal_basis

TEMPLATE_DIR = "templates"
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


class TemplateFailure(Exception):
    """A template is missing or fails; `path` and `line` name the template."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Doc:
    """One rendered document: metadata from the template and the Markdown body for pandoc."""

    name: str  # output stem, e.g. sak-41-5-2021
    kind: str  # innkalling | sak | vedlegg | referat
    meta: dict[str, Any]
    markdown: str
    source: str  # the archive file whose text the body carries (for error reports)
    folder: str  # links and images must stay inside this folder (relative to the root)
    texts: tuple[tuple[str, str, int], ...] = field(default=())  # (path, text, first line)
    attachments: dict[str, int] = field(default_factory=dict)  # root-relative file -> number

    @property
    def links(self) -> dict[str, Any]:
        """What pandoc needs to turn links to the case's own files into plain text: the folder
        links are relative to, and the attachments' files with their numbers."""
        base = str(PurePosixPath(self.texts[0][0]).parent) if self.texts else ""
        return {"base": base, "attachments": self.attachments}


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# a run of white space of any kind but the no-break spaces, which keep what they join together
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
NBSP = "\u00a0"


def md(value: object) -> str:
    """A plain value shown literally in Markdown: every ASCII punctuation escaped, one line
    (a no-break space stays one)."""
    text = _SPACES.sub(" ", str(value)).strip()
    return _PUNCTUATION.sub(r"\\\1", text)


def grid_table(rows: list[list[Any]], widths: list[int], header: list[Any] | None = None) -> str:
    """Pandoc grid-table syntax for rows of cells; a cell is Markdown text or a list of lines.

    Lines of a cell are joined with hard line breaks. `widths` are the columns' widths in
    characters, which pandoc turns into relative widths, so they are the template's
    proportions: when a word (or its markup) is longer than its column, every column widens
    by the same factor, and the columns keep their proportions.
    """

    def lines(cell: Any) -> list[str]:
        parts = [cell] if isinstance(cell, str) else list(cell)
        return [str(p) for p in parts if str(p).strip()]

    table = [[lines(c) for c in row] for row in ([header] if header else []) + rows]
    scale = 1.0
    for row in table:
        for i, cell in enumerate(row):
            for line in cell:
                longest = max((len(w) for w in line.split()), default=0)
                scale = max(scale, (longest + 2) / widths[i])
    cols = [math.ceil(w * scale) for w in widths]

    def wrap(cell: list[str], width: int) -> list[str]:
        out: list[str] = []
        for i, line in enumerate(cell):
            wrapped = textwrap.wrap(line, width - 1, break_long_words=False) or [""]
            if i < len(cell) - 1:
                wrapped[-1] += "\\"
            out.extend(wrapped)
        return out

    def rule(char: str) -> str:
        return "+" + "+".join(char * (w + 2) for w in cols) + "+"

    out = [rule("-")]
    for r, row in enumerate(table):
        cells = [wrap(cell, cols[i]) for i, cell in enumerate(row)]
        height = max(len(c) for c in cells)
        for k in range(height):
            parts = [(c[k] if k < len(c) else "").ljust(cols[i]) for i, c in enumerate(cells)]
            out.append("| " + " | ".join(parts) + " |")
        out.append(rule("=" if header and r == 0 else "-"))
    return "\n".join(out)


def environment(root: Path):
    """The Jinja environment over the archive's templates: strict, HTML-escaping `.html.j2`."""
    import jinja2

    cache = root / "build" / ".jinja-cache"  # compiled templates, keyed by their source
    try:
        cache.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache))
    except OSError:
        bytecode = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / TEMPLATE_DIR)),
        bytecode_cache=bytecode,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        grid_table=grid_table,
        long_date=dates.long_date,
        plain_date=dates.plain_date,
        typst=typst_string,
    )
    env.globals.update(meeting_time=dates.meeting_time)
    return env


def typst_string(value: object) -> str:
    """A value as a typst string literal."""
    if value is None:
        return "none"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n").replace("\r", "") + '"'


def render_template(env, name: str, context: dict[str, Any]) -> str:
    """Render a template; a missing template or a template error is a TemplateFailure."""
    import jinja2

    path = f"{TEMPLATE_DIR}/{name}"
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateFailure(f"{TEMPLATE_DIR}/{exc.name}", 1, "template not found") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{TEMPLATE_DIR}/{exc.name}" if exc.name else path
        raise TemplateFailure(where, exc.lineno or 1, f"template error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateFailure(path, _template_line(exc), f"template error: {exc}") from None
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise TemplateFailure(path, _template_line(exc), f"template error: {exc}") from None


def _template_line(exc: BaseException) -> int:
    """The template line of an exception raised while rendering, from its traceback."""
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _document(env, template: str, context: dict[str, Any], **doc: Any) -> Doc:
    """Render a Markdown template and split its metadata block from the body."""
    # comments are notes to the writer (a fresh case from new-case has one): never printed
    text = _COMMENT.sub("", render_template(env, template, context))
    meta: dict[str, Any] = {}
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if match:
        try:
            meta = yaml.safe_load(match[1]) or {}
        except yaml.YAMLError as exc:
            raise TemplateFailure(
                f"{TEMPLATE_DIR}/{template}", 1, f"metadata block is not valid YAML: {exc}"
            ) from None
        text = text[match.end() :]
    return Doc(meta=meta, markdown=text, **doc)


# ---- contexts -------------------------------------------------------------------------


def case_values(archive: Archive, case: Case, public: bool) -> dict[str, Any]:
    """What every template may know of a case."""
    forslag = case.decision
    body = case.text.source[case.text.start : forslag.heading.offset] if forslag else case.text.body
    return {
        "number": str(case.number),
        "short": case.number.short if case.number else "",
        "slug": case.number.slug if case.number else "",
        "tittel": case.tittel,
        "types": list(case.types),
        "til": case.til,
        "fra": case.fra,
        "saksbehandler": list(case.saksbehandler),
        "vedlegg": [_attachment_values(archive, case, a) for a in case.vedlegg],
        "tidligere_behandlet": [_ref_text(r) for r in case.tidligere_behandlet],
        "offentlighet": case.offentlighet,
        "hjemmel": _hjemmel(case.offentlighet),
        "unntatt": exemption(case.offentlighet),
        "exempt": public and not case.is_public,
        "body": body.strip(),
        "forslag": forslag.text.strip() if forslag else None,
    }


def _hjemmel(offentlighet: str | None) -> str | None:
    """What a line labelled "Unntatt offentlighet" shows: the value's legal basis (a value
    without one is E005; built anyway with --force, it is shown as written). A paragraph sign
    is never parted from its number at the end of a line: `offl. § 14`, with a no-break space."""
    basis = legal_basis(offentlighet) or offentlighet
    return _SECTION_SIGN.sub("\\1" + NBSP, basis) if basis else basis


_SECTION_SIGN = re.compile(r"(§+)\s+(?=[0-9])")


EXEMPT = "Unntatt offentlighet"  # the label every document gives an exemption


def exemption(offentlighet: str | None) -> str | None:
    """How every document words an exemption: `unntatt offl. § 14` and `Unntatt offentlighet,
    offl. § 14` both give `Unntatt offentlighet: offl. § 14`."""
    return f"{EXEMPT}: {_hjemmel(offentlighet)}" if offentlighet else None


def attachment_files(case: Case) -> dict[str, int]:
    """The case's file attachments: root-relative path -> attachment number."""
    return {case.file_of(att.fil): att.index for att in case.vedlegg if att.fil}


def _attachment_values(archive: Archive, case: Case, att: Attachment) -> dict[str, Any]:
    title = attachment_title(archive, case, att)
    return {"index": att.index, "tittel": title, "fil": att.fil, "referat": att.referat}


def attachment_title(archive: Archive, case: Case, att: Attachment) -> str:
    """An attachment's title as the case's papers show it (its list of attachments, the
    packet's bookmark): minutes attached as a draft (see `is_draft`) are called one, as the
    minutes themselves are ("Utkast – Referat fra møte 4/2021")."""
    ref = archive.referats.get(att.referat) if att.referat is not None else None
    if ref is None or not is_draft(ref, case) or att.tittel.lower().startswith("utkast"):
        return att.tittel
    return f"Utkast – {att.tittel}"


def _ref_text(ref) -> str:
    return f"{ref.n}/{ref.m}/{ref.year}" if ref.case else ref.text


def _base(archive: Archive, meeting: MeetingId, public: bool) -> dict[str, Any]:
    council = archive.council
    return {
        "council": council,
        "meeting": archive.meetings.get(meeting),
        "meeting_id": str(meeting),
        "public": public,
        "roster": council.roster if council else {},
    }


def innkalling(env, archive: Archive, meeting: MeetingId, public: bool, pages: bool) -> Doc:
    """The notice and agenda; with `pages`, the agenda gives the packet page of each case."""
    ctx = _base(archive, meeting, public)
    ctx["cases"] = [case_values(archive, c, public) for c in archive.agenda(meeting)]
    ctx["pages"] = pages
    meeting_file = archive.meetings[meeting].path
    return _document(
        env,
        "innkalling.md.j2",
        ctx,
        name=f"innkalling-{meeting.m}-{meeting.year}",
        kind="innkalling",
        source=meeting_file,
        folder=str(Path(meeting_file).parent),
    )


def saksframlegg(env, archive: Archive, case: Case, public: bool) -> Doc:
    ctx = _base(archive, case.number.meeting, public)  # type: ignore[union-attr]
    ctx["case"] = case_values(archive, case, public)
    shown = not ctx["case"]["exempt"]  # an exempt case's text is not in its public paper
    return _document(
        env,
        "sak.md.j2",
        ctx,
        name=f"sak-{case.number.slug}",  # type: ignore[union-attr]
        kind="sak",
        source=case.path,
        folder=case.folder,
        texts=((case.path, case.text.body, case.text.location(case.text.start).line),)
        if shown
        else (),
        attachments=attachment_files(case),
    )


def vedlegg(env, archive: Archive, case: Case, att: Attachment, content: str, public: bool) -> Doc:
    """A Markdown attachment, as a part of the packet."""
    ctx = _base(archive, case.number.meeting, public)  # type: ignore[union-attr]
    ctx.update(
        case=case_values(archive, case, public), vedlegg=_attachment_values(archive, case, att)
    )
    ctx["content"] = content
    path = str(Path(case.path).parent / att.fil) if att.fil else case.path
    return _document(
        env,
        "vedlegg.md.j2",
        ctx,
        name=f"sak-{case.number.slug}-vedlegg-{att.index}",  # type: ignore[union-attr]
        kind="vedlegg",
        source=path,
        folder=case.folder,
        texts=((path, content, 1),),
        attachments=attachment_files(case),
    )


def referat(
    env, archive: Archive, meeting: MeetingId, public: bool, put_to: Case | None = None
) -> Doc:
    """The minutes; `put_to` is the case they are attached to, if any.

    Minutes are a draft ("Utkast") until approved, and also when attached to the case that
    approves them (or an earlier one): that packet puts the draft to the meeting.
    """
    ref = archive.referats[meeting]
    ctx = _base(archive, meeting, public)
    ctx["referat"] = referat_values(archive, ref, public)
    ctx["referat"]["draft"] = is_draft(ref, put_to)
    return _document(
        env,
        "referat.md.j2",
        ctx,
        name=f"referat-{meeting.m}-{meeting.year}",
        kind="referat",
        source=ref.path,
        folder=str(Path(ref.path).parent),
        texts=((ref.path, ref.text.body, ref.text.location(ref.text.start).line),),
    )


def is_draft(ref: Referat, put_to: Case | None = None) -> bool:
    """Whether the minutes are shown as a draft (in the packet of case `put_to`, if given)."""
    if not ref.approved:
        return True
    approved_in = ref.godkjent_i.case if ref.godkjent_i else None
    if put_to is None or put_to.number is None or approved_in is None:
        return False
    return approved_in >= put_to.number


def referat_values(archive: Archive, ref: Referat, public: bool) -> dict[str, Any]:
    roster = archive.council.roster if archive.council else {}

    def person(a: Attendee) -> dict[str, Any]:
        p = roster.get(a.navn)
        return {
            "navn": a.navn,
            "organisasjon": p.organisasjon if p else None,
            "sted": p.sted if p else None,
            "rolle": p.rolle if p else None,
            "tittel": p.tittel if p else None,
            "til_og_med": a.til_og_med.case.short if a.til_og_med and a.til_og_med.case else None,
            "saker": [r.case.short for r in a.saker if r.case],
        }

    andre: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in ref.andre:
        info = person(a)
        andre[info["organisasjon"] or ""].append(info)

    def shown(sak) -> bool:  # a conflict over an exempt case stays out of public minutes
        case = archive.resolve(sak) if sak else None
        return not (public and case and not case.is_public)

    inhabil = [(person(a), sak) for a, sak in ref.inhabil if shown(sak)]
    sections = []
    for section in ref.sections:
        case = archive.resolve(section.ref)
        record = section.record
        sections.append(
            {
                "number": _ref_text(section.ref),
                "short": section.ref.case.short if section.ref.case else section.ref.text,
                "tittel": case.tittel if case else "",
                "exempt": bool(public and case and not case.is_public),
                "offentlighet": case.offentlighet if case else None,
                "unntatt": exemption(case.offentlighet if case else None),
                "record": record.strip(),
                "vedtak": section.vedtak,
                "inhabil": [
                    p
                    for p, sak in inhabil
                    if sak and section.ref.case and sak.case == section.ref.case
                ],
            }
        )
    godkjent = ref.godkjent_i
    return {
        "status": ref.status,
        "approved": ref.approved,
        "godkjent_i": _ref_text(godkjent) if godkjent else None,
        "moteleder": person(ref.moteleder) if ref.moteleder else None,
        "tilstede": [person(a) for a in ref.tilstede],
        "forfall": [person(a) for a in ref.forfall],
        "motende_vara": [person(a) for a in ref.motende_vara],
        "observatorer": [person(a) for a in ref.observatorer],
        "sekretariat": [person(a) for a in ref.sekretariat],
        "andre": dict(andre),
        "opening": ref.opening,
        "inhabil": [
            {**p, "sak": sak.case.short if sak and sak.case else (sak.text if sak else "")}
            for p, sak in inhabil
        ],
        "sections": sections,
    }
