"""What every benchmark shares: the machine, the messages, the report section, timers.

Messages are made from the project's own corpora (tests/corpus/*.eml and
../shared/corpus/*.eml): each copy gets its own Message-ID, a subject tag, a +tag on a
private sender's address (so the per-address reply cap does not merge them) and, for a
share of them, one extra scanned-image attachment, so sizes vary from a few kB to ~1 MB.
"""
from __future__ import annotations

import base64
import cProfile
import io
import os
import platform
import pstats
import random
import re
import resource
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
DOC = ROOT / "docs" / "benchmarks.md"


# ------------------------------------------------------------------ the machine ----
def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()
    return {"cores": os.cpu_count(), "memory_gb": round(mem_gb, 1), "cpu": model,
            "python": platform.python_version(), "load": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"}


def machine_line() -> str:
    m = machine()
    return (f"machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GiB, Python "
            f"{m['python']}, load average (1, 5, 15 min) when written {m['load']}")


# ------------------------------------------------------------------ the report ----
HEADER = """# Benchmarks

Each section below is written by its script in `bench/` (see bench/README.md) and is
refreshed when the script runs again; the rest of this file is kept as it is. Every
figure was measured together with its baseline in the same run, on the machine named in
the section.

"""


def write_section(name: str, body: str) -> None:
    """Replace (or add) the section between <!-- bench:NAME --> markers in docs/benchmarks.md."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def md_table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


# ------------------------------------------------------------------ timing ----
def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    if ordered[hi] == float("inf"):
        return ordered[hi] if k > lo else ordered[lo]
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(pid: int | None = None) -> float:
    """Current resident set size of a process (ours by default)."""
    try:
        for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children_rss_mb() -> float:
    """Current RSS of this process's children summed (the decision workers, for one)."""
    me, total = os.getpid(), 0.0
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == me:
                total += rss_mb(int(d.name))
    return total


class StageTimer:
    """Wall time spent inside named functions, by wrapping them in place (restored on exit)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._undo = []

    def wrap(self, owner, attr: str, label: str) -> None:
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, attr, timed)
        self._undo.append((owner, attr, original))

    def restore(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()


@contextmanager
def profiled(top: int = 15):
    """cProfile a block; yields a dict that gets 'text' (top entries by cumulative and by
    own time) when the block ends."""
    out: dict = {}
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield out
    finally:
        prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.strip_dirs()
        buf.write("-- by own time (tottime) --\n")
        stats.sort_stats("tottime").print_stats(top)
        buf.write("-- by cumulative time --\n")
        stats.sort_stats("cumulative").print_stats(top)
        out["text"] = _trim_profile(buf.getvalue())
        out["stats"] = stats


def _trim_profile(text: str) -> str:
    keep = []
    for line in text.splitlines():
        if line.strip().startswith(("ncalls", "--")) or re.match(r"\s*[0-9/]+\s+[0-9.]+", line):
            keep.append(line.rstrip())
    return "\n".join(keep)


# ------------------------------------------------------------------ the messages ----
def corpus_sources() -> list[bytes]:
    files = sorted((ROOT / "tests" / "corpus").glob("*.eml")) + sorted(SHARED_CORPUS.glob("d*.eml"))
    if not files:
        files = sorted((ROOT / "intake" / "demo_mailbox").glob("*.eml"))
    return [f.read_bytes() for f in files]


def _header_span(head: bytes, name: bytes) -> tuple[int, int] | None:
    """Start and end (before the line break) of a header with its folded lines."""
    m = re.search(rb"(?im)^" + re.escape(name) + rb":", head)
    if not m:
        return None
    end = m.end()
    while True:
        nl = head.find(b"\n", end)
        if nl == -1:
            return m.start(), len(head)
        if head[nl + 1:nl + 2] in (b" ", b"\t"):
            end = nl + 1
            continue
        return m.start(), nl - (1 if head[nl - 1:nl] == b"\r" else 0)


def _letters(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 26)
        out = chr(97 + r) + out
    return out


_BLOB: bytes | None = None


def _blob() -> bytes:
    """1.5 MB of base64 lines (random bytes do not compress: a fair stand-in for a scan)."""
    global _BLOB
    if _BLOB is None:
        data = base64.b64encode(random.Random(7).randbytes(1_200_000))
        _BLOB = b"\r\n".join(data[i:i + 76] for i in range(0, len(data), 76))
    return _BLOB


def attachment_size(rng: random.Random) -> int:
    """Bytes of scan to attach: none for most mail, a photo for some, a big scan for few."""
    x = rng.random()
    if x < 0.60:
        return 0
    if x < 0.90:
        return rng.randint(10_000, 60_000)
    if x < 0.98:
        return rng.randint(100_000, 300_000)
    return rng.randint(700_000, 1_100_000)


def vary(raw: bytes, index: int, tag: str, extra: int = 0, tag_all_senders: bool = False,
         ) -> bytes:
    """A distinct message made from a corpus one (see the module doc)."""
    split = re.search(rb"\r?\n\r?\n", raw)
    head, body = (raw[:split.start()], raw[split.end():]) if split else (raw, b"")
    eol = b"\r\n" if b"\r\n" in head else b"\n"
    line = f"Message-ID: <bench-{tag}-{index:07d}@bench.invalid>".encode()
    span = _header_span(head, b"Message-ID")
    head = head[:span[0]] + line + head[span[1]:] if span else line + eol + head
    span = _header_span(head, b"Subject")
    mark = f" [b{_letters(index)}]".encode()  # letters: a number could read as a reference
    head = head[:span[1]] + mark + head[span[1]:] if span else head + eol + b"Subject:" + mark
    span = _header_span(head, b"From")
    if span:
        value = head[span[0]:span[1]]
        m = re.search(rb"<([^<>@\s]+)@([^<>\s]+)>", value) or re.search(
            rb"([^<>@\s:]+)@([^<>\s]+)", value)
        if m and (tag_all_senders or not m.group(2).lower().endswith(b"go.th")):
            value = value[:m.start(1)] + m.group(1) + f"+b{index}".encode() + value[m.end(1):]
            head = head[:span[0]] + value + head[span[1]:]
    if extra <= 0:
        return head + eol + eol + body
    # wrap the original entity as the first part of a multipart/mixed with a scan
    ctype, cte = _header_span(head, b"Content-Type"), None
    entity_head = b""
    for name in (b"Content-Type", b"Content-Transfer-Encoding", b"Content-Disposition"):
        span = _header_span(head, name)
        if span:
            entity_head += head[span[0]:span[1]] + eol
            head = head[:span[0]] + head[span[1]:].lstrip(b"\r\n")
    if ctype is None:
        entity_head = b"Content-Type: text/plain; charset=us-ascii" + eol
    del cte
    boundary = f"=_bench_{index}_{tag}".encode()
    blob = _blob()
    start = (index * 7919) % max(1, len(blob) - extra)
    start -= start % 78  # whole base64 lines
    scan = blob[start:start + extra].rsplit(b"\r\n", 1)[0] if extra < len(blob) else blob
    head = head.rstrip(b"\r\n")
    if not re.search(rb"(?im)^MIME-Version:", head):
        head += eol + b"MIME-Version: 1.0"
    out = [head, eol, b"Content-Type: multipart/mixed; boundary=\"", boundary, b"\"", eol, eol,
           b"--", boundary, eol, entity_head, eol, body, eol,
           b"--", boundary, eol,
           b"Content-Type: image/jpeg; name=\"scan-", str(index).encode(), b".jpg\"", eol,
           b"Content-Disposition: attachment; filename=\"scan-", str(index).encode(), b".jpg\"", eol,
           b"Content-Transfer-Encoding: base64", eol, eol, scan, eol,
           b"--", boundary, b"--", eol]
    return b"".join(out)


def generate(count: int, tag: str, seed: int = 1, attachments: bool = True):
    """Yield `count` distinct messages (bytes), deterministic for (count, tag, seed)."""
    sources = corpus_sources()
    rng = random.Random(seed)
    for i in range(count):
        raw = rng.choice(sources)
        extra = attachment_size(rng) if attachments else 0
        yield vary(raw, i, tag, extra)


def write_maildir(directory: Path, messages, uid: int | None = None, gid: int | None = None,
                  ) -> tuple[int, int]:
    """Write messages straight into a Maildir's cur/ (before any IMAP login sees the folder,
    Dovecot indexes them on first SELECT). Returns (count, bytes)."""
    for sub in ("cur", "new", "tmp"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    n = size = 0
    base = int(time.time()) - 86400
    for i, raw in enumerate(messages):
        name = directory / "cur" / f"{base + i}.M{i}P{os.getpid()}.bench,S={len(raw)}:2,"
        with open(name, "wb") as fh:
            fh.write(raw)
        os.utime(name, (base + i, base + i))
        n, size = n + 1, size + len(raw)
    if uid is not None:
        for dirpath, _dirnames, filenames in os.walk(directory):
            os.chown(dirpath, uid, gid)
            for f in filenames:
                os.chown(os.path.join(dirpath, f), uid, gid)
    return n, size


def fmt_rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "inf"


def section_head(title: str, command: str, notes: str = "") -> str:
    lines = [f"## {title}", "", f"Command: `{command}`", "", f"Run {time.strftime('%Y-%m-%d %H:%M %Z')}; "
             f"{machine_line()}."]
    if notes:
        lines += ["", notes]
    return "\n".join(lines) + "\n"
