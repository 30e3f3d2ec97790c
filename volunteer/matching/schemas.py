"""Matching: shape and format only."""
import marshmallow as ma
from marshmallow import validate
from volunteer.schemas import Id


class CandidateArgsSchema(ma.Schema):
    limit = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class CandidateSchema(ma.Schema):
    user_id = Id()
    name = ma.fields.String()
    distance_m = ma.fields.Integer(metadata={"description": "Great-circle metres from home to the need"})
    home_grid_id = Id(allow_none=True)
    star_level = ma.fields.Integer()
    skills = ma.fields.List(ma.fields.String())
    is_social_worker = ma.fields.Boolean()
    score = ma.fields.Float(metadata={"description": "Weighted score in 0..1; higher ranks first"})
    explanation = ma.fields.String(metadata={
        "description": "At a glance, in the caller's language", "example": "1.2 km · 同网格 · 近30天 3 小时 · 履约率 98%"})
    reasons = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "The same reasons, language-neutral: {kind: distance|same_grid|same_community|"
                       "certified|recent_hours|reliability, value}"})


class BatchArgsSchema(ma.Schema):
    need_ids = ma.fields.List(Id(), required=True, validate=validate.Length(min=1))


class PairSchema(ma.Schema):
    need_id = Id(required=True)
    user_id = Id(required=True)
    distance_m = ma.fields.Integer(dump_only=True)


class BatchApplyArgsSchema(BatchArgsSchema):
    assignments = ma.fields.List(ma.fields.Nested(PairSchema), load_default=None, metadata={
        "description": "The previewed pairs to assign; omitted: plan afresh and assign that"})


class BatchPlanSchema(ma.Schema):
    assignments = ma.fields.List(ma.fields.Nested(PairSchema))
    total_m = ma.fields.Integer(metadata={"description": "Great-circle metres, summed over the plan"})
    greedy_total_m = ma.fields.Integer(allow_none=True, metadata={
        "description": "The same for a nearest-first pass, for comparison"})
    greedy_assigned = ma.fields.Integer(allow_none=True)
    unfilled = ma.fields.List(ma.fields.Dict(), metadata={"description": "{need_id, open_slots, planned}"})
    failed = ma.fields.List(ma.fields.Dict(), metadata={"description": "Pairs that no longer fit: {need_id, user_id, code}"})
    solve_ms = ma.fields.Float()

    @ma.pre_dump
    def from_plan(self, plan, **kwargs):
        planned: dict[int, int] = {}
        for pair in plan.pairs:
            planned[pair.need_id] = planned.get(pair.need_id, 0) + 1
        return {
            "assignments": [{"need_id": p.need_id, "user_id": p.user_id, "distance_m": round(p.distance_m)}
                            for p in plan.pairs],
            "total_m": round(plan.total_m),
            "greedy_total_m": round(plan.greedy_total_m) if plan.greedy_pairs else None,
            "greedy_assigned": len(plan.greedy_pairs) if plan.greedy_pairs else None,
            "unfilled": [{"need_id": n, "open_slots": free, "planned": planned.get(n, 0)}
                         for n, free in plan.open_slots.items() if planned.get(n, 0) < free],
            "failed": plan.failed, "solve_ms": round(plan.solve_s * 1000, 1),
        }


class TurnedAwaySchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "The first rule they break, e.g. out_of_range, not_available"})
    count = ma.fields.Integer()
    message = ma.fields.String()


class ShortfallSchema(ma.Schema):
    skilled = ma.fields.Integer(metadata={
        "description": "Verified, on-duty volunteers within 50 km holding every skill the need asks"})
    passing = ma.fields.Integer(metadata={"description": "Of those, how many pass every rule"})
    capped = ma.fields.Boolean(metadata={"description": "Only the first 5,000 were looked at"})
    turned_away = ma.fields.List(ma.fields.Nested(TurnedAwaySchema))
