"""What goes into a meeting's packet (sakspapirer): the notice, then per case its saksframlegg
and attachments. Attachments are checked here: Markdown is rendered, a PDF is opened strictly
and counted, a DOCX is handed to pandoc, the minutes of a meeting are rendered as the referat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ho21 import render
from ho21.attachments import Resolver, Unusable, docx, locate, markdown, pdf_pages
from ho21.diagnostics import Location
from ho21.model import Archive, Attachment, Case, MeetingId


class AttachmentFailure(Exception):
    def __init__(self, location: Location, code: str, message: str) -> None:
        super().__init__(message)
        self.location, self.code, self.message = location, code, message


@dataclass
class Part:
    """One part of the packet; `kind` is innkalling, sak or vedlegg."""

    kind: str
    id: str
    case: str = ""  # case number, 41/5/2021
    case_title: str = ""
    index: int = 0  # attachment number
    title: str = ""  # attachment title
    doc: render.Doc | None = None  # rendered Markdown
    pdf: str | None = None  # a PDF attachment, root-relative
    pages: int = 0
    docx: str | None = None  # a DOCX attachment, root-relative
    files: list[str] = field(default_factory=list)


def attachment_part(
    env, root: Path, archive: Archive, case: Case, att: Attachment, public: bool
) -> Part:
    """The part for one attachment; `public` as for the packet it goes into."""
    number = str(case.number)
    base = Part(
        "vedlegg",
        f"sak-{case.number.slug}-vedlegg-{att.index}",  # type: ignore[union-attr]
        case=number,
        case_title=case.tittel,
        index=att.index,
        title=render.attachment_title(archive, case, att),
    )
    if att.referat is not None:
        if att.referat not in archive.referats:
            raise AttachmentFailure(
                att.where(),
                "E501",
                f"there are no minutes of meeting {att.referat} yet: write "
                f"{att.referat.referat_file}",
            )
        base.doc = render.referat(env, archive, att.referat, public, put_to=case)
        return base
    where = att.where()
    if not att.fil:  # neither `fil:` nor `referat:` (E004), built with --force
        raise AttachmentFailure(where, "E501", f"vedlegg {att.index} names no file (fil:)")
    resolver = Resolver(root)
    try:  # each as `check` tests it (ho21.attachments)
        path, suffix = locate(resolver, case.path, att.fil)
        rel = resolver.relative(path)
        base.files = [rel]
        if suffix == ".md":
            base.doc = render.vedlegg(env, archive, case, att, markdown(path), public)
        elif suffix == ".pdf":
            base.pages = pdf_pages(path)
            base.pdf = "/" + rel
        else:
            docx(path)
            base.docx = rel
    except Unusable as exc:
        raise AttachmentFailure(where, exc.code, exc.message(att.fil)) from None
    return base


def parts(
    env, root: Path, archive: Archive, meeting: MeetingId, public: bool
) -> tuple[list[Part], list[AttachmentFailure]]:
    """The packet's parts in order, and the attachments that could not be used."""
    out = [
        Part(
            "innkalling",
            f"innkalling-{meeting.m}-{meeting.year}",
            doc=render.innkalling(env, archive, meeting, public, pages=True),
        )
    ]
    failures: list[AttachmentFailure] = []
    for case in archive.agenda(meeting):
        out.append(
            Part(
                "sak",
                f"sak-{case.number.slug}",  # type: ignore[union-attr]
                case=str(case.number),
                case_title=case.tittel,
                doc=render.saksframlegg(env, archive, case, public),
            )
        )
        if public and not case.is_public:
            continue  # an exempt case's attachments stay out of public documents
        for att in case.vedlegg:
            try:
                out.append(attachment_part(env, root, archive, case, att, public))
            except AttachmentFailure as exc:
                failures.append(exc)
    return out, failures
