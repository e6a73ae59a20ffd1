"""A member's own preferences, kept on their user record: the language of the pages shown to them,
the day their week begins on and the web app's theme. Each is optional: unset, the week follows
the team's `week_start` setting, the theme the system's, the language English."""

from __future__ import annotations

from aostime.errors import BadInput

LOCALES = ("en", "de", "fr")
THEMES = ("system", "light", "dark")


def _cleared(text: str) -> bool:
    """'' or none clears a preference, as it clears a member's time zone."""
    return text.strip().lower() in ("", "none")


def locale(text: str) -> str | None:
    if _cleared(text):
        return None
    code = text.strip().lower()
    if code not in LOCALES:
        raise BadInput(f"locale {text!r} is not one of: {', '.join(LOCALES)}")
    return code


def week_start(text: str) -> str | None:
    """A weekday as the team's `week_start` setting takes it (that setting's own check)."""
    from aostime.domain.settings import check_setting

    if _cleared(text):
        return None
    try:
        return check_setting("week_start", text)
    except BadInput as exc:
        raise BadInput(f"week start {exc}") from None


def theme(text: str) -> str | None:
    if _cleared(text):
        return None
    choice = text.strip().lower()
    if choice not in THEMES:
        raise BadInput(f"theme {text!r} is not one of: {', '.join(THEMES)}")
    return choice
