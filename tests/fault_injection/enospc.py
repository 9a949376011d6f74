"""`intake` with a full disk under the raw store: the fsync of the Nth new message fails
with ENOSPC (as it does on a full filesystem with delayed allocation).

    INTAKE_FAULT_ENOSPC_AT=3 python -m tests.fault_injection.enospc poll --once --config F

Only the store's view of `os` is changed (a proxy whose fsync fails once); RawStore.put's
own code runs as in production: temp file, write, fsync -> OSError, temp file removed.
"""
from __future__ import annotations

import errno
import os
import sys

from intake import store

_AT = int(os.environ.get("INTAKE_FAULT_ENOSPC_AT", "1"))


class _FullDiskOs:
    """The os module, except that fsync fails with ENOSPC while `full` is set."""

    def __init__(self):
        self.full = False

    def __getattr__(self, name):
        return getattr(os, name)

    def fsync(self, fd):
        if self.full:
            self.full = False
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.fsync(fd)


_os = _FullDiskOs()
store.os = _os
_put = store.RawStore.put
_calls = {"n": 0}


def _put_on_a_filling_disk(self, raw):
    if not (self.root / self.relpath(self.digest(raw))).exists():
        _calls["n"] += 1
        _os.full = _calls["n"] == _AT
    return _put(self, raw)


store.RawStore.put = _put_on_a_filling_disk

if __name__ == "__main__":
    from intake.cli import main

    sys.argv[0] = "intake"
    main()
