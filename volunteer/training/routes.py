"""Trainings over HTTP: schedule, list, mark attendance, my trainings."""
from flask_smorest import Blueprint

from volunteer.access import signed_in
from volunteer.auth import current_user
from volunteer.idempotency import key_from_request
from volunteer.records.routes import IDEMPOTENT
from volunteer.training import schemas, services
from volunteer.schemas import Page, PageArgsSchema

bp = Blueprint("training", __name__, description="Volunteer training")


@bp.get("/trainings")
@signed_in
@bp.arguments(schemas.TrainingListArgsSchema, location="query")
@bp.response(200, Page(schemas.TrainingSchema))
def list_trainings(args):
    """Trainings of my communities (staff) or of my home community (volunteers), newest first."""
    return services.list_trainings(current_user(), **args)


@bp.post("/trainings")
@signed_in
@bp.arguments(schemas.TrainingSchema)
@bp.response(201, schemas.TrainingSchema)
def schedule(args):
    """A social worker (or admin) of the community schedules a training."""
    return services.schedule(current_user(), **args)


@bp.post("/trainings/<int:training_id>/attendance")
@signed_in
@bp.arguments(schemas.AttendanceArgsSchema)
@bp.response(201, schemas.AttendanceSchema)
@bp.doc(**IDEMPOTENT)
def mark_attendance(args, training_id):
    """The trainer marks a volunteer present, with the hours of training."""
    return services.mark_attendance(current_user(), training_id, args["user_id"], args["hours"],
                                    key_from_request())


@bp.get("/me/trainings")
@signed_in
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.MyTrainingSchema))
def my_trainings(args):
    """Trainings I attended, with the hours, newest first."""
    return services.my_trainings(current_user(), **args)
