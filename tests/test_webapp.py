"""The web app's files: served compressed with cache headers, a service worker at the
root scope, a manifest, nothing fetched from another host, every string in both languages."""
import json
import re
from pathlib import Path

import pytest

from tests.app_strings import app_strings

STATIC = Path(__file__).resolve().parents[1] / "static"
JS = sorted(STATIC.glob("js/**/*.js"))


@pytest.mark.parametrize("path, cache", [("/", "private, no-store"), ("/shell", "no-cache")])
def test_the_shell_links_only_files_of_this_host(client, path, cache):
    r = client.get(path)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and r.headers["Cache-Control"] == cache
    assert 'rel="manifest"' in page and 'aria-live="polite"' in page and 'type="module"' in page
    for path in re.findall(r'(?:src|href)="([^"#]+)"', page):
        assert path.startswith("/"), path
        assert client.get(path).status_code == 200, path


def test_no_file_of_the_app_reaches_another_host():
    for path in [*STATIC.rglob("*.js"), *STATIC.rglob("*.css"), *STATIC.rglob("*.html"), *STATIC.rglob("*.webmanifest")]:
        text = path.read_text().replace("http://www.w3.org/2000/svg", "")
        assert not re.search(r"https?://", text), path
        assert "@import" not in text and "@font-face" not in text, path


def test_the_service_worker_is_served_at_the_root_scope_and_always_revalidated(client):
    r = client.get("/sw.js")
    assert r.status_code == 200 and r.mimetype == "text/javascript"
    assert r.headers["Service-Worker-Allowed"] == "/" and r.headers["Cache-Control"] == "no-cache"


def test_the_service_worker_keeps_every_module_of_the_app(client):
    source = (STATIC / "sw.js").read_text()
    kept = set(re.findall(r"'(/[^']*)'", source.split("const SHELL = [")[1].split("];")[0]))
    modules = {f"/static/{p.relative_to(STATIC).as_posix()}" for p in JS}
    assert modules <= kept, modules - kept
    for path in kept:
        assert client.get(path).status_code == 200, path


def test_the_manifest_makes_an_installable_app(client):
    r = client.get("/manifest.webmanifest")
    manifest = json.loads(r.get_data(as_text=True))
    assert r.mimetype == "application/manifest+json"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_static_files_are_compressed_and_cached(client, encoding):
    r = client.get("/static/js/strings.js", headers={"Accept-Encoding": encoding})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == encoding
    assert len(r.data) < (STATIC / "js/strings.js").stat().st_size / 2
    assert r.headers["Cache-Control"] == "public, max-age=3600"
    assert "Accept-Encoding" in r.headers["Vary"]


def test_api_answers_are_compressed_too(client):
    r = client.get("/api/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"


def test_every_string_the_app_shows_is_in_chinese_and_english():
    strings = app_strings()
    assert len(strings) > 200
    for key, (zh, en) in strings.items():
        assert zh and en, key
        assert re.search(r"[\u4e00-\u9fff]", zh) or zh in ("English",), (key, zh)
    used = set()
    for path in JS:
        used |= set(re.findall(r"\bt\('(\w+)'", path.read_text()))
    assert not used - set(strings), used - set(strings)
    # Keys built from API values: every status the API can send has its words.
    for prefix, values in {"status": ["submitted", "accepted", "declined", "withdrawn", "open", "filled",
                                      "in_progress", "completed", "cancelled", "expired", "offered",
                                      "checked_in", "no_show", "pending", "verified", "rejected"],
                           "role": ["resident", "volunteer", "social_worker", "grid_manager", "admin"],
                           "task": ["offered", "accepted", "checked_in", "completed", "cancelled", "no_show"]}.items():
        for value in values:
            assert f"{prefix}_{value}" in strings, f"{prefix}_{value}"


def test_every_answer_carries_the_security_headers(client, place):
    for url, headers in (("/api/v1/health", {}), ("/api/v1/needs", place["social_worker"]["headers"]),
                         ("/api/v1/needs/999999", place["social_worker"]["headers"]), ("/", {}),
                         ("/static/app.css", {}), ("/api/openapi.json", {})):
        r = client.get(url, headers=headers)
        assert r.headers["X-Content-Type-Options"] == "nosniff", url
        assert r.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], url
    api = client.get("/api/v1/needs", headers=place["social_worker"]["headers"])
    assert api.headers["Content-Security-Policy"].startswith("default-src 'none'")
