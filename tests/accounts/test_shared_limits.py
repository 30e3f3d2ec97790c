"""With RATELIMIT_STORAGE_URI naming Redis, sign-in limits are counted there: two worker
processes over one database and one Redis lock a phone together."""
import json
import subprocess
import sys
import uuid
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import json, sys
from flask_migrate import upgrade
from tests.conftest import TestConfig, World
from volunteer import create_app
from volunteer.people.services import ensure_skills

url, prefix, step, tries = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
settings.update(SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
                RATELIMIT_KEY_PREFIX=prefix)
app = create_app(settings)
if step == "setup":
    with app.app_context():
        upgrade()
        ensure_skills()
    World(app).user("赵秀英")
client = app.test_client()
wrong = {"phone": "13800000001", "password": "not-the-one"}
print(json.dumps([client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(tries)]))
"""


def _worker(url: str, prefix: str, step: str, tries: int) -> list[int]:
    done = subprocess.run([sys.executable, "-c", WORKER, url, prefix, step, str(tries)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_workers_count_wrong_passwords_in_one_redis(tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    try:
        assert _worker(url, prefix, "setup", 3) == [401, 401, 401]
        assert _worker(url, prefix, "again", 3) == [401, 401, 429]  # five in all, across both
    finally:
        store = redis.Redis(host="127.0.0.1", port=6379, db=0)
        keys = list(store.scan_iter(f"*{prefix}*"))
        assert keys  # the counts lived in Redis, not in either process
        store.delete(*keys)
