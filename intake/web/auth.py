"""Sign-in, sessions, CSRF and roles for the web pages.

Passwords: argon2id (argon2-cffi), rehashed on sign-in when the parameters change.
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
import secrets
from datetime import datetime, timedelta
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, g, redirect, request, url_for
from sqlalchemy import delete

from registry.db import transaction
from registry.models import User, WebSession, utcnow

COOKIE = "intake_session"
LOGIN_CSRF_COOKIE = "intake_login_csrf"
MIN_PASSWORD = 10
_hasher = PasswordHasher()  # argon2id, the library's current recommended parameters
# a hash to verify against when the login does not exist: the same work either way
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class PasswordTooShort(ValueError):
    pass


# ----------------------------------------------------------- passwords ----
def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร / a password needs "
                               f"at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


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
    """The active user with this login and password, or None (same work either way)."""
    with transaction(factory) as s:
        user = s.get(User, (login or "").strip())
        stored = user.password_hash if user is not None and not user.disabled else None
        try:
            _hasher.verify(stored or _DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            return None
        if stored is None:
            return None
        if _hasher.check_needs_rehash(stored):
            user.password_hash = _hasher.hash(password)
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
    "PasswordTooShort",
    "WebSession",
    "authenticate",
    "check_csrf",
    "end_session",
    "hash_password",
    "load_session",
    "requires",
    "set_password",
    "start_session",
]
