"""Register, sign in by cookie (CSRF on writes) or by token, sign out, roles."""
import pytest
from sqlalchemy import select

from models import Role, User, db
from tests.conftest import CENTRE, PRIVACY
from volunteer.config import Config


def _register(client, grid_id, phone="13912340000", name="欧阳娜娜", password="mima12345"):
    return client.post("/api/v1/auth/register", json={"phone": phone, "password": password, "name": name,
                                                      "grid_id": grid_id, "privacy_version": PRIVACY})


def test_register_keeps_a_slow_hash_not_the_password(home_grid, app, client):
    r = _register(client, home_grid)
    assert r.status_code == 202 and r.json == {"phone": "13912340000", "next": "sign_in"}
    with app.app_context():
        user = db.session.scalar(select(User).where(User.phone == "13912340000"))
        assert user.password_hash.startswith("scrypt:") and "mima12345" not in user.password_hash
        assert user.name == "欧阳娜娜" and [r.role for r in user.roles] == [Role.resident]
    assert Config.PASSWORD_METHOD == "scrypt"  # werkzeug's scrypt, N=2^15: the production cost


@pytest.mark.parametrize("name", ["买买提·艾力", "张三", "Li Wei"])
def test_real_names_in_chinese_and_latin_are_accepted(home_grid, client, name):
    assert _register(client, home_grid, name=name).status_code == 202


@pytest.mark.parametrize("field,value", [("phone", "12345"), ("name", "x"), ("name", "<script>"),
                                         ("password", "short"), ("grid_id", None), ("grid_id", 2**31)])
def test_bad_registration_names_the_field(home_grid, client, field, value):
    body = {"phone": "13912340001", "password": "mima12345", "name": "王强", "grid_id": home_grid, field: value}
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 422 and field in r.json["error"]["fields"]


def test_a_phone_registers_once_and_registering_it_again_tells_nothing(app, home_grid, client):
    first = _register(client, home_grid)
    again = _register(client, home_grid, name="另一人", password="another-pass-9")
    assert first.status_code == again.status_code == 202 and first.json == again.json
    assert first.headers.get("Set-Cookie") is None and again.headers.get("Set-Cookie") is None
    with app.app_context():
        users = db.session.scalars(select(User).where(User.phone == "13912340000")).all()
        assert [u.name for u in users] == ["欧阳娜娜"]  # the account is left as it was
    fresh = client.application.test_client()
    assert fresh.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "another-pass-9"}).status_code == 401
    assert fresh.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "mima12345"}).status_code == 200


def test_wrong_password_is_refused_without_saying_which_part(home_grid, client):
    _register(client, home_grid)
    wrong = client.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "nope12345"})
    nobody = client.post("/api/v1/auth/login", json={"phone": "13900000000", "password": "nope12345"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json == nobody.json


def test_cookie_session_is_httponly_and_writes_need_the_csrf_token(home_grid, client, place):
    _register(client, home_grid)
    r = client.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "mima12345"})
    assert r.status_code == 200 and r.json["token"] is None
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    csrf = r.json["csrf_token"]
    assert client.get("/api/v1/me").json["user"]["phone"] == "13912340000"
    body = {"description": "灯坏了", "address": "1号楼", "grid_id": place["grid_id"],
            "position": {"lat": CENTRE[0], "lng": CENTRE[1]}}
    r = client.post("/api/v1/requests", json=body)
    assert r.status_code == 400 and r.json["error"]["code"] == "csrf_failed"
    r = client.post("/api/v1/requests", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_bearer_token_needs_no_csrf_and_logout_revokes_it(home_grid, client):
    _register(client, home_grid)
    token = client.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "mima12345",
                                                    "token": True}).json["token"]
    fresh = client.application.test_client()  # no cookie: the token alone
    headers = {"Authorization": f"Bearer {token}"}
    assert fresh.get("/api/v1/me", headers=headers).status_code == 200
    assert fresh.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert fresh.get("/api/v1/me", headers=headers).status_code == 401


def test_admin_grants_scoped_roles_and_others_cannot(app, client, world, place):
    admin = world.user("街道管理员", roles=[(Role.admin, None, None)])
    target = place["resident"]["id"]
    body = {"role": "grid_manager", "grid_id": place["grid_id"]}
    r = client.post(f"/api/v1/users/{target}/roles", headers=place["manager"]["headers"], json=body)
    assert r.status_code == 403
    r = client.post(f"/api/v1/users/{target}/roles", headers=admin["headers"], json=body)
    assert r.status_code == 200
    assert {"role": "grid_manager", "grid_id": place["grid_id"], "community_id": None} in r.json["roles"]
    assert len(r.json["roles"]) == 2  # resident + grid_manager: one person, several roles


