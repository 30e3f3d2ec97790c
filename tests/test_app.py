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


def test_docs_page_loads_its_assets_from_this_host(client):
    page = client.get("/api/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/api/docs/assets/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def test_the_home_page_is_served(client):
    r = client.get("/")
    assert r.status_code == 200 and "社区志愿服务" in r.get_data(as_text=True)
