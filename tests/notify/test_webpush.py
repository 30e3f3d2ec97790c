"""Web Push: VAPID-signed, encrypted pushes, tried against a push service on 127.0.0.1."""
import base64
import json
import os
import stat
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from sqlalchemy import select

from models import PushSubscription, db
from volunteer import clock
from volunteer.notify.services import deliver_outbox, notify
from volunteer.notify.webpush import WebPushBackend


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService:
    """A tiny push service: records each request and answers with `status`."""

    def __init__(self, status=201):
        self.requests, self.status = [], status
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.requests.append((self.path, self.headers, body))  # case-insensitive
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """The receiving side of a subscription: its ECDH key and auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                    serialization.PublicFormat.UncompressedPoint)
        self.keys = {"p256dh": b64(public), "auth": b64(self.auth)}

    def read(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                           version="aes128gcm"))


@pytest.fixture
def push(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "VAPID_PRIVATE_KEY_PATH", str(tmp_path / "vapid.pem"))
    monkeypatch.setitem(app.config, "PUSH_ENDPOINT_HOSTS", ("127.0.0.1",))
    app.extensions.pop("vapid", None)
    service = PushService()
    yield service
    service.stop()
    app.extensions.pop("vapid", None)


def _subscribe(client, person, endpoint, browser):
    r = client.post("/api/v1/me/push-subscriptions", headers=person["headers"],
                    json={"endpoint": endpoint, "keys": browser.keys})
    assert r.status_code == 201, r.json
    return r.json


def test_a_push_is_signed_with_our_vapid_key_and_only_the_browser_can_read_it(app, client, place, push):
    browser = Browser()
    _subscribe(client, place["resident"], f"{push.url}/wp/abc", browser)
    public_key = client.get("/api/v1/push/vapid-public-key").json["public_key"]
    with app.app_context():
        note = notify(place["resident"]["id"], "shift_reminder", "assignment:1",
                      title="看望独居老人", starts_at=clock.now(), address="黄河路5号")
        db.session.commit()
        assert deliver_outbox(clock.now(), WebPushBackend(app)) == 1
        note_id = note.id
    [(path, headers, body)] = push.requests
    assert path == "/wp/abc" and headers["Content-Encoding"] == "aes128gcm"
    assert headers["Authorization"].startswith("vapid t=") and f"k={public_key}" in headers["Authorization"]
    assert Vapid.verify(headers["Authorization"])  # the JWT verifies with the key browsers got
    claims = json.loads(base64.urlsafe_b64decode(
        headers["Authorization"].split("t=")[1].split(".")[1] + "=="))
    assert claims["aud"] == push.url and claims["sub"] == "mailto:admin@localhost"
    assert "看望独居老人".encode() not in body  # encrypted on the wire
    payload = browser.read(body)
    assert payload["id"] == note_id and payload["title"] == "服务即将开始"
    assert payload["tag"] == f"notification-{note_id}" and "黄河路5号" in payload["body"]
    assert payload["url"] == "/#/notices"  # where static/sw.js opens the app on a tap


def test_a_subscription_the_push_service_says_is_gone_is_dropped(app, client, place, push):
    push.status = 410
    _subscribe(client, place["resident"], f"{push.url}/wp/gone", Browser())
    with app.app_context():
        notify(place["resident"]["id"], "shift_reminder", "assignment:1", title="x",
               starts_at=clock.now(), address="y")
        db.session.commit()
        assert deliver_outbox(clock.now(), WebPushBackend(app)) == 1
        assert db.session.scalars(select(PushSubscription)).all() == []
    assert len(push.requests) == 1


def test_a_push_service_error_is_retried(app, client, place, push):
    push.status = 503
    _subscribe(client, place["resident"], f"{push.url}/wp/busy", Browser())
    with app.app_context():
        notify(place["resident"]["id"], "shift_reminder", "assignment:1", title="x",
               starts_at=clock.now(), address="y")
        db.session.commit()
        assert deliver_outbox(clock.now(), WebPushBackend(app)) == 0
        assert len(db.session.scalars(select(PushSubscription)).all()) == 1


def test_the_vapid_key_is_made_once_kept_private_and_reused(app, client, push):
    path = app.config["VAPID_PRIVATE_KEY_PATH"]
    first = client.get("/api/v1/push/vapid-public-key").json["public_key"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    app.extensions.pop("vapid")  # as after a restart
    assert client.get("/api/v1/push/vapid-public-key").json["public_key"] == first
    assert len(base64.urlsafe_b64decode(first + "=")) == 65


def test_only_known_push_services_are_accepted(client, place, push):
    browser = Browser()
    for endpoint in ("https://evil.example.com/x", "http://10.0.0.1/x", "not a url"):
        r = client.post("/api/v1/me/push-subscriptions", headers=place["resident"]["headers"],
                        json={"endpoint": endpoint, "keys": browser.keys})
        assert r.status_code == 422 and "endpoint" in r.json["error"]["fields"], endpoint
    r = client.post("/api/v1/me/push-subscriptions", headers=place["resident"]["headers"],
                    json={"endpoint": f"{push.url}/x", "keys": {"p256dh": "short"}})
    assert r.status_code == 422 and "keys" in r.json["error"]["fields"]


def test_the_same_browser_signed_in_as_someone_else_moves_to_them(app, client, place, push):
    browser = Browser()
    first = _subscribe(client, place["resident"], f"{push.url}/wp/shared", browser)
    second = _subscribe(client, place["manager"], f"{push.url}/wp/shared", browser)
    assert first["id"] == second["id"]
    with app.app_context():
        assert db.session.scalar(select(PushSubscription.user_id)) == place["manager"]["id"]


def test_an_endpoint_posted_with_other_keys_stays_with_its_owner(app, client, place, push):
    owner = Browser()
    _subscribe(client, place["resident"], f"{push.url}/wp/hers", owner)
    r = client.post("/api/v1/me/push-subscriptions", headers=place["manager"]["headers"],
                    json={"endpoint": f"{push.url}/wp/hers", "keys": Browser().keys})
    assert r.status_code == 409 and r.json["error"]["code"] == "push_endpoint_taken"
    with app.app_context():
        assert db.session.scalar(select(PushSubscription.user_id)) == place["resident"]["id"]
