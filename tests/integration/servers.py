"""Real servers for the integration tests: Dovecot (IMAP), an aiosmtpd sink (SMTP), PostgreSQL.

Each is started rootless-style by the test itself from Debian's packages, on 127.0.0.1 and a free
high port, with all its files in a private temporary directory. Nothing here is a fake: the code
under test talks to the same daemons it meets in production.

When the tests run as root (CI does), the daemons cannot simply run as root: Dovecot refuses to
deliver mail as uid 0 and PostgreSQL refuses to start as root. Dovecot's master stays root but its
mail and login processes run as `nobody`; PostgreSQL runs as the `postgres` OS user. Their
directories are made with tempfile.mkdtemp under /tmp (world-traversable) and chowned, because
pytest's own tmp dirs are mode 0700 and unreachable for those users.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import grp
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from datetime import UTC

STARTUP_TIMEOUT = 30.0


class ServerError(RuntimeError):
    """A test server did not start or stop; the message carries its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_root() -> bool:
    return os.geteuid() == 0


def find_binary(name: str, *extra_dirs: str) -> str | None:
    """shutil.which, also looking in sbin dirs a non-root PATH often lacks."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *extra_dirs, "/usr/sbin", "/sbin"])
    return shutil.which(name, path=path)


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc})"
    return text[-limit:] or "(log is empty)"


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, gid, follow_symlinks=False)


# --------------------------------------------------------------------------- Dovecot

DOVECOT_CONF = """\
# Written by tests/integration/servers.py: a private, plain-text-on-loopback Dovecot.
instance_name = {instance}
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
debug_log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/tls/server.pem
ssl_key = <{root}/tls/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = {gid}
last_valid_gid = {gid}
mail_location = maildir:{root}/mail/%n
mail_uid = {uid}
mail_gid = {gid}
mail_privileged_group =
mail_access_groups =
mmap_disable = yes
mail_fsync = never
auth_failure_delay = 0
shutdown_clients = yes
imap_idle_notify_interval = 1 secs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
  # No auth penalty: a wrong-password test must not slow every later login from 127.0.0.1.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@dataclasses.dataclass
