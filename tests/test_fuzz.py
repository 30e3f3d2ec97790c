"""Schemathesis over the whole OpenAPI, as a social worker and as a volunteer: no answer is a
5xx, and every answer matches the schema its operation documents (ids and dates out of range
are 404/422 like any other refusal)."""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import TestConfig
from tests.helpers import served
from volunteer import create_app
from volunteer.jobs.tasks import deliver_outbox

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 30))
CHECKS = [not_a_server_error, response_schema_conformance]


def _document():
    """The OpenAPI as the app serves it (an app over no database serves the same document)."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    return schemathesis.openapi.from_wsgi("/api/openapi.json", create_app(settings))


schema = _document()
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture
def callers(client, world, place):
    volunteer, _ = served(client, world, place)
    deliver_outbox(client.application)  # a scheduler has run: readiness answers 200
    plain = {"Accept-Encoding": "identity"}  # the test client does not undo compression
    return {"social_worker": {**place["social_worker"]["headers"], **plain}, "volunteer": {**volunteer["headers"], **plain}}


@schema.parametrize()
@FUZZ
def test_as_a_social_worker_no_operation_answers_a_5xx_or_breaks_its_schema(case, app, callers):
    case.call_and_validate(headers=callers["social_worker"], checks=CHECKS, app=app)


@schema.parametrize()
@FUZZ
def test_as_a_volunteer_no_operation_answers_a_5xx_or_breaks_its_schema(case, app, callers):
    case.call_and_validate(headers=callers["volunteer"], checks=CHECKS, app=app)
