"""A session ends when its person says so: on sign-out, even a copied cookie opens nothing;
a new password signs out every other session and token."""
from tests.accounts.test_accounts import _register

PHONE, PASSWORD = "13912340000", "mima12345"


def _sign_in(client, password=PASSWORD):
    r = client.post("/api/v1/auth/login", json={"phone": PHONE, "password": password})
    assert r.status_code == 200, r.json
    return {"X-CSRF-Token": r.json["csrf_token"]}


def _copy_cookie(client):
    copy = client.application.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_a_cookie_copied_before_sign_out_opens_nothing_after(home_grid, client):
    _register(client, home_grid)
    csrf = _sign_in(client)
    copy = _copy_cookie(client)
    assert copy.get("/api/v1/me").json["user"]["phone"] == PHONE
    assert client.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert copy.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_signing_out_on_one_phone_leaves_the_others_signed_in(home_grid, client):
    _register(client, home_grid)
    other = client.application.test_client()
    csrf = _sign_in(client)
    _sign_in(other)
    assert client.post("/api/v1/auth/logout", headers=csrf).status_code == 204
    assert other.get("/api/v1/me").status_code == 200


def test_a_new_password_signs_out_every_other_session_and_token_but_this_one(home_grid, client):
    _register(client, home_grid)
    elsewhere = client.application.test_client()
    _sign_in(elsewhere)
    token = client.application.test_client().post(
        "/api/v1/auth/login", json={"phone": PHONE, "password": PASSWORD, "token": True}).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    csrf = _sign_in(client)
    r = client.put("/api/v1/me/password", headers=csrf,
                   json={"current_password": PASSWORD, "new_password": "黄河边的小屋2026"})
    assert r.status_code == 204, r.json
    assert client.get("/api/v1/me").status_code == 200
    assert elsewhere.get("/api/v1/me").status_code == 401
    assert client.application.test_client().get("/api/v1/me", headers=bearer).status_code == 401
    fresh = client.application.test_client()
    assert fresh.post("/api/v1/auth/login", json={"phone": PHONE, "password": PASSWORD}).status_code == 401
    assert fresh.post("/api/v1/auth/login", json={"phone": PHONE, "password": "黄河边的小屋2026"}).status_code == 200


def test_a_wrong_current_password_or_a_common_new_one_changes_nothing(home_grid, client):
    _register(client, home_grid)
    elsewhere = client.application.test_client()
    _sign_in(elsewhere)
    csrf = _sign_in(client)
    r = client.put("/api/v1/me/password", headers=csrf, json={"current_password": "not-it", "new_password": "黄河边的小屋2026"})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"current_password": "当前密码不正确。"}
    r = client.put("/api/v1/me/password", headers=csrf, json={"current_password": PASSWORD, "new_password": "12345678"})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["new_password"]
    assert elsewhere.get("/api/v1/me").status_code == 200
    assert client.application.test_client().post(
        "/api/v1/auth/login", json={"phone": PHONE, "password": PASSWORD}).status_code == 200


def test_guessing_the_current_password_is_stopped_after_a_few_tries(home_grid, client):
    _register(client, home_grid)
    csrf = _sign_in(client)
    wrong = {"current_password": "not-it", "new_password": "黄河边的小屋2026"}
    answers = [client.put("/api/v1/me/password", headers=csrf, json=wrong).status_code for _ in range(6)]
    assert answers == [422] * 5 + [429]
    right = {"current_password": PASSWORD, "new_password": "黄河边的小屋2026"}
    assert client.put("/api/v1/me/password", headers=csrf, json=right).status_code == 429


def test_a_sign_in_a_form_on_another_site_could_send_is_refused_and_opens_no_session(home_grid, client):
    _register(client, home_grid)
    r = client.post("/api/v1/auth/login", data={"phone": PHONE, "password": PASSWORD},
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415 and "Set-Cookie" not in r.headers
    r = client.post("/api/v1/auth/login", data='{"phone": "%s", "password": "%s"}' % (PHONE, PASSWORD),
                    content_type="text/plain")
    assert r.status_code == 415 and client.get("/api/v1/me").status_code == 401


def test_guessing_passwords_of_many_accounts_from_one_address_is_stopped_too(app, client, world):
    app.config["LOGIN_FAILURES_PER_ADDRESS"] = "4 per 15 minutes"
    people = [world.user(f"住户{i}") for i in range(3)]
    wrong = {"current_password": "not-it", "new_password": "黄河边的小屋2026"}
    answers = [client.put("/api/v1/me/password", headers=p["headers"], json=wrong).status_code
               for p in people for _ in range(2)]
    assert answers == [422] * 4 + [429] * 2  # no account reached its own limit of five
