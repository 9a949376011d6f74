"""The `intake` command."""
from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path

import click

from intake import config as config_mod
from intake.cli.common import config_option
from intake.cli.common import load_config as _load_config
from intake.cli.common import processor as _processor
from intake.cli.common import runtime as _runtime
from intake.config import ConfigError
from registry.states import CaseState, IllegalTransition


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text",
              help="json: one JSON object per line, for log collectors.")
def main(verbose: int, log_format: str) -> None:
    """e-Saraban intake processor: triage a unit's central mailbox by its procedure and
    keep the receive and send registers."""
    level = logging.WARNING - 10 * min(verbose, 2)
    handler = logging.StreamHandler()
    if log_format == "json":
        from intake.operations import JsonLogFormatter

        handler.setFormatter(JsonLogFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])


@main.command()
@config_option
@click.option("--once", is_flag=True, required=True, help="Run one cycle and exit.")
@click.option("--mailbox", "mailbox_name", help="Only this mailbox.")
@click.option("--no-deliver", is_flag=True, help="Queue replies but do not deliver them.")
def poll(config_path, once, mailbox_name, no_deliver):
    """One poll cycle: take new mail, decide it, deliver the outbox, move handled mail."""
    from intake.outbox.deliver import deliver_due

    cfg = _load_config(config_path)
    if not cfg.mailboxes:
        raise click.ClickException("no mailbox configured ([mailboxes.NAME] in the config)")
    proc = _processor(cfg)
    boxes = [cfg.mailbox(mailbox_name)] if mailbox_name else cfg.mailboxes
    failed = False
    for mb in boxes:
        r = proc.poll(mb)
        failed |= bool(r.error)
        click.echo(_report_line(r))
    if not no_deliver:
        d = deliver_due(proc.rt)
        click.echo(f"outbox: sent {d.sent}, deferred {d.deferred}, failed {d.failed}")
    sys.exit(1 if failed else 0)


def _report_line(r) -> str:
    if r.skipped:
        return f"{r.mailbox}: skipped ({r.skipped})"
    disp = ", ".join(f"{k} {v}" for k, v in sorted(r.dispositions.items())) or "-"
    line = (f"{r.mailbox}: fetched {r.fetched} (new {r.new_messages}), decided {r.decided} "
            f"[{disp}], failed {r.failed}, moved {r.moved}"
            + (f" ({r.decision_workers} decision workers)" if r.decision_workers > 1 else ""))
    return line + (f"; ERROR {r.error}" if r.error else "")


@main.command()
@config_option
def run(config_path):
    """The daemon: polls on schedule (and on IMAP IDLE), delivers the outbox."""
    from intake.jobs.scheduler import run_daemon

    cfg = _load_config(config_path)
    if not cfg.mailboxes:
        raise click.ClickException("no mailbox configured ([mailboxes.NAME] in the config)")
    run_daemon(_processor(cfg))


@main.command("import")
@config_option
@click.argument("path", type=click.Path(exists=True))
@click.option("--kind", type=click.Choice(["mbox", "maildir"]), default="mbox",
              show_default=True)
@click.option("--acknowledge", is_flag=True,
              help="Also send the automatic replies (off: old mail is registered, not answered).")
def import_backlog(config_path, path, kind, acknowledge):
    """Import an exported mailbox (years of old mail): registered and triaged like new
    mail, with a progress bar, but not answered unless --acknowledge."""
    cfg = _load_config(config_path)
    base = cfg.mailboxes[0] if cfg.mailboxes else None
    name = f"import:{Path(path).name}"
    mb = config_mod.MailboxConfig(
        name=name, kind=kind, host="", port=0, security="tls", ca_file="", username="",
        auth="password",
        password_env="", oauth_token_env="", path=str(Path(path).resolve()), folder="INBOX",
        processed_folder="Processed", junk_folder="Junk", batch_size=100,
        timeout=base.timeout if base else 60, move_messages=False)
    cfg.mailboxes = [*cfg.mailboxes, mb]
    proc = _processor(cfg)
    proc.send_replies = acknowledge
    r = proc.poll(mb)
    click.echo(_report_line(r))
    sys.exit(1 if r.error else 0)


@main.command()
@config_option
@click.option("--limit", default=50, show_default=True)
def archive(config_path, limit):
    """Build the archival PDFs of registered messages now (the daemon does it on schedule)."""
    from intake.archive.job import archive_pending, tools_missing

    missing = tools_missing()
    if missing:
        raise click.ClickException(f"not installed: {', '.join(missing)} "
                                   "(scripts/setup.sh --system installs them)")
    r = archive_pending(_runtime(_load_config(config_path)), limit)
    click.echo(f"archive: built {r['archived']}, failed {r['failed']}")


