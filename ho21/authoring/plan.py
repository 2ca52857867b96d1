"""What changes when cases get new running numbers: files, folders, `fil:` paths, references.

`plan_moves(archive, new_numbers)` turns "case at this path gets running number n" into a
`Transaction`. Every reference that resolves to a moved case has its running number (and
only that) replaced, so `Sak 28-20 (møte 3/2020)`, `33/4/21` and `14-2-2021` keep their
style; files keep their line endings and BOM. Resolution is done against the archive as it
is before the change, which is what `ho21 check` reports against.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ho21 import references
from ho21.authoring.fs import AuthoringError, Transaction
from ho21.authoring.text import decode, encode, raw_offsets
from ho21.diagnostics import Diagnostic
from ho21.loading import load
from ho21.model import Archive, Case, CaseNumber, Ref, Referat, Text
from ho21.sources import read_text

_LEADING_NUMBER = re.compile(r"^\d+-")
# findings that mean a file was left out of the archive, a number could not be read, or a
# merge was not finished (E007: which version of a number or a reference stands is not
# settled): its references could not be rewritten, so numbers must not move while they stand
_BLOCKING = {"E001", "E002", "E007", "E101", "E601"}


@dataclass
class FileChange:
    old_path: str
    new_path: str
    old_text: str
    new_text: str
    rewritten: int  # references whose number changed


@dataclass
class Plan:
    root: Path
    transaction: Transaction
    moves: list[tuple[Case, int, str]] = field(default_factory=list)  # case, new n, new path
    changes: list[FileChange] = field(default_factory=list)
    folder_renames: list[tuple[str, str]] = field(default_factory=list)
    # references to a number two cases had, which now name one of them: each to be read again
    ambiguous: list[str] = field(default_factory=list)

    @property
    def references(self) -> int:
        return sum(c.rewritten for c in self.changes)

    def diff(self) -> str:
        """A unified diff of every file change, and the renames, as `--dry-run` prints it."""
        out: list[str] = []
        for change in self.changes:
            if change.old_path != change.new_path:
                out.append(f"rename {change.old_path} → {change.new_path}\n")
            lines = difflib.unified_diff(
                change.old_text.splitlines(keepends=True),
                change.new_text.splitlines(keepends=True),
                fromfile=f"a/{change.old_path}",
                tofile=f"b/{change.new_path}",
            )
            out.extend(line if line.endswith("\n") else line + "\n" for line in lines)
        for old, new in self.folder_renames:
            out.append(f"rename {old}/ → {new}/\n")
        return "".join(out)


def load_archive(root: Path) -> tuple[Archive, list[Diagnostic]]:
    """The archive, and the load findings that forbid moving numbers."""
    archive, found = load(root)
    blocking = [d for d in found if d.code in _BLOCKING]
    for case in archive.cases:
        if case.number is None and not any(d.location.path == case.path for d in blocking):
            blocking.append(_finding(case.path, "E004", "the case has no number 'sak: n/m/yyyy'"))
    return archive, blocking


def _finding(path: str, code: str, message: str) -> Diagnostic:
    from ho21.diagnostics import Location, at

    return at(Location(path), code, message)


def refuse_if_blocked(blocking: list[Diagnostic]) -> None:
    if blocking:
        from ho21.diagnostics import format_text

        raise AuthoringError(
            "cannot change case numbers while these files cannot be read or are not settled; "
            "fix them first:\n" + format_text(sorted(blocking))
        )


def new_file_name(case: Case, n: int) -> str:
    """`cases/2021/44-kommunikasjonsplan.md` with running number n."""
    folder, _, name = case.path.rpartition("/")
    return f"{folder}/{n}-{_LEADING_NUMBER.sub('', name, count=1)}"


def _resolver(archive: Archive):
    def resolve(ref: Ref) -> Case | None:
        if ref.kind != "case" or ref.number_span is None:
            return None
        return archive.resolve(ref)

    return resolve


def _all_refs(text: Text, model_refs: list[Ref], kortnavn: str | None) -> list[Ref]:
    """The model's references plus any other in the file, e.g. in a title or a YAML comment."""
    by_span = {r.number_span: r for r in model_refs if r.number_span is not None}
    for ref in references.find(text, 0, len(text.source), kortnavn):
        if ref.kind == "case" and ref.number_span not in by_span:
            by_span[ref.number_span] = ref
    return list(by_span.values())


