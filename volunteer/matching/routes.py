"""Matching over HTTP: a need's ranked candidates."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow, staffs_grid
from volunteer.auth import current_user
from volunteer.errors import Forbidden, language
from volunteer.messages import message
from volunteer.matching import batches, schemas, services
from volunteer.needs.services import get_need

bp = Blueprint("matching", __name__, description="Candidates for a need")


@bp.get("/needs/<int:need_id>/candidates")
@allow(*STAFF)
@bp.arguments(schemas.CandidateArgsSchema, location="query")
@bp.response(200, schemas.CandidateSchema(many=True))
def candidates(args, need_id):
    """Staff: who can serve this need, best first, each with a score and why."""
    user = current_user()
    need = get_need(need_id)
    if not staffs_grid(user, need.grid):
        raise Forbidden()
    lang = language()
    return [{"user_id": m.user_id, "distance_m": round(m.distance_m), **shown,
             "is_social_worker": m.is_social_worker, "score": m.score,
             "explanation": m.explain(lang), "reasons": list(m.parts)}
            for m, shown in services.suggest(need, args["limit"])]


@bp.get("/needs/<int:need_id>/candidates/shortfall")
@allow(*STAFF)
@bp.response(200, schemas.ShortfallSchema)
def shortfall(need_id):
    """Staff: why a need has few or no candidates: of the verified volunteers nearby who hold
    its skills, how many each rule turns away, in my language."""
    user = current_user()
    need = get_need(need_id)
    if not staffs_grid(user, need.grid):
        raise Forbidden()
    lang = language()
    found = services.shortfall(need)
    return {**found, "turned_away": [{**r, "message": message(r["code"], lang)} for r in found["turned_away"]]}


@bp.post("/batches")
@allow(*STAFF)
@bp.arguments(schemas.BatchArgsSchema)
@bp.response(200, schemas.BatchPlanSchema)
def plan_batch(args):
    """Staff: plan many open needs at once (an assignment problem, not nearest-first); records nothing."""
    actor = current_user()
    return batches.plan_batch(actor, args["need_ids"])


@bp.post("/batches/apply")
@allow(*STAFF)
@bp.arguments(schemas.BatchApplyArgsSchema)
@bp.response(201, schemas.BatchPlanSchema)
def apply_batch(args):
    """Staff: assign a previewed plan (or a fresh one); pairs that no longer fit are listed in failed."""
    actor = current_user()
    return batches.apply_batch(actor, args["need_ids"], args["assignments"])