class DovecotAccount:
    """One IMAP user on a running DovecotServer (an empty mailbox when made), with helpers
    that speak real IMAP; see set_uidvalidity_change for how UIDVALIDITY is made to change."""

    server: DovecotServer
    user: str
    password: str

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @contextlib.contextmanager
    def imap(self) -> Iterator[imaplib.IMAP4]:
        conn = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            conn.login(self.user, self.password)
            yield conn
        finally:
            with contextlib.suppress(Exception):
                conn.logout()

    def client(self):
        """A logged-in imapclient.IMAPClient (plain, loopback); the caller logs out."""
        from imapclient import IMAPClient

        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def folders(self) -> list[str]:
        with self.imap() as conn:
            typ, data = conn.list()
            _check(typ, data, "LIST")
        names = []
        for line in data:
            if not line:
                continue
            text = line.decode() if isinstance(line, bytes) else line
            names.append(_list_name(text))
        return sorted(names)

    def create(self, folder: str) -> None:
        with self.imap() as conn:
            typ, data = conn.create(_quote(folder))
            _check(typ, data, f"CREATE {folder}")

    def delete(self, folder: str) -> None:
        with self.imap() as conn:
            typ, data = conn.delete(_quote(folder))
            _check(typ, data, f"DELETE {folder}")

    def append(self, folder: str, raw: bytes, flags: Iterable[str] = (),
               internaldate: str | None = None) -> int:
        """APPEND raw bytes to folder (created if missing); returns the new UID."""
        if folder not in self.folders():
            self.create(folder)
        flag_text = "(" + " ".join(flags) + ")" if flags else None
        with self.imap() as conn:
            typ, data = conn.append(_quote(folder), flag_text, internaldate, raw)
            _check(typ, data, f"APPEND {folder}")
        # Dovecot answers [APPENDUID <validity> <uid>] (UIDPLUS).
        text = data[0].decode() if isinstance(data[0], bytes) else str(data[0])
        if "APPENDUID" in text:
            return int(text.split("APPENDUID", 1)[1].split()[1].rstrip("]"))
        return max(self.uids(folder))

    def uidvalidity(self, folder: str) -> int:
        with self.imap() as conn:
            typ, data = conn.status(_quote(folder), "(UIDVALIDITY)")
            _check(typ, data, f"STATUS {folder}")
        text = data[0].decode()
        return int(text.split("UIDVALIDITY", 1)[1].strip(" )").split()[0])

    def uids(self, folder: str) -> list[int]:
        with self.imap() as conn:
            typ, data = conn.select(_quote(folder), readonly=True)
            _check(typ, data, f"SELECT {folder}")
            typ, data = conn.uid("SEARCH", None, "ALL")
            _check(typ, data, f"UID SEARCH {folder}")
        return sorted(int(x) for x in data[0].split())

    def fetch_all(self, folder: str) -> list[bytes]:
        """Raw bytes of every message in folder, in UID order."""
        return [raw for _uid, raw, _flags, _date in self.messages(folder)]

    def messages(self, folder: str) -> list[tuple[int, bytes, tuple[str, ...], str]]:
        """(uid, raw bytes, flags, INTERNALDATE) of every message in folder, in UID order."""
        out = []
        with self.imap() as conn:
            typ, data = conn.select(_quote(folder), readonly=True)
            _check(typ, data, f"SELECT {folder}")
            typ, data = conn.uid("SEARCH", None, "ALL")
            _check(typ, data, f"UID SEARCH {folder}")
            for uid in sorted(int(x) for x in data[0].split()):
                typ, parts = conn.uid("FETCH", str(uid), "(FLAGS INTERNALDATE BODY.PEEK[])")
                _check(typ, parts, f"UID FETCH {uid}")
                meta, raw = parts[0]
                flags = tuple(f.decode() for f in imaplib.ParseFlags(meta))
                date = meta.split(b'INTERNALDATE "', 1)[1].split(b'"', 1)[0].decode()
                out.append((uid, raw, flags, date))
        return out

    def maildir(self, folder: str) -> Path:
        """The folder's directory on disk (Maildir++ layout, "." separator, modified UTF-7)."""
        from imapclient import imap_utf7

        home = self.server.root / "mail" / self.user
        if folder.upper() == "INBOX":
            return home
        return home / ("." + imap_utf7.encode(folder).decode("ascii"))

    def set_uidvalidity_change(self, folder: str) -> tuple[int, int]:
        """Make folder's UIDVALIDITY change; returns (old, new).

        Removes the folder's dovecot-uidlist and index files, as when an admin rebuilds or restores
        a mailbox: Dovecot then rebuilds them with a new UIDVALIDITY. The messages, their flags
        and their UID numbers stay, so a client that trusts old UIDs without checking
        UIDVALIDITY would wrongly skip or mix messages. Works for INBOX too.
        """
        old = self.uidvalidity(folder)
        directory = self.maildir(folder)
        for path in [directory / "dovecot-uidlist", *directory.glob("dovecot.index*")]:
            path.unlink(missing_ok=True)
        new = self.uidvalidity(folder)
        if new == old:
            raise ServerError(f"UIDVALIDITY of {folder} did not change ({old})")
        return old, new

    def restart(self) -> None:
        self.server.restart()


def _check(typ: str, data, what: str) -> None:
    if typ != "OK":
        raise ServerError(f"IMAP {what} failed: {typ} {data!r}")


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list_name(line: str) -> str:
    # LIST reply: (flags) "delim" name ; name may be quoted.
    rest = line.split(")", 1)[1].strip()
    _delim, name = rest.split(" ", 1) if not rest.startswith('"') else _split_quoted(rest)
    name = name.strip()
    if name.startswith('"') and name.endswith('"'):
        name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return name


def _split_quoted(rest: str) -> tuple[str, str]:
    end = rest.index('"', 1)
    return rest[: end + 1], rest[end + 1:]


