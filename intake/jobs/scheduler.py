"""The daemon (`intake run`): APScheduler runs the polls and the outbox delivery; an IMAP
IDLE watcher per mailbox wakes the poll as soon as the server announces new mail, so
mail is handled in seconds while the scheduled poll stays as the safety net.
"""
from __future__ import annotations

import logging
import signal
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from apscheduler.schedulers.background import BackgroundScheduler

from intake.config import MailboxConfig
from intake.fetch.base import MailboxError
from intake.fetch.imap import ImapSource
from intake.outbox.deliver import deliver_due
from intake.runtime import Runtime

if TYPE_CHECKING:
    from intake.pipeline import Processor  # the polls need it; everything else the Runtime

log = logging.getLogger(__name__)

IDLE_RENEW_SECONDS = 300  # RFC 2177: re-issue IDLE well before the server's 29 minutes


# Set by the IDLE watcher when the server announces mail. A poll already running may have
# searched for new UIDs before that mail arrived, and the scheduler will not start a second
# run of the same job meanwhile; so the running poll looks again before it returns.
_wake: dict[str, threading.Event] = {}


def _poll_and_deliver(processor: Processor, mb: MailboxConfig) -> None:
    wake = _wake.setdefault(mb.name, threading.Event())
    for _ in range(100):  # bounded: a flood of mail cannot keep one job running forever
        wake.clear()
        report = processor.poll(mb)
        if report.error:
            log.warning("poll %s: %s", mb.name, report.error)
        deliver_due(processor.rt)
        if not wake.is_set():
            return


def build_scheduler(processor: Processor) -> BackgroundScheduler:
    rt = processor.rt
    cfg = rt.config
    sched = BackgroundScheduler(timezone=cfg.get("unit.timezone"),
                                job_defaults={"coalesce": True, "max_instances": 1,
                                              "misfire_grace_time": 60})
    now = datetime.now(UTC)
    for mb in cfg.mailboxes:
        sched.add_job(_poll_and_deliver, "interval", args=(processor, mb), id=f"poll:{mb.name}",
                      seconds=cfg.get("scheduler.poll_interval"), next_run_time=now)
    sched.add_job(deliver_due, "interval", args=(rt,), id="deliver",
                  seconds=cfg.get("scheduler.deliver_interval"))
    if cfg.get("archive.enabled"):
        from intake.archive.job import archive_pending

        sched.add_job(archive_pending, "interval", args=(rt,), id="archive",
                      seconds=cfg.get("archive.interval"))
    sched.add_job(_alerts, "interval", args=(rt,), id="alerts",
                  minutes=cfg.get("alerts.check_minutes"))
    hour, minute = (int(x) for x in cfg.get("cases.sweep_time").split(":"))
    sched.add_job(_daily_sweep, "cron", args=(rt,), id="sweep", hour=hour, minute=minute)
    if cfg.get("learn.enabled") and cfg.get("learn.model_path") and cfg.get("learn.retrain_hours"):
        from intake.learn.retrain import retrain

        sched.add_job(retrain, "interval", args=(rt,), id="retrain",
                      hours=cfg.get("learn.retrain_hours"))
    return sched


def _alerts(rt: Runtime) -> None:
    from intake.jobs.alerts import send_alerts

    mailed = send_alerts(rt)
    if mailed:
        log.warning("alerts mailed to %s", ", ".join(mailed))
        deliver_due(rt)


def _daily_sweep(rt: Runtime) -> None:
    from intake.cases.lifecycle import sweep

    report = sweep(rt)
    log.info("sweep %s: dormant %s, proposed %s, late notices %s, reminders %s", report.as_of,
             report.dormant, report.proposed, report.late_notices, report.reminders)
    if rt.config.get("alerts.digest"):
        from intake.jobs.digest import queue_digest

        log.info("digest mailed to %s", queue_digest(rt) or "nobody (nothing waiting)")
    deliver_due(rt)


def idle_watcher(mb: MailboxConfig, sched: BackgroundScheduler, stop: threading.Event) -> None:
    """Keep one IDLE connection; on new mail run the mailbox's poll job now."""
    while not stop.is_set():
        try:
            with ImapSource(mb) as src:
                if not src.supports_idle():
                    log.info("%s: server has no IDLE; scheduled polling only", mb.name)
                    return
                src.select(mb.folder)
                while not stop.is_set():
                    if src.wait_for_mail(IDLE_RENEW_SECONDS):
                        _wake.setdefault(mb.name, threading.Event()).set()
                        sched.modify_job(f"poll:{mb.name}",
                                         next_run_time=datetime.now(UTC))
        except MailboxError as exc:
            log.warning("%s: IDLE connection lost (%s); reconnecting", mb.name, exc)
            stop.wait(10)


def run_daemon(processor: Processor, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    rt = processor.rt
    sched = build_scheduler(processor)
    sched.start()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    if rt.config.get("scheduler.idle"):
        for mb in rt.config.mailboxes:
            if mb.kind == "imap":
                threading.Thread(target=idle_watcher, args=(mb, sched, stop),
                                 name=f"idle:{mb.name}", daemon=True).start()
    server = _start_web(rt) if rt.config.get("web.enabled") else None
    log.info("intake running: %d mailbox(es)", len(rt.config.mailboxes))
    stop.wait()
    if server is not None:
        server.close()
    sched.shutdown(wait=True)


def _start_web(rt: Runtime):
    """The clerks' web pages in a thread of the daemon (waitress)."""
    from waitress.server import create_server

    from intake.config import warnings
    from intake.web import create_app

    for warning in warnings(rt.config):
        log.warning("%s", warning)
    server = create_server(create_app(rt), host=rt.config.get("web.host"),
                           port=rt.config.get("web.port"), threads=4, ident="intake")
    threading.Thread(target=server.run, name="web", daemon=True).start()
    log.info("web pages on http://%s:%s/", rt.config.get("web.host"),
             rt.config.get("web.port"))
    return server