def test_a_grid_manager_sees_only_their_grids_requests(client, world, place):
    other_grid = world.grid(place["community_id"], code="HHL-02")
    other_manager = world.user("钱多多", roles=[(Role.grid_manager, other_grid, None)])
    body = {"description": "水管漏水", "address": "2号楼", "position": {"lat": CENTRE[0], "lng": CENTRE[1]}}
    r = client.post("/api/v1/requests", headers=place["resident"]["headers"], json=body)
    assert r.status_code == 201 and r.json["grid_id"] == place["grid_id"]
    assert [q["id"] for q in client.get("/api/v1/requests", headers=place["manager"]["headers"]).json["items"]] == [r.json["id"]]
    assert client.get("/api/v1/requests", headers=other_manager["headers"]).json["items"] == []
    assert client.get(f"/api/v1/requests/{r.json['id']}", headers=other_manager["headers"]).status_code == 404


def test_a_community_admin_grants_roles_only_inside_their_community(client, world, place):
    other_community = world.community(name="经三路社区")
    other_grid = world.grid(other_community, code="JSL-01")
    admin = world.user("社区书记", roles=[(Role.admin, None, place["community_id"])])
    target = place["resident"]["id"]
    inside = {"role": "grid_manager", "grid_id": place["grid_id"]}
    outside = {"role": "grid_manager", "grid_id": other_grid}
    assert client.post(f"/api/v1/users/{target}/roles", headers=admin["headers"], json=outside).status_code == 403
    assert client.post(f"/api/v1/users/{target}/roles", headers=admin["headers"], json=inside).status_code == 200


def test_a_community_admin_cannot_reach_into_another_community_by_any_door(client, world, place):
    other = world.community(name="经三路社区")
    other_grid = world.grid(other, code="JSL-01")
    admin = world.user("社区书记", roles=[(Role.admin, None, place["community_id"])])
    me, target = admin["id"], place["resident"]["id"]
    grants = [{"role": "admin", "community_id": other}, {"role": "social_worker", "community_id": other},
              {"role": "grid_manager", "grid_id": place["grid_id"], "community_id": other},
              {"role": "admin"}, {"role": "grid_manager", "grid_id": other_grid}]
    for who in (me, target):
        for grant in grants:
            r = client.post(f"/api/v1/users/{who}/roles", headers=admin["headers"], json=grant)
            assert r.status_code == 403, (who, grant)
    grid = {"code": "JSL-09", "name": "九网格", "community_id": other, "households": 400,
            "centre": {"lat": CENTRE[0], "lng": CENTRE[1]}}
    assert client.post("/api/v1/grids", headers=admin["headers"], json=grid).status_code == 403
    community = {"name": "新社区", "kind": "urban", "households": 1000, "residents": 3000,
                 "street": "丰产路街道", "district": "金水区", "city": "郑州市"}
    assert client.post("/api/v1/communities", headers=admin["headers"], json=community).status_code == 403
    worker = {"licence_level": "assistant", "licence_number": "SW-1", "organisation": "中心",
              "specialties": [], "community_ids": [other]}
    r = client.put(f"/api/v1/users/{target}/social-worker-profile", headers=admin["headers"], json=worker)
    assert r.status_code == 403, r.json
    with world.ctx():
        roles = {(r.role, r.grid_id, r.community_id) for r in db.session.get(User, me).roles}
    assert roles == {(Role.admin, None, place["community_id"])}
    assert client.get(f"/api/v1/dashboard?community_id={other}", headers=admin["headers"]).status_code in (403, 404)
    # Inside its own community it still does its work.
    assert client.post("/api/v1/grids", headers=admin["headers"],
                       json={**grid, "community_id": place["community_id"]}).status_code == 201
    r = client.put(f"/api/v1/users/{target}/social-worker-profile", headers=admin["headers"],
                    json={**worker, "community_ids": [place["community_id"]]})
    assert r.status_code in (200, 201), r.json


def test_wrong_passwords_lock_the_phone_for_a_while_saying_until_when(client, home_grid):
    _register(client, home_grid)
    wrong = {"phone": "13912340000", "password": "not-the-one"}
    for _ in range(5):
        assert client.post("/api/v1/auth/login", json=wrong).status_code == 401
    r = client.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "mima12345"})
    assert r.status_code == 429 and r.json["error"]["code"] == "too_many_attempts"
    assert "分钟后" in r.json["error"]["message"] and 1 <= int(r.headers["Retry-After"]) <= 900
    # Another phone from the same address still signs in: the lock is the phone's.
    _register(client, home_grid, phone="13912340009", name="另一人")
    assert client.post("/api/v1/auth/login", json={"phone": "13912340009", "password": "mima12345"}).status_code == 200


def test_right_passwords_do_not_count_towards_the_lock(client, home_grid):
    _register(client, home_grid)
    for _ in range(12):
        fresh = client.application.test_client()  # a new phone each time: no session to carry
        assert fresh.post("/api/v1/auth/login", json={"phone": "13912340000", "password": "mima12345"}).status_code == 200


@pytest.mark.parametrize("password", ["12345678", "88888888", "woaini1314", "Password", "13912340000",
                                      "aaaaaaaa", "98765432", "abababab"])
def test_common_passwords_and_the_own_phone_are_refused(client, home_grid, password):
    r = client.post("/api/v1/auth/register", json={"phone": "13912340000", "password": password, "name": "王强",
                                                   "grid_id": home_grid, "privacy_version": PRIVACY})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"password": "这个密码太常见，很容易被猜到，请换一个。"}