def _referat_refs(referat: Referat) -> list[Ref]:
    refs = list(referat.refs)
    if referat.godkjent_i:
        refs.append(referat.godkjent_i)
    people = (
        *referat.tilstede,
        *referat.forfall,
        *referat.motende_vara,
        *referat.observatorer,
        *referat.sekretariat,
        *referat.andre,
        *([referat.moteleder] if referat.moteleder else []),
    )
    for person in people:
        if person.til_og_med:
            refs.append(person.til_og_med)
        refs.extend(person.saker)
    refs.extend(ref for _person, ref in referat.inhabil if ref)
    refs.extend(section.ref for section in referat.sections)
    return refs


def plan_moves(root: Path, archive: Archive, new_numbers: dict[str, int]) -> Plan:
    """The transaction that gives each case (by path) its new running number.

    A case given its current number is still renamed when its file name disagrees with it.
    """
    kortnavn = archive.council.kortnavn if archive.council else None
    resolve = _resolver(archive)
    number_of = {c.path: c.number for c in archive.cases}
    moved: dict[str, int] = {
        path: n for path, n in new_numbers.items() if number_of.get(path) and number_of[path].n != n
    }
    plan = Plan(root, Transaction(root))
    attachments = markdown_attachments(root, archive)
    _refuse_captured(archive, new_numbers, resolve, attachments, kortnavn)
    ambiguous = _ambiguity(archive, new_numbers)

    # renames of case files and their attachment folders
    folder_of: dict[str, tuple[str, str]] = {}  # case path -> (old stem, new stem)
    new_path: dict[str, str] = {}
    for case in archive.cases:
        if case.path not in new_numbers:
            continue
        target = new_file_name(case, new_numbers[case.path])
        if target != case.path:
            new_path[case.path] = target
            plan.moves.append((case, new_numbers[case.path], target))
            old_stem, new_stem = case.path[:-3], target[:-3]
            if (root / old_stem).is_dir():
                folder_of[case.path] = (old_stem, new_stem)
                plan.folder_renames.append((old_stem, new_stem))

    renamed_stems = {
        old.rsplit("/", 1)[1]: (old, new.rsplit("/", 1)[1]) for old, new in folder_of.values()
    }
    files: list[tuple[str, Text, list[Ref], Case | None]] = [
        (c.path, c.text, _all_refs(c.text, [*c.tidligere_behandlet, *c.refs], kortnavn), c)
        for c in archive.cases
    ]
    files += [
        (r.path, r.text, _all_refs(r.text, _referat_refs(r), kortnavn), None)
        for r in archive.referats.values()
    ]
    files += [(t.path, t, _all_refs(t, [], kortnavn), None) for t in attachments]
    for path, text, refs, case in files:
        spans: dict[tuple[int, int], str] = {}
        own = case.number_ref.number_span if case and case.number_ref else None
        if own and case.path in moved:
            spans[own] = str(moved[case.path])
        count = 0
        for ref in refs:
            if ref.number_span == own:
                continue
            target = resolve(ref)
            if target is not None and target.path in moved:
                spans[ref.number_span] = str(moved[target.path])
                count += 1
            if target is not None and (note := ambiguous(ref, target)):
                plan.ambiguous.append(note)
        if case is not None:
            spans.update(_fil_rewrites(case, renamed_stems))
            if case.path in folder_of:
                spans.update(_link_rewrites(case, *folder_of[case.path]))
        destination = new_path.get(path) or _moved_with_folder(path, folder_of.values())
        if spans:
            change = _rewrite_file(root, path, text, spans)
            change.new_path, change.rewritten = destination, count
            plan.changes.append(change)
            plan.transaction.writes[path] = encode(change.new_text, change.bom)
        elif destination != path:
            plan.changes.append(FileChange(path, destination, "", "", 0))
    for case in archive.cases:
        if case.path in new_path:
            plan.transaction.renames.append((case.path, new_path[case.path]))
    plan.transaction.renames.extend(plan.folder_renames)
    return plan


