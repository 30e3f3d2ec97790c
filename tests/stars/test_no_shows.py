"""No-shows: marked by staff or swept after the need ends; too many unexcused suspend."""
from datetime import timedelta

from sqlalchemy import func, select

from models import NoShow, VolunteerProfile, db
from models.people import VolunteerStatus
from volunteer import clock
from volunteer.stars.services import sweep_no_shows
from tests.conftest import tomorrow_at
from tests.helpers import post_need


def _accepted(client, place, v, day=0):
    """`v` takes a need tomorrow (plus `day` days), 09:00-11:00."""
    need = post_need(client, place, starts_at=(tomorrow_at(9) + timedelta(days=day)).isoformat(),
                     ends_at=(tomorrow_at(11) + timedelta(days=day)).isoformat())
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"])
    assert r.status_code == 201, r.json
    return need, r.json["id"]


AFTER_A_WEEK = tomorrow_at(10) + timedelta(days=7)


def _mark(client, headers, aid, excused=False, reason="未到岗，电话未接"):
    return client.post(f"/api/v1/assignments/{aid}/no-show", headers=headers, json={"excused": excused, "reason": reason})


def _status(app, user_id):
    with app.app_context():
        return db.session.scalar(select(VolunteerProfile.status).where(VolunteerProfile.user_id == user_id))


def test_staff_mark_no_shows_and_the_fifth_unexcused_suspends(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    sw = place["social_worker"]["headers"]
    aids = [_accepted(client, place, v, day)[1] for day in range(6)]
    with clock.freeze(AFTER_A_WEEK):
        r = _mark(client, sw, aids[0], excused=True, reason="突发疾病，已请假")
        assert r.status_code == 201 and r.json["excused"] is True
        for aid in aids[1:5]:
            assert _mark(client, place["manager"]["headers"], aid).status_code == 201
        assert _status(app, v["id"]) == VolunteerStatus.verified
        assert _mark(client, sw, aids[5]).status_code == 201
        assert _status(app, v["id"]) == VolunteerStatus.suspended
        record = client.get("/api/v1/me/records", headers=v["headers"]).json
    assert record["evaluation"]["no_shows_last_year"] == 5
    assert record["evaluation"]["excused_absences_last_year"] == 1
    # Suspended volunteers are no longer candidates, nor may they sign up.
    need = post_need(client, place)
    assert v["id"] not in [c["user_id"] for c in client.get(f"/api/v1/needs/{need['id']}/candidates", headers=sw).json]
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).status_code == 422


def test_an_unexcused_no_show_may_be_excused_later_and_then_not_again(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    sw = place["social_worker"]["headers"]
    _, aid = _accepted(client, place, v)
    with clock.freeze(tomorrow_at(10)):
        r = _mark(client, sw, aid)
        assert r.status_code == 201 and r.json["excused"] is False, r.json
        r = _mark(client, sw, aid, excused=True, reason="补交了病假证明")
        assert r.status_code == 201 and r.json["excused"] is True and r.json["excused_by_id"] == place["social_worker"]["id"]
        r = _mark(client, sw, aid, excused=True)
        assert r.status_code == 409 and r.json["error"]["code"] == "already_marked_no_show"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NoShow)) == 1


def test_who_and_when(client, world, place):
    v = world.volunteer(place["grid_id"])
    need, aid = _accepted(client, place, v)
    with clock.freeze(tomorrow_at(8)):
        r = _mark(client, place["social_worker"]["headers"], aid)
        assert r.status_code == 409 and r.json["error"]["code"] == "no_show_too_early"
    with clock.freeze(tomorrow_at(10)):
        assert _mark(client, v["headers"], aid).status_code == 403
        assert _mark(client, place["resident"]["headers"], aid).status_code == 403
        r = _mark(client, place["social_worker"]["headers"], aid, reason=" ")
        assert r.status_code == 422 and "reason" in r.json["error"]["fields"]
        r = client.post(f"/api/v1/assignments/{aid}/no-show", headers=place["social_worker"]["headers"], json={"reason": "x"})
        assert r.status_code == 422 and "excused" in r.json["error"]["fields"]
        assert _mark(client, place["social_worker"]["headers"], 99999).status_code == 404
    assert client.get("/api/v1/me/assignments", headers=v["headers"]).json["items"][0]["status"] == "accepted"


def test_a_checked_in_volunteer_is_not_a_no_show(client, world, place):
    v = world.volunteer(place["grid_id"])
    need, aid = _accepted(client, place, v)
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"],
                    json={"position": need["position"]})
        r = _mark(client, place["social_worker"]["headers"], aid)
    assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"


def test_the_sweep_marks_only_after_the_grace_period_and_only_once(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    need, aid = _accepted(client, place, v)
    ends = tomorrow_at(11)
    with app.app_context():
        assert sweep_no_shows(ends + timedelta(minutes=59)) == 0
        assert sweep_no_shows(ends + timedelta(minutes=61)) == 1
        assert sweep_no_shows(ends + timedelta(minutes=90)) == 0
        row = db.session.scalar(select(NoShow))
        assert row.assignment_id == aid and row.excused is False and row.marked_by_id is None
    assert client.get("/api/v1/me/assignments", headers=v["headers"]).json["items"][0]["status"] == "no_show"


def test_the_sweep_suspends_at_the_configured_number(app, client, world, place):
    app.config["NO_SHOW_SUSPEND_AT"] = 2
    try:
        v = world.volunteer(place["grid_id"])
        for day in range(2):
            _accepted(client, place, v, day)
        with app.app_context():
            assert sweep_no_shows(tomorrow_at(13) + timedelta(days=1)) == 2
    finally:
        app.config["NO_SHOW_SUSPEND_AT"] = 5
    assert _status(app, v["id"]) == VolunteerStatus.suspended
