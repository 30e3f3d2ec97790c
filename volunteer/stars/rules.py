"""Stars and no-shows: who may approve which level, when a volunteer is suspended.

Pure rules, no database. The ladder itself lives with the hours (volunteer/hours/rules.py).
"""

REACHES = ("grid", "community", "street")


def approval_levels(text: str) -> dict[str, int]:
    """Parse "grid:0,community:3,street:5" into the highest level each reach approves."""
    levels = {reach: 0 for reach in REACHES}
    for part in filter(None, (p.strip() for p in text.split(","))):
        reach, _, level = part.partition(":")
        if reach not in levels or not level.isdigit():
            raise ValueError(f"bad STAR_APPROVAL_LEVELS entry {part!r}")
        levels[reach] = int(level)
    return levels


def should_suspend(unexcused_no_shows: int, limit: int) -> bool:
    """Suspended on reaching `limit` unexcused no-shows within a year (5次以上 counts the 5th)."""
    return limit > 0 and unexcused_no_shows >= limit
