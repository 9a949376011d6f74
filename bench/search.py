#!/usr/bin/env python
"""Benchmark 4 — register search on 1,000,000 receive-register rows, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py --rows 1000000 [--queries 200] [--db sqlite,postgres]

Rows: realistic Thai subjects made from the demo profile's service names, the corpora's
subjects, request verbs, Thai place and person names, spread over 7 years (about 140,000 a
year); senders from a pool of 20,000 (a unit hears from the same people again).
Loaded with executemany (SQLite) / COPY (PostgreSQL); the register_words index is filled
with registry.search.words() — the same segmentation as index_entry, memoised per
whitespace-separated chunk (words() segments each chunk on its own, so the result is
identical; checked on a sample) — and its two indexes built after the load (timed).

Measured, same run, same queries (p50 / p95 / max in ms):
  search      registry.search.search(session, "receive", text, limit=50) — a page of hits
  baseline    the naive scan: subject LIKE '%w%' OR sender LIKE '%w%' per word, same order
  page        the register page of a year: ORDER BY number LIMIT 50 OFFSET k, k random
  keyset      the same page by WHERE number > last ORDER BY number LIMIT 50 (the fix for OFFSET)
Also the rate of registry.search.reindex() (the ORM path) on a 2,000-row sample.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import tomllib
from datetime import datetime, UTC
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    ROOT, corpus_sources, md_table, median, percentile, section_head, write_section,
)

VERBS = ["ขอ", "ขอรับ", "ขอยื่นคำร้อง", "แจ้ง", "สอบถามเรื่อง", "ร้องเรียนเรื่อง", "ขอความอนุเคราะห์",
         "ขอติดตามเรื่อง", "ส่งเอกสารเพิ่มเติม", "ขอหารือ"]
PLACES = ["ตำบลบ้านหม้อ", "ตำบลท่าราบ", "ตำบลนาพันสาม", "อำเภอเมืองเพชรบุรี", "อำเภอชะอำ",
          "อำเภอท่ายาง", "อำเภอบ้านลาด", "อำเภอบ้านแหลม", "อำเภอเขาย้อย", "อำเภอหนองหญ้าปล้อง",
          "อำเภอแก่งกระจาน", "อำเภอปากท่อ", "ตำบลหาดเจ้าสำราญ", "ตำบลบางเก่า", "ตำบลไร่ส้ม"]
FIRST = ["สมชาย", "สมหญิง", "วิชัย", "มาลี", "ประเสริฐ", "สุดา", "อนุชา", "จันทร์เพ็ญ", "ธีรพงษ์",
         "กาญจนา", "บุญมี", "ละเอียด", "ณัฐพล", "พรทิพย์", "สุรชัย", "อรุณี", "ชาญวิทย์", "ปราณี"]
LAST = ["ใจดี", "ศรีสุข", "ทองคำ", "แสงจันทร์", "บุญเรือง", "วงศ์ใหญ่", "พูลผล", "มีสุข", "รักษ์ไทย",
        "สายบุญ", "เพชรรัตน์", "คงมั่น", "อินทร์แก้ว", "ชัยมงคล"]
TITLES = ["นาย", "นาง", "นางสาว"]
ORGS = ["มูลนิธิ", "สมาคม", "องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "โรงเรียนบ้าน", "ชมรมผู้สูงอายุ"]
DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com", "outlook.co.th", "m-society.go.th",
           "phetchaburi.go.th", "dla.go.th"]
YEARS = list(range(2020, 2027))
# words a clerk types: service words, places, people, plus rare ones
QUERIES = ["เงินอุดหนุน", "เด็กแรกเกิด", "ผู้สูงอายุ", "คนพิการ", "บัตรประจำตัวคนพิการ", "บุตรบุญธรรม",
           "ครอบครัวอุปถัมภ์", "ร้องเรียน", "ค่าจัดการศพ", "ชะอำ", "ท่ายาง", "บ้านลาด", "แก่งกระจาน",
           "สมหญิง", "ใจดี", "ชัยมงคล", "มูลนิธิ", "องค์กรสาธารณประโยชน์", "สถานรับเลี้ยงเด็ก",
           "อาสาสมัคร", "ผู้แสดงความสามารถ", "การค้ามนุษย์", "ปรับสภาพแวดล้อม", "กู้ยืม",
           "เงินทุนประกอบอาชีพ", "ผู้สูงอายุ ชะอำ", "คนพิการ บัตรหมดอายุ", "เด็กแรกเกิด บ้านแหลม",
           "hotmail", "ไร่ส้ม",
           # a word inside a longer word (issue 15): the trigram index answers these
           "พิการ", "อายุ", "สงเคราะห์", "อุปถัมภ์", "ying",
           # a word on no row, and a word on few: where a scan reads the whole table
           "ไม่มีคำนี้เลย", "เพชรรัตน์ แก่งกระจาน"]


def subjects_from_corpora() -> list[str]:
    import email
    import email.policy

    out = []
    for raw in corpus_sources():
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        s = " ".join(str(msg["Subject"] or "").split())
        s = re.sub(r"^((re|fw|fwd|ตอบกลับ)\s*:\s*)+", "", s, flags=re.I)
        if s and re.search(r"[\u0e01-\u0e4e]", s):
            out.append(s[:160])
    return out


def service_names() -> list[str]:
    data = tomllib.loads((ROOT / "rules" / "profiles" / "demo.toml").read_text(encoding="utf-8"))
    return [v["name"] for v in data.get("services", {}).values()]


def make_subject(rng: random.Random, services, corpus) -> str:
    x = rng.random()
    if x < 0.25:
        return rng.choice(corpus)
    person = f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(LAST)}"
    core = rng.choice(services).removeprefix("การ")
    s = f"{rng.choice(VERBS)}{core} {rng.choice(PLACES)}"
    if x < 0.7:
        s += f" ของ{person}"
    return s


def make_senders(rng: random.Random, n: int = 20000) -> list[str]:
    out = []
    for i in range(n):
        if rng.random() < 0.2:
            name = f"{rng.choice(ORGS)}{rng.choice(LAST)}{rng.choice(PLACES)[4:]}"
        else:
            name = f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(LAST)}"
        out.append(f"{name} <user{i}@{rng.choice(DOMAINS)}>")
    return out


_SPLIT = None


def fast_words(text: str) -> list[str]:
    """registry.search.words(text), memoised per chunk (the same split it uses)."""
    from registry import search

    out: list[str] = []
    norm = search.normalise(text)
    for chunk in re.split(r"[\s<>@()\[\]{}\"'“”‘’,;:!?/\\|]+", norm):
        if chunk:
            for w in _chunk_words(chunk):
                if w not in out:
                    out.append(w)
    return out


@lru_cache(maxsize=200_000)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    from registry import search

    return tuple(search.words(chunk))


def rows(n: int, seed: int = 4):
    """(id, year, number, registered_at, sender, recipient, subject) in register order."""
    rng = random.Random(seed)
    services, corpus = service_names(), subjects_from_corpora()
    senders = make_senders(rng)
    per_year = -(-n // len(YEARS))
    i = 0
    for year in YEARS:
        for number in range(1, per_year + 1):
            i += 1
            if i > n:
                return
            day = min(364, (number * 365) // per_year)
            when = datetime(year, 1, 1, 2, tzinfo=UTC).timestamp() + day * 86400 + number % 3600
            yield (i, year, number, datetime.fromtimestamp(when, UTC).replace(tzinfo=None),
                   rng.choice(senders), "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเพชรบุรี",
                   make_subject(rng, services, corpus))


COLUMNS = ("id", "year", "number", "registered_at", "sender", "recipient", "subject", "action",
           "remarks", "cancelled")


# ------------------------------------------------------------------ loading ----
def load(engine, n: int, log) -> dict:
    """Bulk-load n rows and their words; returns timings."""
    from sqlalchemy import text

    from registry import search

    dialect = engine.dialect.name
    with engine.begin() as c:
        c.execute(text("DROP INDEX IF EXISTS ix_register_words_posting"))
        c.execute(text("DROP INDEX IF EXISTS ix_register_words_entry"))
        # the trigram index is built after the load, as the word indexes are
        if dialect == "sqlite":
            c.execute(text("DROP TRIGGER IF EXISTS register_texts_ai"))
        else:
            c.execute(text("DROP INDEX IF EXISTS ix_register_texts_trgm"))
    t0 = time.perf_counter()
    seg = 0.0
    word_rows = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if dialect == "sqlite":
            cur.execute("PRAGMA synchronous=OFF")  # bulk load only; the benchmark's own data
        batch, words_batch, texts_batch = [], [], []
        wid = 0

        def flush():
            nonlocal batch, words_batch, texts_batch
            if dialect == "sqlite":
                cur.executemany("INSERT INTO register_texts (id, body) VALUES (?, ?)",
                                texts_batch)
                cur.executemany(
                    f"INSERT INTO receive_register ({', '.join(COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in COLUMNS)})", batch)
                cur.executemany("INSERT INTO register_words (id, register, entry_id, word) "
                                "VALUES (?, ?, ?, ?)", words_batch)
            else:
                with cur.copy(f"COPY receive_register ({', '.join(COLUMNS)}) FROM STDIN") as cp:
                    for r in batch:
                        cp.write_row(r)
                with cur.copy("COPY register_words (id, register, entry_id, word) FROM STDIN") as cp:
                    for r in words_batch:
                        cp.write_row(r)
                with cur.copy("COPY register_texts (id, body) FROM STDIN") as cp:
                    for r in texts_batch:
                        cp.write_row(r)
            batch, words_batch, texts_batch = [], [], []

        for r in rows(n):
            batch.append((*r, "ส่งกลุ่มการพัฒนาสังคมและสวัสดิการ; ตอบรับทางอีเมล", "", False))
            t = time.perf_counter()
            ws = fast_words(f"{r[6]} {r[4]}")
            texts_batch.append((r[0] * 2, search.normalise(f"{r[6]} {r[4]}")))
            seg += time.perf_counter() - t
            for w in ws:
                wid += 1
                words_batch.append((wid, "receive", r[0], w))
            word_rows += len(ws)
            if len(batch) >= 20000:
                flush()
                log(f"  {r[0]:,} rows loaded ({time.perf_counter() - t0:.0f} s)")
        if batch:
            flush()
        raw.commit()
    finally:
        raw.close()
    loaded = time.perf_counter() - t0
    t = time.perf_counter()
    with engine.begin() as c:
        c.execute(text("CREATE INDEX ix_register_words_posting "
                       "ON register_words (register, word, entry_id)"))
        c.execute(text("CREATE INDEX ix_register_words_entry ON register_words (register, entry_id)"))
        c.execute(text("ANALYZE"))
    index_s = time.perf_counter() - t
    t = time.perf_counter()
    with engine.begin() as c:  # the trigram index over register_texts, as migration 0010 makes it
        if dialect == "sqlite":
            c.execute(text("INSERT INTO register_trigrams(register_trigrams) VALUES ('rebuild')"))
            c.execute(text("CREATE TRIGGER register_texts_ai AFTER INSERT ON register_texts BEGIN "
                           "INSERT INTO register_trigrams(rowid, body) VALUES (new.id, new.body); END"))
        else:
            c.execute(text("CREATE INDEX ix_register_texts_trgm ON register_texts "
                           "USING gin (body gin_trgm_ops)"))
            c.execute(text("ANALYZE register_texts"))
    trigram_s = time.perf_counter() - t
    return {"load_s": loaded, "segment_s": seg, "index_s": index_s, "word_rows": word_rows,
            "trigram_s": trigram_s}


# ------------------------------------------------------------------ queries ----
def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def search_range(session, register: str, text_: str, year=None, limit: int = 50) -> list[int]:
    """Candidate fix for registry/search.py search(): a prefix as a range
    (word >= w AND word < w || U+10FFFF) instead of LIKE 'w%'. SQLite's LIKE is
    case-insensitive, so it never uses the BINARY index on word (PRAGMA
    case_sensitive_like is off), and PostgreSQL uses a btree for LIKE only under the C
    collation or text_pattern_ops; a range uses the index on both."""
    from sqlalchemy import select

    from registry import search
    from registry.search import REGISTERS, RegisterWord

    model = REGISTERS[register]
    query = select(model.id)
    ws = search.words(text_)
    if not ws:
        return []
    for w in ws:
        hits = select(RegisterWord.entry_id).where(
            RegisterWord.register == register, RegisterWord.word >= w,
            RegisterWord.word < w + "\U0010ffff")
        query = query.where(model.id.in_(hits))
    if year is not None:
        query = query.where(model.year == year)
    query = query.order_by(model.year.desc(), model.number.desc()).limit(limit)
    return list(session.scalars(query))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_baseline(session, text_: str, limit: int = 50):
    from sqlalchemy import or_, select

    from registry.models import ReceiveEntry as R

    q = select(R.id)
    for w in text_.split():
        pat = f"%{_escape_like(w)}%"
        q = q.where(or_(R.subject.like(pat, escape="\\"), R.sender.like(pat, escape="\\")))
    q = q.order_by(R.year.desc(), R.number.desc()).limit(limit)
    return list(session.scalars(q))


def page(session, year: int, offset: int):
    from sqlalchemy import select

    from registry.models import ReceiveEntry as R

    return list(session.execute(select(R.id, R.number, R.subject, R.sender).where(R.year == year)
                                .order_by(R.number).limit(50).offset(offset)))


def keyset(session, year: int, after: int):
    from sqlalchemy import select

    from registry.models import ReceiveEntry as R

    return list(session.execute(select(R.id, R.number, R.subject, R.sender)
                                .where(R.year == year, R.number > after)
                                .order_by(R.number).limit(50)))


def measure(engine, n: int, queries: int, log) -> dict:
    from sqlalchemy.orm import Session

    from registry import search

    rng = random.Random(9)
    per_year = -(-n // len(YEARS))
    out = {"search": [], "like": [], "page": [], "keyset": [], "range": [], "hits": {},
           "slowest": {}, "range_differs": 0}
    with Session(engine) as s:
        for q in QUERIES:  # warm caches once, and check the range fix finds the same page
            a = search.search(s, "receive", q, limit=50)
            out["hits"][q] = len(a)
            out.setdefault("misses", 0)
            out["misses"] += len(a) < len(like_baseline(s, q))  # fewer than a scan finds
            out["range_differs"] += a != search_range(s, "receive", q, limit=50)
        for i in range(queries):
            q = QUERIES[i % len(QUERIES)]
            out["range"].append(timed(lambda: search_range(s, "receive", q, limit=50)))
        for i in range(queries):
            q = QUERIES[i % len(QUERIES)]
            ms = timed(lambda: search.search(s, "receive", q, limit=50))
            out["search"].append(ms)
            out["slowest"].setdefault("search", []).append((ms, q))
        for i in range(min(queries, len(QUERIES) * 2)):
            q = QUERIES[i % len(QUERIES)]
            ms = timed(lambda: like_baseline(s, q))
            out["like"].append(ms)
            out["slowest"].setdefault("like", []).append((ms, q))
        for _ in range(queries):
            year = rng.choice(YEARS[:-1] if n > per_year else YEARS[:1])
            k = rng.randrange(0, max(1, min(per_year, n) - 50))
            out["page"].append(timed(lambda: page(s, year, k)))
            out["keyset"].append(timed(lambda: keyset(s, year, k)))
    for key in ("search", "like"):
        out["slowest"][key] = sorted(out["slowest"][key], reverse=True)[:3]
    return out


def reindex_rate(engine, sample: int = 2000) -> float:
    """Entries per second of registry.search.reindex() (the ORM path), on a small copy."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from registry import search
    from registry.db import migrate

    with tempfile.TemporaryDirectory() as tmp:
        small = create_engine(f"sqlite:///{tmp}/r.db")
        migrate(small)
        with small.begin() as c:
            for r in rows(sample, seed=5):
                c.execute(text(f"INSERT INTO receive_register ({', '.join(COLUMNS)}) VALUES "
                               f"(:id, :year, :number, :at, :sender, :recipient, :subject, '', '', 0)"),
                          dict(zip(("id", "year", "number", "at", "sender", "recipient", "subject"), r)))
        with Session(small) as s:
            t = time.perf_counter()
            count = search.reindex(s)
            s.commit()
            seconds = time.perf_counter() - t
        small.dispose()
    return count / seconds


