"""A calendar's days as they really are: each day runs from its local midnight to the next, so
the night the clocks go forward is 23 hours long and the night they go back 25, and a position
on a day is the time elapsed since its midnight (the repeated 02:00 hour is drawn twice, the
skipped one not at all). Entries are laid out as blocks on the days they cover, side by side
where they overlap."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from aostime.domain.timeparse import day_start, repeated


class Block(NamedTuple):
    """An entry's part on one day: minutes from the day's start and its length in minutes; its
    lane among the entries it overlaps (0-based) and how many lanes they need."""

    entry: Any
    top: int
    length: int
    lane: int
    lanes: int
    before: bool  # it began on an earlier day
    after: bool  # it goes on past this day


class Day(NamedTuple):
    day: date
    start: datetime  # its local midnight, as an instant
    minutes: int  # 1440, or 1380 / 1500 on the nights the clocks change
    hours: list[tuple[int, str]]  # (minute, label) for each hour line; labels with the offset where it changes
    blocks: list[Block]


def lay_out(days: list[date], zone: tzinfo, entries, now: datetime) -> list[Day]:
    """Each day with the blocks of the entries it covers (a running timer up to now)."""
    laid = []
    for day in days:
        begin, finish = day_start(day, zone), day_start(day + timedelta(days=1), zone)
        spans = []
        for entry in entries:
            end = entry.end or max(now, entry.start + timedelta(minutes=1))  # a timer just started shows
            if entry.start < finish and end > begin:
                top = _minutes(max(entry.start, begin) - begin)
                bottom = _minutes(min(end, finish) - begin)
                spans.append((entry, top, max(bottom - top, 1), entry.start < begin, end > finish))
        spans.sort(key=lambda span: (span[1], -span[2], span[0].id))
        laid.append(Day(day, begin, _minutes(finish - begin), hour_lines(begin, finish, zone), _in_lanes(spans)))
    return laid


def hour_lines(begin: datetime, finish: datetime, zone: tzinfo) -> list[tuple[int, str]]:
    """A line per elapsed hour, labelled with the wall time it is then; on a day whose offset
    changes, the repeated hour's labels carry their offset (02:00 +02:00, 02:00 +01:00)."""
    lines = []
    hour = 0
    while begin + timedelta(hours=hour) < finish:
        local = (begin + timedelta(hours=hour)).astimezone(zone)
        label = f"{local:%H:%M}" + (f" {local.isoformat()[-6:]}" if repeated(local) else "")
        lines.append((hour * 60, label))
        hour += 1
    return lines


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _in_lanes(spans) -> list[Block]:
    """Overlapping entries side by side: each takes the first lane free at its start; a group of
    entries that overlap one another (directly or through others) shares one lane count."""
    blocks: list[Block] = []
    group: list[tuple] = []
    group_end = -1
    lane_ends: list[int] = []

    def close() -> None:
        lanes = max((lane for *_, lane in group), default=-1) + 1
        blocks.extend(Block(e, top, length, lane, lanes, b, a) for e, top, length, b, a, lane in group)

    for entry, top, length, before, after in spans:
        if top >= group_end:
            close()
            group, lane_ends = [], []
        lane = next((i for i, end in enumerate(lane_ends) if end <= top), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(top + length)
        else:
            lane_ends[lane] = top + length
        group.append((entry, top, length, before, after, lane))
        group_end = max(group_end, top + length)
    close()
    return blocks