def _ambiguity(archive: Archive, new_numbers: dict[str, int]):
    """What to say of a reference to a number that several cases have (E102, as after a
    merge): it follows the case `check` resolves it to, which may not be the one it was
    written for, once the cases get numbers of their own. None when there is nothing to say."""
    holders: dict[tuple, list[Case]] = {}
    for case in archive.cases:
        if case.number is not None:
            year, n, m = case.number.year, case.number.n, case.number.m
            holders.setdefault((year, n, m), []).append(case)
            holders.setdefault((year, n), []).append(case)

    def after(case: Case) -> CaseNumber:
        number = case.number
        return CaseNumber(number.year, new_numbers.get(case.path, number.n), number.m)

    def note(ref: Ref, target: Case) -> str | None:
        key = (ref.year, ref.n) if ref.m is None else (ref.year, ref.n, ref.m)
        cases = holders.get(key, [])
        if len({after(c) for c in cases}) < 2:
            return None
        others = ", ".join(
            f"{after(c)} '{c.tittel}'" for c in sorted(cases, key=after) if c is not target
        )
        where = ref.location
        return (
            f"{where.path}:{where.line}:{where.column}: '{ref.text.strip()}' was written when "
            f"{len(cases)} cases had that number; it now names {after(target)} "
            f"'{target.tittel}'; if it means another, write its new number: {others}"
        )

    return note


def markdown_attachments(root: Path, archive: Archive) -> list[Text]:
    """The Markdown files that are neither case nor referat: every `.md` file in a case's
    folder, and every `fil:` ending in `.md`. References in them are rewritten too."""
    known = {c.path for c in archive.cases} | {r.path for r in archive.referats.values()}
    paths: set[str] = set()
    for case in archive.cases:
        folder = root / case.folder
        if folder.is_dir():
            paths.update(p.relative_to(root).as_posix() for p in folder.rglob("*.md"))
        for attachment in case.vedlegg:
            if attachment.fil and attachment.fil.lower().endswith(".md"):
                rel = case.file_of(attachment.fil)
                if not rel.startswith("../") and (root / rel).is_file():
                    paths.add(rel)
    texts = []
    for rel in sorted(paths - known):
        found: list[Diagnostic] = []
        source = read_text(root, rel, found)
        if source is None:
            refuse_if_blocked(found)
        texts.append(Text(source, 0, rel))
    return texts


def _moved_with_folder(path: str, folders) -> str:
    """A file's path after its case's folder is renamed (itself if it is in none)."""
    for old, new in folders:
        if path.startswith(old + "/"):
            return new + path[len(old) :]
    return path


def _link_rewrites(case: Case, old: str, new: str) -> dict[tuple[int, int], str]:
    """`![Figur](45-samspill/figur.png)` -> `(46-samspill/figur.png)` when the case's folder
    `old` is renamed to `new`: every link and image of its text that starts with the folder.

    links.scan finds the links and images and where each one's target is written; with a
    folder that nothing is inside, it reports every one that is not on the web.
    """
    from ho21.links import scan

    text = case.text
    body = text.body
    if "](" not in body and "]:" not in body:
        return {}
    old_stem, new_stem = old.rsplit("/", 1)[1], new.rsplit("/", 1)[1]
    first_line = text.location(text.start).line
    line_starts = [0, *(i + 1 for i, char in enumerate(body) if char == "\n")]
    found: dict[tuple[int, int], str] = {}
    for refusal in scan(case.path, body, first_line, "\0").refusals:
        where = refusal.location
        at = line_starts[where.line - first_line] + where.column - 1
        start = at + 2 if body.startswith("./", at) else at
        # a target is written after `(` or `<`: never at a paragraph's start, where a target
        # not written literally (percent-encoded) is placed
        if body[at - 1 : at] in ("(", "<") and body.startswith(old_stem + "/", start):
            found[(text.start + start, text.start + start + len(old_stem))] = new_stem
    for start in _definition_targets(body):
        if body.startswith(old_stem + "/", start):
            found[(text.start + start, text.start + start + len(old_stem))] = new_stem
    return found


# What precedes the destination in a link reference definition (CommonMark 4.7), written
# `[label]: destination` or `[label]:` with the destination on the next line (in a block
# quote after its `>`), or in <…>; a leading `./` is kept. It is matched only in the lines
# markdown-it read as a definition, so a look-alike in a code block is left alone.
_DEFINITION = re.compile(r"\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:\n[ \t>]*)?<?(?:\./)?")