@main.command()
@config_option
def deliver(config_path):
    """Deliver the due outbox now."""
    from intake.outbox.deliver import deliver_due

    d = deliver_due(_runtime(_load_config(config_path)))
    click.echo(f"outbox: sent {d.sent}, deferred {d.deferred}, failed {d.failed}")
    for e in d.errors:
        click.echo(f"  {e}", err=True)


@main.command()
@config_option
@click.argument("ids", nargs=-1, type=int)
@click.option("--outbox", is_flag=True, help="Retry failed outgoing mail instead of messages.")
def retry(config_path, ids, outbox):
    """Try failed messages (or failed outgoing mail) again."""
    proc = _processor(_load_config(config_path))
    if outbox:
        from intake.outbox.deliver import retry_failed

        click.echo(f"outbox: {retry_failed(proc.rt, list(ids) or None)} mail(s) queued again")
        return
    r = proc.retry(ids or None)
    click.echo(f"retried: decided {r.decided}, failed again {r.failed}")


@main.command()
@config_option
@click.option("--failed", is_flag=True, help="List failed messages with their errors.")
def status(config_path, failed):
    """Counts by state and disposition, the outbox backlog, the last poll per mailbox."""
    from sqlalchemy import select

    from registry.models import FolderState, Message
    from registry.statistics import counts_by_state
    from registry.states import MessageState
    from rules.thai.dates import local_time

    cfg = _load_config(config_path)
    rt = _runtime(cfg)
    with rt.factory() as s:
        counts = counts_by_state(s)
        for group, by in (("messages", counts.messages), ("disposition", counts.dispositions),
                          ("outbox", counts.outbox), ("case", counts.cases)):
            for state, n in by.items():
                click.echo(f"{group} {state}: {n}  {getattr(state, 'label', '')}".rstrip())
        for fs in s.scalars(select(FolderState)):
            last = local_time(fs.last_success_at, cfg.get("unit.timezone"))
            click.echo(f"mailbox {fs.mailbox}/{fs.folder}: last UID {fs.last_uid}, "
                       f"last success {last.isoformat(' ', 'seconds') if last else '-'}, "
                       f"error {fs.last_error or '-'}")
        if failed:
            for m in s.scalars(select(Message).where(Message.state == MessageState.FAILED)):
                click.echo(f"failed #{m.id} {m.header_message_id}: {m.error}")


