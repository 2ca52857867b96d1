"""Write a synthetic, valid council archive for benchmarking `ho21 check`.

Deterministic (seeded): the same arguments always give the same files. Meetings run from
1/2000 on, five to eight a year, each with the council's standard opening and closing items
around 10–25 cases in total; every case has front matter (types, case officers from the
roster, earlier treatments), a body of 300–600 words with references in every form of
SPEC §3 (always to earlier cases and meetings of the archive, so all resolve), and some
Markdown attachments; every meeting has its minutes with a section and a decision per case.
`ho21 check` reports no errors on the result.

    python bench/synth.py OUTDIR --cases 10000 [--seed 21]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

KORTNAVN = "SR-rådet"
FIRST_YEAR = 2000  # two-digit years in references (Sak 28-20) mean 20yy

MEMBERS = [
    ("Astrid Haugland", "Universitetet i Bergen", "Bergen"),
    ("Bjørn Kvalheim", "Helse Vest", "Bergen"),
    ("Camilla Strøm", "Oslo universitetssykehus", "Oslo"),
    ("Dag Iversen", "OsloMet", "Oslo"),
    ("Eli Fjeldstad", "Kreftforeningen", "Oslo"),
    ("Finn Aamodt", "Legemiddelindustrien", "Oslo"),
    ("Guro Solberg", "Patentstyret", "Oslo"),
    ("Håkon Rygg", "Folkehelseinstituttet", "Oslo"),
    ("Ingeborg Tveit", "KS", "Oslo"),
    ("Jon Espeland", "Funksjonshemmedes fellesorganisasjon", "Oslo"),
    ("Kjersti Mo", "Norsk forening for allmennmedisin", "Tynset"),
    ("Lars Hovden", "NTNU", "Trondheim"),
    ("Mari Lunde", "Nasjonalt senter for e-helseforskning", "Tromsø"),
    ("Nils Brekke", "NHO Abelia", "Oslo"),
    ("Oda Vik", "Trondheim kommune", "Trondheim"),
]
DEPUTIES = [("Pål Sandvik", "KS"), ("Ragnhild Østby", "Helse Nord")]
OBSERVERS = [
    ("Sigrid Lien", "Helse- og omsorgsdepartementet"),
    ("Tore Bakken", "Kunnskapsdepartementet"),
    ("Unni Dahl", "Nærings- og fiskeridepartementet"),
]
SECRETARIAT = [
    ("Vegard Nesse", "avdelingsdirektør"),
    ("Wenche Holm", "seniorrådgiver"),
    ("Yngve Berge", "rådgiver"),
    ("Åse Gjerde", "spesialrådgiver"),
    ("Øystein Moen", "seniorrådgiver"),
]
LEADER = MEMBERS[0][0]
FRA = SECRETARIAT[0][0]
TYPES = ["Orienteringssak", "Diskusjonssak", "Vedtakssak"]

# lower-case filler only: no capitalised runs (names), no digits (references), no brackets
WORDS = """
rådet sekretariatet arbeidet oppfølging handlingsplanen kunnskap forskning innovasjon
tjenestene kommunene helsedata samarbeid strategi tiltak utvikling prioritering
virkemidler aktører finansiering kvalitet pasientene brukerne digitalisering
anbefalinger rapporten utvalget departementet målene delmålene status fremdrift
innspill drøfting behovet tilgangen ressursene kompetanse nettverk regionale
nasjonale strukturen piloter evaluering oppdraget området sektoren helsetjenesten
omsorgstjenesten forskningsrådet innsatsen grunnlaget perioden vurderingen
dialogen møtet langtidsplanen budsjettet forslaget mandatet anskaffelser næringsliv
og i på for med til av som er har blir kan skal bør vil det den de en et å om ved
fra etter mellom gjennom også særlig videre samtidig dessuten derfor likevel
""".split()
SECTIONS = ["Bakgrunn", "Hvorfor saken fremmes", "Hovedpunkter"]
SUBJECTS = [
    "handlingsplanen", "helsedata", "kunnskapsløft for kommunene", "e-helse",
    "kommunikasjonsarbeidet", "langtidsplanen", "innovasjon i helsetjenesten",
    "forskning i omsorgstjenesten", "internasjonalt samarbeid", "kliniske studier",
    "persontilpasset medisin", "velferdsteknologi", "næringsutvikling", "utdanning",
]  # fmt: skip
KINDS = ["Status for", "Innspill til", "Oppfølging av", "Orientering om", "Drøfting av", "Plan for"]
OPENING = [
    (
        "Godkjenning av innkalling og sakliste",
        "Vedtakssak",
        "Innkallingen og sakslisten godkjennes.",
    ),
    ("Spørsmål om habilitet", "Vedtakssak", "Det er ikke knyttet inhabilitet til noen av sakene."),
    ("Godkjenning av referat fra møte {forrige}", "Vedtakssak", "Referatet godkjennes."),
]
CLOSING = [
    ("Eventuelt", "Orienteringssak", "Intet."),
    ("Evaluering av møtet", "Diskusjonssak", "Intet."),
]


@dataclass
class Case:
    year: int
    n: int
    m: int
    title: str
    slug: str
    types: list[str]
    ordinary: bool
    attachments: int = 0
    extra: list[str] = field(default_factory=list)  # extra front-matter lines

    @property
    def number(self) -> str:
        return f"{self.n}/{self.m}/{self.year}"

    @property
    def path(self) -> str:
        return f"cases/{self.year}/{self.n}-{self.slug}.md"


@dataclass
class Meeting:
    year: int
    m: int
    date: str
    cases: list[Case] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.m}/{self.year}"


def slugify(title: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower().translate(table)).strip("-")
    return slug[:50].rstrip("-")


class Writer:
    def __init__(self, out: Path, cases: int, seed: int):
        self.out = out
        self.target = cases
        self.rng = random.Random(seed)
        self.meetings: list[Meeting] = []
        self.ordinary: list[Case] = []  # ordinary cases of earlier meetings, to refer to
        self.done: list[Meeting] = []  # meetings written so far

    # -- text ------------------------------------------------------------------------------
    def sentence(self, case: Case | None, meeting: Meeting | None) -> str:
        rng = self.rng
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
        if case is not None and rng.random() < 0.35:
            words.insert(rng.randint(1, len(words)), self.reference(case, meeting))
        if rng.random() < 0.05:
            words.insert(rng.randint(1, len(words)), rng.choice(MEMBERS)[0])
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, case: Case | None, meeting: Meeting | None, n: int) -> str:
        return " ".join(self.sentence(case, meeting) for _ in range(n))

    def reference(self, case: Case, meeting: Meeting | None) -> str:
        """A reference in one of SPEC §3's forms, to something that exists and is earlier."""
        rng = self.rng
        if case.attachments and rng.random() < 0.2:
            return f"vedlegg {rng.randint(1, case.attachments)}"
        earlier = self.done[-12:]  # meetings already written: all before this one
        if rng.random() < 0.15 and earlier:
            target_meeting = rng.choice(earlier)
            word = rng.choice(["møte", "rådsmøte"])
            return f"{word} {target_meeting.id}"
        if not self.ordinary:
            return "sekretariatet"
        t = rng.choice(self.ordinary[-300:])
        yy = f"{t.year % 100:02d}"
        return rng.choice(
            [
                f"Sak {t.number}",
                f"(sak {t.number})",
                t.number,
                f"sak {t.n}-{t.m}-{t.year}",
                f"Sak {t.n}-{yy} (møte {t.m}/{t.year})",
                f"sak {t.n}-{yy}",
                f"Sak {KORTNAVN} {t.n}/{t.m}/{yy}",
                f"t.o.m. Sak {t.n}/{t.m}/{yy}",
            ]
        )

    # -- plan ------------------------------------------------------------------------------
    def plan(self) -> None:
        rng = self.rng
        total, year = 0, FIRST_YEAR
        previous: Meeting | None = None
        while total < self.target:
            count = rng.randint(5, 8)
            n = 0
            for m in range(1, count + 1):
                if total >= self.target:
                    break
                month = 1 + (m - 1) * 11 // count
                meeting = Meeting(year, m, f"{year}-{month:02d}-{rng.randint(1, 28):02d}")
                size = rng.randint(10, 25)
                if self.target - total - size < 10:  # the last meeting takes the rest
                    size = max(self.target - total, len(OPENING) + len(CLOSING) + 1)
                for i in range(size):
                    n += 1
                    meeting.cases.append(self.new_case(year, n, m, i, size, previous))
                total += size
                self.meetings.append(meeting)
                previous = meeting
            year += 1

    def new_case(
        self, year: int, n: int, m: int, i: int, size: int, previous: Meeting | None
    ) -> Case:
        rng = self.rng
        closing_at = size - len(CLOSING)
        if i < len(OPENING) or i >= closing_at:
            title, kind, _ = OPENING[i] if i < len(OPENING) else CLOSING[i - closing_at]
            extra = []
            if "{forrige}" in title:
                forrige = previous.id if previous else f"6/{year - 1}"
                title = title.format(forrige=forrige)
                if previous:
                    extra = ["vedlegg:", f"  - referat: {forrige}"]
            return Case(year, n, m, title, slugify(title), [kind], False, extra=extra)
        subject = rng.choice(SUBJECTS)
        title = f"{rng.choice(KINDS)} {subject}"
        types = sorted(rng.sample(TYPES, rng.randint(1, 2)), key=TYPES.index)
        case = Case(year, n, m, title, slugify(title), types, True)
        case.attachments = rng.choice([0, 0, 0, 1, 1, 2, 3])
        return case

    # -- files -----------------------------------------------------------------------------
    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def council(self) -> str:
        lines = [
            "navn: Syntetisk råd for helse",
            f"kortnavn: {KORTNAVN}",
            f"til: {KORTNAVN}",
            f"fra: {FRA}",
            f"arkiv_fra: 1/{FIRST_YEAR}",
            f"sakstyper: [{', '.join(TYPES)}]",
            "sekretariat_navn: SR-sekretariatet",
            "medlemmer:",
        ]
        for name, org, place in MEMBERS:
            lines += [f"  - navn: {name}", f"    organisasjon: {org}", f"    sted: {place}"]
            if name == LEADER:
                lines.append("    rolle: leder")
        lines.append("varamedlemmer:")
        lines += [f"  - navn: {n}\n    organisasjon: {o}" for n, o in DEPUTIES]
        lines.append("observatorer:")
        lines += [f"  - navn: {n}\n    organisasjon: {o}" for n, o in OBSERVERS]
        lines.append("sekretariat:")
        lines += [f"  - navn: {n}\n    tittel: {t}" for n, t in SECRETARIAT]
        lines += ["standardsaker:"]
        for key, items in (("apning", OPENING), ("avslutning", CLOSING)):
            lines.append(f"  {key}:")
            for title, kind, decision in items:
                lines += [
                    f'    - tittel: "{title}"',
                    f"      type: [{kind}]",
                    f"      forslag: {decision}",
                ]
        return "\n".join(lines) + "\n"

    def case_file(self, case: Case, meeting: Meeting) -> str:
        rng = self.rng
        front = [
            "---",
            f"sak: {case.number}",
            f"tittel: {case.title}",
            f"type: [{', '.join(case.types)}]",
        ]
        if not case.ordinary:
            front += case.extra + ["---", ""]
            decision = next(d for t, _k, d in OPENING + CLOSING if case.title.startswith(t[:20]))
            body = f"{self.paragraph(None, None, 2)}\n\n## Forslag til vedtak\n\n{decision}\n"
            return "\n".join(front) + "\n" + body
        officers = rng.sample([n for n, _t in SECRETARIAT], rng.randint(1, 2))
        front.append(f"saksbehandler: [{', '.join(officers)}]")
        if case.attachments:
            front.append("vedlegg:")
            for k in range(1, case.attachments + 1):
                front += [f"  - tittel: Vedlegg {k} til {case.title.lower()}"]
                front += [f"    fil: {case.n}-{case.slug}/vedlegg-{k}.md"]
                self.write(
                    f"cases/{case.year}/{case.n}-{case.slug}/vedlegg-{k}.md",
                    f"# Vedlegg {k}\n\n{self.paragraph(None, None, rng.randint(3, 8))}\n",
                )
        earlier = self.ordinary[-200:]
        if earlier and rng.random() < 0.5:
            picks = rng.sample(earlier, min(len(earlier), rng.randint(1, 3)))
            front.append(f"tidligere_behandlet: [{', '.join(p.number for p in picks)}]")
        if rng.random() < 0.05:
            front.append("offentlighet: unntatt offl. § 14")
        front += ["---", ""]
        parts = []
        words = 0
        goal = rng.randint(300, 600)
        for title in SECTIONS:
            parts.append(f"## {title}\n")
            while words < goal * (SECTIONS.index(title) + 1) / len(SECTIONS):
                paragraph = self.paragraph(case, meeting, rng.randint(2, 5))
                words += paragraph.count(" ") + 1
                parts.append(paragraph + "\n")
        parts.append("## Forslag til vedtak\n")
        parts.append(f"Rådet ber sekretariatet følge opp {self.paragraph(None, None, 1)}\n")
        return "\n".join(front) + "\n" + "\n".join(parts)

    def meeting_file(self, meeting: Meeting) -> str:
        date = meeting.date if self.rng.random() < 0.5 else f'"{meeting.date}"'
        return f'mote: {meeting.id}\ndato: {date}\ntid: "10.00–15.00"\nsted: Zoom\n'

    def referat(self, meeting: Meeting, approved_in: Case | None) -> str:
        rng = self.rng
        names = [n for n, _o, _p in MEMBERS]
        absent = rng.sample(names[1:], rng.randint(1, 3))
        present = [n for n in names if n not in absent]
        leaver = rng.choice(present[1:])
        partial = meeting.cases[len(meeting.cases) // 2]
        front = ["---", f"mote: {meeting.id}"]
        if approved_in is not None:
            front += ["status: godkjent", f"godkjent_i: {approved_in.number}"]
        else:
            front += ["status: utkast"]
        front += [f"moteleder: {LEADER}", "tilstede:"]
        for name in present:
            if name == leaver:
                front += [f"  - navn: {name}", f"    til_og_med: {partial.number}"]
            else:
                front.append(f"  - {name}")
        front.append(f"forfall: [{', '.join(absent)}]")
        front.append(f"motende_vara: [{DEPUTIES[0][0]}]")
        front.append(f"observatorer: [{', '.join(n for n, _o in OBSERVERS)}]")
        front.append(f"sekretariat: [{', '.join(n for n, _t in SECRETARIAT)}]")
        front += ["---", ""]
        body = [f"{LEADER} ønsket velkommen. {self.paragraph(None, None, 1)}", ""]
        for case in meeting.cases:
            body += [f"## {case.number}", "", self.paragraph(None, None, rng.randint(1, 4)), ""]
            body += [f"Vedtak: {self.paragraph(None, None, 1)}", ""]
        return "\n".join(front) + "\n" + "\n".join(body)

    def run(self) -> int:
        self.plan()
        self.write("meetings/council.yaml", self.council())
        for k, meeting in enumerate(self.meetings):
            self.write(f"meetings/{meeting.year}/{meeting.m}.yaml", self.meeting_file(meeting))
            for case in meeting.cases:
                self.write(case.path, self.case_file(case, meeting))
            self.ordinary.extend(c for c in meeting.cases if c.ordinary)
            self.done.append(meeting)
            following = self.meetings[k + 1] if k + 1 < len(self.meetings) else None
            approval = following.cases[2] if following else None
            self.write(
                f"meetings/{meeting.year}/{meeting.m}.referat.md", self.referat(meeting, approval)
            )
        return sum(len(m.cases) for m in self.meetings)


def generate(out: Path, cases: int = 10_000, seed: int = 21) -> int:
    """Write the archive into `out` (emptied first); returns the number of cases written."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return Writer(out, cases, seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)
    if args.cases < 6:
        parser.error("--cases must be at least 6 (one meeting with its standard items)")
    written = generate(args.outdir, args.cases, args.seed)
    print(f"wrote {written} cases to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
