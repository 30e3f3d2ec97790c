"""When a need has few or no candidates, staff see why: of the verified volunteers nearby
with its skills, how many each rule turns away."""
from tests.conftest import ALL_WEEK
from tests.helpers import post_need

WEEKDAY_EVENINGS = [{"weekday": d, "start": "18:00", "end": "21:00"} for d in range(5)]


def _shortfall(client, headers, need_id, lang="zh-CN"):
    r = client.get(f"/api/v1/needs/{need_id}/candidates/shortfall", headers={**headers, "Accept-Language": lang})
    assert r.status_code == 200, r.json
    return r.json


def test_the_shortfall_counts_who_each_rule_turns_away(client, world, place):
    fits = world.volunteer(place["grid_id"], offset_m=(100, 0), skills=("medical_escort",))
    world.volunteer(place["grid_id"], offset_m=(0, 8000), skills=("medical_escort",), radius=10000)  # beyond 3 km
    world.volunteer(place["grid_id"], offset_m=(0, 500), skills=("medical_escort",), radius=200)  # won't go that far
    world.volunteer(place["grid_id"], offset_m=(200, 0), skills=("medical_escort",), availability=[])
    world.volunteer(place["grid_id"], offset_m=(300, 0), skills=("medical_escort",), verified=False)
    world.volunteer(place["grid_id"], offset_m=(100, 0), skills=("cleaning",))  # not skilled: not counted
    need = post_need(client, place, skills=("medical_escort",), radius_m=3000)
    sw = place["social_worker"]["headers"]
    found = _shortfall(client, sw, need["id"])
    assert (found["skilled"], found["passing"], found["capped"]) == (4, 1, False)
    assert {r["code"]: r["count"] for r in found["turned_away"]} == {"out_of_range": 2, "not_available": 1}
    assert next(r["message"] for r in found["turned_away"] if r["code"] == "out_of_range") == "超出服务范围。"
    english = _shortfall(client, sw, need["id"], "en")
    assert next(r["message"] for r in english["turned_away"] if r["code"] == "not_available") == \
        "Not available in this time window."
    client.post(f"/api/v1/needs/{need['id']}/assignments", headers=sw, json={"user_id": fits["id"]})
    after = _shortfall(client, sw, need["id"])
    assert after["passing"] == 0 and {r["code"]: r["count"] for r in after["turned_away"]}["already_assigned"] == 1


def test_no_one_skilled_nearby_says_so(client, world, place):
    world.volunteer(place["grid_id"], skills=("cleaning",), availability=ALL_WEEK)
    need = post_need(client, place, skills=("legal_education",))
    found = _shortfall(client, place["social_worker"]["headers"], need["id"])
    assert (found["skilled"], found["passing"], found["turned_away"]) == (0, 0, [])
