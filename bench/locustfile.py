"""The people of a city at once, for `make load` (bench/load.py starts Locust with this file).

Volunteers (70%) look near them, at their summary, offers and unread count, and serve one
need of their own: sign up, check in on the spot, check out. Social workers (20%) read
their queue, a need's candidates and its board, and send offers. Residents (10%) ask for
help and follow their requests. Each person signs in with their own bearer token, read
from LOAD_PEOPLE (written by bench/load.py), and waits 1-3 s between actions, or not at
all with LOAD_WAIT=0. Bare and Candidates alone measure a bare endpoint and the candidates
endpoint with no waiting, for their ratio.
"""
import itertools
import json
import os
import random
import uuid

from locust import FastHttpUser, between, constant, task

with open(os.environ["LOAD_PEOPLE"]) as file:
    PEOPLE = json.load(file)
FIRST = int(os.environ.get("LOAD_FIRST_ACCOUNT", 0))  # each run takes accounts no run used before
WAIT = between(1, 3) if os.environ.get("LOAD_WAIT", "1") == "1" else constant(0)
_next = {kind: itertools.count(FIRST if kind == "volunteers" else 0) for kind in PEOPLE}


def _take(kind: str) -> dict:
    accounts = PEOPLE[kind]
    n = next(_next[kind])
    if kind == "volunteers" and n >= len(accounts):
        raise RuntimeError("LOAD_PEOPLE has too few volunteer accounts for this run")
    return accounts[n % len(accounts)]


def _here(lat: float, lng: float) -> dict:
    return {"position": {"lat": lat, "lng": lng, "crs": "wgs84"}}


class Person(FastHttpUser):
    abstract = True
    kind = ""
    wait_time = WAIT

    def on_start(self):
        self.me = _take(self.kind)
        self.auth = {"Authorization": f"Bearer {self.me['token']}"}

    def get(self, path, name):
        return self.client.get(path, headers=self.auth, name=name)

    def post(self, path, name, body=None, key=None):
        headers = {**self.auth, "Content-Type": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        return self.client.post(path, headers=headers, data=json.dumps(body or {}), name=name)


class Volunteer(Person):
    weight = 70
    kind = "volunteers"

    def on_start(self):
        super().on_start()
        self.step, self.assignment = "sign_up", None

    @task(4)
    def near_me(self):
        self.get("/api/v1/me/nearby-needs", "GET /me/nearby-needs")

    @task(3)
    def summary(self):
        self.get("/api/v1/me/summary", "GET /me/summary")

    @task(2)
    def offers(self):
        self.get("/api/v1/me/offers", "GET /me/offers")

    @task(4)
    def unread(self):
        self.get("/api/v1/me/notifications/unread-count", "GET /me/notifications/unread-count")

    @task(2)
    def serve(self):
        """One need of their own, a step at a time: sign up, check in, check out."""
        need = self.me["need"]
        here = _here(need["lat"], need["lng"])
        if self.step == "sign_up":
            answer = self.post(f"/api/v1/needs/{need['id']}/signup", "POST /needs/{id}/signup", key=uuid.uuid4().hex)
            if answer.status_code == 201:
                self.assignment, self.step = answer.json()["id"], "check_in"
        elif self.step == "check_in":
            answer = self.post(f"/api/v1/assignments/{self.assignment}/check-in", "POST /assignments/{id}/check-in",
                               here, key=uuid.uuid4().hex)
            if answer.status_code == 200:
                self.step = "check_out"
        elif self.step == "check_out":
            answer = self.post(f"/api/v1/assignments/{self.assignment}/check-out", "POST /assignments/{id}/check-out",
                               {**here, "content": "陪老人聊天，帮忙打扫"}, key=uuid.uuid4().hex)
            if answer.status_code == 201:
                self.step = "done"
        else:
            self.get("/api/v1/me/assignments", "GET /me/assignments")


class SocialWorker(Person):
    weight = 20
    kind = "social_workers"

    def on_start(self):
        super().on_start()
        self.fresh = list(self.me["needs"])
        random.shuffle(self.fresh)

    @task(3)
    def queue(self):
        self.get("/api/v1/requests?status=submitted&oldest_first=true", "GET /requests (queue)")

    @task(3)
    def candidates(self):
        need = random.choice(self.me["needs"])
        self.get(f"/api/v1/needs/{need}/candidates", "GET /needs/{id}/candidates")

    @task(2)
    def board(self):
        need = random.choice(self.me["needs"])
        self.get(f"/api/v1/needs/{need}/offers", "GET /needs/{id}/offers")

    @task(1)
    def offer(self):
        if self.fresh:
            self.post(f"/api/v1/needs/{self.fresh.pop()}/offers", "POST /needs/{id}/offers", {"count": 3})


class Resident(Person):
    weight = 10
    kind = "residents"

    @task(1)
    def ask(self):
        self.post("/api/v1/requests", "POST /requests", {
            "description": "老人独居，想请人帮忙买菜和打扫", "address": self.me["address"],
            **_here(self.me["lat"], self.me["lng"]), "skill": "shopping_errands"})

    @task(3)
    def my_requests(self):
        self.get("/api/v1/requests", "GET /requests (mine)")


class Bare(FastHttpUser):
    """The bare endpoint: liveness, one SELECT 1."""
    wait_time = constant(0)

    @task
    def health(self):
        self.client.get("/api/v1/health", name="GET /health")


class SignedInBare(Person):
    """A signed-in endpoint that does almost nothing: the unread count of a social worker."""
    kind = "social_workers"
    wait_time = constant(0)

    @task
    def unread(self):
        self.get("/api/v1/me/notifications/unread-count", "GET /me/notifications/unread-count")


class CandidatesAlone(Person):
    """The candidates endpoint alone, with no waiting."""
    kind = "social_workers"
    wait_time = constant(0)

    @task
    def candidates(self):
        need = random.choice(self.me["needs"])
        self.get(f"/api/v1/needs/{need}/candidates", "GET /needs/{id}/candidates")
