#!/usr/bin/env python
"""A burst of sign-ins against the pages (issue 15: 48 sign-ins made every page take
seconds): the latency of a signed-in clerk's page while N sign-ins run at once, with
argon2 in HASH_SLOTS slots (intake/web/auth.py) and, for comparison, unbounded.

    .venv/bin/python bench/sign_in_burst.py [--burst 48] [--pages 40]

Each sign-in is a different login; the benchmark lifts the per-address limit (all come
from 127.0.0.1), so the throttle refuses none of them: every one hashes."""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def opener():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def sign_in(base, login, password):
    import re

    o = opener()
    page = o.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": login, "password": password,
                                   "csrf_token": token}).encode()
    req = urllib.request.Request(f"{base}/login", data=data)
    try:
        o.open(req)
    except urllib.error.HTTPError:
        pass
    return o


def run(base, burst: int, pages: int) -> list[float]:
    clerk = sign_in(base, "clerk1", "clerk-secret-123")
    threads = [threading.Thread(target=lambda i=i: sign_in(base, f"nobody{i}", "wrong-password-1"))
               for i in range(burst)]
    for t in threads:
        t.start()
    times = []
    for _ in range(pages):
        t = time.perf_counter()
        clerk.open(f"{base}/statistics").read()
        times.append((time.perf_counter() - t) * 1000)
    for t in threads:
        t.join()
    return times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--burst", type=int, default=48)
    ap.add_argument("--pages", type=int, default=40)
    args = ap.parse_args(argv)
    from intake.web import auth, create_app
    from tests.integration.test_web import build_site
    from tests.integration.test_web_browser import serving

    with tempfile.TemporaryDirectory(prefix="intake-bench-burst-") as tmp:
        site = build_site(Path(tmp))
        with serving(create_app(site.proc.rt)) as base:
            auth.ADDRESS_RULE = auth.Rule(free=10**6, lock_after=10**6,
                                          lock_for=auth.ADDRESS_RULE.lock_for)
            quiet = run(base, 0, args.pages)
            bounded = run(base, args.burst, args.pages)
            auth._hash_slots = threading.BoundedSemaphore(10_000)  # as before: unbounded
            unbounded = run(base, args.burst, args.pages)
    for name, ms in (("no burst", quiet), (f"burst of {args.burst}, {auth.HASH_SLOTS} slot(s)",
                                          bounded), (f"burst of {args.burst}, unbounded", unbounded)):
        print(f"{name}: page p50 {pct(ms, 50):.0f} ms, p95 {pct(ms, 95):.0f} ms, "
              f"max {max(ms):.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
