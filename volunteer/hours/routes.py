"""Hours over HTTP: confirm or reject records; my hours, stars and points."""
from flask_smorest import Blueprint

from volunteer.access import signed_in
from volunteer.auth import current_user
from volunteer.hours import schemas, services
from volunteer.schemas import Page

bp = Blueprint("hours", __name__, description="Service records, hours, stars and points")


@bp.get("/records")
@signed_in
@bp.arguments(schemas.RecordListArgsSchema, location="query")
@bp.response(200, Page(schemas.ServiceRecordSchema))
def records_to_confirm(args):
    """Records waiting for me (as the need's social worker or the resident served), or those
    I confirmed or rejected, by status; oldest first."""
    return services.records_to_confirm(current_user(), **args)


@bp.post("/records/<int:record_id>/confirm")
@signed_in
@bp.response(200, schemas.ServiceRecordSchema)
def confirm(record_id):
    """Confirm a record: hours count, points are credited, the next star may become eligible."""
    return services.confirm(current_user(), record_id)


@bp.post("/records/<int:record_id>/reject")
@signed_in
@bp.arguments(schemas.RejectSchema)
@bp.response(200, schemas.ServiceRecordSchema)
def reject(args, record_id):
    """Reject a record, with the reason."""
    return services.reject(current_user(), record_id, args["reason"])


@bp.get("/me/summary")
@signed_in
@bp.response(200, schemas.SummarySchema)
def summary():
    """My confirmed hours, star level, next star and points balance."""
    return services.summary(current_user())
