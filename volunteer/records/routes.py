"""Service records over HTTP: the five-category record, corrections, anomalies, check-in codes."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow, signed_in
from volunteer.auth import current_user
from volunteer.hours.schemas import ServiceRecordSchema
from volunteer.idempotency import key_from_request
from volunteer.links import public_base, qr_svg
from volunteer.records import anomalies, schemas, services
from volunteer.schemas import Page

bp = Blueprint("records", __name__, description="Service records: corrections, anomalies, check-in codes")
IDEMPOTENT = {"parameters": [{"in": "header", "name": "Idempotency-Key", "schema": {"type": "string"},
                              "description": "A retry with the same key returns the first answer"}]}


@bp.get("/me/records")
@signed_in
@bp.response(200, schemas.RecordBookSchema)
def my_records():
    """My service record in its five categories: basic, services, training, commendations, evaluation."""
    return services.my_record(current_user())


@bp.get("/volunteers/<int:user_id>/records")
@allow(*STAFF)
@bp.response(200, schemas.RecordBookSchema)
def volunteer_records(user_id):
    """Staff: a volunteer's service record in its five categories."""
    return services.staff_view(current_user(), user_id)


@bp.post("/records/<int:record_id>/corrections")
@allow(*STAFF)
@bp.arguments(schemas.CorrectionSchema)
@bp.response(201, ServiceRecordSchema)
@bp.doc(**IDEMPOTENT)
def correct(args, record_id):
    """The need's social worker or grid staff: replace a record with a corrected one, saying why."""
    return services.correct(current_user(), record_id, key=key_from_request(), **args)


@bp.post("/volunteers/<int:user_id>/commendations")
@allow(*STAFF)
@bp.arguments(schemas.CommendationSchema)
@bp.response(201, schemas.CommendationSchema)
@bp.doc(**IDEMPOTENT)
def commend(args, user_id):
    """Staff: record a commendation or award the volunteer received."""
    return services.commend(current_user(), user_id, key=key_from_request(), **args)


@bp.get("/needs/<int:need_id>/checkin-code")
@signed_in
@bp.response(200, schemas.CheckinCodeSchema)
def checkin_code(need_id):
    """The need's social worker or resident (or an activity's organiser): the code volunteers
    may type to check in, and a QR code of a link that checks in with it."""
    shown = services.checkin_code(current_user(), need_id)
    link = f"{public_base()}/#/checkin/{need_id}-{shown['code']}"
    return {**shown, "link": link, "qr_svg": qr_svg(link, scale=4)}


@bp.get("/reports/anomalies")
@allow(*STAFF)
@bp.arguments(schemas.AnomalyArgsSchema, location="query")
@bp.response(200, Page(schemas.AnomalySchema))
def anomaly_report(args):
    """Staff: records in my grids that look wrong (overlaps, long days, impossible moves, shared phones)."""
    return anomalies.anomalies(current_user(), **args)