def make_test_tls(folder: Path) -> Path:
    """A throw-away CA and a certificate for 127.0.0.1 signed by it (server.pem/.key);
    returns the CA file a client must trust. Nothing leaves the temp dir."""
    from datetime import datetime, timedelta
    from ipaddress import IPv4Address

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("intake test CA"))
          .issuer_name(name("intake test CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(IPv4Address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(cert.public_bytes(pem))
    (folder / "server.key").write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "server.key").chmod(0o600)
    return folder / "ca.pem"


class DovecotServer:
    """Debian's dovecot-imapd, started by the test with a config in a private temp dir."""

    host = "127.0.0.1"

    def __init__(self, binary: str | None = None):
        self.binary = binary or find_binary("dovecot")
        if not self.binary:
            raise ServerError("dovecot not found (Debian package dovecot-imapd)")
        self.root = Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
        self.port = free_port()  # plain and STARTTLS
        self.tls_port = free_port()  # implicit TLS (imaps)
        if is_root():
            # Dovecot will not run mail processes as root; `nobody` owns the mail.
            self.run_user, self.run_group = "nobody", grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
        else:
            self.run_user = pwd.getpwuid(os.getuid()).pw_name
            self.run_group = grp.getgrgid(os.getgid()).gr_name
        self.uid = pwd.getpwnam(self.run_user).pw_uid
        self.gid = grp.getgrnam(self.run_group).gr_gid
        self.conf = self.root / "dovecot.conf"
        self.log = self.root / "dovecot.log"
        self.passwd = self.root / "passwd"
        self.proc: subprocess.Popen | None = None
        self._users: dict[str, str] = {}
        self._pool: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._write_files()
        self._grow_pool()

    def _write_files(self) -> None:
        for sub in ("mail", "home", "state", "tls"):
            (self.root / sub).mkdir(exist_ok=True)
        self.ca_file = make_test_tls(self.root / "tls")
        self.conf.write_text(DOVECOT_CONF.format(
            root=self.root, port=self.port, tls_port=self.tls_port,
            user=self.run_user, group=self.run_group,
            uid=self.uid, gid=self.gid, instance=f"intake-test-{self.port}"))
        self.log.touch()
        self.root.chmod(0o755)
        if is_root():
            _chown_tree(self.root, self.uid, self.gid)
            # state_dir holds master's files; log is written by the (root) log process.
            os.chown(self.root / "state", 0, 0)
            os.chown(self.log, 0, 0)

    def add_user(self) -> DovecotAccount:
        """A new user with an empty mailbox.

        Users come from a pool written to the passwd-file before the server starts: Dovecot
        notices a changed passwd-file only after a while, so adding lines later would be slow.
        """
        with self._lock:
            if not self._pool:
                self._grow_pool()
            user, password = self._pool.pop(0)
        return DovecotAccount(self, user, password)

    def _grow_pool(self, count: int = 200) -> None:
        fresh = [(f"user{uuid.uuid4().hex[:10]}", uuid.uuid4().hex) for _ in range(count)]
        self._users.update(fresh)
        lines = "".join(f"{u}:{{PLAIN}}{p}::::\n" for u, p in self._users.items())
        tmp = self.passwd.with_suffix(".new")
        tmp.write_text(lines)
        if is_root():
            os.chown(tmp, self.uid, self.gid)
        os.replace(tmp, self.passwd)
        self._pool.extend(fresh)
        if self.proc is not None:  # running: wait until Dovecot has re-read the file
            self._wait_login(DovecotAccount(self, *fresh[-1]))

    def start(self) -> None:
        if self.proc and self.proc.poll() is None:
            return
        self.proc = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.conf)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        self._wait_login(DovecotAccount(self, *next(iter(self._users.items()))))

    def _wait_login(self, account: DovecotAccount) -> None:
        """Ready means a real LOGIN succeeds, not merely an open port."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                out = self.proc.stdout.read().decode(errors="replace") if self.proc.stdout else ""
                raise ServerError(f"dovecot exited with {self.proc.returncode}: {out}\n"
                                  f"--- {self.log}:\n{_tail(self.log)}")
            try:
                with account.imap():
                    return
            except (OSError, imaplib.IMAP4.error) as exc:
                last = exc
                time.sleep(0.1)
        raise ServerError(f"dovecot on {self.host}:{self.port} not ready after "
                          f"{STARTUP_TIMEOUT}s (last error: {last!r})\n"
                          f"--- {self.log}:\n{_tail(self.log)}")

    def stop(self) -> None:
        """Stop master and every child (imap sessions too: a restart drops clients, as a real
        one does). They share the process group made at start."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        if proc.stdout:
            proc.stdout.close()
        self._wait_port_closed()

    def _wait_port_closed(self) -> None:
        # Child processes (imap, imap-login) exit shortly after the master.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                sock.settimeout(0.2)
                if sock.connect_ex((self.host, self.port)) != 0:
                    return
            time.sleep(0.05)

    def restart(self) -> None:
        """Stop and start again on the same port with the same mail and users."""
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log_text(self) -> str:
        return _tail(self.log)


# --------------------------------------------------------------------------- SMTP sink

@dataclasses.dataclass(frozen=True)
class CapturedMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


