"""pandoc, the only module that imports pypandoc: many documents converted in one process.

One `pandoc lua` process runs a batch of jobs (Markdown or DOCX in; typst, HTML or DOCX out),
so pandoc starts once per batch instead of once per file. The archive's text stays inert:
every reader runs sandboxed (`pandoc.read` with an empty file list: pandoc's --sandbox), raw
HTML/TeX/attribute passthrough and YAML metadata blocks are off, no filter comes from the
archive, images are only those the caller allowed (embedded from memory, never fetched), and
the process is killed after a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

READER = "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block-auto_identifiers-latex_macros"
TIMEOUT = 120.0

# The driver: reads a JSON list of jobs, writes a JSON object {id: {text|error}} to stdout.
DRIVER = r"""
local jobs_file = io.open(arg[1], "rb")
local jobs = pandoc.json.decode(jobs_file:read("a"), false)
jobs_file:close()
local READER = arg[2]

local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function mime_of(path)
  local ext = (path:match("%.([%w]+)$") or ""):lower()
  local types = {png = "image/png", jpg = "image/jpeg", jpeg = "image/jpeg",
                 gif = "image/gif", svg = "image/svg+xml"}
  return types[ext] or "application/octet-stream"
end

-- A link to a file of the case's own folder (check allows only those besides web links and
-- anchors, which become their text) would be dead in every output, which holds no such file: it becomes its text and
-- "(vedlegg N)" when the file is attachment N of the case, else its text and the file's name.
local function resolve(base, target)
  local path = target:gsub("[#?].*$", ""):gsub("%%(%x%x)", function(h)
    return string.char(tonumber(h, 16))
  end)
  local parts = {}
  for piece in ((base ~= "" and base .. "/" or "") .. path):gmatch("[^/]+") do
    if piece == ".." then table.remove(parts)
    elseif piece ~= "." then table.insert(parts, piece) end
  end
  return table.concat(parts, "/"), parts[#parts] or path
end

local function local_link(links, link)
  local target = link.target
  if target:sub(1, 1) == "#" then
    -- an anchor: headings carry no identifiers (and the cases of a packet share heading
    -- names), so it would be dead or break the PDF; it becomes its text
    return pandoc.List(link.content)
  end
  if target == "" or target:match("^%a[%w+.-]*:") then
    return nil
  end
  local path, name = resolve(links.base or "", target)
  local n = (links.attachments or {})[path]
  local note = n and ("vedlegg " .. math.tointeger(n)) or name
  local out = pandoc.List(link.content)
  if pandoc.utils.stringify(link.content) ~= note then
    out:extend({pandoc.Space(), pandoc.Str("(" .. note .. ")")})
  end
  return out
end

-- Equal column widths come from the dashes of a pipe table (`|---|---|`), not from the author:
-- for HTML and DOCX they become pandoc's default width, so the writer sizes the columns by
-- their content (a "Nr" column stays narrow); unequal widths are kept. Typst gets the widths
-- as they are: templates/style.typ applies the same rule there.
local function content_widths(tbl)
  local specs = tbl.colspecs
  local first = specs[1] and specs[1][2]
  if #specs < 2 or first == nil then return nil end
  for _, spec in ipairs(specs) do
    if spec[2] ~= first then return nil end
  end
  for i, spec in ipairs(specs) do specs[i] = {spec[1], nil} end
  tbl.colspecs = specs
  return tbl
end

-- A page reference, [sak 41 5 2021]{.page}, names the packet part "sak-41-5-2021".
local function page_target(span)
  if not span.classes:includes("page") then return nil end
  local target = pandoc.utils.stringify(span.content):gsub("%s+", "-")
  if target:match("^[%w%-]+$") then return target end
end

-- In a table row holding a page reference (the packet's agenda), the text of every other cell
-- (the case number, the title) links to that part too, not only the page number.
local function link_rows(tbl)
  local function link_row(row)
    local target
    for _, cell in ipairs(row.cells) do
      cell.contents:walk({Span = function(span) target = target or page_target(span) end})
    end
    if not target then return end
    for _, cell in ipairs(row.cells) do
      local found = false
      cell.contents:walk({Span = function(span) found = found or page_target(span) ~= nil end})
      if not found then
        cell.contents = cell.contents:walk({
          Plain = function(plain)
            local out = pandoc.List({pandoc.RawInline("typst", "#partlink(" .. typst_string(target) .. ")[")})
            out:extend(plain.content)
            out:insert(pandoc.RawInline("typst", "]"))
            return pandoc.Plain(out)
          end,
        })
      end
    end
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do link_row(row) end
  end
  return tbl
end

-- A lead-in, a paragraph that ends with ':' ("Tabell med ulike kolonner:"), is never left at
-- the foot of a page: in typst it is set by style.typ's `lead-in`, which sticks to the block
-- that follows (a table, a list).
local function keep_lead_ins(blocks)
  local out = pandoc.List()
  for i, block in ipairs(blocks) do
    local last = block.t == "Para" and block.content[#block.content]
    if last and last.t == "Str" and last.text:match(":$") and blocks[i + 1] then
      out:insert(pandoc.RawBlock("typst", "#lead-in["))
      out:insert(block)
      out:insert(pandoc.RawBlock("typst", "]"))
    else
      out:insert(block)
    end
  end
  return out
end

local function convert(job)
  local doc
  if job.docx then
    local f = assert(io.open(job.docx, "rb"))
    doc = pandoc.read(f:read("a"), "docx", {}, {})
    f:close()
  else
    doc = pandoc.read(job.markdown, READER, {}, {})
  end
  local images = job.images or {}
  local blocks = {}
  for _, name in ipairs(job.blocks or {}) do blocks[name] = true end
  pandoc.mediabag.empty()
  if job.to == "typst" then
    doc = doc:walk({Blocks = keep_lead_ins, Table = job.pagerefs and link_rows or nil})
  end
  doc = doc:walk({
    Image = function(img)
      local target = images[img.src]
      if not target then return pandoc.Emph(img.caption) end
      if job.to == "docx" then
        local f = assert(io.open(target, "rb"))
        pandoc.mediabag.insert(img.src, mime_of(target), f:read("a"))
        f:close()
      else
        img.src = target
      end
      return img
    end,
    Div = function(div)
      if job.to ~= "typst" then return nil end
      for _, class in ipairs(div.classes) do
        if blocks[class] then
          local out = pandoc.List({pandoc.RawBlock("typst", "#" .. class .. "[")})
          out:extend(div.content)
          out:insert(pandoc.RawBlock("typst", "]"))
          return out
        end
      end
    end,
    Table = function(tbl)
      if job.to ~= "typst" then return content_widths(tbl) end
    end,
    Link = function(link)
      if job.links then return local_link(job.links, link) end
    end,
    Span = function(span)
      local target = job.to == "typst" and job.pagerefs and page_target(span)
      if target then
        return pandoc.RawInline("typst", "#pageref(" .. typst_string(target) .. ")")
      end
    end,
  })
  if job.to == "docx" then
    local bytes = pandoc.write(doc, "docx", {reference_doc = job.reference_doc})
    local f = assert(io.open(job.output, "wb"))
    f:write(bytes)
    f:close()
    return ""
  end
  return pandoc.write(doc, job.to, {wrap_text = "none"})
end

local results = {}
for _, job in ipairs(jobs) do
  local ok, out = pcall(convert, job)
  if ok then
    results[job.id] = {text = out}
  else
    results[job.id] = {error = tostring(out)}
  end
end
io.stdout:write(pandoc.json.encode(results))
"""


class PandocFailure(Exception):
    """pandoc could not run at all (missing binary, timeout, crash)."""


@dataclass
class Job:
    id: str
    to: str  # typst | html | docx
    markdown: str | None = None
    docx: str | None = None  # a DOCX file to convert instead of Markdown
    output: str | None = None  # where a DOCX is written
    reference_doc: str | None = None
    images: dict[str, str] = field(default_factory=dict)  # src as written -> allowed target
    links: dict | None = None  # {base, attachments}: see render.Doc.links
    blocks: list[str] = field(default_factory=list)  # Div classes that become typst calls
    pagerefs: bool = False


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def start(jobs: list[Job], timeout: float = TIMEOUT) -> Batch:
    """Start one pandoc process for all jobs; `Batch.wait()` gives the results."""
    return Batch(jobs, timeout)


class Batch:
    """A running pandoc process converting a list of jobs."""

    def __init__(self, jobs: list[Job], timeout: float) -> None:
        self.timeout = timeout
        fd, self.jobs_file = tempfile.mkstemp(prefix="ho21-jobs-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump([{k: v for k, v in vars(j).items() if v is not None} for j in jobs], f)
        try:
            self.process = subprocess.Popen(
                [pandoc_path(), "lua", "-", self.jobs_file, READER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            Path(self.jobs_file).unlink(missing_ok=True)
            raise PandocFailure(f"cannot run pandoc: {exc}") from None

    def wait(self) -> dict[str, dict[str, str]]:
        """{job id: {"text": output} or {"error": message}}."""
        try:
            out, err = self.process.communicate(DRIVER.encode(), timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise PandocFailure(f"pandoc did not finish within {self.timeout:.0f} s") from None
        finally:
            Path(self.jobs_file).unlink(missing_ok=True)
        if self.process.returncode != 0:
            message = err.decode("utf-8", "replace").strip().splitlines()
            raise PandocFailure("pandoc failed: " + (message[-1] if message else "no output"))
        return json.loads(out)