@main.command()
@config_option
@click.option("--since", help="From this local day on (YYYY-MM-DD).")
@click.option("--until", help="Up to and including this local day (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="The figures as one JSON object.")
def stats(config_path, since, until, as_json):
    """How much mail the rules decided alone, what went to a clerk, and what the clerks
    chose against what the rules said (the corrections a unit tunes its profile by)."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from registry.statistics import triage_statistics

    cfg = _load_config(config_path)
    tz = ZoneInfo(cfg.get("unit.timezone"))

    def day_start(value, plus=0):
        day = _as_of(value)
        return datetime.combine(day + timedelta(days=plus), time(), tz) if day else None

    rt = _runtime(cfg)
    with rt.factory() as s:
        st = triage_statistics(s, day_start(since), day_start(until, 1))
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        return
    share = st["decided_by_rules_share"]
    click.echo(f"ข้อความ / messages: {st['messages']}")
    click.echo(f"ระบบตัดสินเอง / decided by the rules alone: {st['decided_by_rules']}"
               + (f" ({share:.1%})" if share is not None else ""))
    click.echo(f"เจ้าหน้าที่พิจารณาแล้ว / resolved by clerks: {st['resolved_by_clerks']}; "
               f"รอพิจารณา / waiting: {st['waiting_for_review']}")
    for disp, n in st["by_disposition"].items():
        click.echo(f"  {disp:18} {n}")
    if st["corrections"]:
        click.echo("ระบบเสนอ → เจ้าหน้าที่เลือก / the rules said → the clerk chose:")
        for c in st["corrections"]:
            click.echo(f"  {c['rules_said']:18} → {c['clerk_chose']:18} {c['count']}")


@main.group()
def register():
    """The receive and send registers."""


@register.command("export")
@config_option
@click.option("--register", "which", type=click.Choice(["receive", "secret", "send"]),
              required=True, help="secret: ทะเบียนหนังสือลับ, the letters marked ลับ or ลับมาก "
              "(in the receive register their content is masked).")
@click.option("--year", type=int, help="Calendar year, CE (2026) or Buddhist Era (2569).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
def register_export(config_path, which, year, fmt):
    """Print a register, one row per entry (json: one object per line)."""
    from registry.registers import EXPORT_FIELDS, EXPORT_HEADERS, export_rows

    if year and year > 2400:
        year -= 543
    cfg = _load_config(config_path)
    rt = _runtime(cfg)
    with rt.factory() as s:
        rows = export_rows(s, which, year, tz=cfg.get("unit.timezone"))
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        fields = [*EXPORT_FIELDS, "year_be"]
        writer = csv.writer(sys.stdout)
        writer.writerow([EXPORT_HEADERS[f] for f in fields])
        writer.writerows([row[f] for f in fields] for row in rows)


@register.command("verify")
@config_option
@click.option("--register", "which", type=click.Choice(["receive", "send", "both"]),
              default="both", show_default=True)
def register_verify(config_path, which):
    """Walk the registers' hash chains; report the first altered, missing or inserted row."""
    from registry.chain import verify

    rt = _runtime(_load_config(config_path))
    problems = []
    with rt.factory() as s:
        for name in (("receive", "send") if which == "both" else (which,)):
            found = verify(s, name)
            problems += found
            click.echo(f"{name}: {'ok' if not found else f'{len(found)} problem(s)'}")
    for p in problems:
        click.echo(f"  {p}")
    sys.exit(1 if problems else 0)


@main.command()
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
def triage(config_path, files, as_json):
    """Dry run: what the pipeline would decide for each .eml file, and why (the same
    decision: spamd, the registry's case look-ups, the unit's policy). No side effects."""
    from intake.decide import decide, registry_session
    from intake.parse.mime import ParseError, parse_message

    cfg = _load_config(config_path)
    with registry_session(cfg) as session:  # the pipeline's own decision and context
        for name in files:
            raw = Path(name).read_bytes()
            try:
                decision = decide(cfg, parse_message(raw), raw, session=session)
                out = {"file": Path(name).name, **decision.as_json()}
            except ParseError as exc:
                out = {"file": Path(name).name, "disposition": "failed", "error": str(exc)}
            if as_json:
                click.echo(json.dumps(out, ensure_ascii=False))
            else:
                click.echo(f"{out['file']}: {out['disposition']}")
                for reason in out.get("reasons", []):
                    click.echo(f"  - {reason}")


@main.command()
@click.option("--dir", "workdir", type=click.Path(file_okay=False), default="demo-run",
              show_default=True, help="Working directory (recreated on each run).")
def demo(workdir):
    """The whole job on the embedded default: SQLite, the demo unit, a bundled mailbox,
    replies written to a folder. No server, no network."""
    from intake.cli.demo import run_demo

    try:
        run_demo(Path(workdir), echo=click.echo)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


# ------------------------------------------------------------- cases ----
def _case_call(fn, *args, **kwargs):
    from intake.cases.lifecycle import CaseError

    try:
        return fn(*args, **kwargs)
    except (CaseError, IllegalTransition) as exc:
        raise click.ClickException(str(exc)) from None


def _case_line(case) -> str:
    return f"{case.ref}: {CaseState(case.state).label} ({case.state})"


def _as_of(value: str | None):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD (Gregorian)") from None


@main.command("cases")
@config_option
@click.option("--state", type=click.Choice([st.value for st in CaseState]),
              help="Only cases in this state.")
@click.option("--as-of", "as_of", help="Judge lateness as of this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per case.")
def cases_cmd(config_path, state, as_of, as_json):
    """Registered matters after registration, oldest first."""
    from intake.cases.lifecycle import list_cases

    rt = _runtime(_load_config(config_path))
    for row in list_cases(rt, state, _as_of(as_of)):
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            flag = " ล่าช้า" if row["late"] else (" ใกล้ครบกำหนด" if row["due_soon"] else "")
            click.echo(f"{row['ref']:>10}  {row['state_th']}{flag}  {row['subject']}")


@main.command()
@config_option
@click.option("--as-of", "as_of", help="Run the daily jobs as of this date (YYYY-MM-DD).")
def sweep(config_path, as_of):
    """The daily jobs: dormancy, disposal proposals, reminders, late notices."""
    from intake.cases.lifecycle import sweep as run_sweep

    r = run_sweep(_runtime(_load_config(config_path)), _as_of(as_of))
    click.echo(f"sweep {r.as_of}: dormant {r.dormant}, proposed {r.proposed}, "
               f"late notices {r.late_notices}, reminders {r.reminders}, due soon {r.due_soon}")


@main.command()
@config_option
@click.argument("case")
@click.option("--as", "actor", required=True, help="Login of the head of unit.")
def approve(config_path, case, actor):
    """The head approves a disposal proposal, or the sending of a result."""
    from intake.cases.lifecycle import approve as do

    click.echo(_case_line(_case_call(do, _runtime(_load_config(config_path)), case, actor)))


@main.command()
@config_option
@click.argument("case")
@click.option("--as", "actor", required=True, help="Login of the head of unit.")
@click.option("--reason", required=True, help="Why; the clerk reads it.")
def reject(config_path, case, actor, reason):
    """The head sends a proposal back to the clerk, with a reason."""
    from intake.cases.lifecycle import reject as do

    click.echo(_case_line(_case_call(do, _runtime(_load_config(config_path)), case, actor,
                                     reason)))


@main.group("case")
def case_group():
    """A clerk's actions on one case."""


@case_group.command("show")
@config_option
@click.argument("case")
def case_show(config_path, case):
    """The case with its full history."""
    from intake.cases.lifecycle import history, list_cases

    rt = _runtime(_load_config(config_path))
    rows = [r for r in list_cases(rt) if r["ref"] == case]
    if not rows:
        raise click.ClickException(f"no case {case}")
    click.echo(json.dumps({**rows[0], "history": _case_call(history, rt, case)},
                          ensure_ascii=False, indent=2))


@case_group.command("documents")
@config_option
@click.argument("case")
@click.option("--as", "actor", required=True)
@click.option("--missing", multiple=True, help="A missing document (repeat); default: the "
                                               "proposal's missing list.")
@click.option("--complete", is_flag=True, help="Everything is there.")
def case_documents(config_path, case, actor, missing, complete):
    """Confirm the completeness check; missing documents are asked for, once."""
    from intake.cases.lifecycle import confirm_completeness

    rt = _runtime(_load_config(config_path))
    c = _case_call(confirm_completeness, rt, case, actor,
                   [] if complete else (list(missing) or None))
    click.echo(f"{_case_line(c)}; missing {c.missing or []}")


@case_group.command("identity")
@config_option
@click.argument("case")
@click.option("--as", "actor", required=True)
@click.option("--method", type=click.Choice(["in_person", "video_call", "digital_id"]),
              required=True)
@click.option("--evidence", required=True, help="What was seen and kept.")
def case_identity(config_path, case, actor, method, evidence):
    """Record how a high-risk applicant's identity was proved."""
    from intake.cases.lifecycle import record_identity

    c = _case_call(record_identity, _runtime(_load_config(config_path)), case, actor,
                   method, evidence)
    click.echo(_case_line(c))


@case_group.command("result")
@config_option
@click.argument("case")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "actor", required=True)
@click.option("--subject", required=True, help="เรื่อง of the result letter.")
def case_result(config_path, case, file, actor, subject):
    """Attach the signed result; it waits for the head to approve sending."""
    from intake.cases.lifecycle import attach_result

    c = _case_call(attach_result, _runtime(_load_config(config_path)), case, actor,
                   Path(file), subject)
    click.echo(_case_line(c))


