"""Schema fuzzing: schemathesis generates requests for every operation of /api/v1/schema/ and finds no 5xx, no
response that breaks the schema, no status the schema does not list and no valid request refused.

The schema is the one the site serves; the requests go to the site in this process (WSGI), on the test database.
- `make test`: Hypothesis's generated examples for every operation, anonymously and as a curator, bounded per
  operation (KB_FUZZ_EXAMPLES, default 12).
- `make fuzz` (KB_FUZZ_DEEP=1), which CI runs on PostgreSQL: schemathesis's coverage phase (every parameter's and
  body field's boundary and invalid values) for every operation, and its stateful phase (chains of calls as an
  editor, each answer feeding the next call where the schema links them).
The number of cases run is printed at the end.
"""

import os

import pytest
import schemathesis
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
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
DEEP = os.environ.get("KB_FUZZ_DEEP") == "1"


def site_schema(*, coverage: bool):
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = get_wsgi_application()
    loaded.config.phases.coverage.enabled = coverage
    # A schema-valid request may still name a record that does not exist (a filter's key, a page past the end) or
    # one someone changed meanwhile: those answers are the site's, documented, and not a rejection of valid data.
    loaded.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=["2XX", "304", "400", "401", "403", "404", "409", "412"]
    )
    return loaded


schema = site_schema(coverage=False)
# The coverage phase's cases are built when the module is collected (about 20 s), so only where they will run.
covered = site_schema(coverage=True) if DEEP else schema
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
    positive_data_acceptance,
]
RUN = {"cases": 0, "operations": set()}
# Every run draws the same cases, in bounded time, and keeps nothing between runs.
REPEATABLE = {"deadline": None, "derandomize": True, "database": None, "suppress_health_check": list(HealthCheck)}


@pytest.fixture
def report():
    return RUN  # tests/conftest.py prints the totals at the end of the run


@pytest.fixture
def unthrottled(settings):
    settings.KB_RATE_LIMITS = {"anon": "100000/minute", "user": "100000/minute"}
    settings.KB_SUGGEST_RATE = "100000/minute"


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
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, within the time bound
    **REPEATABLE,
)
def test_no_operation_answers_5xx_or_breaks_its_schema(case, headers, unthrottled, report, test_connection_kept):
    report["cases"] += 1
    report["operations"].add((case.method, case.path, bool(headers)))
    case.call_and_validate(headers=headers, checks=CHECKS)


# `make fuzz` only (KB_FUZZ_DEEP=1): `make test` does not collect these, rather than report them skipped.
if DEEP:

    @pytest.fixture
    def curator_token(db):
        return Token.objects.create(user=make_account("fuzz-curator", "curators")).key

    @pytest.mark.django_db
    @covered.parametrize()
    @settings(
        phases=[Phase.explicit],  # the coverage phase's cases are explicit examples, every one of them run
        **REPEATABLE,
    )
    def test_boundary_and_invalid_values_of_every_parameter_and_field(
        case, curator_token, unthrottled, report, test_connection_kept
    ):
        """schemathesis's coverage phase. Reads are sent anonymously, writes as a curator: an anonymous write is
        refused before its body is read, and a curator's read differs from the public's only in the drafts it sees
        (both roles of both are in the generated phase above, which `make test` runs)."""
        headers = {} if case.method in ("GET", "HEAD", "OPTIONS") else {"Authorization": f"Token {curator_token}"}
        report["cases"] += 1
        report["operations"].add((case.method, case.path, bool(headers)))
        case.call_and_validate(headers=headers, checks=CHECKS)

    @pytest.mark.django_db
    def test_sequences_of_calls_answer_no_5xx_and_keep_the_schema(unthrottled, report, test_connection_kept):
        """schemathesis's stateful run: chains of calls (create, read, change, act on, delete) as an editor, each answer
        fed to the next call where the schema links them, every answer held to the same checks."""
        token = Token.objects.create(user=make_account("fuzz-editor", "editors")).key

        # The status endpoint's counters change from one scenario to the next (calls the breaker did not try), which
        # Hypothesis takes for generation depending on outside state; the other two phases fuzz it.
        class Workflow(schema.exclude(path="/api/v1/status/").as_state_machine()):
            def setup(self):
                # Each scenario starts from the same rows, so a replayed scenario gets the same answers and takes the
                # same links (Hypothesis replays scenarios, and refuses one whose choices changed under it).
                self.start, self.created = transaction.savepoint(), set()
                caches["default"].clear()

            def teardown(self):
                transaction.savepoint_rollback(self.start)
                caches["default"].clear()

            def get_call_kwargs(self, case):
                report["cases"] += 1
                report["operations"].add((case.method, case.path, True))
                if self.created & set(map(str, (case.path_parameters or {}).values())):
                    chained.append((case.method, case.path))  # a call on a record this scenario created
                return {"headers": {"Authorization": f"Token {token}"}}

            def validate_response(self, response, case, additional_checks=None, **kwargs):
                if response.status_code == 201 and "json" in str(response.headers.get("content-type", "")).lower():
                    # (a write may ask for its answer as CSV: ?format=csv; that one names nothing to chain on)
                    self.created.update(str(value) for value in response.json().values() if isinstance(value, str))
                case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

        chained = []

        Workflow.run(
            settings=settings(
                max_examples=EXAMPLES * 4,
                stateful_step_count=6,
                phases=[Phase.explicit, Phase.generate],
                **REPEATABLE,
            )
        )
        # the scenarios did chain calls: records created, then read, changed, moved or deleted by the next calls
        assert chained, "no scenario called an operation on a record it had created"
