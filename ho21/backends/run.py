"""Running a build: check links and images, convert in two pandoc processes, assemble, write."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from ho21 import render
from ho21.backends import pandoc
from ho21.diagnostics import Diagnostic, Location
from ho21.files import atomic_write, create_new, temp_name
from ho21.links import scan

BLOCKS = ["facts", "forslag", "vedtak"]  # Markdown divs that call a function of style.typ


def _docs(target) -> list[render.Doc]:
    return [target.doc] if target.doc else [p.doc for p in target.parts if p.doc]


def _job_id(to: str, doc: render.Doc, pagerefs: bool = False) -> str:
    digest = hashlib.sha256(doc.markdown.encode()).hexdigest()[:20]
    return f"{to}:{doc.name}:{int(pagerefs)}:{digest}"


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled

    def step(self, name: str) -> None:
        self.done += 1
        if self.enabled:
            sys.stderr.write(f"\r\033[K[{self.done}/{self.total}] {name}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def execute(env, root: Path, targets: list, progress: bool) -> tuple[list, list]:
    """Build `targets`; returns (built targets, failures)."""
    from ho21.build import data_uri

    failures: list[Diagnostic] = []
    images: dict[str, dict[str, str]] = {}  # doc name -> {src: root-relative path}
    ready = []
    for target in targets:
        refused = []
        for doc in _docs(target):
            found: dict[str, str] = {}
            for path, text, line in doc.texts:
                result = scan(path, text, line, doc.folder)
                refused += [Diagnostic(r.location, "E701", r.message) for r in result.refusals]
                for src, rel in result.images.items():
                    if not (root / rel).is_file():
                        refused.append(
                            Diagnostic(
                                Location(path, line, 1), "E501", f"image {src} does not exist"
                            )
                        )
                    found[src] = rel
            images[doc.name] = found
        if refused:
            failures.extend(f for f in refused if f not in failures)
        else:
            ready.append(target)

    reference = str(root / render.TEMPLATE_DIR / "reference.docx")
    docx_jobs: list[pandoc.Job] = []
    temp: dict[str, str] = {}
    fragments: dict[str, pandoc.Job] = {}

    def fragment(to: str, doc: render.Doc, pagerefs: bool = False) -> str:
        job_id = _job_id(to, doc, pagerefs)
        if job_id not in fragments:
            pics = images.get(doc.name, {})
            if to == "html":
                pics = {src: data_uri(root / rel) for src, rel in pics.items()}
            else:
                pics = {src: "/" + rel for src, rel in pics.items()}
            fragments[job_id] = pandoc.Job(
                job_id,
                to,
                markdown=doc.markdown,
                images=pics,
                links=doc.links,
                blocks=BLOCKS,
                pagerefs=pagerefs,
            )
        return job_id

    for target in ready:
        if target.fmt == "docx":
            out = root / target.rel
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = str(temp_name(out, "new"))  # pandoc writes it; renamed when finished
            os.close(create_new(Path(tmp)))
            temp[target.rel] = tmp
            pics = {src: str(root / rel) for src, rel in images[target.doc.name].items()}
            docx_jobs.append(
                pandoc.Job(
                    target.rel,
                    "docx",
                    markdown=target.doc.markdown,
                    output=tmp,
                    reference_doc=reference,
                    images=pics,
                    links=target.doc.links,
                )  # fmt: skip
            )
        elif target.fmt in ("html", "pdf"):
            fragment("html" if target.fmt == "html" else "typst", target.doc)
        else:
            for part in target.parts:
                if part.doc:
                    fragment("typst", part.doc, pagerefs=part.kind == "innkalling")
                elif part.docx:
                    job_id = f"docx-in:{part.docx}"
                    fragments[job_id] = pandoc.Job(job_id, "typst", docx=str(root / part.docx))

    steps = _Progress(len(ready), progress)
    built = []

    def fail(target, code: str, message: str, where: Location | None = None) -> None:
        doc = target.doc or next((p.doc for p in target.parts if p.doc), None)
        location = where or Location(doc.source if doc else target.rel, 1, 1)
        failures.append(Diagnostic(location, code, f"{target.rel}: {message}"))

    batches = []
    try:
        docx_batch = pandoc.start(docx_jobs) if docx_jobs else None
        batches.append(docx_batch)
        results = pandoc.start(list(fragments.values())).wait() if fragments else {}
    except pandoc.PandocFailure as exc:
        for target in ready:
            fail(target, "E702", str(exc))
        _cleanup(temp.values())
        return [], failures

    typst = None
    for target in ready:
        if target.fmt == "docx":
            continue
        try:
            if target.fmt == "html":
                body = _text(results, _job_id("html", target.doc))
                data = render.render_template(
                    env, "document.html.j2", {"meta": target.doc.meta, "body": body}
                ).encode("utf-8")
            else:
                if typst is None:
                    from ho21.backends.pdf import Typst

                    typst = Typst(root)
                if target.fmt == "pdf":
                    body = _text(results, _job_id("typst", target.doc))
                    source = render.render_template(
                        env, "document.typ.j2", {"meta": target.doc.meta, "body": body}
                    )
                else:
                    source = _packet_source(env, target, results)
                data = typst.compile(source, outline=target.fmt == "packet")
            atomic_write(root / target.rel, data)
            built.append(target)
        except render.TemplateFailure as exc:
            fail(target, "E703", exc.message, Location(exc.path, exc.line, 1))
        except _JobFailure as exc:
            fail(target, "E702", str(exc), exc.location)
        except Exception as exc:  # typst errors and I/O: reported, never a traceback
            fail(target, "E702", str(exc))
        steps.step(target.rel)

    try:
        docx_results = docx_batch.wait() if docx_batch else {}
    except pandoc.PandocFailure as exc:
        docx_results = {t.rel: {"error": str(exc)} for t in ready if t.fmt == "docx"}
    from ho21.backends.docx import finish

    for target in ready:
        if target.fmt != "docx":
            continue
        tmp = temp[target.rel]
        result = docx_results.get(target.rel, {"error": "pandoc gave no result"})
        try:
            if "error" in result:
                raise _JobFailure(result["error"])
            finish(
                Path(tmp),
                str(target.doc.meta.get("header", "")),
                str(target.doc.meta.get("title", "")),
            )
            os.replace(tmp, root / target.rel)
            built.append(target)
        except (_JobFailure, OSError, ValueError) as exc:
            Path(tmp).unlink(missing_ok=True)
            fail(target, "E702", f"pandoc: {exc}")
        steps.step(target.rel)
    steps.close()
    _cleanup(temp.values())
    return built, failures


class _JobFailure(Exception):
    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.location = location


def _text(results: dict, job_id: str, source: str | None = None) -> str:
    result = results.get(job_id, {"error": "pandoc gave no result"})
    if "error" in result:
        where = Location(source, 1, 1) if source else None
        raise _JobFailure(f"pandoc: {result['error']}", where)
    return result["text"]


def _packet_source(env, target, results: dict) -> str:
    parts = []
    for part in target.parts:
        values = {k: getattr(part, k) for k in ("kind", "id", "case", "case_title", "index")}
        values.update(title=part.title, pdf=part.pdf, pages=part.pages, body="")
        if part.doc:
            job = _job_id("typst", part.doc, pagerefs=part.kind == "innkalling")
            values["body"] = _text(results, job, part.doc.source)
            values["meta"] = part.doc.meta
        elif part.docx:
            values["body"] = _text(results, f"docx-in:{part.docx}", part.docx)
        parts.append(values)
    context = {"title": target.title, "meeting_id": target.meeting, "parts": parts}
    return render.render_template(env, "sakspapirer.typ.j2", context)


def _cleanup(paths) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)
