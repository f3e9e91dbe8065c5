"""Schema fuzzing: schemathesis generates requests for every operation of /api/v1/schema/, anonymously and as a
curator, and finds no 5xx and no response that breaks the schema.

The schema is the one the site serves; the requests go to the site in this process (WSGI), on the test database.
Examples per operation are bounded (KB_FUZZ_EXAMPLES, default 12); the number of cases run is printed.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import PositiveDataAcceptanceConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import make_account

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "12"))
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()
# `make test`: Hypothesis's generated examples only, bounded per operation. `make fuzz` (KB_FUZZ_DEEP=1) adds
# schemathesis's "coverage" phase (boundary and invalid values of every parameter and field) and the stateful run.
DEEP = os.environ.get("KB_FUZZ_DEEP") == "1"
schema.config.phases.coverage.enabled = DEEP
# A schema-valid request may still name a record that does not exist (a filter's key, a page past the end) or
# one someone changed meanwhile: those answers are the site's, documented, and not a rejection of valid data.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2XX", "304", "400", "401", "403", "404", "409", "412"]
)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
    positive_data_acceptance,
]
RUN = {"cases": 0, "operations": set()}


@pytest.fixture
def report():
    return RUN  # tests/conftest.py prints the totals at the end of the run


@pytest.fixture
def unthrottled(settings):
    settings.KB_RATE_LIMITS = {"anon": "100000/minute", "user": "100000/minute"}


@pytest.fixture
def test_connection_kept():
    """The requests run in this thread on the test's own connection, which the end of a request must not close
    (Django's test client does the same; schemathesis calls the WSGI application directly)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "curator"])
def headers(request, db):
    if request.param == "anonymous":
        return {}
    return {"Authorization": f"Token {Token.objects.create(user=make_account('fuzz-curator', 'curators')).key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, within the time bound
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx_or_breaks_its_schema(case, headers, unthrottled, report, test_connection_kept):
    report["cases"] += 1
    report["operations"].add((case.method, case.path, bool(headers)))
    case.call_and_validate(headers=headers, checks=CHECKS)


# Not yet part of `make fuzz`: Hypothesis stops this run with FlakyStrategyDefinition (the links' preconditions
# depend on rows earlier examples wrote), before any answer is judged. KB_FUZZ_STATEFUL=1 runs it.
@pytest.mark.skipif(
    os.environ.get("KB_FUZZ_STATEFUL") != "1", reason="the stateful run is not working yet (KB_FUZZ_STATEFUL=1)"
)
@pytest.mark.django_db
def test_sequences_of_calls_answer_no_5xx_and_keep_the_schema(unthrottled, report, test_connection_kept):
    """schemathesis's stateful run: chains of calls (create, read, change, act on, delete) as an editor, each answer
    fed to the next call where the schema links them, every answer held to the same checks."""
    token = Token.objects.create(user=make_account("fuzz-editor", "editors")).key

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            report["cases"] += 1
            report["operations"].add((case.method, case.path, True))
            return {"headers": {"Authorization": f"Token {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

    Workflow.run(
        settings=settings(
            max_examples=EXAMPLES * 4,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
