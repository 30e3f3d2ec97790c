"""Assignments over HTTP: assign, sign up, check in, check out, my tasks."""
from flask import current_app, request
from flask_smorest import Blueprint

from models import Role
from volunteer.assignments import schemas, services
from volunteer.access import STAFF, allow, signed_in
from volunteer.auth import current_user
from volunteer.errors import InvalidInput
from volunteer.extensions import limiter
from volunteer.hours.schemas import ServiceRecordSchema
from volunteer.idempotency import key_from_request
from volunteer.messages import field_code
from volunteer.schemas import Page, PageArgsSchema

bp = Blueprint("assignments", __name__, description="Assignment, check-in and check-out")
IDEMPOTENT = {"parameters": [{"in": "header", "name": "Idempotency-Key", "schema": {"type": "string"},
                              "description": "A retry with the same key returns the first answer"}]}
DEVICE = {"in": "header", "name": "X-Device-Id", "schema": {"type": "string"},
          "description": "The phone's install id, kept with the check-in for the anomaly report"}


def device_from_request() -> str | None:
    device = (request.headers.get("X-Device-Id") or "").strip()
    if len(device) > 100 or not all("!" <= c <= "~" for c in device):
        raise InvalidInput(fields={"X-Device-Id": field_code("device_id_format")})
    return device or None


@bp.post("/needs/<int:need_id>/assignments")
@allow(*STAFF)
@bp.arguments(schemas.AssignArgsSchema)
@bp.response(201, schemas.AssignmentSchema)
def assign(args, need_id):
    """Social worker or grid staff: put a candidate on the need."""
    actor = current_user()
    return services.assign(actor, need_id, args["user_id"])


@bp.post("/needs/<int:need_id>/signup")
@allow(Role.volunteer)
@bp.response(201, schemas.AssignmentSchema)
@bp.doc(**IDEMPOTENT)
def sign_up(need_id):
    """Volunteer: take a slot on an open need (409 slot_full when none is left)."""
    return services.sign_up(current_user(), need_id, key_from_request())


def _wrong_code(answer) -> bool:
    body = answer.get_json(silent=True) or {}
    return answer.status_code == 422 and body.get("error", {}).get("code") == "wrong_checkin_code"


@bp.post("/assignments/<int:assignment_id>/check-in")
@signed_in
@limiter.limit(lambda: current_app.config["CHECKIN_CODE_FAILURES_PER_ADDRESS"], scope="checkin-code-address",
               deduct_when=_wrong_code)
@bp.arguments(schemas.CheckInArgsSchema)
@bp.response(200, schemas.AssignmentSchema)
@bp.doc(parameters=IDEMPOTENT["parameters"] + [DEVICE])
def check_in(args, assignment_id):
    """Check in on the spot (refused beyond the need's check-in radius), or with the rotating code."""
    return services.check_in(current_user(), assignment_id, args.get("position"), key_from_request(),
                             code=args.get("code"), device_id=device_from_request())


@bp.post("/assignments/<int:assignment_id>/check-out")
@signed_in
@bp.arguments(schemas.CheckOutArgsSchema)
@bp.response(201, ServiceRecordSchema)
@bp.doc(**IDEMPOTENT)
def check_out(args, assignment_id):
    """Check out: makes a pending service record of the actual hours."""
    return services.check_out(current_user(), assignment_id, args["position"], args["content"],
                              key_from_request())


@bp.get("/me/assignments")
@signed_in
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.AssignmentSchema))
def my_assignments(args):
    """My tasks, newest first."""
    return services.my_assignments(current_user(), **args)
