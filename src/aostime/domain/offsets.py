"""A zone's UTC offsets over a stretch of time, for a store that cannot convert between zones
itself (SQLite knows only UTC and its own process's zone): the report's grouping by local day,
week, month and year is then UTC plus the offset of the span each instant falls in."""

from __future__ import annotations

from datetime import datetime, tzinfo

DAY = 86400


def offset_at(zone: tzinfo, epoch: int) -> int:
    """The zone's offset from UTC, in whole seconds, at an instant (epoch seconds)."""
    offset = datetime.fromtimestamp(epoch, zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def offset_spans(zone: tzinfo, since: int, until: int) -> list[tuple[int, int]]:
    """The offsets in force from `since` to `until` (epoch seconds): [(since, offset), then
    (instant the offset changes, new offset)...], each change found to the second. The zone is
    probed once a day and bisected where the offset moved, so a change undone within the same
    day would go unseen (zones change their offsets months apart)."""
    current = offset_at(zone, since)
    spans = [(since, current)]
    probe = since
    while probe < until:
        ahead = min(probe + DAY, until)
        if offset_at(zone, ahead) == current:
            probe = ahead
            continue
        same, changed = probe, ahead
        while changed - same > 1:
            middle = (same + changed) // 2
            if offset_at(zone, middle) == current:
                same = middle
            else:
                changed = middle
        current = offset_at(zone, changed)
        spans.append((changed, current))
        probe = changed
    return spans
