"""A volunteer's record in the five categories the rules name, for them and for staff."""
from models import Role
from tests.conftest import tomorrow_at
from tests.helpers import served


def test_my_record_holds_the_five_categories(app, client, world, place):
    v, record = served(client, world, place, name="王小明")
    sw = place["social_worker"]
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw["headers"])
    fixed = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw["headers"],
                        json={"hours": "1.5", "reason": "扣除路程"}).json
    client.post(f"/api/v1/needs/{record['need_id']}/rating", headers=place["resident"]["headers"],
                json={"score": 5, "comment": "很细心"})
    r = client.post(f"/api/v1/volunteers/{v['id']}/commendations", headers=sw["headers"],
                    json={"title": "优秀志愿者", "issuer": "丰产路街道", "awarded_on": tomorrow_at(12).isoformat()})
    assert r.status_code == 201, r.json
    book = client.get("/api/v1/me/records", headers=v["headers"]).json
    assert set(book) == {"basic", "services", "services_total", "teams", "training", "commendations", "evaluation"}
    assert book["services_total"] == len(book["services"])
    basic = book["basic"]
    assert basic["name"] == "王小明" and basic["phone"].count("*") == 4 and basic["community"] == "黄河路社区"
    assert basic["service_hours"] == 1.5 and basic["star_level"] == 0 and basic["skills"] == ["elder_daily_care"]
    newest, oldest = book["services"]
    assert newest["id"] == fixed["id"] and newest["corrects_id"] == record["id"]
    assert newest["correction_reason"] == "扣除路程" and newest["corrected_by_id"] == sw["id"]
    assert oldest["status"] == "superseded" and oldest["superseded_by_id"] == fixed["id"] and oldest["hours"] == 2.0
    assert newest["organiser"] == "黄河路社区·第一网格" and newest["need_title"] == "看望独居老人"
    assert newest["date"] == tomorrow_at(9).date().isoformat() and newest["place"]
    assert book["training"] == []
    assert book["teams"] == []
    assert [c["title"] for c in book["commendations"]["commendations"]] == ["优秀志愿者"]
    assert book["evaluation"]["average_score"] == 5.0
    assert [x["comment"] for x in book["evaluation"]["ratings"]] == ["很细心"]


def test_staff_of_the_volunteers_grid_read_the_record_others_do_not(client, world, place):
    v, _ = served(client, world, place)
    elsewhere = world.user("别处网格员", roles=[(Role.grid_manager, world.grid(world.community("别的社区"), code="X-1"), None)])
    street = world.user("街道管理员", roles=[(Role.admin, None, None)])
    url = f"/api/v1/volunteers/{v['id']}/records"
    assert client.get(url, headers=place["manager"]["headers"]).json["basic"]["user_id"] == v["id"]
    assert client.get(url, headers=street["headers"]).status_code == 200
    assert client.get(url, headers=elsewhere["headers"]).status_code == 403
    assert client.get(url, headers=place["resident"]["headers"]).status_code == 403
    assert client.get("/api/v1/volunteers/99999/records", headers=street["headers"]).status_code == 404
    r = client.post(f"/api/v1/volunteers/{v['id']}/commendations", headers=elsewhere["headers"],
                    json={"title": "x", "issuer": "y", "awarded_on": tomorrow_at(12).isoformat()})
    assert r.status_code == 403
    r = client.post(f"/api/v1/volunteers/{v['id']}/commendations", headers=street["headers"], json={"title": "x"})
    assert r.status_code == 422 and {"issuer", "awarded_on"} <= set(r.json["error"]["fields"])
