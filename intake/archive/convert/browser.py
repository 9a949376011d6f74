"""One headless Chromium kept running to print our pages to PDF.

Starting Chromium costs about a second; a running one prints a page in tens of
milliseconds (bench/conversion.py), and an archive bundle needs several pages (the cover,
the body, the receipt stamps). So, like the warm office, one browser is started on first
use and driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: fd 3 in,
fd 4 out, NUL-terminated JSON; no port is opened). Each page is printed in a fresh tab
that starts at about:blank, gets its HTML set directly (no file: origin, so a page cannot
read local files) and has every network request refused by the Fetch domain, with the
proxy to nowhere as a second fence. The browser is restarted after `max_pages` pages, and
killed and restarted after a timeout or a crash.

The pages are our own (sanitised mail bodies, covers, letters, stamps); untrusted mail
HTML only ever arrives here after `sanitize_html`.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import signal
import tempfile
import threading
import time

# what a print may wait for at the most before the page counts as ready anyway
READY_JS = """Promise.race([
  Promise.all([document.fonts.ready].concat(Array.from(document.images).map(
    i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })))),
  new Promise(r => setTimeout(r, 5000))]).then(() => true)"""

# Chromium's switches, for the warm browser and the cold `--print-to-pdf` (html.py) alike
ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-extensions", "--disable-default-apps",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection",
    "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--dns-prefetch-disable", "--disable-features=Translate,MediaRouter,OptimizationHints",
)


class BrowserError(RuntimeError):
    """The browser failed, crashed or took too long; it has been stopped."""


class _Closed(BrowserError):
    """The browser's end of the pipe is gone: it exited or crashed."""


def _high_fd(fd: int) -> int:
    """The same pipe end as a close-on-exec fd >= 10, so dup2 onto 3 and 4 cannot clash."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class WarmChromium:
    def __init__(self, binary: str, *, env: dict[str, str], max_pages: int = 200):
        self.binary, self.env, self.max_pages = binary, env, max_pages
        self.pid: int | None = None
        self.pages = 0  # printed by the running browser
        self.starts = 0
        self._lock = threading.Lock()
        self._next_id = 0
        self._buf = bytearray()

    # ------------------------------------------------------------ the process ----
    @property
    def running(self) -> bool:
        if self.pid is None:
            return False
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        if done:
            self._forget()
            return False
        return True

    def _start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="intake-chromium-")
        cmd_r, self._cmd_w = (_high_fd(f) for f in os.pipe())
        self._out_r, out_w = (_high_fd(f) for f in os.pipe())
        null = os.open(os.devnull, os.O_RDWR | os.O_CLOEXEC)
        env = {**self.env, "HOME": self._tmp.name}
        args = [self.binary, *ARGS, f"--user-data-dir={self._tmp.name}/profile",
                "--remote-debugging-pipe", "about:blank"]
        try:
            # posix_spawn, not fork + preexec_fn: safe in the daemon's threads
            self.pid = os.posix_spawn(self.binary, args, env, setsid=True, file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1),
                (os.POSIX_SPAWN_DUP2, null, 2), (os.POSIX_SPAWN_DUP2, cmd_r, 3),
                (os.POSIX_SPAWN_DUP2, out_w, 4)])
        finally:
            for fd in (cmd_r, out_w, null):
                os.close(fd)
        self.starts += 1
        self.pages = 0
        self._buf = bytearray()

    def _forget(self) -> None:
        for name in ("_cmd_w", "_out_r"):
            fd = getattr(self, name, None)
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(self, name, None)
        self.pid = None
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
            self._tmp = None

    def close(self) -> None:
        """Stop the browser (its whole process group)."""
        with self._lock:
            self._kill()

    def _kill(self) -> None:
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        self._forget()

    # -------------------------------------------------------------- protocol ----
    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._cmd_w, data):]
        return self._next_id

    def _read(self, deadline: float) -> dict:
        scanned = 0  # a printed PDF arrives in many chunks: look for the end in new bytes only
        while (end := self._buf.find(b"\0", scanned)) < 0:
            scanned = len(self._buf)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._out_r], [], [], left)
            if ready:
                chunk = os.read(self._out_r, 1 << 20)
                if not chunk:
                    raise _Closed("the browser closed its pipe (it crashed)")
                self._buf += chunk
        raw = bytes(self._buf[:end])
        del self._buf[:end + 1]
        return json.loads(raw)

    def _call(self, method: str, params: dict | None, session: str | None,
              deadline: float) -> dict:
        want = self._send(method, params, session)
        while True:
            msg = self._read(deadline)
            if msg.get("method") == "Fetch.requestPaused":  # a page asked for the network
                self._send("Fetch.failRequest", {"requestId": msg["params"]["requestId"],
                                                 "errorReason": "BlockedByClient"},
                           msg.get("sessionId"))
            elif msg.get("id") == want:
                if "error" in msg:
                    raise BrowserError(f"{method}: {msg['error'].get('message', msg['error'])}")
                return msg.get("result", {})

    # ----------------------------------------------------------------- print ----
    def print_pdf(self, page_html: str, *, timeout: float = 60) -> bytes:
        """One complete page (our HTML, with @page size) printed to PDF."""
        with self._lock:
            if self.pid is not None and self.pages >= self.max_pages:
                self._kill()  # recycled: a long-running browser grows
            deadline = time.monotonic() + timeout
            try:
                return self._print_once(page_html, deadline, timeout)
            except _Closed:
                # the browser had died (or died with this page): one fresh browser, one try
                self._kill()
                try:
                    return self._print_once(page_html, deadline, timeout)
                except _Closed as exc:
                    self._kill()
                    raise BrowserError(f"the browser failed: {exc}") from None

    def _print_once(self, page_html: str, deadline: float, timeout: float) -> bytes:
        if not self.running:
            self._start()
        try:
            return self._print(page_html, deadline)
        except TimeoutError:
            self._kill()
            raise BrowserError(f"rendering took longer than {timeout:.0f} s; stopped") from None
        except BrokenPipeError as exc:
            raise _Closed(f"the browser's pipe is broken ({exc})") from None
        except _Closed:
            raise
        except (BrowserError, OSError, ValueError) as exc:
            self._kill()
            raise BrowserError(f"the browser failed: {exc}") from None

    def _print(self, page_html: str, deadline: float) -> bytes:
        target = self._call("Target.createTarget", {"url": "about:blank"}, None,
                            deadline)["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True},
                             None, deadline)["sessionId"]
        call = lambda m, p=None: self._call(m, p, session, deadline)  # noqa: E731
        call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        frame = call("Page.getFrameTree")["frameTree"]["frame"]["id"]
        call("Page.setDocumentContent", {"frameId": frame, "html": page_html})
        call("Runtime.evaluate", {"expression": READY_JS, "awaitPromise": True})
        result = call("Page.printToPDF", {
            "printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False,
            "generateDocumentOutline": False, "transferMode": "ReturnAsBase64"})
        # (after a failure the whole browser is killed instead, tabs and all)
        self._call("Target.closeTarget", {"targetId": target}, None, deadline)
        self.pages += 1
        return base64.b64decode(result["data"])


_shared: WarmChromium | None = None
_shared_lock = threading.Lock()


def _forget_in_child() -> None:
    # a forked child must not talk over its parent's pipe: it starts its own browser
    global _shared, _shared_lock
    _shared, _shared_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_in_child)


def shared_browser(binary: str, env: dict[str, str]) -> WarmChromium:
    """The process's one warm browser (started on its first page)."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.binary != binary:
            _shared = WarmChromium(binary, env=env)
        return _shared
