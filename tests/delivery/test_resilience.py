"""What production does to the site, in this process: a lost or silent Redis, hostile bodies and headers, cache
flooding, rate limits, and the site's own answers to a bad host, a stale form and a reset it cannot send.

Each test here fails on the code before these defences (e72cd7f); the same faults through gunicorn and PostgreSQL
are in tests/security/test_faults.py.
"""

import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kb.delivery import limits
from kb.delivery.cache import breaker
from kb.delivery.renderers import MAX_JSON_DEPTH
from tests.conftest import make_account
from tests.helpers import free_port

pytestmark = pytest.mark.django_db

REDIS_DB = 14  # these tests' own database of the shared Redis (127.0.0.1:6379), emptied before and after


def redis_cache(url: str, **options) -> dict:
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "CONNECTION_POOL_CLASS": "kb.delivery.cache.CircuitPool",
                **options,
            },
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kb-local"},
    }


@pytest.fixture
def closed_breaker():
    breaker.retry_at, breaker.down_since = 0.0, None
    yield breaker
    breaker.retry_at, breaker.down_since = 0.0, None


@pytest.fixture
def shared_redis(settings, closed_breaker):
    """The real Redis as the shared cache, responses kept."""
    settings.CACHES = redis_cache(f"redis://127.0.0.1:6379/{REDIS_DB}")
    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def refused_redis(settings, closed_breaker):
    """A Redis address nothing listens on."""
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    settings.KB_CACHE_RETRY_SECONDS = 5
    return closed_breaker


