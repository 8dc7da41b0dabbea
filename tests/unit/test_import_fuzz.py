"""Random and mutated CSV, zip and vCard files through the real importer, in a child
process with a memory and a CPU cap: each is imported or refused with NetDesk's own
one-line error, never a traceback, never past the caps, and a refusal changes nothing.

The corpus is generated from a fixed seed (so a failure is reproducible); set
NETDESK_FUZZ_SEED to explore others, NETDESK_FUZZ_CASES for more cases.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from netdesk.services.sample.people import connections_csv
from tests.helpers import HEADER_2023, PREAMBLE

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1024 * 1024 * 1024  # address space of the child, bytes
CPU_CAP = 120  # seconds of CPU for the whole corpus
CASE_SECONDS = 5.0  # the slowest any single hostile file may take
SEED = int(os.environ.get("NETDESK_FUZZ_SEED", "14"))
CASES = int(os.environ.get("NETDESK_FUZZ_CASES", "40"))  # of each kind

HOSTILE = [
    b'"',
    b'""',
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b",",
    b"\x1b[31m",
    b"\x07",
    "\u202e".encode(),
    "\u200d".encode(),
    b"=?utf-8?q?Eve=0D=0ABcc:=20x@evil.example?=",
    b"=HYPERLINK(\"http://x\")",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    "é".encode("cp1252"),
    b"\xc3",
    b"BEGIN:VCARD",
    b"END:VCARD",
    b"PK\x03\x04",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random edits: flipped bytes, hostile snippets, cuts and repeats."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        where = rng.randrange(len(out) + 1)
        edit = rng.randrange(5)
        if edit == 0 and out:
            out[min(where, len(out) - 1)] = rng.randrange(256)
        elif edit == 1:
            out[where:where] = rng.choice(HOSTILE)
        elif edit == 2:
            del out[where : where + rng.randint(1, 64)]
        elif edit == 3:
            piece = bytes(out[where : where + rng.randint(1, 200)])
            out[where:where] = piece * rng.randint(1, 20)
        else:
            out = out[:where]
    return bytes(out)


def linkedin_csv(rng: random.Random) -> bytes:
    text = connections_csv(rng.randint(1, 60), seed=rng.randrange(1000))
    return text.encode("utf-8") if isinstance(text, str) else text


def vcards(rng: random.Random) -> bytes:
    cards = []
    for n in range(rng.randint(1, 5)):
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:Tanaka{n};Aiko;;;\r\nFN:Aiko Tanaka{n}\r\n"
            f"EMAIL;TYPE=INTERNET:aiko{n}@example.org\r\nORG:Kestrel Aerospace\r\n"
            "NOTE:Met at the data guild\\, Tuesday\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode("utf-8")


def zipped(data: bytes, rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    method = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("Connections.csv", data)
        if rng.random() < 0.5:
            archive.writestr("messages.csv", b"FROM,TO,DATE\r\n" + mutate(b"a,b,c\r\n", rng))
    return buffer.getvalue()


def corpus(folder: Path) -> None:
    rng = random.Random(SEED)
    cases: list[tuple[str, bytes]] = []
    for n in range(CASES):
        cases.append((f"random-{n}.csv", rng.randbytes(rng.randrange(0, 6000))))
        cases.append((f"linkedin-{n}.csv", mutate(linkedin_csv(rng), rng)))
        cases.append((f"export-{n}.zip", zipped(mutate(linkedin_csv(rng), rng), rng)))
        cases.append((f"damaged-{n}.zip", mutate(zipped(linkedin_csv(rng), rng), rng)))
        cases.append((f"cards-{n}.vcf", mutate(vcards(rng), rng)))
        google = f"{PREAMBLE}{HEADER_2023}\n".encode() if n % 2 else b"Name,Given Name\n"
        cases.append((f"header-{n}.csv", mutate(google + linkedin_csv(rng)[-400:], rng)))
    for name, data in cases:
        (folder / name).write_bytes(data)


def caps() -> None:  # in the child, before it imports anything
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_CAP, CPU_CAP))


@pytest.mark.timeout(300)
def test_hostile_files_are_imported_or_refused_within_the_caps(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    corpus(cases)
    child = subprocess.run(
        [sys.executable, "-m", "tests.import_fuzz", str(cases), str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=caps,
        timeout=280,
        check=False,
    )
    results = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    assert child.returncode == 0, child.stderr[-2000:]
    assert len(results) == len(list(cases.iterdir()))
    problems = [
        f"{r['case']}: {r['outcome']} {r['message']}"
        for r in results
        if r["outcome"] == "crashed"
        or (r["outcome"] == "refused" and not r["unchanged"])
        or r["seconds"] > CASE_SECONDS
        or "\n" in r["message"]
    ]
    assert problems == [], f"seed {SEED}: " + "\n".join(problems)
    outcomes = {r["outcome"] for r in results}
    assert outcomes == {"imported", "refused"}  # the corpus exercises both
