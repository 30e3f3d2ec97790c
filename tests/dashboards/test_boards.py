"""Public boards (公示): per grid and community, no personal data, open to anyone, computed
by the scheduler's sweep and printable as a page."""
from models import PublicBoard, db
from tests.helpers import served
from volunteer import clock
from volunteer.dashboards.boards import refresh_boards


def test_the_sweep_computes_every_board_and_the_page_shows_its_figures(app, client, world, place):
    volunteer, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
    client.post(f"/api/v1/needs/{record['need_id']}/rating", headers=place["resident"]["headers"], json={"score": 5})
    with app.app_context():
        assert refresh_boards(clock.now()) == 2  # the community and its one grid
        assert db.session.query(PublicBoard).count() == 2
    board = client.get(f"/api/v1/boards/communities/{place['community_id']}")  # no sign-in
    assert board.status_code == 200
    b = board.json
    assert (b["level"], b["name"], b["kind"]) == ("community", "黄河路社区", "urban")
    assert b["volunteers"]["registered"] == 2 and b["volunteers"]["target"] == 0.1  # the volunteer and the social worker
    assert b["hours"] == 2.0 and b["satisfaction"]["ratings"] == 1 and b["satisfaction"]["meets"] is True
    assert b["social_workers"] == {"count": 1, "by_level": {"intermediate": 1}, "meets": True}
    assert b["requests"]["needs_answered"] == 1 and b["requests"]["median_minutes"] is not None
    text = board.get_data(as_text=True)
    for secret in (volunteer["phone"], "李娜", "王芳", "黄河路社区5号院"):
        assert secret not in text
    grid = client.get(f"/api/v1/boards/grids/{place['grid_id']}").json
    assert (grid["level"], grid["grid_id"], grid["hours"]) == ("grid", place["grid_id"], 2.0)
    page = client.get(f"/board/community/{place['community_id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "黄河路社区 志愿服务公示" in html and "2 小时" in html and "✓ 达标" in html
    assert "李娜" not in html and "@media print" not in html  # the print rules live in the stylesheet
    english = client.get(f"/board/grid/{place['grid_id']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "volunteer service notice" in english and "2 h" in english


def test_a_board_not_yet_computed_is_computed_on_first_reading_and_then_kept(app, client, place):
    first = client.get(f"/api/v1/boards/grids/{place['grid_id']}").json
    again = client.get(f"/api/v1/boards/grids/{place['grid_id']}").json
    assert first["computed_at"] == again["computed_at"]  # kept until the sweep runs again
    assert client.get("/api/v1/boards/communities/999999").status_code == 404
    assert client.get("/api/v1/boards/grids/999999").status_code == 404
    assert client.get("/board/grid/999999").status_code == 404
