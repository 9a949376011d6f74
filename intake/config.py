"""Every setting, declared once with its default and help text (as Datasette does).

config.example.toml is generated from these declarations (`intake config example`) and a
test checks the shipped file matches, so the documentation cannot drift from the code.
Secrets never come from the file: a setting ending in `_env` names the environment
variable that holds the secret.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """A missing or wrong setting; the message names the key."""


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    help: str
    choices: tuple = ()
    example: Any = None  # shown in config.example.toml instead of the default
    low: int | None = None  # inclusive bounds of a number: a port, a duration, a count
    high: int | None = None

    @property
    def range_text(self) -> str:
        """The bounds as written in config.example.toml, empty for an unbounded setting."""
        if self.low is not None and self.high is not None:
            return f" From {self.low} to {self.high}."
        if self.low is not None:
            return f" At least {self.low}."
        return ""

    @property
    def type(self) -> type:
        return type(self.default)


# Top-level sections. Paths are relative to the directory of the config file.
SETTINGS: dict[str, list[Setting]] = {
    "unit": [
        Setting("profile", "", "Path of the unit profile (TOML). Empty: the bundled demo unit "
                "(Phetchaburi provincial office of MSDHS, rules/profiles/demo.toml)."),
        Setting("thai_numerals", True, "Show numbers and dates with Thai digits (๐-๙) on "
                "letters, stamps and replies; false for Arabic digits."),
        Setting("timezone", "Asia/Bangkok", "Time zone of the office, for registration times "
                "and office hours."),
        Setting("secret_roles", "head", "Roles (comma-separated: clerk, head, admin) that see "
                "the secret register (ทะเบียนหนังสือลับ): letters marked ลับ or ลับมาก."),
        Setting("received_hosts", "", "Host names of the unit's own mail servers "
                "(comma-separated). The time of receipt is read from the Received header one "
                "of them wrote; with none named, or none found, it is the time of fetching "
                "(IMAP INTERNALDATE). A header the sender could write is never trusted.",
                example="mx1.phetchaburi.m-society.go.th"),
    ],
    "database": [
        Setting("url", "sqlite:///var/intake.db", "SQLAlchemy URL. SQLite (WAL mode) by default; "
                "PostgreSQL as postgresql+psycopg://user@host/db (password from DB password env).",
                example="sqlite:///var/intake.db"),
        Setting("password_env", "INTAKE_DB_PASSWORD", "Environment variable holding the database "
                "password, inserted into the URL when set."),
    ],
    "store": [
        Setting("path", "var/store", "Directory of the raw message store (content-addressed by "
                "sha256; written with fsync before anything else happens)."),
    ],
    "outbox": [
        Setting("transport", "folder", "How outgoing mail leaves: 'folder' writes .eml files to "
                "outbox.folder (never touches the network); 'smtp' delivers to smtp_host.",
                choices=("folder", "smtp")),
        Setting("folder", "var/outbox", "Where the 'folder' transport writes outgoing messages."),
        Setting("smtp_host", "", "SMTP relay host, used only when transport = 'smtp'."),
        Setting("smtp_port", 587, "SMTP relay port.", low=1, high=65535),
        Setting("smtp_security", "starttls", "TLS for the relay: 'tls' (implicit, port 465), "
                "'starttls', or 'plain' (allowed only to a loopback host).",
                choices=("tls", "starttls", "plain")),
        Setting("smtp_username", "", "SMTP login; empty for no authentication."),
        Setting("smtp_password_env", "INTAKE_SMTP_PASSWORD", "Environment variable holding "
                "the SMTP password."),
        Setting("timeout", 60, "Seconds allowed for one SMTP delivery.", low=1, high=3600),
        Setting("max_attempts", 12, "Temporary failures (4xx, connection errors) retried up "
                "to this many times before the message is marked failed for a person.", low=1, high=100),
        Setting("backoff_seconds", 60, "First retry delay; doubles each attempt (capped at 6 h).", low=1, high=21600),
        Setting("message_id_domain", "", "Domain of our Message-IDs. Empty: the domain of the "
                "unit's announced address."),
    ],
    "spam": [
        Setting("spamd_host", "", "SpamAssassin spamd host (spamc protocol). Empty: not used; "
                "the unit's own heuristics and upstream X-Spam-* headers still count."),
        Setting("spamd_port", 783, "TCP port of spamd (783 is its default).", low=1, high=65535),
        Setting("spamd_timeout", 10, "Seconds allowed for one spamd check; on timeout the "
                "message is judged without it.", low=1, high=600),
        Setting("spamd_threshold", 0.0, "The unit's spam score: spamd's score at or above it "
                "is spam. 0: spamd's own required_score (5.0 by default)."),
        Setting("spamd_learn", True, "Teach spamd's Bayes each clerk's spam or not-spam "
                "decision (spamc -L spam|ham; spamd must run with --allow-tell)."),
    ],
    "learn": [
        Setting("enabled", True, "Let the unit's model (scikit-learn, learnt from its clerks' "
                "decisions) propose a disposition, service, sibling unit and agency with a "
                "confidence; the proposal is shown beside the review form, never pre-filled."),
        Setting("model_path", "", "The model file `intake model train` writes and the "
                "processor reads. Empty: the starting model shipped with the project "
                "(learnt from its example corpus)."),
        Setting("decide_alone", False, "Let the model decide a message the rules held for "
                "review, only where its measured precision on the unit's own history is at "
                "least 99 % (intake model evaluate)."),
        Setting("retrain_hours", 24, "Hours between retrainings by the scheduler (0: never; "
                "needs model_path).", low=0, high=8760),
    ],
    "policy": [
        Setting("machine", "auto", "Auto-replies, bounces, receipts: 'auto' files them; "
                "'review' holds them for a clerk.", choices=("auto", "review", "head")),
        Setting("spam", "auto", "Spam: 'auto' moves it to Junk (only when the rules are "
                "certain; doubtful mail goes to review anyway).",
                choices=("auto", "review", "head")),
        Setting("wrong_channel", "auto", "Wrong channel: 'auto' registers and replies; "
                "'review' or 'head' holds the decision for a clerk or the head of unit.",
                choices=("auto", "review", "head")),
        Setting("forward", "auto", "Forward to a sibling unit.", choices=("auto", "review", "head")),
        Setting("out_of_authority", "auto", "Reply naming the correct agency.",
                choices=("auto", "review", "head")),
        Setting("register", "auto", "Register and acknowledge.", choices=("auto", "review", "head")),
        Setting("reply_cap_per_day", 5, "Automatic replies to one address in 24 hours; past "
                "this the processor stays silent (mail-loop and flood guard).", low=0, high=1000),
    ],
    "cases": [
        Setting("documents_days", 15, "Days the applicant has to send missing documents, from "
                "the day the notice is sent.", low=1, high=365),
        Setting("documents_day_kind", "working", "Count documents_days as 'working' days "
                "(skipping weekends and Thai public holidays) or 'calendar' days.",
                choices=("working", "calendar")),
        Setting("auto_missing_notice", False, "Send the missing-documents notice without a "
                "clerk confirming the completeness check first."),
        Setting("dormancy_days", 30, "Days an unreachable applicant's matter is kept before it "
                "is proposed to the head of unit for disposal (procedure step 2).", low=1, high=3650),
        Setting("statutory_day_kind", "calendar", "Count a service's statutory time (citizen "
                "manual) in 'calendar' or 'working' days, when the unit profile does not say "
                "(its [statutory] day_kind or a service's statutory_day_kind).", choices=("working", "calendar")),
        Setting("warn_days", 3, "Flag a case this many days before its statutory due date.", low=0, high=365),
        Setting("late_notice_every_days", 7, "While a case is late, queue a notice to the "
                "applicant this often (Licensing Facilitation Act: every 7 days).", low=1, high=365),
        Setting("head_reminder_days", 3, "Remind the head of unit when a disposal proposal has "
                "waited this many days, and again every as many days.", low=1, high=365),
        Setting("sweep_time", "06:00", "Local time (HH:MM) of the daily sweep (dormancy, "
                "proposals, late notices, reminders)."),
    ],
    "archive": [
        Setting("enabled", True, "Build one archival PDF/A bundle per registered message "
                "(cover page, body, converted attachments, the original .eml embedded), kept "
                "beside the raw message. Needs LibreOffice and Chromium."),
        Setting("interval", 60, "Seconds between runs of the archive job.", low=1, high=86400),
        Setting("ocr_scans", False, "Lay an invisible Thai+English text layer (tesseract "
                "tha+eng) over every scanned image in the archive, so its words can be "
                "searched and copied; the image itself is kept as it came. Costs a few "
                "seconds a page."),
    ],
    "receipt": [
        Setting("key_file", "", "The unit's private signing key (PEM) for the signed receipt "
                "attached to each acknowledgment (PAdES: เลขรับ, the time the mail entered our "
                "system, the deemed time of receipt, the sha256 of the message). Empty: no "
                "receipt. `intake receipt keygen` makes a self-signed pair; never commit the key.",
                example="var/receipt/key.pem"),
        Setting("certificate_file", "", "The unit's certificate (PEM) matching receipt.key_file; "
                "`intake receipt verify` accepts only a receipt signed with it.",
                example="var/receipt/cert.pem"),
    ],
    "web": [
        Setting("enabled", True, "Serve the web pages for clerks and heads of unit inside "
                "`intake run` (also available alone as `intake serve`)."),
        Setting("host", "127.0.0.1", "Address the web pages listen on; put a TLS reverse "
                "proxy in front to reach them from other machines."),
        Setting("port", 8080, "Port of the web pages.", low=1, high=65535),
        Setting("session_idle_minutes", 30, "A signed-in session ends after this many minutes "
                "without a request.", low=1, high=1440),
        Setting("session_absolute_hours", 10, "A session ends this many hours after sign-in, "
                "whatever happens.", low=1, high=168),
        Setting("public_url", "", "Address the clerks and the head open the pages at (through "
                "the TLS proxy), for the links in the head's daily digest. Empty: the digest "
                "names the pages without a link.", example="https://saraban.example.go.th"),
        Setting("secure_cookies", False, "Send the session cookie only over HTTPS (set true "
                "behind a TLS proxy)."),
    ],
    "alerts": [
        Setting("poll_stale_minutes", 60, "Tell the clerks and the head when a mailbox has had "
                "no successful poll for this long, or its last poll failed (a refused sign-in "
                "among them): the procedure wants the central mailbox checked at least twice "
                "a day.", low=5, high=720),
        Setting("outbox_backlog_minutes", 60, "Tell them when outgoing mail has waited to be "
                "sent this long, or was refused for good (5xx).", low=5, high=1440),
        Setting("held_hours", 24, "Tell them when mail held for a person (a reply to check "
                "before it goes, a message for review) has waited this long.", low=1,
                high=720),
        Setting("digest", True, "Mail the head of unit a digest each morning, after the "
                "daily sweep (cases.sweep_time): approvals waiting, late cases and dormancy "
                "proposals, with links to the pages. Nothing waiting: no mail."),
        Setting("check_minutes", 15, "Minutes between checks by `intake run`; a problem "
                "still there the next day is mailed again, once a day.", low=1, high=1440),
    ],
    "scheduler": [
        Setting("poll_interval", 120, "Seconds between scheduled polls of each mailbox (the "
                "safety net under IMAP IDLE; the procedure wants the central mailbox checked at "
                "least twice a day).", low=1, high=43200),
        Setting("idle", True, "Use IMAP IDLE where the server offers it, so new mail is "
                "handled within seconds."),
        Setting("deliver_interval", 30, "Seconds between outbox delivery runs.", low=1, high=86400),
        Setting("lease_seconds", 300, "A poller's lock on a mailbox expires after this long "
                "without renewal, so a crashed poller never blocks the mailbox for good.", low=1,
                high=86400),
        Setting("decide_workers", 0, "Processes that parse and triage side by side when one "
                "poll finds many messages (a first poll, a backlog import): 0 = one per CPU "
                "core (so none on a one-core machine), 1 = all in the polling process. The "
                "poller still carries the decisions out one by one in the order the mail "
                "arrived, so the registration numbers are the same whatever the number. "
                "Measured: docs/benchmarks.md, section 1.", low=0, high=256),
        Setting("parallel_from", 200, "Decide with workers only when at least this many "
                "messages wait: each worker spends about 2 s of CPU starting (imports, the "
                "profile, the Thai dictionary), which a smaller poll does not pay back.", low=1),
    ],
}

MAILBOX_SETTINGS: list[Setting] = [
    Setting("kind", "imap", "Source of mail: 'imap', or 'maildir' / 'mbox' for mail "
            "delivered locally or exported.", choices=("imap", "maildir", "mbox")),
    Setting("host", "", "IMAP server host.", example="mail.example.go.th"),
    Setting("port", 993, "IMAP port (993 for TLS, 143 for STARTTLS).", low=1, high=65535),
    Setting("security", "tls", "'tls' (implicit), 'starttls', or 'plain' (refused unless the "
            "host is a loopback address).", choices=("tls", "starttls", "plain")),
    Setting("ca_file", "", "PEM file of the certificate authority that signed the IMAP "
            "server's certificate, for a unit's own CA. Empty: the system's trusted CAs."),
    Setting("username", "", "IMAP login.", example="saraban@example.go.th"),
    Setting("auth", "password", "'password' (LOGIN) or 'xoauth2' for hosted mail.",
            choices=("password", "xoauth2")),
    Setting("password_env", "INTAKE_IMAP_PASSWORD", "Environment variable holding the IMAP "
            "password."),
    Setting("oauth_token_env", "INTAKE_IMAP_OAUTH_TOKEN", "Environment variable holding the "
            "OAuth2 access token when auth = 'xoauth2'."),
    Setting("path", "", "Maildir directory or mbox file, for kind 'maildir' or 'mbox'."),
    Setting("folder", "INBOX", "Folder polled for new mail."),
    Setting("processed_folder", "Processed", "Folder a message is moved to once handled."),
    Setting("junk_folder", "Junk", "Folder spam is moved to (the procedure says delete; we "
            "keep it for the audit until the mailbox's own expiry)."),
    Setting("batch_size", 25, "Messages fetched per IMAP FETCH (BODY.PEEK[]).", low=1,
            high=1000),
    Setting("timeout", 60, "Seconds allowed for each IMAP operation.", low=1, high=3600),
    Setting("move_messages", True, "Move handled messages out of the polled folder. Never "
            "uses \\Seen as the queue either way."),
]


@dataclass
class MailboxConfig:
    name: str
    kind: str
    host: str
    port: int
    security: str
    ca_file: str
    username: str
    auth: str
    password_env: str
    oauth_token_env: str
    path: str
    folder: str
    processed_folder: str
    junk_folder: str
    batch_size: int
    timeout: int
    move_messages: bool

    def secret(self) -> str:
        """The password or OAuth token, read from the environment at the moment of use."""
        var = self.oauth_token_env if self.auth == "xoauth2" else self.password_env
        value = os.environ.get(var)
        if not value:
            raise ConfigError(f"mailboxes.{self.name}: environment variable {var} is not set "
                              f"(it holds the IMAP {'token' if self.auth == 'xoauth2' else 'password'})")
        return value


@dataclass
class Config:
    values: dict[str, dict[str, Any]]
    mailboxes: list[MailboxConfig]
    base_dir: Path
    source: Path | None = None
    _profile: Any = field(default=None, repr=False)

    def get(self, dotted: str) -> Any:
        section, key = dotted.split(".", 1)
        return self.values[section][key]

    def path(self, dotted: str) -> Path:
        p = Path(self.get(dotted))
        return p if p.is_absolute() else self.base_dir / p

    @property
    def database_url(self) -> str:
        url = self.get("database.url")
        if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            rel = url[len("sqlite:///"):]
            if rel and rel != ":memory:":
                url = "sqlite:///" + str(self.base_dir / rel)
        password = os.environ.get(self.get("database.password_env"))
        if password and "@" in url and "://" in url:
            from sqlalchemy.engine import make_url
            url = make_url(url).set(password=password).render_as_string(hide_password=False)
        return url

    @property
    def profile(self):
        if self._profile is None:
            from rules.profile import load_profile
            ref = self.get("unit.profile")
            self._profile = load_profile(self.path("unit.profile") if ref else None)
        return self._profile

    def mailbox(self, name: str) -> MailboxConfig:
        for m in self.mailboxes:
            if m.name == name:
                return m
        raise ConfigError(f"no mailbox named {name!r} (known: {[m.name for m in self.mailboxes]})")


def _coerce(where: str, setting: Setting, value: Any) -> Any:
    want = setting.type
    if want is bool and not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if want is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    if want is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        value = float(value)
    if want is str and not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    if setting.choices and value not in setting.choices:
        raise ConfigError(f"{where}: must be one of {', '.join(setting.choices)}; got {value!r}")
    if (setting.low is not None and value < setting.low) or \
            (setting.high is not None and value > setting.high):
        raise ConfigError(f"{where}:{setting.range_text.rstrip('.').lower()}; got {value!r}")
    return value


def _section(where: str, declared: list[Setting], given: dict) -> dict[str, Any]:
    if not isinstance(given, dict):
        raise ConfigError(f"{where}: expected a table")
    known = {s.key: s for s in declared}
    for key in given:
        if key not in known:
            raise ConfigError(f"{where}.{key}: unknown setting (known: {', '.join(known)})")
    return {s.key: _coerce(f"{where}.{s.key}", s, given.get(s.key, s.default)) for s in declared}


def from_dict(data: dict, base_dir: Path, source: Path | None = None) -> Config:
    values: dict[str, dict[str, Any]] = {}
    for section, declared in SETTINGS.items():
        values[section] = _section(section, declared, data.get(section, {}))
    unknown = set(data) - set(SETTINGS) - {"mailboxes"}
    if unknown:
        raise ConfigError(f"{sorted(unknown)[0]}: unknown section (known: "
                          f"{', '.join([*SETTINGS, 'mailboxes'])})")
    mailboxes = []
    for name, table in (data.get("mailboxes") or {}).items():
        mb = MailboxConfig(name=name, **_section(f"mailboxes.{name}", MAILBOX_SETTINGS, table))
        _check_mailbox(mb)
        mailboxes.append(mb)
    import re
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", values["cases"]["sweep_time"]):
        raise ConfigError(f"cases.sweep_time: expected HH:MM, got {values['cases']['sweep_time']!r}")
    out = values["outbox"]
    if out["transport"] == "smtp":
        if not out["smtp_host"]:
            raise ConfigError("outbox.smtp_host: required when outbox.transport = 'smtp'")
        if out["smtp_security"] == "plain" and not is_loopback(out["smtp_host"]):
            raise ConfigError("outbox.smtp_security: 'plain' is allowed only to a loopback host")
    return Config(values=values, mailboxes=mailboxes, base_dir=base_dir, source=source)


def _check_mailbox(mb: MailboxConfig) -> None:
    where = f"mailboxes.{mb.name}"
    if mb.kind == "imap":
        if not mb.host:
            raise ConfigError(f"{where}.host: required for an IMAP mailbox")
        if not mb.username:
            raise ConfigError(f"{where}.username: required for an IMAP mailbox")
        if mb.security == "plain" and not is_loopback(mb.host):
            raise ConfigError(f"{where}.security: 'plain' is allowed only to a loopback host; "
                              "use 'tls' or 'starttls'")
    elif not mb.path:
        raise ConfigError(f"{where}.path: required for a {mb.kind} mailbox")


def warnings(cfg: Config, host: str | None = None) -> list[str]:
    """Settings that load but are probably a mistake; `config check` and the web server say so.

    A session cookie sent without the Secure flag on a public address can be read by anyone
    on the path, and then the session is theirs.
    """
    host = host or cfg.get("web.host")
    found = []
    if cfg.get("web.enabled") and not is_loopback(host) and not cfg.get("web.secure_cookies"):
        found.append(f"web.host = {host!r} is not a loopback address but web.secure_cookies is "
                     "false: the session cookie would travel without TLS; put a TLS proxy in "
                     "front and set web.secure_cookies = true, or listen on 127.0.0.1")
    return found


def is_loopback(host: str) -> bool:
    import ipaddress
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load(path: str | Path | None) -> Config:
    """Load a config file; None gives the embedded defaults (no mailbox, folder outbox)."""
    if path is None:
        return from_dict({}, base_dir=Path.cwd())
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return from_dict(data, base_dir=path.resolve().parent, source=path)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap_comment(text: str) -> list[str]:
    import textwrap
    return ["# " + line for line in textwrap.wrap(text, 88)]


def _comment(s: Setting) -> str:
    return s.help + (f" One of: {', '.join(s.choices)}." if s.choices else "") + s.range_text


def example_toml() -> str:
    """The text of config.example.toml, generated from the declarations above."""
    lines = [
        "# e-Saraban intake processor: configuration.",
        "# Generated by `intake config example` from intake/config.py; every setting is shown",
        "# with its default. Secrets are never written here: each *_env setting names the",
        "# environment variable that holds one. Relative paths are relative to this file.",
        "",
    ]
    for section, declared in SETTINGS.items():
        lines.append(f"[{section}]")
        for s in declared:
            lines += _wrap_comment(_comment(s))
            shown = s.example if s.example is not None else s.default
            lines.append(f"{s.key} = {_toml_value(shown)}")
        lines.append("")
    lines += [
        "# One table per mailbox polled; the name after 'mailboxes.' identifies it in the",
        "# registry (duplicate keys are per mailbox, folder, UIDVALIDITY and UID).",
        "[mailboxes.saraban]",
    ]
    for s in MAILBOX_SETTINGS:
        lines += _wrap_comment(_comment(s))
        shown = s.example if s.example is not None else s.default
        lines.append(f"{s.key} = {_toml_value(shown)}")
    return "\n".join(lines) + "\n"
