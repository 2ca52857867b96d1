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
    kept: dict[str, str] = field(default_factory=dict)  # …not, as they were changed by hand


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


def load_manifest(root: Path) -> dict[str, dict[str, str | None]]:
    """{output: {"key": its key, "sha256": the digest of what ho21 wrote}}; an entry of an
    older ho21, a bare key, has no digest."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        rel: entry if isinstance(entry, dict) else {"key": entry, "sha256": None}
        for rel, entry in data.items()
    }


def build(
    root: Path,
    archive: Archive,
    agendas: list[MeetingId],
    referats: list[MeetingId],
    formats: tuple[str, ...] = FORMATS,
    public: bool = False,
    progress: bool | None = None,
    everything: bool = False,
) -> Report:
    """Build the documents of the given meetings; only those whose inputs changed.
    `everything`: these are all the archive's documents (`ho21 build`), so an earlier output
    of a meeting that has none any more is no longer produced."""
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
    stale = [
        t
        for t in targets
        if manifest.get(t.rel, {}).get("key") != t.key or not (root / t.rel).is_file()
    ]
    report.unchanged = [t.rel for t in targets if t not in stale]
    built: list[Target] = []
    if stale:
        if progress is None:
            progress = sys.stderr.isatty()
        built, failures = execute(env, root, stale, progress)
        report.failures.extend(failures)
        report.built = [t.rel for t in built]
    manifest = load_manifest(root)  # another build may have finished meanwhile
    manifest.update({t.rel: {"key": t.key, "sha256": _digest(root / t.rel)} for t in built})
    made = {t.rel for t in built} | set(report.unchanged)
    gone = _gone(manifest, planned, made, agendas, referats, formats, public, everything)
    for rel, why in gone.items():
        if _changed_since_written(root / rel, manifest[rel]):
            report.kept[rel] = why  # the user's now: never removed, no longer ho21's
        else:
            (root / rel).unlink(missing_ok=True)
            report.removed[rel] = why
        del manifest[rel]
    if built or gone:
        atomic_write(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return report


def _gone(manifest, planned, made, agendas, referats, formats, public, everything):
    """{output: why} of what ho21 built earlier and this build should have made but did not:
    it failed, or it is no longer produced (a case or meeting deleted, a packet refused).
    Such a file must not stay looking current. Also the other version (public or internal) of
    a document that is no longer produced at all. Only files in the manifest are named."""
    ours = _ours(agendas, referats, formats, public, everything)
    gone = {
        rel: "it failed" if rel in planned else "no longer produced"
        for rel in manifest
        if ours(rel) and rel not in made
    }
    documents = {_document(rel) for rel in planned}
    other = _ours(agendas, referats, formats, not public, everything)
    for rel in manifest:
        if other(rel) and _document(rel) not in documents:
            gone[rel] = "no longer produced"
    return dict(sorted(gone.items()))


def _document(rel: str) -> str:
    """An output's document, the same for every format and for public and internal:
    build/2021-5/offentlig/sak-41-5-2021.pdf -> build/2021-5/sak-41-5-2021."""
    return rel.replace("/offentlig/", "/").rsplit(".", 1)[0]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _changed_since_written(path: Path, entry: dict[str, str | None]) -> bool:
    """The file is there and is not what ho21 wrote (unknown for an older manifest: taken
    as unchanged)."""
    written = entry.get("sha256")
    if written is None or not path.exists():
        return False
    return _digest(path) != written


def _ours(agendas, referats, formats: tuple[str, ...], public: bool, everything: bool):
    """Whether an output path is one this build makes (for these meetings and formats; with
    `everything`, for every meeting)."""
    ext = "|".join(formats)
    names = []
    meetings = [r"\d{4}-\d+"] if everything else [m.slug for m in {*agendas, *referats}]
    for slug in meetings:
        folder = rf"build/{slug}/offentlig" if public else rf"build/{slug}"
        if everything or any(m.slug == slug for m in agendas):
            names.append(rf"{folder}/(?:innkalling|sak-\d+)-\d+-\d{{4}}\.(?:{ext})")
            if "pdf" in formats:
                names.append(rf"{folder}/sakspapirer-\d+-\d{{4}}\.pdf")
        if everything or any(m.slug == slug for m in referats):
            names.append(rf"{folder}/referat-\d+-\d{{4}}\.(?:{ext})")
    pattern = re.compile("|".join(names)) if names else None
    return lambda rel: bool(pattern and pattern.fullmatch(rel))


def data_uri(path: Path) -> str:
    kind = {"svg": "image/svg+xml", "jpg": "image/jpeg"}.get(
        path.suffix.lower().lstrip("."), "image/" + path.suffix.lower().lstrip(".")
    )
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode()
