"""`ho21 build`: what to build, what changed, in what order; every file written atomically.

Each output's key is a hash of everything it is made from: the Markdown its template produced
(so a case, council.yaml or a template shows up there), the format's style files, the files it
embeds (images, PDF and DOCX attachments) and the ho21 version. `build/.ho21-manifest.json`
keeps the key of every output built; an output whose key is unchanged is not rebuilt.

Work runs on two cores: one pandoc process writes every DOCX while another turns every
document into typst and HTML, which are then assembled and (for PDF) compiled by one reused
typst compiler. A document that fails is reported like a check finding and leaves nothing
half-written: outputs are written to a temporary file in the same folder and renamed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ho21 import __version__, render
from ho21.backends import packet as packets
from ho21.diagnostics import Diagnostic, Location
from ho21.files import atomic_write
from ho21.model import Archive, MeetingId

FORMATS = ("docx", "pdf", "html")
MANIFEST = "build/.ho21-manifest.json"
STYLE_FILES = {
    "docx": ("reference.docx",),
    "pdf": ("style.typ", "document.typ.j2"),
    "html": ("document.html.j2", "style.css"),
    "packet": ("style.typ", "sakspapirer.typ.j2"),
}


@dataclass
class Target:
    rel: str  # output path relative to the root
    fmt: str  # docx | pdf | html | packet
    doc: render.Doc | None = None
    parts: list[packets.Part] = field(default_factory=list)
    title: str = ""
    meeting: str = ""
    key: str = ""
    refused: bool = False  # cannot be made (an attachment was refused): reported, not built


@dataclass
class Report:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Diagnostic] = field(default_factory=list)
    removed: dict[str, str] = field(default_factory=dict)  # earlier outputs taken away: why


def out_dir(meeting: MeetingId, public: bool) -> str:
    base = f"build/{meeting.slug}"
    return f"{base}/offentlig" if public else base


def plan(
    env,
    root: Path,
    archive: Archive,
    agendas: list[MeetingId],
    referats: list[MeetingId],
    formats: tuple[str, ...],
    public: bool,
) -> tuple[list[Target], list[Diagnostic]]:
    """Every output asked for, with its rendered Markdown and its key."""
    targets: list[Target] = []
    failures: list[Diagnostic] = []

    def single(doc: render.Doc, folder: str) -> None:
        for fmt in formats:
            targets.append(Target(f"{folder}/{doc.name}.{fmt}", fmt, doc=doc))

    for meeting in agendas:
        folder = out_dir(meeting, public)
        single(render.innkalling(env, archive, meeting, public, pages=False), folder)
        for case in archive.agenda(meeting):
            single(render.saksframlegg(env, archive, case, public), folder)
        if "pdf" in formats and archive.agenda(meeting):
            parts, refused = packets.parts(env, root, archive, meeting, public)
            failures.extend(Diagnostic(f.location, f.code, f.message) for f in refused)
            targets.append(
                Target(
                    f"{folder}/sakspapirer-{meeting.m}-{meeting.year}.pdf",
                    "packet",
                    parts=parts,
                    title=f"Sakspapirer møte {meeting}",
                    meeting=str(meeting),
                    refused=bool(refused),
                )
            )
    for meeting in referats:
        single(render.referat(env, archive, meeting, public), out_dir(meeting, public))
    digests: dict[str, str] = {}
    for target in targets:
        if not target.refused:
            target.key = _key(root, target, digests)
    return targets, failures


def _file_digest(root: Path, rel: str, digests: dict[str, str]) -> str:
    if rel not in digests:
        try:
            digests[rel] = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        except OSError:
            digests[rel] = "missing"
    return digests[rel]


def _key(root: Path, target: Target, digests: dict[str, str]) -> str:
    h = hashlib.sha256(f"ho21 {__version__}\0{target.fmt}\0".encode())
    for name in STYLE_FILES[target.fmt]:
        h.update(_file_digest(root, f"{render.TEMPLATE_DIR}/{name}", digests).encode())
    fonts = root / render.TEMPLATE_DIR / "fonts"
    if target.fmt in ("pdf", "packet") and fonts.is_dir():
        for font in sorted(fonts.iterdir()):
            h.update(_file_digest(root, font.relative_to(root).as_posix(), digests).encode())
    docs = [target.doc] if target.doc else [p.doc for p in target.parts if p.doc]
    for doc in docs:
        h.update(json.dumps(doc.meta, sort_keys=True, default=str).encode())
        h.update(doc.markdown.encode())
        h.update("\0".join(path for path, _text, _line in doc.texts).encode())
        h.update(json.dumps(doc.links, sort_keys=True).encode())
    for part in target.parts:
        for rel in part.files:
            h.update(f"{rel}\0{_file_digest(root, rel, digests)}".encode())
    for image in _images_of(root, target):
        h.update(f"{image}\0{_file_digest(root, image, digests)}".encode())
    return h.hexdigest()


def _images_of(root: Path, target: Target) -> list[str]:
    """Files referenced as images (found cheaply; the real check runs before pandoc)."""
    docs = [target.doc] if target.doc else [p.doc for p in target.parts if p.doc]
    found: list[str] = []
    for doc in docs:
        if "![" in doc.markdown:
            from ho21.links import scan

            for path, text, line in doc.texts:
                found.extend(scan(path, text, line, doc.folder).images.values())
    return sorted(set(found))


def load_manifest(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def build(
    root: Path,
    archive: Archive,
    agendas: list[MeetingId],
    referats: list[MeetingId],
    formats: tuple[str, ...] = FORMATS,
    public: bool = False,
    progress: bool | None = None,
) -> Report:
    """Build the documents of the given meetings; only those whose inputs changed."""
    from ho21.backends.run import execute

    env = render.environment(root)
    report = Report()
    try:
        targets, report.failures = plan(env, root, archive, agendas, referats, formats, public)
    except render.TemplateFailure as exc:
        report.failures.append(Diagnostic(Location(exc.path, exc.line, 1), "E703", exc.message))
        return report
    planned = {t.rel for t in targets}
    targets = [t for t in targets if not t.refused]
    manifest = load_manifest(root)
    stale = [t for t in targets if manifest.get(t.rel) != t.key or not (root / t.rel).is_file()]
    report.unchanged = [t.rel for t in targets if t not in stale]
    built: list[Target] = []
    if stale:
        if progress is None:
            progress = sys.stderr.isatty()
        built, failures = execute(env, root, stale, progress)
        report.failures.extend(failures)
        report.built = [t.rel for t in built]
    manifest = load_manifest(root)  # another build may have finished meanwhile
    # What this build should have made but did not (it failed, or is no longer produced: a
    # case deleted, a packet refused) must not stay looking current. Only files ho21 wrote,
    # listed in the manifest, are ever removed.
    made = {t.rel for t in built} | set(report.unchanged)
    ours = _ours(agendas, referats, formats, public)
    gone = sorted(rel for rel in manifest if ours(rel) and rel not in made)
    for rel in gone:
        (root / rel).unlink(missing_ok=True)
        del manifest[rel]
        report.removed[rel] = "it failed" if rel in planned else "no longer produced"
    if not stale and not gone:
        return report
    manifest.update({t.rel: t.key for t in built})
    atomic_write(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return report


def _ours(agendas: list[MeetingId], referats: list[MeetingId], formats: tuple[str, ...], public):
    """Whether an output path is one this build makes (for these meetings and formats)."""
    ext = "|".join(formats)
    names = []
    for meeting in agendas:
        m, y = meeting.m, meeting.year
        folder = re.escape(out_dir(meeting, public))
        names.append(rf"{folder}/(?:innkalling-{m}-{y}|sak-\d+-{m}-{y})\.(?:{ext})")
        if "pdf" in formats:
            names.append(rf"{folder}/sakspapirer-{m}-{y}\.pdf")
    for meeting in referats:
        folder = re.escape(out_dir(meeting, public))
        names.append(rf"{folder}/referat-{meeting.m}-{meeting.year}\.(?:{ext})")
    pattern = re.compile("|".join(names)) if names else None
    return lambda rel: bool(pattern and pattern.fullmatch(rel))


def data_uri(path: Path) -> str:
    kind = {"svg": "image/svg+xml", "jpg": "image/jpeg"}.get(
        path.suffix.lower().lstrip("."), "image/" + path.suffix.lower().lstrip(".")
    )
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode()
