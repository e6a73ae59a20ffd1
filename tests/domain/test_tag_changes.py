"""A "Tags" field holds an entry's tags as a whole; saving it is `edit --tag` for what it adds and
`--untag` for what it takes away (domain.tags.tag_changes), compared by folded name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aostime.domain.names import fold
from aostime.domain.tags import changed_tags, clean_tags, split_tags, tag_changes


def test_what_the_field_adds_and_takes_away_by_folded_name():
    assert tag_changes(["internal", "meeting"], split_tags("MEETING, travel ")) == (["travel"], ["internal"])
    assert tag_changes(["Urgent"], ["urgent"]) == ([], [])  # another spelling of a tag kept: no change
    assert tag_changes(["a", "b"], []) == ([], ["a", "b"])  # the field emptied
    assert tag_changes([], ["bad\x01tag"]) == (["bad\x01tag"], [])  # passed on as typed: the use case refuses it


NAMES = st.sampled_from(["meeting", "Meeting", "MEETING", "travel", "Straße", "STRASSE", "büro", "urgent"])


@given(st.lists(NAMES, max_size=5), st.lists(NAMES, max_size=5))
def test_the_changes_applied_give_the_tags_the_field_holds(current, wanted):
    current = list(clean_tags(current))
    added, removed = tag_changes(current, wanted)
    after = changed_tags(current, added, removed)
    assert sorted(fold(t) for t in after) == sorted(fold(t) for t in clean_tags(wanted))
    assert set(after) - set(current) <= set(added)  # a tag kept keeps its spelling
