"""Bad input: a 4xx in the one error shape, naming the problem, changing nothing."""
import pytest
from sqlalchemy import func, select

from models import AuditEvent, HelpRequest, Need, db
from tests.conftest import CENTRE, iso, tomorrow_at


def _need_body(place, **change):
    body = {"grid_id": place["grid_id"], "title": "陪同就医", "skills": ["medical_escort"],
            "slots": 1, "position": {"lat": CENTRE[0], "lng": CENTRE[1]},
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))}
    body.update(change)
    return {k: v for k, v in body.items() if v is not None}


def _counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m))
                     for m in (Need, HelpRequest, AuditEvent))


CASES = [
    ("missing title", {"title": None}, 422, "validation_failed", "title"),
    ("wrong type", {"slots": "two"}, 422, "validation_failed", "slots"),
    ("lat 200", {"position": {"lat": 200, "lng": CENTRE[1]}}, 422, "validation_failed", "position"),
    ("unknown crs", {"position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "utm"}}, 422,
     "validation_failed", "position"),
    ("window reversed", {"starts_at": iso(tomorrow_at(11)), "ends_at": iso(tomorrow_at(9))}, 422,
     "validation_failed", "ends_at"),
    ("unknown skill", {"skills": ["medical_escort", "juggling"]}, 422, "unknown_skill", "skills"),
    ("zero slots", {"slots": 0}, 422, "validation_failed", "slots"),
    ("no such grid", {"grid_id": 999}, 422, "unknown_grid", "grid_id"),
    ("unknown field", {"colour": "red"}, 422, "validation_failed", "colour"),
]


@pytest.mark.parametrize("label,change,status,code,field", CASES, ids=[c[0] for c in CASES])
def test_bad_need_is_refused_naming_the_field(app, client, place, label, change, status, code, field):
    before = _counts(app)
    r = client.post("/api/v1/needs", headers=place["social_worker"]["headers"], json=_need_body(place, **change))
    assert r.status_code == status, r.json
    assert r.json["error"]["code"] == code
    assert field in r.json["error"]["fields"]
    assert r.json["error"]["message"]
    assert _counts(app) == before


def test_messages_are_chinese_by_default_and_english_on_request(client, place):
    body = _need_body(place, skills=["juggling"])
    headers = place["social_worker"]["headers"]
    zh = client.post("/api/v1/needs", headers=headers, json=body).json["error"]
    en = client.post("/api/v1/needs", headers={**headers, "Accept-Language": "en"}, json=body).json["error"]
    assert zh["message"] == "技能不存在：juggling"
    assert en["message"] == "Unknown skill: juggling"
    missing_zh = client.post("/api/v1/needs", headers=headers, json={}).json["error"]["fields"]
    missing_en = client.post("/api/v1/needs", headers={**headers, "Accept-Language": "en-US,en;q=0.9"},
                             json={}).json["error"]["fields"]
    assert missing_zh["title"] == ["必填。"]
    assert missing_en["title"] == ["Missing data for required field."]


def test_malformed_json_is_a_400(app, client, place):
    before = _counts(app)
    r = client.post("/api/v1/needs", headers={**place["social_worker"]["headers"],
                                              "Content-Type": "application/json"}, data=b'{"title": ')
    assert r.status_code == 400
    assert r.json["error"]["code"] == "malformed_json"
    assert _counts(app) == before


def test_a_json_array_instead_of_an_object_is_a_422(client, place):
    r = client.post("/api/v1/needs", headers=place["social_worker"]["headers"], json=[1, 2])
    assert r.status_code == 422 and r.json["error"]["code"] == "validation_failed"


def test_a_ten_megabyte_body_is_a_413(app, client, place):
    before = _counts(app)
    big = b'{"title": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    r = client.post("/api/v1/needs", headers={**place["social_worker"]["headers"],
                                              "Content-Type": "application/json"}, data=big)
    assert r.status_code == 413
    assert r.json["error"]["code"] == "body_too_large"
    assert _counts(app) == before


def test_unknown_route_and_method_use_the_same_shape(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"
    r = client.delete("/api/v1/health")
    assert r.status_code == 405 and r.json["error"]["code"] == "method_not_allowed"


def test_no_credentials_is_a_401(client):
    r = client.get("/api/v1/me")
    assert r.status_code == 401 and r.json["error"]["code"] == "unauthorised"
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401


def test_a_resident_cannot_post_needs(client, place):
    r = client.post("/api/v1/needs", headers=place["resident"]["headers"], json=_need_body(place))
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"


def test_bad_query_parameters_are_422(client, place):
    r = client.get("/api/v1/needs/1/candidates?limit=abc", headers=place["social_worker"]["headers"])
    assert r.status_code == 422 and "limit" in r.json["error"]["fields"]