# ------------------------------------------------------------------ main ----
def stats(values: list[float]) -> list[str]:
    return [f"{median(values):,.1f}", f"{percentile(values, 95):,.1f}", f"{max(values):,.1f}"]


def run_db(kind: str, n: int, queries: int, workdir: Path, log) -> dict:
    from registry.db import make_engine, migrate

    server = None
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'search.db'}"
    else:
        from tests.integration.servers import PostgresServer, find_postgres_bindir

        bindir = find_postgres_bindir()
        if not bindir:
            raise RuntimeError("PostgreSQL not installed")
        server = PostgresServer(bindir)
        server.start()
        url = server.url(server.create_database("bench"))
    try:
        engine = make_engine(url)
        migrate(engine)
        log(f"{kind}: loading {n:,} rows ...")
        loaded = load(engine, n, log)
        log(f"{kind}: loaded in {loaded['load_s']:.0f} s (segmentation {loaded['segment_s']:.0f} s), "
            f"{loaded['word_rows']:,} words, indexes built in {loaded['index_s']:.1f} s, "
            f"trigram index in {loaded['trigram_s']:.1f} s")
        result = measure(engine, n, queries, log)
        engine.dispose()
        return {**loaded, **result}
    finally:
        if server:
            server.cleanup()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--db", default="sqlite,postgres")
    ap.add_argument("--reindex-sample", type=int, default=2000,
                    help="rows for timing registry.search.reindex() (0: skip)")
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args(argv)
    log = lambda m: print(m, flush=True)  # noqa: E731

    # the memoised segmentation must equal the real one
    from registry import search
    sample = [f"{r[6]} {r[4]}" for r in rows(300, seed=11)]
    bad = [t for t in sample if fast_words(t) != search.words(t)]
    if bad:
        print(f"fast_words differs from registry.search.words on {len(bad)} samples: {bad[:2]}")
        return 1

    results = {}
    with tempfile.TemporaryDirectory(prefix="intake-bench-search-") as tmp:
        for kind in args.db.split(","):
            results[kind] = run_db(kind, args.rows, args.queries, Path(tmp), log)
            r = results[kind]
            log(f"{kind}: search p95 {percentile(r['search'], 95):.1f} ms, LIKE p95 "
                f"{percentile(r['like'], 95):.1f} ms, page p95 {percentile(r['page'], 95):.1f} ms, "
                f"keyset p95 {percentile(r['keyset'], 95):.1f} ms, range-search p95 "
                f"{percentile(r['range'], 95):.1f} ms (differs on {r['range_differs']}); "
                f"queries finding fewer than the LIKE scan (first page): {r['misses']}; "
                f"slowest search {r['slowest']['search']}")
        rate = reindex_rate(None, args.reindex_sample) if args.reindex_sample else float("nan")
        log(f"registry.search.reindex(): {rate:,.0f} entries/s (ORM path)")
    if args.no_doc:
        return 0
    body = section_head("4. Register search (1,000,000 receive-register rows)",
                        f".venv/bin/python bench/search.py --rows {args.rows} --queries {args.queries}")
    table = []
    for kind, r in results.items():
        table += [
            [kind, "**Thai word search** (registry.search.search, limit 50)", len(r["search"]),
             *stats(r["search"])],
            [kind, "baseline: LIKE '%word%' on subject/sender", len(r["like"]), *stats(r["like"])],
            [kind, "superseded candidate: a prefix range, all hits sorted (before the postings walk)",
             len(r["range"]), *stats(r["range"])],
            [kind, "**register page by year** (ORDER BY number LIMIT 50 OFFSET k)", len(r["page"]),
             *stats(r["page"])],
            [kind, "page by keyset (number > last LIMIT 50)", len(r["keyset"]), *stats(r["keyset"])],
        ]
    body += "\n" + md_table(["db", "query", "n", "p50 ms", "p95 ms", "max ms"], table)
    body += "\n\nLoading (bulk, then the two register_words indexes built):\n\n" + md_table(
        ["db", "rows", "word rows", "load s (incl. segmentation)", "segmentation s", "index build s"],
        [[k, f"{args.rows:,}", f"{r['word_rows']:,}", f"{r['load_s']:.0f}", f"{r['segment_s']:.0f}",
          f"{r['index_s']:.1f}"] for k, r in results.items()])
    for kind, r in results.items():
        body += (f"\n\nSlowest queries on {kind}: search " +
                 ", ".join(f"'{q}' {ms:.0f} ms" for ms, q in r["slowest"]["search"]) +
                 "; LIKE " + ", ".join(f"'{q}' {ms:.0f} ms" for ms, q in r["slowest"]["like"]) + ".")
    for kind, r in results.items():
        body += (f"\n\nOn {kind} the range variant returned a different first page for "
                 f"{r['range_differs']} of {len(QUERIES)} query texts.")
    first = next(iter(results.values()))
    body += ("\n\nHits per query word (first page, of 50): " +
             ", ".join(f"{q} {h}" for q, h in first["hits"].items()) + ".")
    body += (f"\n\n`registry.search.reindex()` (the ORM path, one INSERT per word) runs at "
             f"{rate:,.0f} entries/s on a {args.reindex_sample:,}-row SQLite sample: "
             f"{args.rows / rate / 3600:,.1f} h for {args.rows:,} rows.\n")
    write_section("search", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
