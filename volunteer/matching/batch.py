"""Many needs at once as an assignment problem: pure, no database, no Flask.

Each open slot is a column; each volunteer is a row per *time block* (needs whose windows
chain together by overlapping), so nobody is put on two needs that could clash, while one
person may still serve a morning need and an evening one. Blocks share no rows, so each
is solved on its own with scipy's linear_sum_assignment over great-circle metres: the
fewest total metres among the plans that fill the most slots.
"""
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.optimize import linear_sum_assignment

UNREACHABLE = 1e12  # cost of a pair that may not be made; larger than any plan's metres


@dataclass(frozen=True)
class BatchNeed:
    need_id: int
    open_slots: int
    starts_at: datetime
    ends_at: datetime
    options: dict[int, float]  # user id -> metres, for everyone who may serve it


@dataclass(frozen=True)
class Pair:
    need_id: int
    user_id: int
    distance_m: float


def time_blocks(needs: list[BatchNeed]) -> list[list[BatchNeed]]:
    """Needs grouped into chains of overlapping windows, in time order."""
    blocks: list[list[BatchNeed]] = []
    block_end = None
    for need in sorted(needs, key=lambda n: (n.starts_at, n.need_id)):
        if block_end is None or need.starts_at >= block_end:
            blocks.append([])
            block_end = need.ends_at
        blocks[-1].append(need)
        block_end = max(block_end, need.ends_at)
    return blocks


def solve(needs: list[BatchNeed]) -> list[Pair]:
    pairs: list[Pair] = []
    for block in time_blocks(needs):
        pairs.extend(_solve_block(block))
    return pairs


def _solve_block(block: list[BatchNeed]) -> list[Pair]:
    slots = [need for need in block for _ in range(need.open_slots)]
    people = sorted({user for need in block for user in need.options})
    if not slots or not people:
        return []
    row = {user: i for i, user in enumerate(people)}
    cost = np.full((len(people), len(slots)), UNREACHABLE)
    for j, need in enumerate(slots):
        for user, metres in need.options.items():
            cost[row[user], j] = metres
    rows, cols = linear_sum_assignment(cost)
    return [Pair(slots[j].need_id, people[i], float(cost[i, j]))
            for i, j in zip(rows, cols) if cost[i, j] < UNREACHABLE]


def greedy(needs: list[BatchNeed]) -> list[Pair]:
    """Nearest first, need by need in time order, under the same time blocks: the yardstick."""
    pairs: list[Pair] = []
    for block in time_blocks(needs):
        used: set[int] = set()
        for need in block:
            free = sorted((m, u) for u, m in need.options.items() if u not in used)
            for metres, user in free[:need.open_slots]:
                used.add(user)
                pairs.append(Pair(need.need_id, user, metres))
    return pairs


def total_m(pairs: list[Pair]) -> float:
    return sum(p.distance_m for p in pairs)
