"""Reports over HTTP: satisfaction against the target, and record exports for other systems."""
from flask import Response
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow
from volunteer.auth import current_user
from volunteer.reports import exports, satisfaction, schemas

bp = Blueprint("reports", __name__, description="Satisfaction reports and record exports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/reports/satisfaction")
@allow(*STAFF)
@bp.arguments(schemas.SatisfactionArgsSchema, location="query")
@bp.response(200, schemas.SatisfactionSchema)
def satisfaction_report(args):
    """Staff: share of ratings 4-5 per grid, community or street, against the 80% target."""
    return satisfaction.satisfaction(current_user(), args["level"], args["date_from"], args["date_to"])


@bp.get("/exports/records.csv")
@allow(*STAFF)
@bp.arguments(schemas.ExportArgsSchema, location="query")
@bp.doc(responses={"200": {"description": "UTF-8 CSV with BOM", "content": {"text/csv": {}}}})
def export_csv(args):
    """Staff: the service records of their grids as CSV (opens in Excel with Chinese intact)."""
    rows = exports.records_for_export(current_user(), args["date_from"], args["date_to"], args["status"])
    return _download(exports.to_csv(rows), "text/csv; charset=utf-8", exports.filename("csv"))


@bp.get("/exports/records.xlsx")
@allow(*STAFF)
@bp.arguments(schemas.ExportArgsSchema, location="query")
@bp.doc(responses={"200": {"description": "Excel workbook", "content": {XLSX: {}}}})
def export_xlsx(args):
    """Staff: the service records of their grids as an Excel workbook."""
    rows = exports.records_for_export(current_user(), args["date_from"], args["date_to"], args["status"])
    return _download(exports.to_xlsx(rows), XLSX, exports.filename("xlsx"))


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
