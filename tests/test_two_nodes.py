"""Two web nodes (gunicorn, different ports) over one database and one Redis: a session
made on one is good on the other, a sign-out on one ends it on both, and wrong passwords
count together, so a phone locks across nodes."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
import requests

from tests.e2e.server import free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def two_nodes(app):
    prefix = f"nodes-{uuid.uuid4().hex}"
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "two-nodes-secret",
           "RUN_SCHEDULER": "0", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": prefix,
           "PUBLIC_BASE_URL": "http://127.0.0.1", "PASSWORD_METHOD": app.config["PASSWORD_METHOD"]}
    nodes, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                                     "app:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            nodes.append(proc)
            bases.append(f"http://127.0.0.1:{port}")
            wait_for(f"{bases[-1]}/api/v1/health", proc)
        yield bases
    finally:
        for proc in nodes:
            stop(proc)
        store = redis.Redis(host="127.0.0.1", port=6379, db=0)
        keys = list(store.scan_iter(f"*{prefix}*"))
        if keys:
            store.delete(*keys)


def test_sessions_and_limits_hold_across_two_nodes(world, two_nodes):
    a, b = two_nodes
    person = world.user("赵秀英")
    browser = requests.Session()
    signed = browser.post(f"{a}/api/v1/auth/login", json={"phone": person["phone"], "password": "secret123"}, timeout=10)
    assert signed.status_code == 200, signed.text
    csrf = signed.json()["csrf_token"]
    assert browser.get(f"{b}/api/v1/me", timeout=10).json()["user"]["id"] == person["id"]  # the cookie made on A, read on B
    token = requests.post(f"{b}/api/v1/auth/login", json={"phone": person["phone"], "password": "secret123",
                                                           "token": True}, timeout=10).json()["token"]
    assert requests.get(f"{a}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 200
    assert browser.post(f"{b}/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}, timeout=10).status_code in (200, 204)
    assert browser.get(f"{a}/api/v1/me", timeout=10).status_code == 401  # signed out on B, out on A too

    wrong = {"phone": "13800009999", "password": "not-the-one"}
    answers = [requests.post(f"{node}/api/v1/auth/login", json=wrong, timeout=10).status_code
               for node in (a, b, a, b, a, b)]
    assert answers == [401, 401, 401, 401, 401, 429]  # counted in one Redis, not per node
