"""Each use case declared once: its request (the function's own keyword parameters, with their
types and defaults), its result (what the function returns), the least role that may call it,
whether it writes, and how it is kept while the team server cannot be reached.

Every face works from this one declaration: the CLI calls the function; the server derives a
route and its OpenAPI entry from it (server/uses.py); the team client sends the same request to
that route and reads the same typed result (remote/runner.py), with no second form per use
case. A field added to a use case reaches every face, or fails tests/architecture/test_parity.py.

Kept cheap to import (a shell prompt's `aos status` passes through here): no inspect, no
dataclasses; the parameters are read off the code object when a face asks for them."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a shell prompt's `aos status` milliseconds: annotations only
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

USE_CASES: dict[str, UseCase] = {}


class UseCase:
    """One declared use case. `run` is the function itself, called with a Session first."""

    __slots__ = ("call", "fields", "name", "needs", "queue", "run", "streams", "writes")

    def __init__(self, run: Callable[..., Any], needs: str, writes: bool, queue, streams: bool,
                 fields: dict[str, str] | None) -> None:  # fmt: skip
        self.name = run.__name__
        self.run = run
        self.needs = needs  # the right it needs at least (domain.permissions.LEAST_ROLE's actions)
        self.writes = writes
        self.fields = fields or {}  # the named fields of a use case taking **fields: name -> type
        self.queue = queue  # (session, request) -> (request with absolute times, summary), or None
        self.streams = streams  # takes a writer and an output stream: not sent as a plain request
        self.call: Callable[..., Any] = run

    @property
    def role(self) -> str:
        """The least role that may call it through a token."""
        from aostime.domain.permissions import LEAST_ROLE

        return LEAST_ROLE[self.needs]

    @property
    def route(self) -> str:
        """The path of its route under the API prefix."""
        return "/uses/" + self.name.replace("_", "-")

    def parameters(self) -> list[tuple[str, Any]]:
        """The request's fields in order, each with its default (REQUIRED when it has none)."""
        code = self.run.__code__
        names = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount]  # after the session
        positional = names[: code.co_argcount - 1]
        defaults = self.run.__defaults__ or ()
        first_default = len(positional) - len(defaults)
        found = []
        for i, name in enumerate(positional):
            found.append((name, defaults[i - first_default] if i >= first_default else REQUIRED))
        keyword_defaults = self.run.__kwdefaults__ or {}
        found += [(name, keyword_defaults.get(name, REQUIRED)) for name in names[len(positional) :]]
        return found

    def request(self, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The request a call stands for: every argument by its parameter's name."""
        names = [name for name, _ in self.parameters()]
        if len(args) > len(names):
            raise TypeError(f"{self.name} takes {len(names)} arguments after the session")
        request = dict(zip(names, args, strict=False))
        request.update(kwargs)
        unknown = sorted(set(request) - set(names) - set(self.fields))
        if unknown:
            raise TypeError(f"{self.name} has no field {', '.join(unknown)}")
        return request


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED = _Required()


def use_case(needs: str = "own_time", writes: bool = False, queue=None, streams: bool = False,
             fields: dict[str, str] | None = None):  # fmt: skip
    """Declare the decorated function a use case. Called with a session whose `runner` is set (the
    team client), the call is handed to that runner as the declared request; otherwise it runs
    here. `queue` makes a change that may wait in the offline journal (see UseCase.queue)."""

    def declare(run: Callable[..., Any]) -> Callable[..., Any]:
        case = UseCase(run, needs, writes, queue, streams, fields)
        if case.name in USE_CASES:
            raise ValueError(f"use case {case.name} is declared twice")

        def call(session, *args, **kwargs):
            runner = session.runner
            if runner is not None:
                return runner(case, case.request(args, kwargs))
            return run(session, *args, **kwargs)

        call.__name__ = run.__name__
        call.__qualname__ = run.__qualname__
        call.__module__ = run.__module__
        call.__doc__ = run.__doc__
        call.__wrapped__ = run  # type: ignore[attr-defined]
        call.use_case = case  # type: ignore[attr-defined]
        case.call = call
        USE_CASES[case.name] = case
        return call

    return declare