def _definition_targets(body: str) -> list[int]:
    """The offsets in body where the destination of each reference-style link definition
    (`[r]: 45-samspill/notat.md`) starts. `links.scan` places the link at the definition
    but gives no offset of its target there, so the definitions are found here."""
    from ho21.links import parser

    env: dict = {}
    parser().parse(body, env)  # the definitions as check reads them
    line_starts = [0, *(i + 1 for i, char in enumerate(body) if char == "\n")]
    out = []
    for definition in env.get("references", {}).values():
        first, last = definition.get("map") or (0, 0)
        if first >= len(line_starts):
            continue
        end = line_starts[last] if last < len(line_starts) else len(body)
        match = _DEFINITION.search(body, line_starts[first], end)
        if match:
            out.append(match.end())
    return out


def _fil_rewrites(case: Case, renamed: dict[str, tuple[str, str]]) -> dict[tuple[int, int], str]:
    """`fil: 41-status/x.md` -> `fil: 40-status/x.md` when the folder is renamed."""
    out: dict[tuple[int, int], str] = {}
    folder = case.path.rsplit("/", 1)[0]
    for attachment in case.vedlegg:
        offset = attachment.spans.offsets.get("fil")
        if not attachment.fil or offset is None:
            continue
        stem = attachment.fil.split("/", 1)[0]
        if stem not in renamed or renamed[stem][0] != f"{folder}/{stem}":
            continue
        if case.text.source.startswith(stem + "/", offset):
            out[(offset, offset + len(stem))] = renamed[stem][1]
    return out


@dataclass
class _Rewritten(FileChange):
    bom: bool = False


def _rewrite_file(root: Path, rel: str, text: Text, spans: dict[tuple[int, int], str]):
    """The file's new text with the spans (offsets of the normalised text) replaced."""
    try:
        raw, bom = decode((root / rel).read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthoringError(f"{rel}: cannot read the file again: {exc}") from None
    to_raw = raw_offsets(raw)
    raw_spans: dict[tuple[int, int], str] = {}
    for (start, end), new in spans.items():
        a, b = to_raw(start), to_raw(end)
        if raw[a:b] != text.source[start:end]:
            line = text.location(start).line
            raise AuthoringError(f"{rel}:{line}: the file changed while ho21 was reading it")
        raw_spans[(a, b)] = new
    new_text = references.rewrite(raw, raw_spans)
    return _Rewritten(rel, rel, raw, new_text, 0, bom=bom)


def _refuse_captured(
    archive: Archive, new_numbers: dict[str, int], resolve, attachments: list[Text], kortnavn
) -> None:
    """Refuse when a reference that names no case would name one after the change."""
    after: dict[tuple[int, int], Case] = {}
    for case in archive.cases:
        if case.number is not None:
            n = new_numbers.get(case.path, case.number.n)
            after[(case.number.year, n)] = case
    dangling: dict[tuple[str, int, int], str] = {}
    everything = [([*c.tidligere_behandlet, *c.refs], "") for c in archive.cases]
    everything += [(_referat_refs(r), "") for r in archive.referats.values()]
    unchecked = " (in an attachment, whose references ho21 check does not check)"
    everything += [
        (list(references.find(t, 0, len(t.source), kortnavn)), unchecked) for t in attachments
    ]
    for refs, note in everything:
        for ref in refs:
            if ref.kind != "case" or ref.n is None or ref.year is None or resolve(ref):
                continue
            target = after.get((ref.year, ref.n))
            if target is not None and (ref.m is None or ref.m == target.number.m):
                loc = ref.location
                dangling[(loc.path, loc.line, loc.column)] = (
                    f"  {loc.path}:{loc.line}:{loc.column}: '{ref.text.strip()}' names no case"
                    f"{note}; after renumbering it would name "
                    f"{CaseNumber(ref.year, ref.n, target.number.m)} '{target.tittel}'"
                )
    if dangling:
        raise AuthoringError(
            "nothing was changed: these references name cases that do not exist (deleted, or "
            "never there), and renumbering would make them name other cases; correct each to "
            "the case it means, or remove it, then run ho21 renumber again:\n"
            + "\n".join(dangling[k] for k in sorted(dangling))
        )
