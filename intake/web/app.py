"""The web application: Flask with Jinja2 templates from templates/web/ (autoescape on).

create_app(rt) wires sign-in, sessions, CSRF and the security headers around the page
modules (pages, registers, messages, review, approvals). Nothing here changes a case or
a message itself: the pages call the processor's own functions.
"""
from __future__ import annotations

import logging

import secrets
from datetime import timedelta
from urllib.parse import urlparse

from flask import (
    Flask,
    abort,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from intake.fonts import FONTS_DIR
from intake.runtime import Runtime
from intake.web import auth
from intake.web.blueprint import bp
from intake.web.format import Formatter
from templates import TEMPLATES_DIR

TEMPLATES = TEMPLATES_DIR / "web"
IDLE_MINUTES = 30  # a session ends after this long without a request
ABSOLUTE_HOURS = 10  # and in any case after a working day
# the pages load only our own CSS and font; a mail body is in a sandboxed srcdoc frame
CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
       "img-src 'self' data:; frame-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'self'")
FONT_FILES = {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "OFL.txt"}


def create_app(rt: Runtime, *, idle_minutes: int | None = None,
               absolute_hours: int | None = None,
               secure_cookies: bool | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=None)
    app.jinja_env.autoescape = True  # every template, whatever its extension
    # only for the one-time notices after an action (flash); sign-in does not use it
    app.secret_key = secrets.token_bytes(32)
    app.config.update(
        RUNTIME=rt,
        IDLE=timedelta(minutes=idle_minutes or rt.config.get("web.session_idle_minutes")),
        ABSOLUTE=timedelta(hours=absolute_hours or rt.config.get("web.session_absolute_hours")),
        SESSION_COOKIE_SECURE=bool(secure_cookies if secure_cookies is not None else
                                   rt.config.get("web.secure_cookies")),
        MAX_CONTENT_LENGTH=30 * 1024 * 1024,
    )
    Formatter(rt.config).register(app)

    from intake.web import (  # noqa: F401 (routes)
        approvals, corrections, mail, messages, pages, registers, review)

    app.register_blueprint(bp)

    @app.before_request
    def _session():
        g.user, g.csrf = None, None
        found = auth.load_session(rt.factory, request.cookies.get(auth.COOKIE),
                                  idle=app.config["IDLE"], absolute=app.config["ABSOLUTE"],
                                  now=rt.clock())
        if found:
            g.user, g.csrf = found
        elif request.method == "POST" and request.endpoint != "web.login":
            return _expired_post()
        auth.check_csrf()

    @app.context_processor
    def _globals():
        return {"user": g.get("user"), "csrf_token": g.get("csrf") or "",
                # the banner: what the clerks and the head were mailed about
                "alerts": _alerts(rt) if g.get("user") is not None else [],
                "unit": rt.profile.unit,
                "secret_roles": [r.strip() for r in
                                 rt.config.get("unit.secret_roles").split(",")]}

    @app.after_request
    def _headers(resp):
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        if g.get("user") is not None and not request.path.startswith("/static/"):
            resp.headers["Cache-Control"] = "no-store"  # registers hold personal data
        return resp

    @app.route("/metrics")
    def _metrics():
        # Prometheus scrapes without a session: counts only, no personal data; bind the
        # pages to loopback (web.host) or restrict /metrics at the proxy
        from intake.operations import metrics

        return metrics(rt), 200, {"Content-Type": "text/plain; version=0.0.4"}

    @app.errorhandler(403)
    def _forbidden(err):
        return render_template("error.html", code=403, message="ไม่มีสิทธิ์ดำเนินการนี้"), 403

    @app.errorhandler(404)
    def _missing(err):
        return render_template("error.html", code=404, message="ไม่พบหน้าที่ต้องการ"), 404

    @app.errorhandler(413)
    def _too_big(err):
        return render_template("error.html", code=413, message="ไฟล์ใหญ่เกินไป"), 413

    @app.errorhandler(400)
    def _bad(err):
        return render_template("error.html", code=400, message="คำขอไม่ถูกต้อง"), 400

    @app.errorhandler(405)
    def _method(err):
        return render_template("error.html", code=405, message="หน้านี้ไม่รับคำขอแบบนี้"), 405

    @app.errorhandler(500)
    def _broken(err):
        # the traceback goes to the log (Flask logs it before this); the clerk reads Thai
        return render_template("error.html", code=500, message="ระบบขัดข้อง กรุณาลองใหม่ "
                               "หรือแจ้งผู้ดูแลระบบ"), 500

    return app


