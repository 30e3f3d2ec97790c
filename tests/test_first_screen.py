"""GET / carries the first screen in one response: the signed-in volunteer's near-me list
and session as JSON in the page, built by the same service as the API, redacted the same
way, escaped for a <script> element, compressed, and never kept by a cache."""
import base64
import hashlib
import json
import re

import pytest

from tests.helpers import post_need

NASTY = '</script><script>alert("x")</script><!-- & -->'


def _embedded(page: str) -> dict:
    found = re.findall(r'<script id="first-data" type="application/json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def _signed_in(client, person) -> None:
    r = client.post("/api/v1/auth/login", json={"phone": person["phone"], "password": "secret123"})
    assert r.status_code == 200


@pytest.fixture
def volunteer_with_needs(client, world, place):
    volunteer = world.volunteer(place["grid_id"], offset_m=(300, 0), name="周杰")
    near = post_need(client, place, title=f"看望老人 {NASTY}", address=f"黄河路5号院 {NASTY}",
                     contact_phone="13700000009")
    other = post_need(client, place, skills=["cleaning"])  # a skill the volunteer lacks
    return volunteer, near, other


def test_the_page_holds_the_near_me_list_the_api_gives(client, volunteer_with_needs):
    volunteer, near, other = volunteer_with_needs
    _signed_in(client, volunteer)
    r = client.get("/")
    data = _embedded(r.get_data(as_text=True))
    api = client.get("/api/v1/me/nearby-needs?order=distance&per_page=20").json
    assert data["nearby"] == api and [n["id"] for n in api["items"]] == [near["id"]]
    assert data["nearby"]["items"][0]["title"] == f"看望老人 {NASTY}"
    assert data["nearby"]["items"][0]["distance_m"] == api["items"][0]["distance_m"] > 0
    assert data["session"]["user"]["id"] == volunteer["id"] and data["session"]["csrf_token"]
    assert {s["code"] for s in data["skills"]} >= {"elder_daily_care", "cleaning"}
    assert data["strings"]["sign_up"] == ["我来帮忙", "I can help"]
    # The token the page carries is good for a write of this session.
    r = client.post(f"/api/v1/needs/{near['id']}/signup", headers={"X-CSRF-Token": data["session"]["csrf_token"]})
    assert r.status_code in (200, 201), r.json


def test_the_page_never_holds_an_exact_address_or_a_phone_number(client, volunteer_with_needs):
    volunteer, near, _ = volunteer_with_needs
    _signed_in(client, volunteer)
    page = client.get("/").get_data(as_text=True)
    data = _embedded(page)
    assert "黄河路5号院" not in page and "13700000009" not in page and volunteer["phone"] not in page
    assert "phone" not in data["session"]["user"]
    assert not {"address", "contact_phone", "lat", "lng"} & set(data["nearby"]["items"][0])


def test_the_embedded_json_cannot_end_its_script_element(client, volunteer_with_needs):
    volunteer, _, _ = volunteer_with_needs
    _signed_in(client, volunteer)
    page = client.get("/").get_data(as_text=True)
    raw = re.search(r'<script id="first-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert "\\u003c/script\\u003e" in raw and "\\u0026" in raw
    assert page.count("alert(") == 1  # only inside the escaped JSON


def test_the_personal_page_is_compressed_and_never_cached(client, volunteer_with_needs):
    volunteer, _, _ = volunteer_with_needs
    _signed_in(client, volunteer)
    r = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip" and r.headers["Cache-Control"] == "private, no-store"
    assert "Cookie" in r.headers["Vary"]
    # Everything the first screen draws with is in the page: no stylesheet to fetch first.
    page = client.get("/").get_data(as_text=True)
    assert "<style>" in page and 'rel="stylesheet"' not in page and "performance.mark('usable')" in page


def test_a_signed_out_visitor_and_the_kept_shell_carry_no_one_s_data(client, volunteer_with_needs):
    assert _embedded(client.get("/").get_data(as_text=True))["session"] is None
    volunteer, _, _ = volunteer_with_needs
    _signed_in(client, volunteer)
    shell = _embedded(client.get("/shell").get_data(as_text=True))
    assert shell["shell"] is True and "session" not in shell and "nearby" not in shell


def test_a_signed_in_resident_gets_a_session_but_no_near_me_list(client, place):
    _signed_in(client, place["resident"])
    data = _embedded(client.get("/").get_data(as_text=True))
    assert data["session"]["user"]["id"] == place["resident"]["id"] and data["nearby"] is None


def test_the_security_policy_allows_the_inline_script_and_style_by_their_hashes_only(client, volunteer_with_needs):
    volunteer, _, _ = volunteer_with_needs
    _signed_in(client, volunteer)
    r = client.get("/")
    policy, page = r.headers["Content-Security-Policy"], r.get_data(as_text=True)
    assert "'unsafe-inline'" not in policy.split("style-src-attr")[0] and "unsafe-eval" not in policy
    inline = re.findall(r"<script>(.*?)</script>", page, re.S) + re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(inline) == 2
    for text in inline:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
