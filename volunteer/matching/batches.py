"""Batches: plan many needs at once (volunteer/matching/batch.py), preview, apply.

Applying goes pair by pair through the same checks and conditional slot-taking as a
single assignment, each in a savepoint: a pair that no longer fits (someone took the
slot, the volunteer went off duty) is reported and the rest still apply.
"""
import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Need, User, db
from models.needs import NeedStatus
from volunteer import audit
from volunteer.assignments.services import assign_in_batch
from volunteer.access import staffs_grid
from volunteer.errors import Forbidden, InvalidInput, ServiceError
from volunteer.matching import batch
from volunteer.matching.services import find_candidates
from volunteer.messages import field_code

EXTRA_OPTIONS = 10  # candidates asked for beyond a need's open slots


@dataclass
class Plan:
    pairs: list[batch.Pair]
    greedy_pairs: list[batch.Pair]
    open_slots: dict[int, int]
    solve_s: float
    failed: list[dict] = field(default_factory=list)

    @property
    def total_m(self) -> float:
        return batch.total_m(self.pairs)

    @property
    def greedy_total_m(self) -> float:
        return batch.total_m(self.greedy_pairs)


def _open_needs(actor: User | None, need_ids: list[int], statuses=(NeedStatus.open,)) -> list[Need]:
    if len(set(need_ids)) > current_app.config["BATCH_MAX_NEEDS"]:
        raise InvalidInput(fields={"need_ids": field_code("at_most_items", max=current_app.config["BATCH_MAX_NEEDS"])})
    needs = []
    for need_id in dict.fromkeys(need_ids):
        need = db.session.get(Need, need_id)
        if need is None:
            raise InvalidInput("not_found", fields={"need_ids": field_code("no_such_need", id=need_id)})
        if actor is not None and not staffs_grid(actor, need.grid):
            raise Forbidden()
        if need.status not in statuses:
            raise InvalidInput("need_not_open", fields={"need_ids": field_code("need_not_open", id=need_id)})
        needs.append(need)
    return needs


def plan_needs(needs: list[Need]) -> Plan:
    """The plan for these open needs (no authorisation: callers check it)."""
    started = time.perf_counter()
    # The needs and their skills in two queries, not two per need.
    db.session.scalars(select(Need).options(selectinload(Need.skills))
                       .where(Need.id.in_([n.id for n in needs]))
                       .execution_options(populate_existing=True)).all()
    batch_needs = []
    for need in needs:
        free = need.slots - need.taken
        options = {m.user_id: m.distance_m for m in find_candidates(need, free + EXTRA_OPTIONS)}
        batch_needs.append(batch.BatchNeed(need.id, free, need.starts_at, need.ends_at, options))
    pairs = batch.solve(batch_needs)
    solve_s = time.perf_counter() - started
    return Plan(pairs, batch.greedy(batch_needs), {n.id: n.slots - n.taken for n in needs}, solve_s)


def plan_batch(actor: User, need_ids: list[int]) -> Plan:
    """Staff: preview who would serve which of these needs; nothing is recorded."""
    return plan_needs(_open_needs(actor, need_ids))


def apply_batch(actor: User, need_ids: list[int], pairs: list[dict] | None = None) -> Plan:
    """Staff: assign a previewed plan (`pairs`), or plan these needs afresh and assign that."""
    # A need filled since the preview stays in: its pairs fail one by one with slot_full.
    needs = {n.id: n for n in _open_needs(actor, need_ids, (NeedStatus.open, NeedStatus.filled))}
    if pairs is None:
        plan = plan_needs([n for n in needs.values() if n.status == NeedStatus.open])
    else:
        unknown = [p["need_id"] for p in pairs if p["need_id"] not in needs]
        if unknown:
            raise InvalidInput(fields={"assignments": field_code("needs_not_in_batch", ids=", ".join(map(str, unknown)))})
        plan = Plan([batch.Pair(p["need_id"], p["user_id"], 0.0) for p in pairs], [],
                    {n.id: n.slots - n.taken for n in needs.values()}, 0.0)
    done = []
    for pair in plan.pairs:
        try:
            with db.session.begin_nested():
                assignment = assign_in_batch(actor, needs[pair.need_id], pair.user_id)
                done.append(batch.Pair(pair.need_id, pair.user_id, assignment.distance_m or 0.0))
        except ServiceError as error:
            plan.failed.append({"need_id": pair.need_id, "user_id": pair.user_id, "code": error.code})
    plan.pairs = done
    audit.record(actor.id, "apply_batch", f"needs:{len(needs)}", assigned=len(done), failed=len(plan.failed))
    db.session.commit()
    return plan
