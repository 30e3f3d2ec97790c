"""Numbers past what the database holds, anywhere a request carries one, never make a 5xx.

The cases come from /api/openapi.json, so an operation added later is covered as it lands.
"""
import re

import pytest

ODD_NUMBERS = (2**31, 2**63, 2**64, -1)


def _schema(spec, ref_or_schema):
    ref = ref_or_schema.get("$ref")
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else ref_or_schema


def _integer_places(spec):
    """(method, path template, where, name) for every integer a request can carry."""
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            params = op.get("parameters", []) + ops.get("parameters", [])
            for p in params:
                if p["in"] in ("path", "query") and p.get("schema", {}).get("type") == "integer":
                    yield method, path, p["in"], p["name"]
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for name, prop in _schema(spec, body["schema"]).get("properties", {}).items():
                    if prop.get("readOnly"):
                        continue
                    if prop.get("type") == "integer":
                        yield method, path, "body", name
                    elif prop.get("type") == "array" and prop.get("items", {}).get("type") == "integer":
                        yield method, path, "body[]", name


def _request(client, headers, method, path, where, name, value):
    url = re.sub(r"\{[^}]+\}", "1", path.replace("{" + name + "}", str(value)) if where == "path" else path)
    kwargs = {"headers": {**headers, "Idempotency-Key": f"odd-{method}-{path}-{name}-{value}"}}
    if where == "query":
        kwargs["query_string"] = {name: str(value)}
    if method in ("post", "put", "patch"):
        kwargs["json"] = {name: value} if where == "body" else {name: [value]} if where == "body[]" else {}
    return client.open(url, method=method.upper(), **kwargs)


def test_every_integer_of_every_operation_takes_huge_and_negative_numbers_without_a_5xx(client, place, world):
    spec = client.get("/api/openapi.json").json
    places = list(_integer_places(spec))
    assert len(places) > 60 and ("get", "/api/v1/me/points", "query", "page") in places
    volunteer = world.volunteer(place["grid_id"], name="周杰")
    broken = []
    for person in (place["social_worker"], volunteer):
        for method, path, where, name in places:
            for value in ODD_NUMBERS:
                r = _request(client, person["headers"], method, path, where, name, value)
                if r.status_code >= 500 or (where != "path" and r.status_code == 200 and value < 0):
                    broken.append((method, path, where, name, value, r.status_code))
    assert broken == []


@pytest.mark.parametrize("url, field", [
    ("/api/v1/needs/{}", None), ("/api/v1/grids/{}", None),
])
def test_an_id_past_the_column_in_a_path_is_not_found(client, place, url, field):
    for value in ODD_NUMBERS[:3]:
        r = client.get(url.format(value), headers=place["social_worker"]["headers"])
        assert r.status_code == 404 and r.json["error"]["code"] == "not_found"


def test_an_id_past_the_column_in_a_body_or_query_is_refused_naming_it(client, place):
    headers = place["social_worker"]["headers"]
    r = client.get(f"/api/v1/needs?grid_id={2**63}", headers=headers)
    assert r.status_code == 422 and "grid_id" in r.json["error"]["fields"], r.json
    assert "2147483647" in r.json["error"]["fields"]["grid_id"][0]
    r = client.post("/api/v1/batches", json={"need_ids": [1, 2**64]}, headers=headers)
    assert r.status_code == 422 and "need_ids" in r.json["error"]["fields"], r.json
    r = client.get(f"/api/v1/me/points?page={2**63}", headers=headers, )
    assert r.status_code == 422 and "page" in r.json["error"]["fields"], r.json


@pytest.mark.parametrize("url", [
    "/api/v1/reports/satisfaction?from={first}&to={last}",
    "/api/v1/exports/records.csv?from={first}&to={last}",
    "/api/v1/exports/records.xlsx?from={first}&to={last}",
    "/api/v1/reports/anomalies?since={first}T00:00:00&until={last}T23:59:59",
    "/api/v1/me/certificate.pdf?from={first}&to={last}",
])
def test_days_at_the_ends_of_the_calendar_are_answered_without_a_5xx(client, place, url):
    headers = place["social_worker"]["headers"]
    for first, last in (("0001-01-01", "9999-12-31"), ("0001-01-01", "0001-01-01"), ("9999-12-31", "9999-12-31")):
        r = client.get(url.format(first=first, last=last), headers=headers)
        assert r.status_code < 500, (url, first, last, r.status_code)
        if r.status_code == 422:
            assert set(r.json["error"]["fields"]) & {"from", "to", "since", "until"}, r.json


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_that_is_not_json_is_refused_as_unsupported_and_changes_nothing(client, place, content_type):
    body = '{"title": "买菜", "skill": "elder_daily_care"}'
    r = client.post("/api/v1/requests", data=body, content_type=content_type, headers=place["resident"]["headers"])
    assert r.status_code == 415, r.json
    assert r.json["error"]["code"] == "unsupported_media_type" and r.json["error"]["fields"] == {}
    assert client.get("/api/v1/requests", headers=place["resident"]["headers"]).json["items"] == []


def test_a_json_body_with_a_charset_and_a_write_without_a_body_still_pass(client, place):
    headers = place["social_worker"]["headers"]
    r = client.post("/api/v1/me/offers/pause", headers=headers)
    assert r.status_code < 400, r.json
    r = client.post("/api/v1/batches", data='{"need_ids": []}', content_type="application/json; charset=utf-8",
                    headers=headers)
    assert r.status_code == 422 and "need_ids" in r.json["error"]["fields"]


def _string_places(spec):
    """(method, path template, where, name) for every text a request can carry."""
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            for p in op.get("parameters", []) + ops.get("parameters", []):
                if p["in"] == "query" and p.get("schema", {}).get("type") == "string":
                    yield method, path, "query", p["name"]
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for name, prop in _schema(spec, body["schema"]).get("properties", {}).items():
                    if not prop.get("readOnly") and prop.get("type") == "string":
                        yield method, path, "body", name


def test_a_nul_character_in_any_text_is_refused_naming_the_field_never_a_5xx(client, place, world):
    spec = client.get("/api/openapi.json").json
    places = list(_string_places(spec))
    assert len(places) > 30 and ("post", "/api/v1/requests", "body", "description") in places
    volunteer = world.volunteer(place["grid_id"], name="周杰")
    broken = []
    for person in (place["social_worker"], volunteer, place["resident"]):
        for method, path, where, name in places:
            r = _request(client, person["headers"], method, path, where, name, "a\x00b")
            if r.status_code >= 500 or r.status_code < 400:
                broken.append((method, path, where, name, r.status_code))
    # A few texts are free to hold anything and answer 2xx or a 4xx on other grounds; none may 5xx.
    assert [b for b in broken if b[-1] >= 500] == []
    assert [b for b in broken if b[-1] < 400 and b[2] == "body"] == []


def test_a_nul_in_a_request_is_refused_in_the_persons_language_and_nothing_is_saved(client, place):
    body = {"description": "帮忙\x00买菜", "address": "3号楼", "position": {"lat": 34.75, "lng": 113.66}}
    headers = place["resident"]["headers"]
    r = client.post("/api/v1/requests", headers=headers, json=body)
    assert r.status_code == 422 and r.json["error"]["fields"] == {"description": ["含有不可见的控制字符。"]}
    r = client.post("/api/v1/requests", headers={**headers, "Accept-Language": "en"}, json=body)
    assert r.json["error"]["fields"] == {"description": ["Contains an invisible control character."]}
    assert client.get("/api/v1/requests", headers=headers).json["items"] == []
