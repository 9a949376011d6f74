"""Handler: a registered message owes its archival PDF/A bundle, built later by the
archive job (intake/archive/job.py), outside the decision's transaction."""
from __future__ import annotations

from intake.act.context import Acting
from registry.models import ARCHIVE_PENDING


class ArchiveFlag:
    name = "archive_flag"
    description = "a registered message is flagged for the archive job"

    def handle(self, act: Acting) -> bool:
        if act.entry is None or not act.rt.config.get("archive.enabled"):
            return False
        act.msg.archive_state = ARCHIVE_PENDING
        return True
