"""Record exports: CSV with a BOM and XLSX, scoped to the caller's grids, formulas defused."""
import csv
import io

from openpyxl import load_workbook

from volunteer import clock
from tests.conftest import tomorrow_at
from tests.helpers import at_place, post_need


def _record(client, world, place, name, content="陪老人聊天"):
    need = post_need(client, place, resident_id=place["resident"]["id"])
    v = world.volunteer(place["grid_id"], name=name)
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(10, 30)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"],
                             json={**at_place(), "content": content}).json
    return v, record


def test_csv_opens_in_excel_with_chinese_intact(client, world, place):
    _record(client, world, place, "=HYPERLINK(1)")
    v, record = _record(client, world, place, "钱芳")
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"])
    r = client.get("/api/v1/exports/records.csv", headers=place["manager"]["headers"])
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.data.startswith(b"\xef\xbb\xbf") and "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["记录编号", "志愿者编号", "志愿者姓名"]
    assert [row[2] for row in rows[1:]] == ["'=HYPERLINK(1)", "钱芳"]
    assert rows[2][11] == "1.50" and rows[2][12] == "verified" and rows[2][13] == "王芳"
    day = tomorrow_at(9).date().isoformat()
    assert rows[2][9] == f"{day} 09:00"  # local time, not UTC
    verified = client.get("/api/v1/exports/records.csv?status=verified", headers=place["manager"]["headers"])
    assert len(list(csv.reader(io.StringIO(verified.data.decode("utf-8-sig"))))) == 2


def test_xlsx_holds_the_same_rows(client, world, place):
    _record(client, world, place, "孙悦")
    r = client.get("/api/v1/exports/records.xlsx", headers=place["social_worker"]["headers"])
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "志愿者姓名" and rows[1][2] == "孙悦" and rows[1][11] == 1.5


def test_exports_are_scoped_to_the_callers_grids(client, world, place):
    from models import Role
    _record(client, world, place, "赵敏")
    other_grid = world.grid(place["community_id"], code="HHL-09")
    stranger = world.user("别的网格员", roles=[(Role.grid_manager, other_grid, None)])
    r = client.get("/api/v1/exports/records.csv", headers=stranger["headers"])
    assert r.status_code == 200 and r.data.decode("utf-8-sig").count("\n") == 1  # the header only
    v = world.volunteer(place["grid_id"], name="志愿者甲")
    assert client.get("/api/v1/exports/records.csv", headers=v["headers"]).status_code == 403
    assert client.get("/api/v1/exports/records.xlsx", headers=v["headers"]).status_code == 403
    r = client.get("/api/v1/exports/records.csv?status=done", headers=place["manager"]["headers"])
    assert r.status_code == 422 and "status" in r.json["error"]["fields"]


def test_an_export_beyond_the_row_limit_is_refused_not_cut(client, world, place, monkeypatch):
    from volunteer.reports import exports

    _record(client, world, place, "钱芳")
    _record(client, world, place, "孙丽")
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    r = client.get("/api/v1/exports/records.csv", headers=place["manager"]["headers"])
    assert r.status_code == 422 and r.json["error"]["code"] == "export_too_large"
    assert list(r.json["error"]["fields"]) == ["from"] and "1" in r.json["error"]["message"]
    monkeypatch.setattr(exports, "MAX_ROWS", 2)
    assert client.get("/api/v1/exports/records.csv", headers=place["manager"]["headers"]).status_code == 200
