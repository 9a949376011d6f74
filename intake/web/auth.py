"""Sign-in, sessions, CSRF and roles for the web pages.

Passwords: argon2id (argon2-cffi), rehashed on sign-in when the parameters change. At
most HASH_SLOTS hashes run at once (argon2 is meant to be slow and takes a core's worth of
work): a burst of sign-ins waits in line instead of stalling every other page.
Sign-in is throttled per login and per address (table sign_in_throttle): after a few
failures each further attempt waits twice as long as the last, then the key is locked for a
while; a throttled attempt is refused before any password is checked. Failures, locks and
throttled attempts are events (sign_in_failed, sign_in_locked, sign_in_throttled).
Sessions are server-side (table web_sessions): the cookie holds a random token, the
table keeps only its sha256, so signing out or expiry ends the session everywhere and
a copied cookie is worthless afterwards. Each session has an idle expiry and an absolute
one. Every POST carries the session's CSRF token (checked in `check_csrf`); the sign-in
form, made before any session exists, uses a double-submit cookie instead.
Roles are checked here, on the server, for every page and action (`requires`); the
case functions in intake/cases.py check them a second time.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, g, redirect, request, url_for
from sqlalchemy import delete

from registry.db import transaction
from registry.models import Event, SignInThrottle, User, WebSession, utcnow

COOKIE = "intake_session"
LOGIN_CSRF_COOKIE = "intake_login_csrf"
MIN_PASSWORD = 10
_hasher = PasswordHasher()  # argon2id, the library's current recommended parameters
# a hash to verify against when the login does not exist: the same work either way
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
# argon2 work at once: half the cores, so pages keep the other half during a burst
HASH_SLOTS = max(1, (os.cpu_count() or 2) // 2)
HASH_WAIT_SECONDS = 20  # longer in line than this: "busy, try again" rather than hang
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)


@dataclass(frozen=True)
class Rule:
    """How one kind of key is throttled."""
    free: int  # failures allowed before any wait
    lock_after: int  # failures that lock the key
    lock_for: timedelta


# an office behind one address has many clerks: its address gets more room than a login
LOGIN_RULE = Rule(free=3, lock_after=10, lock_for=timedelta(minutes=15))
ADDRESS_RULE = Rule(free=10, lock_after=30, lock_for=timedelta(minutes=15))
FORGET_AFTER = timedelta(hours=1)  # a quiet hour after the last failure forgets them
MAX_DELAY = timedelta(minutes=5)


class PasswordTooShort(ValueError):
    pass


class HashingBusy(RuntimeError):
    """Every hashing slot stayed taken for HASH_WAIT_SECONDS."""


class Throttled(Exception):
    """This sign-in must wait (`wait`, a timedelta); `locked` when the key is locked."""

    def __init__(self, wait: timedelta, locked: bool):
        super().__init__(f"wait {wait}")
        self.wait, self.locked = wait, locked


def _bounded(fn, *args):
    """Run one argon2 call in a hashing slot."""
    if not _hash_slots.acquire(timeout=HASH_WAIT_SECONDS):
        raise HashingBusy("too many sign-ins at once")
    try:
        return fn(*args)
    finally:
        _hash_slots.release()


# ----------------------------------------------------------- passwords ----
def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร / a password needs "
                               f"at least {MIN_PASSWORD} characters")
    return _bounded(_hasher.hash, password)


def set_password(factory, login: str, password: str) -> None:
    """Give an existing user (intake user add) a password. `factory` is a session factory
    (rt.factory)."""
    hashed = hash_password(password)
    with transaction(factory) as s:
        user = s.get(User, login)
        if user is None:
            raise LookupError(f"no user {login!r} (intake user add first)")
        user.password_hash = hashed
        # a new password ends every session of that person
        s.execute(delete(WebSession).where(WebSession.login == login))


def authenticate(factory, login: str, password: str) -> User | None:
    """The active user with this login and password, or None (same work either way).
    Not throttled: the sign-in page calls `sign_in`. The hash is checked outside any
    transaction: a sign-in waiting for a hashing slot must not hold the database (on
    SQLite a transaction is the write lock every other page's session needs)."""
    with factory() as s:
        user = s.get(User, (login or "").strip())
        stored = user.password_hash if user is not None and not user.disabled else None
        s.expunge_all()
    try:
        _bounded(_hasher.verify, stored or _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if stored is None:
        return None
    if _hasher.check_needs_rehash(stored):
        rehashed = _bounded(_hasher.hash, password)
        with transaction(factory) as s:
            current = s.get(User, user.login)
            if current is not None and current.password_hash == stored:
                current.password_hash = rehashed
    return user


# ------------------------------------------------------------ throttle ----
def _keys(login: str, address: str) -> list[tuple[str, Rule]]:
    return [(f"login:{(login or '').strip().lower()[:300]}", LOGIN_RULE),
            (f"address:{(address or '-')[:300]}", ADDRESS_RULE)]


def _wait(row: SignInThrottle | None, rule: Rule, now: datetime) -> tuple[timedelta, bool]:
    """(how long this key must still wait, whether it is locked)."""
    if row is None or now - row.last_failure_at > FORGET_AFTER:
        return timedelta(0), False
    if row.locked_until and row.locked_until > now:
        return row.locked_until - now, True
    if row.failures < rule.free:
        return timedelta(0), False
    delay = min(timedelta(seconds=2 ** (row.failures - rule.free)), MAX_DELAY)
    return max(row.last_failure_at + delay - now, timedelta(0)), False


def _record_failure(s, login: str, address: str, now: datetime) -> None:
    locked = []
    for key, rule in _keys(login, address):
        row = s.get(SignInThrottle, key)
        if row is None or now - row.last_failure_at > FORGET_AFTER \
                or (row.locked_until and row.locked_until <= now):
            row = s.merge(SignInThrottle(key=key, failures=0, last_failure_at=now))
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= rule.lock_after and not row.locked_until:
            row.locked_until = now + rule.lock_for
            locked.append(key)
        elif row.locked_until and row.locked_until <= now:
            row.locked_until = None
    detail = {"login": (login or "")[:100], "address": address}
    s.add(Event(actor=(login or "-")[:100], kind="sign_in_failed", at=now, detail=detail))
    for key in locked:
        s.add(Event(actor=(login or "-")[:100], kind="sign_in_locked", at=now,
                    detail=detail | {"key": key}))


def sign_in(factory, login: str, password: str, address: str,
            now: datetime | None = None) -> User | None:
    """`authenticate` behind the throttle: raises Throttled (before any password is
    checked) while the login or the address must wait; records each failure."""
    now = now or utcnow()
    with transaction(factory) as s:
        waits = [_wait(s.get(SignInThrottle, key), rule, now) for key, rule in
                 _keys(login, address)]
        wait, locked = max(waits)
        if wait > timedelta(0):
            s.add(Event(actor=(login or "-")[:100], kind="sign_in_throttled", at=now,
                        detail={"login": (login or "")[:100], "address": address,
                                "wait_seconds": int(wait.total_seconds()) + 1}))
    if wait > timedelta(0):
        raise Throttled(wait, locked)
    user = authenticate(factory, login, password)
    with transaction(factory) as s:
        if user is None:
            _record_failure(s, login, address, now)
        else:  # the login's count starts again; the address keeps its own
            row = s.get(SignInThrottle, _keys(login, address)[0][0])
            if row is not None:
                s.delete(row)
    return user


# ------------------------------------------------------------ sessions ----
def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(factory, login: str, *, idle: timedelta, now: datetime | None = None) -> str:
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with transaction(factory) as s:
        s.execute(delete(WebSession).where(WebSession.expires_at < now))
        s.add(WebSession(token_hash=_digest(token), login=login, csrf=secrets.token_urlsafe(32),
                         created_at=now, last_seen_at=now, expires_at=now + idle))
    return token


def end_session(factory, token: str | None) -> None:
    if token:
        with transaction(factory) as s:
            s.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))


