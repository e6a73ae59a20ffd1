"""The Session of a command run against a team server: the same clock, zone and notes as a
local one, a Remote in place of the store, and the one runner (remote.runner) that sends every
declared use case there. Anything that would read the store itself finds none and says so in
one line (exit 2), never a traceback."""

from __future__ import annotations

from aostime.errors import BadInput
from aostime.remote import Target
from aostime.services import Session


class RemoteSession(Session):
    def __init__(self, target: Target, journal_path: str, user_ref: str | None = None, notify=None,
                 settings_path: str | None = None) -> None:  # fmt: skip
        from aostime.remote import open_remote
        from aostime.remote.runner import run_remotely
        from aostime.storage.sqlite.journal import Journal

        super().__init__(None, user_ref=user_ref, notify=notify)  # type: ignore[arg-type]
        self.remote = open_remote(target)
        self.remote.on_note = self.notice
        self.journal = Journal(journal_path, target.server)
        self.status_cache: str | None = None  # remote.prompt's file, set by runtime.session
        self.settings_path = settings_path
        self.refreshing_settings = False  # remote.team_settings is reading them
        self.runner = lambda case, request: run_remotely(self, case, request)

    @property
    def store(self):
        raise BadInput(f"this command is not available against a team server ({self.remote.target.server}); "
                       "run it where the database is, with --db or AOS_DB")  # fmt: skip

    @store.setter
    def store(self, value) -> None:
        pass  # Session.__init__ sets it; a remote session has none

    def setting(self, key: str) -> str:
        """The team's setting (services.catalog.team_settings: what shapes input and display,
        such as date_order), as the server last said; the default for any other."""
        from aostime.domain.settings import SETTINGS
        from aostime.remote.team_settings import known

        value = known(self).get(key)
        return SETTINGS[key].default if value is None else value
