"""Projects over HTTP: set up, put needs and activities under, progress; evaluation packs
issued, downloaded (JSON and PDF), verified and checked by anyone holding one."""
from flask import Response, request
from flask_smorest import Blueprint

from volunteer.access import COMMUNITY_STAFF, allow, public, signed_in
from volunteer.auth import current_user
from volunteer.certificates import verify_page
from volunteer.errors import language
from volunteer.links import public_base
from volunteer.projects import pdf, schemas, services
from volunteer.projects.verify_page import response as verify_html
from volunteer.schemas import Page, PageArgsSchema

bp = Blueprint("projects", __name__, description="Projects bought by government, and their evaluation packs")


@bp.post("/projects")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.ProjectCreateSchema)
@bp.response(201, schemas.ProjectSchema)
def create(args):
    """Staff of every community it serves set up a project with its funder, organisation and targets."""
    actor = current_user()
    return services.get_project(actor, services.create(actor, **args).id)


@bp.get("/projects")
@signed_in
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.ProjectSchema))
def list_projects(args):
    """Staff: their communities' projects; leaders: those their organisation delivers."""
    return services.list_projects(current_user(), **args)


@bp.get("/projects/<int:project_id>")
@signed_in
@bp.response(200, schemas.ProjectSchema)
def get_project(project_id):
    """The project and its progress against each target."""
    return services.get_project(current_user(), project_id)


@bp.post("/projects/<int:project_id>/needs")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.NeedRefArgsSchema)
@bp.response(200, schemas.ProjectSchema)
def add_need(args, project_id):
    actor = current_user()
    return services.view(services.add_need(actor, project_id, args["need_id"]))


@bp.post("/projects/<int:project_id>/activities")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.ActivityRefArgsSchema)
@bp.response(200, schemas.ProjectSchema)
def add_activity(args, project_id):
    """Put every session of an activity under the project."""
    actor = current_user()
    return services.view(services.add_activity(actor, project_id, args["activity_id"]))


@bp.post("/projects/<int:project_id>/evaluation-packs")
@allow(*COMMUNITY_STAFF)
@bp.response(201, schemas.PackSchema)
def issue_pack(project_id):
    """Issue the evaluation pack as the records stand now (each entry chained by hash)."""
    base = public_base()
    pack = services.issue_pack(current_user(), project_id)
    return _pack_view(pack, base)


@bp.get("/evaluation-packs/<string:pack_number>")
@signed_in
@bp.doc(responses={"200": {"description": "The pack as issued: project, totals, chained entries, head hash",
                           "content": {"application/json": {}}}})
def pack_json(pack_number):
    """The machine-readable pack, exactly as issued (the copy anyone may check)."""
    pack = services.pack_for(current_user(), pack_number)
    return pack.content, 200, {"Content-Disposition": f'attachment; filename="{pack.number}.json"'}


@bp.get("/evaluation-packs/<string:pack_number>/pdf")
@signed_in
@bp.doc(responses={"200": {"content": {"application/pdf": {}}}})
def pack_pdf(pack_number):
    pack = services.pack_for(current_user(), pack_number)
    body = pdf.render(pack.content, _verify_url(pack.number), pack.content["totals"])
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{pack.number}.pdf"'})


@bp.get("/evaluation-packs/<string:pack_number>/verify")
@public
@bp.response(200, schemas.PackVerificationSchema)
@bp.doc(responses={"200": {"content": {"text/html": {}}}})
def verify(pack_number):
    """Public: the pack the server issued under this number, and whether the records still
    rehash to its head. A browser gets a page a person reads."""
    found = services.verify_pack(pack_number)
    if verify_page.wants_html(request.accept_mimetypes):
        return verify_html(found, language())
    return found, 200, {"Vary": "Accept, Accept-Language"}


@bp.post("/evaluation-packs/<string:pack_number>/check")
@public
@bp.arguments(schemas.PackCheckArgsSchema)
@bp.response(200, schemas.PackCheckSchema)
def check(args, pack_number):
    """Public: send the entries of a copy (as exported); is it the pack as issued, and if
    not, where does it first differ?"""
    return services.check_copy(pack_number, args["entries"], args["head_hash"])


def _verify_url(number: str) -> str:
    return f"{public_base()}/api/v1/evaluation-packs/{number}/verify"


def _pack_view(pack, base: str) -> dict:
    return {"number": pack.number, "entries": pack.entries, "hours": pack.hours, "head_hash": pack.head_hash,
            "issued_at": pack.issued_at, "verify_url": f"{base}/api/v1/evaluation-packs/{pack.number}/verify"}
