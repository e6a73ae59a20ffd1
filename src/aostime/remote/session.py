"""The Session of a command run against a team server: the same clock, zone and notes as a
local one, a Remote in place of the store. A use case that has no remote form yet finds no
store and says so in one line (exit 2), never a traceback."""

from __future__ import annotations

from aostime.errors import BadInput
from aostime.remote import Target
from aostime.services import Session


class RemoteSession(Session):
    def __init__(self, target: Target, journal_path: str, user_ref: str | None = None, notify=None) -> None:
        from aostime.remote import open_remote
        from aostime.storage.sqlite.journal import Journal

        super().__init__(None, user_ref=user_ref, notify=notify)  # type: ignore[arg-type]
        self.remote = open_remote(target)
        self.remote.on_note = self.notice
        self.journal = Journal(journal_path, target.server)
        self.status_cache: str | None = None  # remote.prompt's file, set by runtime.session

    @property
    def store(self):
        raise BadInput(f"this command is not available against a team server ({self.remote.target.server}); "
                       "run it where the database is, with --db or AOS_DB")  # fmt: skip

    @store.setter
    def store(self, value) -> None:
        pass  # Session.__init__ sets it; a remote session has none

    def setting(self, key: str) -> str:
        """Settings are the server's admins' (GET /settings): a member's command reads their
        defaults, which only shape what is shown (e.g. when a timer counts as long)."""
        from aostime.domain.settings import SETTINGS

        return SETTINGS[key].default
