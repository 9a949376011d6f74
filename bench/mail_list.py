#!/usr/bin/env python
"""The mail list (intake/web/mail.py) on many messages: one page of 50, newest first, by
keyset on (fetched_at, id), against the same page by OFFSET, on SQLite.

    .venv/bin/python bench/mail_list.py --rows 1000000 [--queries 50]

Rows: messages spread over 3 years, a disposition mix like a unit's (60 % register, 15 %
spam, ...), subjects from a small Thai pool. Measured (p50 / p95 / max ms): the first
page; a page deep in the list by keyset and by OFFSET; a filter by disposition; a BE day;
a word of the subject (a scan under the keyset, which stops at a page of hits)."""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DISPOSITIONS = ["register"] * 12 + ["spam"] * 3 + ["machine", "forward", "out_of_authority",
                                                   "wrong_channel", "review"]
SUBJECTS = ["ขอรับเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด", "ขอต่อบัตรประจำตัวคนพิการ",
            "ร้องเรียนผู้สูงอายุถูกทอดทิ้ง", "ต่อประกันรถยนต์ชั้น 1 ลดสูงสุด 40%", "ไม่อยู่ที่สำนักงาน",
            "ขอรับเงินสงเคราะห์ครอบครัว", "สอบถามการจดทะเบียนบุตรบุญธรรม"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main(argv=None) -> int:
    from sqlalchemy import select, text
    from sqlalchemy.orm import Session

    from intake.web.mail import mail_filters, query_mail
    from registry.db import make_engine, migrate
    from registry.models import Message

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=50)
    args = ap.parse_args(argv)
    zone = ZoneInfo("Asia/Bangkok")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="intake-bench-mail-") as tmp:
        engine = make_engine(f"sqlite:///{tmp}/m.db")
        migrate(engine)
        start = datetime(2024, 1, 1, tzinfo=UTC)
        step = timedelta(days=3 * 365) / args.rows
        t0 = time.perf_counter()
        raw = engine.raw_connection()
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        batch = []
        for i in range(1, args.rows + 1):
            at = (start + step * i).replace(tzinfo=None).isoformat(sep=" ")
            d = rng.choice(DISPOSITIONS)
            batch.append((i, f"{i:064x}", 1000, f"x/{i}", "saraban", at,
                          f"user{rng.randrange(20000)}@gmail.com", rng.choice(SUBJECTS), "done", d,
                          '{"section": "welfare"}', 0, at))
            if len(batch) == 50_000:
                cur.executemany("INSERT INTO messages (id, sha256, size, raw_path, source_mailbox, "
                                "fetched_at, from_addr, subject, state, disposition, decision, "
                                "attempts, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
                batch = []
        if batch:
            cur.executemany("INSERT INTO messages (id, sha256, size, raw_path, source_mailbox, "
                            "fetched_at, from_addr, subject, state, disposition, decision, "
                            "attempts, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
        raw.commit()
        raw.close()
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
        print(f"loaded {args.rows:,} messages in {time.perf_counter() - t0:.0f} s", flush=True)

        def timed(fn):
            t = time.perf_counter()
            fn()
            return (time.perf_counter() - t) * 1000

        base = {k: "" for k in ("day", "month", "disposition", "state", "sender", "section", "q")}
        mid = start + timedelta(days=500)
        day = (mid.astimezone(zone).date())
        be = f"{day.day}/{day.month}/{day.year + 543}"
        cases = {
            "first page": (mail_filters(base, zone), None),
            "deep page, keyset": (mail_filters(base, zone), (mid, args.rows)),
            "spam, deep page": (mail_filters(base | {"disposition": "spam"}, zone), (mid, args.rows)),
            f"BE day {be}": (mail_filters(base | {"day": be}, zone), None),
            "subject word (ประกันรถยนต์)": (mail_filters(base | {"q": "ประกันรถยนต์"}, zone), None),
            "section welfare": (mail_filters(base | {"section": "welfare"}, zone), None),
        }
        results = {}
        with Session(engine) as s:
            for name, (f, after) in cases.items():
                rows, _ = query_mail(s, f, after, 50)
                assert rows, name
                results[name] = [timed(lambda: query_mail(s, f, after, 50))
                                 for _ in range(args.queries)]
            deep = args.rows // 2
            results["deep page, OFFSET (what keyset replaces)"] = [timed(lambda: list(s.scalars(
                select(Message).order_by(Message.fetched_at.desc(), Message.id.desc())
                .offset(deep).limit(50)))) for _ in range(max(3, args.queries // 10))]
        for name, ms in results.items():
            print(f"{name}: p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms, "
                  f"max {max(ms):.1f} ms (n={len(ms)})", flush=True)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
