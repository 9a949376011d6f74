"""Office documents (docx, doc, odt, rtf, xlsx, xls, ods, pptx, ...) to PDF with a WARM
LibreOffice.

One soffice process is started once and kept running (a cold `soffice --convert-to`
costs seconds of start-up per file). It listens on a named pipe (no TCP port), runs with
its own user profile where macros are disabled, remote links blocked and formulas never
recalculated on load, and gets the project's fonts through FONTCONFIG_FILE. A small
worker under the system python3 (which has Debian's python3-uno) drives it.

Each document has a timeout: past it the office process is killed, the document is
flagged, and the next document starts a fresh office. The office is also recycled after
`max_documents` conversions, and after a crash. Zip containers (docx, xlsx, odt, ...) are
checked for zip bombs before LibreOffice sees them.
"""
from __future__ import annotations

import io
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
import zipfile
from pathlib import Path

from intake.fonts import subprocess_env

log = logging.getLogger(__name__)

SOFFICE = os.environ.get("INTAKE_SOFFICE", "soffice")
UNO_PYTHON = os.environ.get("INTAKE_UNO_PYTHON", "/usr/bin/python3")
WORKER = Path(__file__).resolve().parent / "uno_worker.py"

# type -> the extension the input file is given (LibreOffice picks its filter by content,
# the extension only helps); never the sender's file name
OFFICE_TYPES = {
    "docx": "docx", "doc": "doc", "odt": "odt", "rtf": "rtf", "xlsx": "xlsx", "xls": "xls",
    "ods": "ods", "pptx": "pptx", "ppt": "ppt", "odp": "odp",
}
ZIP_TYPES = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
MAX_SIZE = 30 * 1024 * 1024  # bytes of the attachment itself
MAX_UNCOMPRESSED = 150 * 1024 * 1024  # total of a zip container's members
MAX_RATIO = 100  # uncompressed / compressed, over the whole container
MAX_MEMBERS = 5000

# The office's profile: what a user would set in Tools > Options > Security, as data.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class OfficeError(Exception):
    """A document LibreOffice did not convert; the message is the reason shown to people."""


