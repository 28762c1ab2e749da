"""A decision's tally: the votes recorded, counted, and the rule a stated tally must meet.

The rule, as a desk officer reads a record of a vote:

1. Each recorded vote counts once, under what it was: for, against, abstain, absent or did
   not vote. The order of the votes (and of the decisions) changes nothing.
2. A stated count can never be below the recorded one: "13 in favour" with 14 members
   recorded as voting for is wrong whatever else is missing.
3. When the record is complete, a stated count must equal the recorded one. The record is
   complete when the decision says how many `members` may vote and a vote (absent and did
   not vote included) is recorded for each of them. Otherwise, fewer recorded than stated
   only means not every vote was written down, and nothing is said.
4. A body cannot have more votes recorded, or stated, than it has members.
"""

from __future__ import annotations

from typing import Any

from raqqa_cli.briefing.model import Decision
from raqqa_cli.errors import plural
from raqqa_cli.record import Struct

# The stated counts, each beside the vote it counts and the words for it.
STATED = (
    ("stated_for", "for", "in favour"),
    ("stated_against", "against", "against"),
    ("stated_abstain", "abstain", "abstention"),
)


class Tally(Struct):
    """The votes recorded for one decision, counted by what they were."""

    votes_for: int = 0
    against: int = 0
    abstain: int = 0
    absent: int = 0
    not_voting: int = 0

    @property
    def recorded(self) -> int:
        """Every vote recorded, absent and did not vote included."""
        return sum(self)

    def of(self, vote: str) -> int:
        """The count of one kind of vote, as the file spells it (`for`, `did not vote`)."""
        count: int = self[VOTE_FIELDS.index(vote)]
        return count


VOTE_FIELDS = ("for", "against", "abstain", "absent", "did not vote")


def tally_of(decision: Decision) -> Tally:
    """The votes recorded for `decision`, counted; the same in any order of the votes."""
    counts = dict.fromkeys(VOTE_FIELDS, 0)
    for vote in decision.votes:
        counts[vote.vote] += 1
    return Tally(*(counts[name] for name in VOTE_FIELDS))


def complete(decision: Decision, tally: Tally) -> bool:
    """Whether a vote is recorded for every member (so the stated tally must match)."""
    return decision.members is not None and tally.recorded == decision.members


def count_words(count: int, words: str) -> str:
    """`13 in favour`, `1 abstention`, `2 abstentions`, `3 against`."""
    return plural(count, words) if words == "abstention" else f"{count} {words}"


def tally_problems(decision: Decision) -> list[tuple[Any, str]]:
    """(field, message) for each stated count the recorded votes contradict (the rule)."""
    tally = tally_of(decision)
    found: list[tuple[Any, str]] = []
    members = decision.members
    if members is not None and tally.recorded > members:
        found.append((
            "votes",
            f"{tally.recorded} votes recorded, but the body has {members} members",
        ))  # fmt: skip
    stated = [getattr(decision, field) for field, _, _ in STATED]
    if members is not None and None not in stated and sum(stated) > members:
        found.append((
            "stated_for",
            f"the stated tally counts {sum(stated)} votes, but the body has {members} members",
        ))  # fmt: skip
    whole = complete(decision, tally)
    for (field, vote, words), given in zip(STATED, stated, strict=True):
        recorded = tally.of(vote)
        if given is None or recorded == given or (recorded < given and not whole):
            continue
        why = " (a vote is recorded for every member)" if recorded < given else ""
        found.append((
            field,
            f"stated {count_words(given, words)}; the votes recorded give {recorded}{why}",
        ))  # fmt: skip
    return found