# ------------------------------------------------------------- people ----
@main.group()
def user():
    """Local accounts: clerks, heads of unit, admins."""


@user.command("add")
@config_option
@click.argument("login")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["clerk", "head", "admin"]), required=True)
@click.option("--email", help="Where reminders go (heads of unit).")
@click.option("--update", is_flag=True, help="Change an existing login's name, role and "
                                              "e-mail (and enable it again).")
def user_add(config_path, login, name, role, email, update):
    """Add a login; an existing one is changed only with --update, so a typo cannot
    quietly give a clerk the head's role."""
    from registry.db import transaction
    from registry.models import User

    rt = _runtime(_load_config(config_path))
    with transaction(rt.factory) as s:
        u = s.get(User, login)
        if u is None:
            s.add(User(login=login, name=name, role=role, email=email))
        elif not update:
            raise click.ClickException(f"user {login} exists (role {u.role}); add --update "
                                       "to change it")
        else:
            before = u.role
            u.name, u.role, u.email, u.disabled = name, role, email, False
            click.echo(f"user {login}: updated (role {before} -> {role})")
            return
    click.echo(f"user {login}: {role}")


@user.command("disable")
@config_option
@click.argument("login")
def user_disable(config_path, login):
    from registry.db import transaction
    from registry.models import User

    rt = _runtime(_load_config(config_path))
    with transaction(rt.factory) as s:
        u = s.get(User, login)
        if u is None:
            raise click.ClickException(f"no user {login}")
        u.disabled = True
    click.echo(f"user {login}: disabled")


