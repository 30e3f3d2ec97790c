"""Health, the OpenAPI description and its docs, all served from this host."""
import re


def test_health_reaches_the_database(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200 and r.json["status"] == "ok"
    assert r.json["database"] in ("sqlite", "postgresql")


def test_openapi_describes_the_loop_from_the_schemas(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/needs", "/api/v1/needs/{need_id}/candidates", "/api/v1/needs/{need_id}/signup",
                 "/api/v1/assignments/{assignment_id}/check-in", "/api/v1/records/{record_id}/confirm",
                 "/api/v1/needs/{need_id}/rating", "/api/v1/auth/register"):
        assert path in spec["paths"], path
    need_schema = spec["components"]["schemas"]["NeedCreate"]
    assert {"title", "skills", "starts_at", "ends_at"} <= set(need_schema["required"])
    check_in = spec["paths"]["/api/v1/assignments/{assignment_id}/check-in"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in check_in["parameters"])


def test_openapi_describes_the_one_error_shape_every_4xx_takes(client):
    spec = client.get("/api/openapi.json").json
    schemas = spec["components"]["schemas"]
    assert set(schemas["Error"]["properties"]) == {"error"}
    body = schemas["ErrorBody"]["properties"]
    assert set(body) == {"code", "message", "fields"}
    assert "slot_full" in body["code"]["enum"] and "validation_failed" in body["code"]["enum"]
    refused = spec["paths"]["/api/v1/needs"]["post"]["responses"]["422"]["$ref"].rsplit("/", 1)[1]
    content = spec["components"]["responses"][refused]["content"]["application/json"]
    assert content["schema"]["$ref"] == "#/components/schemas/Error"
    # what the server sends matches what it describes
    answer = client.post("/api/v1/auth/login", json={"phone": 1})
    assert answer.status_code == 422
    assert set(answer.json) == {"error"} and set(answer.json["error"]) == {"code", "message", "fields"}
    assert answer.json["error"]["code"] in body["code"]["enum"]


def test_openapi_lists_each_value_a_kind_or_status_can_take(client):
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    assert schemas["LedgerLine"]["properties"]["kind"]["enum"] == ["service", "correction", "redemption", "gift"]
    assert "checked_in" in schemas["BoardRow"]["properties"]["status"]["enum"]
    assert schemas["VolunteerRatio"]["properties"]["kind"]["enum"] == ["urban", "rural"]


def test_docs_page_loads_its_assets_from_this_host(client):
    page = client.get("/api/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/api/docs/assets/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_the_home_page_is_served(client):
    r = client.get("/")
    assert r.status_code == 200 and "社区志愿服务" in r.get_data(as_text=True)