def load_session(factory, token: str | None, *, idle: timedelta, absolute: timedelta,
                 now: datetime | None = None):
    """(user, csrf token) of a live session, extending its idle expiry; None otherwise."""
    if not token:
        return None
    now = now or utcnow()
    with transaction(factory) as s:
        ws = s.get(WebSession, _digest(token))
        if ws is None:
            return None
        if ws.expires_at <= now or ws.created_at + absolute <= now:
            s.delete(ws)
            return None
        user = s.get(User, ws.login)
        if user is None or user.disabled:
            s.delete(ws)
            return None
        if now - ws.last_seen_at > timedelta(seconds=30):  # not a write on every request
            ws.last_seen_at = now
            ws.expires_at = min(now + idle, ws.created_at + absolute)
        return user, ws.csrf


# ---------------------------------------------------------------- views ----
def requires(*roles: str):
    """The view needs a signed-in user with one of these roles (403 otherwise)."""

    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            if g.get("user") is None:
                return redirect(url_for("web.login", next=request.full_path
                                        if request.method == "GET" else None))
            if g.user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        inner.required_roles = roles
        return inner

    return wrap


def check_csrf() -> None:
    """Every state-changing request carries the right token (a form field or header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    if request.endpoint == "web.login":
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    else:
        expected = g.get("csrf") or ""
    if not expected or not sent or not hmac.compare_digest(sent, expected):
        abort(403, description="CSRF token missing or wrong")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def cookie_secure() -> bool:
    return bool(current_app.config.get("SESSION_COOKIE_SECURE"))


__all__ = [
    "HashingBusy",
    "PasswordTooShort",
    "Throttled",
    "WebSession",
    "authenticate",
    "check_csrf",
    "end_session",
    "hash_password",
    "load_session",
    "requires",
    "set_password",
    "sign_in",
    "start_session",
]