class _SinkHandler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.sink._lock:
            reply = self.sink._rejects.get(address.lower())
            if reply is None and self.sink._temp_stage == "RCPT":
                reply = self.sink._take_temporary()
        if reply:
            self._close_after_421(server, reply)
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.sink._lock:
            reply = self.sink._take_temporary() if self.sink._temp_stage == "DATA" else None
            if reply:
                self._close_after_421(server, reply)
                return reply
            self.sink.messages.append(CapturedMessage(
                envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 Message accepted for delivery"

    @staticmethod
    def _close_after_421(server, reply: str) -> None:
        # 421 means "closing transmission channel": do close it, as real servers do.
        if reply.startswith("421") and server.transport is not None:
            asyncio.get_running_loop().call_later(0.05, server.transport.close)


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it accepts in `messages`.

    Failure modes:
    - `fail_temporarily(times, code=451, stage="RCPT"|"DATA")`: the next `times` transactions
      (None: until `recover()`) get a 4xx reply; 421 also closes the connection.
    - `reject_recipient(address, code=550)`: a permanent refusal for one recipient.
    - `stop()` / `start()` or `with sink.down():` — nothing listens on the port meanwhile.
    """

    host = "127.0.0.1"

    def __init__(self):
        self.port = free_port()
        self.messages: list[CapturedMessage] = []
        self._lock = threading.Lock()
        self._rejects: dict[str, str] = {}
        self._temp_left: int | None = 0
        self._temp_reply = ""
        self._temp_stage = ""
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        if self.controller is not None:
            return
        # A Controller's loop is closed on stop, so each start makes a new one (same port).
        self.controller = Controller(_SinkHandler(self), hostname=self.host, port=self.port,
                                     decode_data=False, enable_SMTPUTF8=True,
                                     data_size_limit=50 * 1024 * 1024, ready_timeout=10)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.controller.start()
                return
            except OSError:  # port still in TIME_WAIT-ish use right after stop
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        self.stop()
        try:
            yield
        finally:
            self.start()

    def fail_temporarily(self, times: int | None = 1, code: int = 451,
                         stage: str = "RCPT") -> None:
        if not 400 <= code < 500:
            raise ValueError("temporary failures are 4xx")
        if stage not in ("RCPT", "DATA"):
            raise ValueError("stage is RCPT or DATA")
        text = {421: "4.3.2 Service not available, closing channel",
                450: "4.2.1 Mailbox busy, try again later"}.get(code, "4.3.0 Try again later")
        with self._lock:
            self._temp_left, self._temp_reply, self._temp_stage = times, f"{code} {text}", stage

    def reject_recipient(self, address: str, code: int = 550) -> None:
        if not 500 <= code < 600:
            raise ValueError("permanent failures are 5xx")
        with self._lock:
            self._rejects[address.lower()] = f"{code} 5.1.1 <{address}>: Recipient address rejected"

    def recover(self) -> None:
        """Forget every failure mode: accept everything again."""
        with self._lock:
            self._rejects.clear()
            self._temp_left, self._temp_reply, self._temp_stage = 0, "", ""

    def _take_temporary(self) -> str | None:
        if self._temp_left is None:
            return self._temp_reply
        if self._temp_left > 0:
            self._temp_left -= 1
            return self._temp_reply
        return None

    def reset(self) -> None:
        self.recover()
        with self._lock:
            self.messages.clear()


# --------------------------------------------------------------------------- PostgreSQL

PG_BINDIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
              "/usr/lib/postgresql/17/bin")


def find_postgres_bindir() -> str | None:
    for bindir in PG_BINDIRS:
        if os.access(os.path.join(bindir, "postgres"), os.X_OK) and \
                os.access(os.path.join(bindir, "initdb"), os.X_OK):
            return bindir
    found = shutil.which("postgres")
    return os.path.dirname(found) if found and shutil.which("initdb") else None


class PostgresServer:
    """A throw-away PostgreSQL cluster: initdb in a temp dir, trust auth on 127.0.0.1 only."""

    host = "127.0.0.1"
    superuser = "postgres"

    def __init__(self, bindir: str):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="intake-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.run_as = "postgres" if is_root() else None
        self.root.chmod(0o755)
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)

    def _run_kwargs(self) -> dict:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"}
        if self.run_as:
            pw = pwd.getpwnam(self.run_as)
            return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": [],
                    "env": {**env, "HOME": pw.pw_dir, "USER": self.run_as}, "cwd": self.root}
        return {"env": env, "cwd": self.root}

    def start(self) -> None:
        if not self.data.exists():
            result = subprocess.run(
                [f"{self.bindir}/initdb", "-D", str(self.data), "-U", self.superuser,
                 "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
                capture_output=True, text=True, **self._run_kwargs())
            if result.returncode != 0:
                raise ServerError(f"initdb failed ({result.returncode}):\n{result.stdout}\n"
                                  f"{result.stderr}")
        logf = open(self.log, "ab")
        try:
            if self.run_as:
                pw = pwd.getpwnam(self.run_as)
                os.chown(self.log, pw.pw_uid, pw.pw_gid)
            self.proc = subprocess.Popen(
                [f"{self.bindir}/postgres", "-D", str(self.data), "-p", str(self.port),
                 "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}",
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=100"],
                stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                start_new_session=True, **self._run_kwargs())
        finally:
            logf.close()
        self._wait_ready()

    def _wait_ready(self) -> None:
        import psycopg

        deadline = time.monotonic() + STARTUP_TIMEOUT
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"postgres exited with {self.proc.returncode}:\n"
                                  f"{_tail(self.log)}")
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError as exc:
                last = exc
                time.sleep(0.1)
        raise ServerError(f"postgres not ready after {STARTUP_TIMEOUT}s ({last!r}):\n"
                          f"{_tail(self.log)}")

    def dsn(self, dbname: str) -> str:
        return f"postgresql://{self.superuser}@{self.host}:{self.port}/{dbname}"

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL for the psycopg 3 driver."""
        return f"postgresql+psycopg://{self.superuser}@{self.host}:{self.port}/{dbname}"

    def create_database(self, name: str | None = None) -> str:
        import psycopg

        name = name or f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)  # "fast" shutdown
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


# ------------------------------------------------------------------------------ spamd ----
SPAMD_START_TIMEOUT = 90.0  # spamd compiles its whole rule set before it listens
PROJECT_RULES = Path(__file__).resolve().parents[2] / "rules" / "spamassassin"


def find_spamd() -> str | None:
    return find_binary("spamd")


class SpamdServer:
    """SpamAssassin's spamd on 127.0.0.1, as a unit's mail host runs it but local tests
    only (--local: no DNS, no network): the stock rules, the site config of
    /etc/spamassassin (its plugin .pre files and local.cf) copied into a private site
    directory with the project's rules (rules/spamassassin/*.cf) beside them, and a
    Bayes database of its own that `learn` (spamc -L) writes to (--allow-tell).

    bayes_min: the number of learnt spams and hams Bayes waits for before it scores
    (SpamAssassin's default is 200 of each)."""

    def __init__(self, binary: str | None = None, *, project_rules: bool = True,
                 bayes_min: int = 200):
        self.binary = binary or find_spamd()
        if not self.binary:
            raise ServerError("spamd is not installed (Debian package spamd)")
        self.project_rules, self.bayes_min = project_rules, bayes_min
        self.work = Path(tempfile.mkdtemp(prefix="spamd-"))
        self.work.chmod(0o777)  # spamd drops to nobody and writes its pid and Bayes here
        self.port = free_port()
        self.log = self.work / "spamd.log"
        self.proc: subprocess.Popen | None = None

    def _write_site(self) -> Path:
        site = self.work / "site"
        site.mkdir(exist_ok=True)
        for f in Path("/etc/spamassassin").glob("*.pre"):
            shutil.copy(f, site / f.name)
        bayes = self.work / "bayes"
        bayes.mkdir(exist_ok=True)
        bayes.chmod(0o777)
        (site / "local.cf").write_text(
            f"bayes_path {bayes}/bayes\nbayes_file_mode 0666\n"
            f"bayes_min_spam_num {self.bayes_min}\nbayes_min_ham_num {self.bayes_min}\n"
            "bayes_auto_learn 0\nuse_auto_whitelist 0\nnormalize_charset 1\n")
        if self.project_rules:
            for f in PROJECT_RULES.glob("*.cf"):
                shutil.copy(f, site / f.name)
        return site

    def start(self) -> None:
        site = self._write_site()
        cmd = [self.binary, f"--listen=127.0.0.1:{self.port}", "--allowed-ips=127.0.0.1",
               "--local", "--nouser-config", "--allow-tell", f"--siteconfigpath={site}",
               f"--pidfile={self.work / 'spamd.pid'}", "--syslog=stderr",
               "--max-children=2", "--min-children=1"]
        if is_root():
            cmd.append("--username=nobody")
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                         cwd=self.work, start_new_session=True)
        deadline = time.monotonic() + SPAMD_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"spamd exited ({self.proc.returncode}):\n{_tail(self.log)}")
            if "server successfully spawned child" in self.log.read_text(errors="replace"):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
                except OSError:
                    pass
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"spamd not ready within {SPAMD_START_TIMEOUT:g} s:\n{_tail(self.log)}")

    def client(self, timeout: float = 30.0):
        from rules.spamd import SpamdClient

        return SpamdClient("127.0.0.1", self.port, timeout=timeout)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # spamd stops its children itself
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.work, ignore_errors=True)
