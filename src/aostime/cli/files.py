"""The files a command is given and the ones it writes: read whole or opened afresh for each
pass (stdin spooled once), and written so that a failure never leaves half a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def read_text(path: str) -> tuple[str, str]:
    """(label, text) of a file, or of stdin for '-'. UTF-8 (a BOM is ignored)."""
    from aostime.errors import BadInput
    from aostime.services.import_files import decoded

    try:
        if path == "-":
            return "<stdin>", decoded("-", sys.stdin.buffer.read())
        return path, decoded(path, Path(path).expanduser().read_bytes())
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory; give a file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None


def opener(path: str):
    """(label, a function that opens the file afresh as UTF-8 text) for a file read in several
    passes; stdin is copied to a temporary file first. Read errors as read_text words them."""
    import tempfile

    from aostime.errors import BadInput

    if path == "-":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (read by every pass; removed when the process ends)
        while chunk := sys.stdin.buffer.read(1 << 20):
            spool.write(chunk)
        spool.flush()

        def reopen():  # a duplicate of the spool's descriptor, from its start; closing it leaves the spool
            fd = os.dup(spool.fileno())
            os.lseek(fd, 0, os.SEEK_SET)
            return open(fd, encoding="utf-8-sig", newline="")

        return "<stdin>", reopen
    target = Path(path).expanduser()
    try:
        with target.open("rb"):
            pass
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a directory; give a file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror})") from None
    return path, lambda: target.open(encoding="utf-8-sig", newline="")


class OutputFile:
    """stdout, or a file replaced only once it is complete (a failed command leaves no half
    file); `binary` for a PDF or an XML document."""

    def __init__(self, path: str | None, binary: bool = False) -> None:
        self.path, self.binary = path, binary

    def __enter__(self):
        if not self.path:
            return sys.stdout.buffer if self.binary else sys.stdout
        import tempfile

        target = Path(self.path).expanduser()
        fd, self.tmp = tempfile.mkstemp(prefix=".aos-", dir=target.parent if str(target.parent) else ".")
        self.file = os.fdopen(fd, "wb") if self.binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self.file

    def __exit__(self, exc_type, *exc) -> None:
        if not self.path:
            if self.binary:
                sys.stdout.flush()
            return
        self.file.close()
        if exc_type is None:
            os.replace(self.tmp, Path(self.path).expanduser())
        else:
            os.unlink(self.tmp)
