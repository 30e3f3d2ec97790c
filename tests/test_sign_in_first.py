"""An operation that needs a signed-in caller answers an anonymous one 401, before it reads
anything of the request; the few open ones are listed here, so a new one is a choice."""
import re

OPEN = {
    ("get", "/api/v1/health"), ("get", "/api/v1/health/ready"), ("post", "/api/v1/auth/register"), ("post", "/api/v1/auth/login"),
    ("get", "/api/v1/communities"), ("get", "/api/v1/grids"), ("get", "/api/v1/grids/near"),
    ("get", "/api/v1/grids/{grid_id}"), ("get", "/api/v1/skills"),
    ("get", "/api/v1/certificates/{number}/verify"), ("get", "/api/v1/push/vapid-public-key"),
    ("get", "/api/v1/privacy-notice"), ("get", "/api/v1/served-groups"), ("get", "/api/v1/public/activities/{slug}"),
    ("get", "/api/v1/evaluation-packs/{pack_number}/verify"),
    ("get", "/api/v1/boards/communities/{community_id}"), ("get", "/api/v1/boards/grids/{grid_id}"), ("post", "/api/v1/evaluation-packs/{pack_number}/check"),
}


def _operations(spec):
    for path, ops in spec["paths"].items():
        for method in ops:
            if method != "parameters":
                yield method, path


def test_every_closed_operation_answers_401_to_an_anonymous_caller_whatever_it_sends(client):
    spec = client.get("/api/openapi.json").json
    operations = set(_operations(spec))
    assert OPEN <= operations and len(operations) > 60
    wrong = []
    for method, path in sorted(operations - OPEN):
        url = re.sub(r"\{[^}]+\}", "1", path)
        for body in ({}, {"junk": ["\x00", -1]}, "not json"):
            kwargs = {"data": body, "content_type": "text/plain"} if isinstance(body, str) else {"json": body}
            r = client.open(url, method=method.upper(), query_string={"page": "x"}, **kwargs)
            if r.status_code != 401 or r.json["error"]["code"] != "unauthorised" or r.json["error"]["fields"]:
                wrong.append((method, path, r.status_code))
    assert wrong == []


def test_the_open_operations_answer_an_anonymous_caller(client):
    for method, path in OPEN:
        url = re.sub(r"\{[^}]+\}", "1", path)
        r = client.open(url, method=method.upper(), json={} if method == "post" else None)
        assert r.status_code != 401, (method, path)