def _alerts(rt: Runtime) -> list:
    """The banner's alerts; a page (an error page among them) still renders without."""
    from intake.jobs.alerts import current_alerts

    try:
        return current_alerts(rt)
    except Exception:  # noqa: BLE001 - the banner must never take a page down
        logging.getLogger(__name__).exception("alerts for the banner")
        return []


# ------------------------------------------------------------ sign-in ----
def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //host)."""
    if not target:
        return url_for("web.dashboard")
    parts = urlparse(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("web.dashboard")
    return target


KEEP_FIELDS = 40  # at most this many typed fields carried over a sign-in


def _kept(form) -> list[tuple[str, str]]:
    """The fields a person typed into a form, minus secrets and tokens."""
    return [(k, v) for k, v in form.items(multi=True)
            if k not in ("csrf_token", "password", "login", "next") and not k.startswith("_")
            ][:KEEP_FIELDS]


def _expired_post():
    """A form posted after the session ended: nothing is done, and nothing typed is lost.
    The sign-in page carries the fields; after signing in, the page the form came from
    opens again with them filled in (as a GET: nothing is carried out unconfirmed)."""
    referrer = urlparse(request.referrer or "")
    back = referrer.path + (f"?{referrer.query}" if referrer.query else "") \
        if referrer.netloc == request.host else ""
    if not back and request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        # our own pages send no Referer (Referrer-Policy: no-referrer): a form that is also
        # a page (the review's confirmation) opens again there, its choice filled in
        back = request.path
    return _login_page(error="หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง สิ่งที่พิมพ์ไว้ยังอยู่",
                       status=401, next_path=back, kept=_kept(request.form))


def _with_kept(target: str, kept: list[tuple[str, str]]) -> str:
    if not kept:
        return target
    from urllib.parse import urlencode

    return target + ("&" if "?" in target else "?") + urlencode(kept)


def _login_page(error: str | None, status: int, next_path: str, kept=()):
    token = auth.new_login_csrf()
    resp = make_response(render_template("login.html", error=error, login_csrf=token,
                                         next=next_path, kept=list(kept)), status)
    resp.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict",
                    secure=auth.cookie_secure(), path="/", max_age=3600)
    return resp


def _wait_text(exc: auth.Throttled) -> str:
    seconds = int(exc.wait.total_seconds()) + 1
    if exc.locked:
        return (f"เข้าสู่ระบบไม่สำเร็จหลายครั้ง ระงับการเข้าสู่ระบบชั่วคราว "
                f"กรุณาลองใหม่ในอีก {(seconds + 59) // 60} นาที หรือติดต่อผู้ดูแลระบบ")
    return f"เข้าสู่ระบบไม่สำเร็จหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่"


@bp.route("/login", methods=["GET", "POST"])
def login():
    from flask import current_app

    rt = current_app.config["RUNTIME"]
    error, status = None, 200
    kept = [(k[5:], v) for k, v in request.form.items(multi=True) if k.startswith("keep.")]
    if request.method == "POST":
        try:
            user = auth.sign_in(rt.factory, request.form.get("login", ""),
                                request.form.get("password", ""), request.remote_addr or "-",
                                now=rt.clock())
        except auth.Throttled as exc:
            user, error, status = None, _wait_text(exc), 429
        except auth.HashingBusy:
            user, error, status = None, "ระบบมีผู้เข้าสู่ระบบพร้อมกันจำนวนมาก กรุณาลองใหม่", 503
        if user is None and error is None:
            error, status = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", 401
        if user is not None:
            token = auth.start_session(rt.factory, user.login, idle=current_app.config["IDLE"],
                                       now=rt.clock())
            resp = redirect(_with_kept(_safe_next(request.form.get("next")), kept))
            resp.set_cookie(auth.COOKIE, token, httponly=True, samesite="Lax",
                            secure=auth.cookie_secure(), path="/")
            resp.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/")
            return resp
    return _login_page(error, status, request.values.get("next", ""), kept)


@bp.route("/logout", methods=["POST"])
def logout():
    from flask import current_app

    auth.end_session(current_app.config["RUNTIME"].factory, request.cookies.get(auth.COOKIE))
    resp = redirect(url_for("web.login"))
    resp.delete_cookie(auth.COOKIE, path="/")
    return resp


@bp.route("/static/fonts/<name>")
def font(name: str):
    if name not in FONT_FILES:  # a fixed list: no path from the request reaches the disk
        abort(404)
    resp = send_from_directory(FONTS_DIR, name, max_age=86400)
    return resp


@bp.route("/static/web.css")
def stylesheet():
    resp = send_from_directory(TEMPLATES / "static", "web.css", max_age=600)
    return resp
