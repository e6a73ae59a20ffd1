"""The error tree. Each class carries its exit code (SPEC §5) and its JSON slug."""

from __future__ import annotations


class AosError(Exception):
    """A failure a user can act on. Only the CLI's main() and the server turn it into output."""

    exit_code = 1
    slug = "error"


class NotFound(AosError):
    slug = "not_found"


class Conflict(AosError):
    """Timer already running, name taken, entry already invoiced."""

    slug = "conflict"


class Stale(AosError):
    """An edit made on a view of the record that has changed since (HTTP 412)."""

    slug = "stale"


class InProgress(Conflict):
    """The request with this Idempotency-Key is being answered right now (HTTP 409): sent again
    in a moment, it gets that answer."""

    slug = "in_progress"


class Locked(AosError):
    """An invoiced entry, until its invoice is voided."""

    slug = "locked"


class TooLong(AosError):
    """An entry longer than max_entry_hours, saved only with --force."""

    slug = "too_long"


class NothingToDo(AosError):
    """Well-formed, but there is nothing to act on (no timer running, nothing unbilled)."""

    slug = "nothing"


class BadInput(AosError):
    exit_code = 2
    slug = "invalid"


class ClockSkew(BadInput):
    """The team client's clock is too far from the server's for the times it queued offline to
    be corrected (more than services.queueing.MAX_SKEW_S): set the clock right and sync again."""

    slug = "clock_skew"


class StorageError(AosError):
    exit_code = 3
    slug = "storage"


# Exception types of the storage drivers in use: an unexpected one is a storage problem (exit 3).
# Each backend registers its driver's base error when it is imported, so nothing else names them.
DRIVER_ERRORS: list[type[BaseException]] = []


def is_storage_failure(error: BaseException) -> bool:
    return isinstance(error, (OSError, *DRIVER_ERRORS))


class Ambiguous(AosError):
    """A name that matches more than one record; the message lists the candidates."""

    slug = "ambiguous"


class Forbidden(AosError):
    """Not allowed for the role of the token's member, or a write with a read-only token (HTTP 403)."""

    slug = "forbidden"


class Queued(AosError):
    """A change the team server could not take now, kept in the local journal to be sent later
    (aostime.storage.sqlite.journal): the command succeeded as far as the person is concerned."""

    exit_code = 0
    slug = "queued"
