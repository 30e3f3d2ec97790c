"""A person who forgot their password gets a temporary one from their grid's staff, in
person: it works for a day and only to choose a new one; every old session ends; they are
told who reset it; staff accounts and people beyond the caller's grids are out of reach."""
from datetime import timedelta

from sqlalchemy import select

from models import Notification, Role, db
from volunteer import clock

NEW = "a-brand-new-pass-42"


def _login(client, phone, password):
    return client.post("/api/v1/auth/login", json={"phone": phone, "password": password, "token": True})


def test_a_temporary_password_only_opens_choosing_a_new_one(app, client, world, place):
    person = world.volunteer(place["grid_id"], name="李娜")
    r = client.post(f"/api/v1/users/{person['id']}/password-reset", headers=place["manager"]["headers"])
    assert r.status_code == 201, r.json
    temporary = r.json["temporary_password"]
    assert len(temporary) == 9 and temporary[4] == "-" and r.json["valid_until"]
    assert client.get("/api/v1/me", headers=person["headers"]).status_code == 401  # old sessions ended
    with app.app_context():
        [note] = db.session.scalars(select(Notification).where(Notification.user_id == person["id"],
                                                               Notification.kind == "password_reset"))
        assert note.params["name"] == "刘洋"
    signed = _login(client, person["phone"], temporary)
    assert signed.status_code == 200, signed.json
    headers = {"Authorization": f"Bearer {signed.json['token']}"}
    me = client.get("/api/v1/me", headers=headers).json
    assert me["user"]["must_change_password"] is True
    blocked = client.get("/api/v1/me/assignments", headers=headers)
    assert blocked.status_code == 403 and blocked.json["error"]["code"] == "password_change_required"
    assert client.get("/api/v1/me/notifications", headers=headers).status_code == 200
    changed = client.put("/api/v1/me/password", headers=headers,
                         json={"current_password": temporary, "new_password": NEW})
    assert changed.status_code == 204, changed.json
    assert client.get("/api/v1/me", headers=headers).json["user"]["must_change_password"] is False
    assert client.get("/api/v1/me/assignments", headers=headers).status_code == 200
    assert _login(client, person["phone"], temporary).status_code == 401
    assert _login(client, person["phone"], NEW).status_code == 200


def test_a_temporary_password_stops_working_after_a_day(app, client, world, place):
    person = world.user("孙桂兰", roles=[(Role.resident, place["grid_id"], None)])
    temporary = client.post(f"/api/v1/users/{person['id']}/password-reset",
                            headers=place["social_worker"]["headers"]).json["temporary_password"]
    with clock.freeze(clock.now() + timedelta(hours=25)):
        late = _login(client, person["phone"], temporary)
    assert late.status_code == 401 and late.json["error"]["code"] == "temporary_password_expired"


def test_only_staff_of_the_persons_grid_reset_and_never_a_staff_account(client, world, place):
    person = world.user("孙桂兰", roles=[(Role.resident, place["grid_id"], None)])
    other = world.community("淮河路社区")
    far = world.grid(other, code="HH-01", name="淮河第一网格")
    stranger = world.user("陈静", roles=[(Role.grid_manager, far, None)])
    r = client.post(f"/api/v1/users/{person['id']}/password-reset", headers=stranger["headers"])
    assert r.status_code == 403
    staff = client.post(f"/api/v1/users/{place['social_worker']['id']}/password-reset",
                        headers=place["manager"]["headers"])
    assert staff.status_code == 403 and staff.json["error"]["code"] == "not_for_staff_accounts"
    assert client.post("/api/v1/users/999999/password-reset", headers=place["manager"]["headers"]).status_code == 404
    assert _login(client, person["phone"], "secret123").status_code == 200  # the password is as it was