@pytest.fixture
def silent_redis(settings, closed_breaker):
    """A Redis that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    def heard() -> tuple[int, int]:
        """How many connections the silent server has accepted, and how many bytes it has been sent on them."""
        received = 0
        for end in list(held):
            end.setblocking(False)
            while True:
                try:
                    chunk = end.recv(65536)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                received += len(chunk)
        return len(held), received

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    settings.KB_CACHE_RETRY_SECONDS = 5
    closed_breaker.heard = heard
    yield closed_breaker
    del closed_breaker.heard
    stop.set()
    thread.join()
    for end in held:
        end.close()
    listener.close()


PAGES = ["/", "/mechanisms/", "/search/?q=HER2", "/api/v1/mechanisms/", "/api/v1/mechanisms/dna-repair/"]


def test_a_refused_redis_serves_every_page_uncached_and_writes_still_work(refused_redis, editor):
    client = Client()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200 and response["X-Cache"] == "off", path
    assert refused_redis.state()["reachable"] is False and refused_redis.state()["outages"] == 1

    api = APIClient()
    api.force_authenticate(editor)
    tag = api.get("/api/v1/compounds/olaparib/")["ETag"]
    response = api.patch("/api/v1/compounds/olaparib/", {"curator_note": "while Redis is away"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200 and response.json()["curator_note"] == "while Redis is away"


def test_a_silent_redis_costs_one_timeout_then_nothing_until_it_is_tried_again(silent_redis):
    client = Client()
    client.get("/api/v1/genes/")  # warm: the first request of a process imports and compiles
    silent_redis.retry_at, silent_redis.down_since = 0.0, None  # as if Redis had just gone silent
    started = time.monotonic()
    assert client.get("/api/v1/mechanisms/").status_code == 200
    first = time.monotonic() - started
    time.sleep(0.2)  # let the listener take in whatever the first request sent
    connections, sent = silent_redis.heard()
    assert connections >= 1 and sent > 0  # the first request did try the silent server
    for _ in range(5):
        response = client.get("/api/v1/mechanisms/")
        assert response.status_code == 200 and response["X-Cache"] == "off"
    time.sleep(0.2)
    assert silent_redis.heard() == (connections, 0)  # the circuit is open: nothing more was asked of the server
    assert 0.25 <= first < 2, first  # one socket timeout (0.25 s), not one per cache call nor the retries' 5 s
    assert silent_redis.state()["calls_not_tried"] > 0


def test_the_circuit_closes_when_redis_answers_again(shared_redis, settings):
    breaker.failed(OSError("a test's outage"))
    assert Client().get("/api/v1/genes/")["X-Cache"] == "off"
    breaker.retry_at = 0.0  # the retry period is over
    Client().get("/api/v1/genes/")
    assert breaker.state()["reachable"] and Client().get("/api/v1/genes/")["X-Cache"] == "hit"


def test_rate_limits_count_pages_and_cached_answers_too(shared_redis, settings):
    settings.KB_RATE_LIMITS = {"anon": "4/minute", "user": "100/minute"}
    client = Client()
    statuses = [client.get("/mechanisms/").status_code for _ in range(3)]  # the 2nd and 3rd from the cache
    statuses += [client.get("/api/v1/genes/").status_code for _ in range(2)]
    assert statuses == [200, 200, 200, 200, 429]
    page = client.get("/mechanisms/")
    assert page.status_code == 429 and "More than 4 requests a minute" in page.content.decode()
    assert 0 < int(page["Retry-After"]) <= 60


def test_rate_limits_count_atomically(shared_redis, settings):
    counts, limit, threads = [], 200, 8

    def count():
        for _ in range(limit // threads):
            counts.append(limits._count("kb:rate:test:atomic", 60))

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(counts) == list(range(1, limit + 1))  # every request counted once: none lost to a race


def test_rate_limits_count_in_the_process_while_redis_is_away(refused_redis, settings):
    settings.KB_RATE_LIMITS = {"anon": "3/minute", "user": "100/minute"}
    statuses = [Client().get("/api/v1/genes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_ignored_parameters_share_one_cached_answer(shared_redis):
    client = Client()
    assert client.get("/mechanisms/?utm_source=a")["X-Cache"] == "miss"
    assert client.get("/mechanisms/?utm_source=b&fbclid=c")["X-Cache"] == "hit"
    assert client.get("/mechanisms/")["X-Cache"] == "hit"
    first = client.get("/api/v1/mirnas/?direction=up&ordering=name")
    again = client.get("/api/v1/mirnas/?ordering=name&direction=up")
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")  # the same parameters, in another order
    assert len(shared_redis.keys("kb:response:*")) == 2
    assert "utm_source" not in client.get("/mechanisms/?utm_source=a&page=1").content.decode()  # nor in its links


def test_an_unknown_api_parameter_is_a_400_that_names_it():
    response = APIClient().get("/api/v1/mechanisms/?statsu=draft")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "statsu" in detail and "status" in detail and "page_size" in detail


@pytest.mark.parametrize("url", ["/api/v1/search/?q=lapatinib", "/api/v1/graph/", "/api/v1/search/?q=HER2&format=api"])
def test_the_browsable_api_renders_search_and_graph(url):
    response = Client().get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_if_match_star_is_refused_so_that_no_edit_is_lost(editor):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.patch("/api/v1/compounds/olaparib/", {"curator_note": "blind"}, HTTP_IF_MATCH="*")
    assert response.status_code == 428 and "would overwrite" in response.content.decode()


def test_another_records_etag_is_a_412(editor):
    api = APIClient()
    api.force_authenticate(editor)
    other = api.get("/api/v1/compounds/lapatinib/")["ETag"]
    response = api.patch("/api/v1/compounds/olaparib/", {"curator_note": "x"}, HTTP_IF_MATCH=other)
    assert response.status_code == 412 and "is not an ETag of this record" in response.json()["detail"]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000])
def test_json_nested_too_deeply_is_a_400(editor, depth):
    api = APIClient()
    api.force_authenticate(editor)
    body = '{"curator_note": "x", "curated_fields": ' + "[" * depth + "]" * depth + "}"
    tag = api.get("/api/v1/compounds/olaparib/")["ETag"]
    response = api.patch("/api/v1/compounds/olaparib/", body, content_type="application/json", HTTP_IF_MATCH=tag)
    assert response.status_code == 400 and "nested more than" in response.json()["detail"]


def test_a_request_for_another_host_is_refused_without_naming_the_setting():
    response = Client().get("/", HTTP_HOST="evil.example")
    body = response.content.decode()
    assert response.status_code == 400 and "does not answer for the host" in body
    assert "ALLOWED_HOSTS" not in body and "evil.example" not in body
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"] and response["X-Frame-Options"] == "DENY"


def test_a_stale_form_gets_the_sites_own_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403 and "security token (CSRF)" in body and "Help" not in body


def test_no_password_reset_by_mail():
    assert Client().get("/accounts/password_reset/").status_code == 404


def test_the_public_sees_display_names_never_login_names(editor):
    from kb.curation.services import record_save
    from trials.models import Compound

    author = make_account("jdoe-login", "editors")
    author.first_name = "Jane Doe"
    author.save()
    record = Compound.objects.get(slug="olaparib")
    record.curator_note = "checked"
    record_save(record=record, user=author)
    Compound.objects.filter(pk=record.pk).update(status="published")
    page = Client().get("/compounds/olaparib/").content.decode()
    body = APIClient().get("/api/v1/compounds/olaparib/").json()
    assert "Jane Doe" in page and "jdoe-login" not in page
    assert body["updated_by"] == "Jane Doe" and "jdoe-login" not in str(body)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(rf, settings, proxies, forwarded, address):
    settings.KB_TRUSTED_PROXIES = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert limits.client_address(request) == address


def test_the_status_endpoint_says_whether_the_shared_cache_answers_and_is_never_cached(shared_redis):
    client = Client()
    for _ in range(2):
        response = client.get("/api/v1/status/")
        body = response.json()
        assert response.status_code == 200 and response["Cache-Control"] == "no-store" and "X-Cache" not in response
        assert body["status"] == "ok" and body["shared_cache"]["reachable"] is True
        assert body["data_version"] >= 1 and body["shared_cache"]["down_since"] is None
    assert client.get("/api/v1/status/?verbose=1").status_code == 400  # it reads no parameter


def test_the_status_endpoint_reports_a_lost_cache_and_counts_the_calls_not_tried(refused_redis):
    client = Client()
    before = refused_redis.outages  # counted since the process started
    first = client.get("/api/v1/status/").json()
    assert first["status"] == "degraded" and first["shared_cache"]["reachable"] is False
    assert first["shared_cache"]["outages"] == before + 1 and first["shared_cache"]["down_since"]
    client.get("/api/v1/mechanisms/")
    later = client.get("/api/v1/status/").json()["shared_cache"]
    assert later["outages"] == before + 1 and later["calls_not_tried"] > first["shared_cache"]["calls_not_tried"]


@pytest.mark.parametrize(("rate", "parsed"), [("600/minute", (600, 60)), ("100/min", (100, 60)), ("10/h", (10, 3600))])
def test_rates_are_read_as_drf_reads_them(rate, parsed):
    assert limits.parse_rate(rate) == parsed


def test_a_mistyped_rate_stops_the_server_at_its_start_not_every_request(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.KB_RATE_LIMITS = {"anon": "600 a minute", "user": "3000/minute"}
    with pytest.raises(ImproperlyConfigured, match="KB_RATE_LIMITS\\['anon'\\].*600 a minute"):
        limits.rate_limit(lambda request: None)


def test_a_made_up_credential_is_counted_as_anonymous(settings):
    settings.KB_RATE_LIMITS = {"anon": "3/minute", "user": "100/minute"}
    statuses = [Client().get("/mechanisms/", HTTP_AUTHORIZATION=f"Token made-up-{n}").status_code for n in range(3)] + [
        Client(HTTP_COOKIE="sessionid=made-up").get("/mechanisms/").status_code
    ]
    assert statuses == [200, 200, 200, 429]


def test_a_signed_in_script_does_not_use_up_the_anonymous_count_of_its_address(settings, editor):
    settings.KB_RATE_LIMITS = {"anon": "3/minute", "user": "100/minute"}
    token = Token.objects.create(user=editor).key
    assert {Client().get("/api/v1/genes/", HTTP_AUTHORIZATION=f"Token {token}").status_code for _ in range(5)} == {200}
    assert Client().get("/api/v1/genes/").status_code == 200  # the visitor behind the same address is not limited


def test_x_forwarded_for_is_read_only_from_the_proxies_addresses(rf, settings):
    settings.KB_TRUSTED_PROXIES = 1
    direct = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="192.0.2.50")  # a client, not a proxy
    assert limits.client_address(direct) == "192.0.2.50"


def test_if_match_holds_when_any_of_its_tags_is_current_and_never_for_a_weak_one(editor):
    api = APIClient()
    api.force_authenticate(editor)
    current = api.get("/api/v1/compounds/olaparib/")["ETag"]
    older = current.rpartition("-v")[0] + f'-v{int(current.strip(chr(34)).rpartition("-v")[2]) - 1}"'
    response = api.patch("/api/v1/compounds/olaparib/", {"curator_note": "a"}, HTTP_IF_MATCH=f"{older}, {current}")
    assert response.status_code == 200, response.content
    now = response["ETag"]
    response = api.patch("/api/v1/compounds/olaparib/", {"curator_note": "b"}, HTTP_IF_MATCH=f"W/{now}")
    assert response.status_code == 412  # If-Match compares strongly
