"""Certificates: the PDF says who served how long, in real Chinese text, and anyone can verify it."""
import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import func, select

from models import IssuedCertificate, db
from volunteer import clock
from tests.conftest import tomorrow_at
from tests.helpers import at_place, post_need


def _served_and_confirmed(client, world, place, name="李娜", until=11):
    need = post_need(client, place, resident_id=place["resident"]["id"], ends_at=tomorrow_at(12).isoformat())
    v = world.volunteer(place["grid_id"], name=name)
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(until, 30)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place()).json
    assert client.post(f"/api/v1/records/{record['id']}/confirm",
                       headers=place["social_worker"]["headers"]).status_code == 200
    return v


def _period():
    day = tomorrow_at(9).date()
    return f"from={(day - timedelta(days=30)).isoformat()}&to={day.isoformat()}"


def _text(pdf_bytes: bytes) -> str:
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    return "".join(page.extract_text().split())


def test_the_certificate_prints_the_chinese_name_hours_and_verification(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    r = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = _text(r.data)
    with app.app_context():
        cert = db.session.scalar(select(IssuedCertificate))
        number, digest = cert.number, cert.content_hash
    assert "志愿服务证明" in text and "李娜" in text and "2.50小时" in text
    assert "黄河路社区" in text and "看望独居老人" in text
    assert number in text and digest in text
    assert f"/api/v1/certificates/{number}/verify" in text
    assert v["phone"] not in text and v["phone"][-4:] in text  # the phone is masked
    assert b"/FontFile2" in r.data  # the font travels inside the file


def test_anyone_can_verify_a_certificate_by_its_number(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    with app.app_context():
        number = db.session.scalar(select(IssuedCertificate.number))
    r = client.get(f"/api/v1/certificates/{number}/verify")  # no sign-in
    assert r.status_code == 200
    assert r.json["valid"] is True and r.json["matches_records"] is True
    assert r.json["volunteer"] == "李*" and r.json["hours"] == 2.5 and r.json["services"] == 1
    assert r.json["community"] == "黄河路社区" and len(r.json["content_hash"]) == 64
    r = client.get("/api/v1/certificates/VS00000000DEADBEEF/verify")
    assert r.status_code == 404 and r.json["error"]["code"] == "certificate_not_found"


def test_downloading_the_same_hours_again_keeps_the_number(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    first = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    again = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    assert first.status_code == again.status_code == 200
    assert first.headers["Content-Disposition"] == again.headers["Content-Disposition"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IssuedCertificate)) == 1


def test_a_period_without_confirmed_hours_or_a_bad_period_is_refused(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    day = tomorrow_at(9).date()
    r = client.get(f"/api/v1/me/certificate.pdf?from={day + timedelta(days=1)}&to={day + timedelta(days=9)}",
                   headers=v["headers"])
    assert r.status_code == 422 and r.json["error"]["code"] == "no_confirmed_hours"
    r = client.get(f"/api/v1/me/certificate.pdf?from={day}&to={day - timedelta(days=1)}", headers=v["headers"])
    assert r.status_code == 422 and "to" in r.json["error"]["fields"]
    r = client.get("/api/v1/me/certificate.pdf?from=2026-13-01&to=2026-12-01", headers=v["headers"])
    assert r.status_code == 422 and "from" in r.json["error"]["fields"]
    assert client.get(f"/api/v1/me/certificate.pdf?{_period()}").status_code == 401
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IssuedCertificate)) == 0


def test_a_pending_record_is_not_certified(app, client, world, place):
    need = post_need(client, place)
    v = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(10)):
        client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place())
    r = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    assert r.status_code == 422 and r.json["error"]["code"] == "no_confirmed_hours"


def test_a_name_beyond_the_basic_block_prints_without_a_crash(app, client, world, place):
    v = _served_and_confirmed(client, world, place, name="李𬌗")
    r = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = _text(r.data)
    assert "李" in text and "2.50小时" in text
    with app.app_context():
        cert = db.session.scalar(select(IssuedCertificate))
    verified = client.get(f"/api/v1/certificates/{cert.number}/verify").json
    assert verified["volunteer"] == "李*"


def test_periods_at_the_ends_of_the_calendar_are_answered_without_a_5xx(client, world, place):
    v = _served_and_confirmed(client, world, place)
    for period in ("from=0001-01-01&to=9999-12-31", "from=9999-12-31&to=9999-12-31", "from=0001-01-01&to=0001-01-01"):
        r = client.get(f"/api/v1/me/certificate.pdf?{period}", headers=v["headers"])
        assert r.status_code < 500, (period, r.status_code)


def test_the_printed_verification_address_is_the_configured_one_whatever_host_is_asked(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    app.config["PUBLIC_BASE_URL"] = "https://zyfw.zhengzhou.example/"
    r = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers={**v["headers"], "Host": "evil.example"})
    assert r.status_code == 200
    text = _text(r.data)
    assert "https://zyfw.zhengzhou.example/api/v1/certificates/" in text and "evil.example" not in text


def test_without_a_public_address_a_server_deployment_prints_nothing_and_issues_nothing(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    app.config["PUBLIC_BASE_URL"] = ""
    r = client.get(f"/api/v1/me/certificate.pdf?{_period()}", headers=v["headers"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):  # the embedded default: one machine
        assert r.status_code == 200 and "http://localhost/api/v1/certificates/" in _text(r.data)
        return
    assert r.status_code == 503 and r.json["error"]["code"] == "public_base_url_unset"
    assert "PUBLIC_BASE_URL" in r.json["error"]["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IssuedCertificate)) == 0