# ------------------------------------------------------------- outbox ----
@main.group()
def outbox():
    """Outgoing mail waiting, held for a clerk, or failed."""


@outbox.command("list")
@config_option
@click.option("--state", help="pending, held, sending, sent, failed")
def outbox_list(config_path, state):
    from sqlalchemy import select

    from registry.models import OutboxItem

    rt = _runtime(_load_config(config_path))
    with rt.factory() as s:
        q = select(OutboxItem).order_by(OutboxItem.id)
        if state:
            q = q.where(OutboxItem.state == state)
        for o in s.scalars(q):
            click.echo(f"{o.id:>6} {o.state:8} {o.kind:18} {', '.join(o.recipients)}  {o.subject}")


@outbox.command("release")
@config_option
@click.argument("item_id", type=int)
@click.option("--body-file", type=click.Path(exists=True, dir_okay=False),
              help="Replace the text with this file's (UTF-8) before sending.")
def outbox_release(config_path, item_id, body_file):
    """Release a held notice (after reading, and maybe editing, it)."""
    from intake.outbox.deliver import release_held

    text = Path(body_file).read_text(encoding="utf-8") if body_file else None
    try:
        release_held(_runtime(_load_config(config_path)), item_id, text)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"outbox {item_id}: released")


@main.command()
@config_option
@click.option("--json", "as_json", is_flag=True)
def health(config_path, as_json):
    """For monitoring: exit 0 when healthy, 1 with the problems when not."""
    from intake.operations import health as check

    h = check(_runtime(_load_config(config_path)))
    if as_json:
        click.echo(json.dumps({"ok": h.ok, "problems": h.problems, "warnings": h.warnings,
                               **h.facts}, ensure_ascii=False, default=str))
    else:
        click.echo("ok" if h.ok else "UNHEALTHY")
        for p in h.problems:
            click.echo(f"  {p}")
        for w in h.warnings:
            click.echo(f"  warning: {w}")
    sys.exit(0 if h.ok else 1)


@main.command()
@config_option
@click.argument("dest", type=click.Path(file_okay=False))
def backup(config_path, dest):
    """A consistent copy of the database and the raw store (safe while running)."""
    from intake.operations import backup as do

    m = do(_runtime(_load_config(config_path)), Path(dest))
    click.echo(f"backup: {m['database']} and {len(m['store_files'])} store file(s) in {dest}")


@main.command()
@config_option
@click.argument("src", type=click.Path(exists=True, file_okay=False))
def restore(config_path, src):
    """Put a backup back into an empty place (checked against its manifest)."""
    from intake.operations import restore as do

    try:
        m = do(_load_config(config_path), Path(src))
    except (ValueError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored: {m['database']} and {len(m['store_files'])} store file(s)")


@outbox.command("confirm")
@config_option
@click.argument("item_id", type=int)
@click.option("--as", "actor", required=True, help="Who checked that it arrived.")
def outbox_confirm(config_path, item_id, actor):
    """A mail of unknown delivery did arrive (checked): record it as sent, send nothing."""
    from intake.outbox.deliver import confirm_delivered

    try:
        confirm_delivered(_runtime(_load_config(config_path)), item_id, actor)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"outbox {item_id}: recorded as delivered")


@main.group("config")
def config_group():
    """Configuration helpers."""


@config_group.command("example")
def config_example():
    """Print config.example.toml (generated from the declared settings)."""
    click.echo(config_mod.example_toml(), nl=False)


@config_group.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
def config_check(path):
    """Load a config file and its unit profile; report the first problem by key."""
    cfg = _load_config(path)
    try:
        profile = cfg.profile
    except Exception as exc:  # the profile loader names the key
        raise click.ClickException(f"unit profile: {exc}") from None
    for warning in config_mod.warnings(cfg):
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"ok: {len(cfg.mailboxes)} mailbox(es), unit {profile.unit.name}, "
               f"database {cfg.database_url.split('://')[0]}, outbox {cfg.get('outbox.transport')}")


def _more_commands() -> None:
    """Commands that live beside their subject (documents, letters, the web pages)."""
    from intake.cli.letter import letter
    from intake.cli.model import model
    from intake.cli.pdf import pdf
    from intake.cli.receipt import receipt
    from intake.cli.web import register_commands

    main.add_command(pdf)
    main.add_command(letter)
    main.add_command(model)
    main.add_command(receipt)
    register_commands(main, user, register)


_more_commands()