def check_zip_container(data: bytes, kind: str) -> None:
    """Refuse a zip bomb (or a damaged container) before LibreOffice opens it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise OfficeError(f"not a valid {kind} file (damaged zip container: {exc})") from None
    if len(members) > MAX_MEMBERS:
        raise OfficeError(f"refused: the {kind} container has {len(members)} parts "
                          f"(limit {MAX_MEMBERS})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise OfficeError(f"refused as a zip bomb: the {kind} file expands to "
                          f"{total // (1024 * 1024)} MB (limit {MAX_UNCOMPRESSED // (1024 * 1024)} MB)")
    if total > 1024 * 1024 and total / max(len(data), 1) > MAX_RATIO:
        raise OfficeError(f"refused as a zip bomb: the {kind} file expands "
                          f"{total / max(len(data), 1):.0f} times (limit {MAX_RATIO})")


def check_office_input(data: bytes, kind: str) -> None:
    if len(data) > MAX_SIZE:
        raise OfficeError(f"too large for conversion ({len(data) // (1024 * 1024)} MB, "
                          f"limit {MAX_SIZE // (1024 * 1024)} MB)")
    if kind in ZIP_TYPES:
        check_zip_container(data, kind)


def _kill_group(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


class OfficeServer:
    """A warm LibreOffice: start once, convert many, restart after a crash, a timeout or
    `max_documents` conversions. Thread-safe (one conversion at a time)."""

    def __init__(self, *, max_documents: int = 200, start_timeout: float = 90,
                 workdir: str | Path | None = None):
        self.max_documents = max_documents
        self.start_timeout = start_timeout
        self._own_dir = workdir is None
        self.dir = Path(workdir or tempfile.mkdtemp(prefix="intake-office-"))
        self.profile = self.dir / "profile"
        self._lock = threading.Lock()
        self._soffice: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self.converted = 0  # documents since the last (re)start
        self.starts = 0

    # ------------------------------------------------------------ lifecycle ----
    def _prepare_profile(self) -> None:
        user = self.profile / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")

    def start(self) -> None:
        if shutil.which(SOFFICE) is None:
            raise OfficeError("LibreOffice (soffice) is not installed")
        self._prepare_profile()
        pipe = f"intake_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        env = subprocess_env()
        env["SAL_USE_VCLPLUGIN"] = "svp"
        env["HOME"] = str(self.dir)
        self._soffice = subprocess.Popen(
            [SOFFICE, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "--nolockcheck", "--nofirststartwizard",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
             f"-env:UserInstallation={self.profile.as_uri()}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True)
        self._worker = subprocess.Popen(
            [UNO_PYTHON, str(WORKER), f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext",
             str(self.start_timeout)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True, text=True)
        answer = self._read(self.start_timeout)
        if not answer or not answer.get("ready"):
            self.stop()
            raise OfficeError("LibreOffice did not start")
        self.converted = 0
        self.starts += 1

    def stop(self) -> None:
        worker, soffice = self._worker, self._soffice
        self._worker = self._soffice = None
        if worker is not None:
            try:
                worker.stdin.close()
            except OSError:
                pass
            _kill_group(worker)
        _kill_group(soffice)

    def close(self) -> None:
        with self._lock:
            self.stop()
            if self._own_dir:
                shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def running(self) -> bool:
        return (self._soffice is not None and self._soffice.poll() is None
                and self._worker is not None and self._worker.poll() is None)

    # ------------------------------------------------------------ converting ----
    def _read(self, timeout: float) -> dict | None:
        assert self._worker is not None and self._worker.stdout is not None
        ready, _, _ = select.select([self._worker.stdout], [], [], timeout)
        if not ready:
            return None
        line = self._worker.stdout.readline()
        return json.loads(line) if line else None

    def convert(self, data: bytes, kind: str, *, timeout: float = 60) -> bytes:
        """PDF bytes of one office document, or OfficeError with the reason."""
        if kind not in OFFICE_TYPES:
            raise OfficeError(f"not an office type: {kind}")
        check_office_input(data, kind)
        return self._run(data, OFFICE_TYPES[kind], None, "pdf", timeout)

    def export(self, data: bytes, in_ext: str, filter_name: str, out_ext: str, *,
               timeout: float = 60) -> bytes:
        """Save a document in another format with a named LibreOffice filter (used to make
        real docx/xls/pptx... test documents from generated flat ODF sources)."""
        return self._run(data, in_ext, filter_name, out_ext, timeout)

    def _run(self, data: bytes, in_ext: str, filter_name: str | None, out_ext: str,
             timeout: float) -> bytes:
        with self._lock:
            if not self.running or self.converted >= self.max_documents:
                self.stop()
                self.start()
            job = Path(tempfile.mkdtemp(prefix="doc-", dir=self.dir))
            try:
                src, dst = job / f"input.{in_ext}", job / f"output.{out_ext}"
                src.write_bytes(data)
                request = {"src": str(src), "dst": str(dst)}
                if filter_name:
                    request["filter"] = filter_name
                self._worker.stdin.write(json.dumps(request) + "\n")
                self._worker.stdin.flush()
                answer = self._read(timeout)
                self.converted += 1
                if answer is None:
                    timed_out = self.running
                    self.stop()  # killed at its timeout (or it died): the next one restarts
                    if timed_out:
                        raise OfficeError(f"conversion took longer than {timeout:.0f} s; stopped")
                    raise OfficeError("LibreOffice crashed on this document")
                if not answer.get("ok"):
                    if not self.running:
                        self.stop()
                    raise OfficeError(f"LibreOffice could not convert it: {answer.get('error')}")
                if not dst.exists() or dst.stat().st_size == 0:
                    raise OfficeError("LibreOffice produced no output")
                return dst.read_bytes()
            finally:
                shutil.rmtree(job, ignore_errors=True)


_shared: OfficeServer | None = None
_shared_lock = threading.Lock()


def shared_office() -> OfficeServer:
    """The process's warm office, started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            import atexit

            _shared = OfficeServer()
            atexit.register(_shared.close)
        return _shared


def convert_cold(data: bytes, kind: str, *, timeout: float = 120) -> bytes:
    """The cold path (`soffice --headless --convert-to pdf`, one process per file), kept only
    to compare with the warm office (scripts measure both); not used by the pipeline."""
    check_office_input(data, kind)
    with tempfile.TemporaryDirectory(prefix="intake-cold-") as tmp:
        src = Path(tmp) / f"input.{OFFICE_TYPES[kind]}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        env = subprocess_env()
        env["HOME"] = tmp
        proc = subprocess.Popen(
            [SOFFICE, "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
             "--outdir", tmp, str(src)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise OfficeError(f"conversion took longer than {timeout:.0f} s; stopped") from None
        out = Path(tmp) / "input.pdf"
        if not out.exists():
            raise OfficeError("LibreOffice produced no PDF")
        return out.read_bytes()
