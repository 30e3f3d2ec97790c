"""Service records for other systems: CSV (UTF-8 with BOM, so Excel reads Chinese) and XLSX.

Staff get the records of the grids they serve. Text a spreadsheet would run as a formula
(starting with = + - @) is prefixed with an apostrophe.
"""
import csv
import io
from datetime import date, datetime

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import aliased

from models import Community, Grid, Need, ServiceRecord, User, db
from models.records import RecordStatus
from volunteer import audit, clock
from volunteer.access import staffed_grid_filter
from volunteer.errors import InvalidInput
from volunteer.messages import field_code
from volunteer.needs import groups
from volunteer.certificates.rules import period_in_utc

MAX_ROWS = 100_000
COLUMNS = (
    ("record_id", "记录编号"), ("volunteer_id", "志愿者编号"), ("volunteer_name", "志愿者姓名"),
    ("volunteer_phone", "手机号"), ("need_id", "需求编号"), ("need_title", "服务项目"),
    ("community", "社区"), ("grid_code", "网格编号"), ("place", "服务地点"),
    ("started_at", "开始时间"), ("ended_at", "结束时间"), ("hours", "时长(小时)"),
    ("status", "状态"), ("confirmed_by", "确认人"), ("confirmed_at", "确认时间"),
    ("served_groups", "服务对象"), ("party_member", "在职党员报到"),
)
GROUP_NAMES = {code: zh for code, zh, _ in groups.SERVED_GROUPS}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def period_filter(query, column, date_from: date | None, date_to: date | None):
    """Limit `column` (UTC) to local dates [date_from, date_to], either end open."""
    if date_from is not None:
        query = query.where(column >= period_in_utc(date_from, date_from)[0])
    if date_to is not None:
        query = query.where(column < period_in_utc(date_to, date_to)[1])
    return query


def _local(moment: datetime | None) -> str:
    return clock.local(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def records_for_export(actor: User, date_from: date | None, date_to: date | None,
                       status: RecordStatus | None) -> list[dict]:
    """The records of the actor's grids (started in the period), oldest first; more than
    MAX_ROWS is refused, asking for a shorter period, never cut short without a word."""
    confirmer = aliased(User)
    query = (select(ServiceRecord, User, Need, Grid, Community, confirmer.name)
             .join(User, User.id == ServiceRecord.volunteer_id)
             .join(Need, Need.id == ServiceRecord.need_id).join(Grid, Grid.id == Need.grid_id)
             .join(Community, Community.id == Grid.community_id)
             .outerjoin(confirmer, confirmer.id == ServiceRecord.confirmed_by_id)
             .order_by(ServiceRecord.started_at, ServiceRecord.id).limit(MAX_ROWS + 1))
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    if status is not None:
        query = query.where(ServiceRecord.status == status)
    query = period_filter(query, ServiceRecord.started_at, date_from, date_to)
    rows = [{
        "record_id": r.id, "volunteer_id": v.id, "volunteer_name": v.name, "volunteer_phone": v.phone,
        "need_id": n.id, "need_title": n.title, "community": c.name, "grid_code": g.code,
        "place": r.place, "started_at": _local(r.started_at), "ended_at": _local(r.ended_at),
        "hours": r.hours, "status": r.status.value, "confirmed_by": confirmed_by or "",
        "confirmed_at": _local(r.confirmed_at),
        "served_groups": "、".join(GROUP_NAMES.get(code, code) for code in n.served_groups),
        "party_member": "是" if r.as_party_member else "",
    } for r, v, n, g, c, confirmed_by in db.session.execute(query)]
    if len(rows) > MAX_ROWS:
        raise InvalidInput("export_too_large", fields={"from": field_code("export_too_large", max=MAX_ROWS)},
                           max=MAX_ROWS)
    audit.personal_reads(actor.id, [(row["volunteer_id"], "export") for row in rows])  # phones, in bulk
    return rows


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([zh for _, zh in COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _ in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("服务记录")
    sheet.append([zh for _, zh in COLUMNS])
    for row in rows:
        sheet.append([_cell(float(row[key]) if key == "hours" else row[key]) for key, _ in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(extension: str) -> str:
    return f"service-records-{clock.local(clock.now()):%Y%m%d}.{extension}"
