"""The read levers: conditional GETs from the data version, a shared response cache, cached counts, indexes."""

import gc

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kb.curation.services import record_save
from tests.helpers import noted
from trials.models import Compound

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/mirnas/?direction=down",
        "/api/v1/compounds/?format=csv",
        "/mechanisms/",
        "/mirnas/",
        "/search/?q=HER2",
        "/api/v1/search/?q=P-gp",
    ],
)
def test_a_conditional_get_answers_304_without_running_the_view(url, editor):
    client = Client()
    first, _ = get(client, url)
    assert first.status_code == 200 and first["ETag"].startswith('W/"d') and first.has_header("Last-Modified")
    again, queries = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and queries == 1, "one read of the data version, nothing rendered"
    record = Compound.objects.get(slug="olaparib")
    record_save(record=noted(record), user=editor)  # any write, anywhere, moves the data version on
    after, _ = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_a_record_answers_304_to_its_own_etag(api_client):
    first = api_client.get("/api/v1/compounds/lapatinib/")
    again = api_client.get("/api/v1/compounds/lapatinib/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_signed_in_users_get_no_shared_answers(client, curator):
    client.force_login(curator)
    response = client.get("/api/v1/mirnas/")
    assert not response.has_header("X-Cache")
    assert not response.get("ETag", "").startswith('W/"d')


def test_the_shared_cache_serves_repeats_and_forgets_them_on_a_write(settings, editor):
    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    client = Client()
    first, _ = get(client, "/api/v1/mirnas/?direction=up")
    assert first["X-Cache"] == "miss"
    second, queries = get(client, "/api/v1/mirnas/?direction=up")
    assert second["X-Cache"] == "hit" and queries == 0 and second.content == first.content
    record_save(record=noted(Compound.objects.get(slug="olaparib")), user=editor)
    third, _ = get(client, "/api/v1/mirnas/?direction=up")
    assert third["X-Cache"] == "miss"


def test_a_page_from_the_shared_cache_keeps_every_security_header(settings):
    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    client = Client()
    first, _ = get(client, "/mechanisms/")
    second, queries = get(client, "/mechanisms/")
    assert second["X-Cache"] == "hit" and queries == 0
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[header] == first[header], header


def test_the_count_is_computed_once_per_data_version(settings, api_client):
    settings.KB_CACHE_SECONDS = 60
    with CaptureQueriesContext(connection) as first:
        api_client.get("/api/v1/compounds/?page_size=2", HTTP_COOKIE="")  # a cookie-free request is cached...
    api_client.cookies["x"] = "y"  # ...so send a cookie: the view runs, only the count comes from the cache
    with CaptureQueriesContext(connection) as second:
        api_client.get("/api/v1/compounds/?page_size=2&page=2")
    counts = [q["sql"] for q in second.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts == [] and any("COUNT(" in q["sql"].upper() for q in first.captured_queries)


INDEXED = [
    ("mechanisms.Mechanism", "category"),
    ("mechanisms.Mechanism", "therapy_context"),
    ("mechanisms.Mechanism", "name"),
    ("mechanisms.Strategy", "kind"),
    ("biomarkers.Biomarker", "kind"),
    ("biomarkers.MicroRNA", "direction"),
    ("biomarkers.MicroRNA", "fold_change"),
    ("biomarkers.MicroRNA", "name"),
    ("trials.Compound", "drug_class"),
    ("trials.Compound", "name"),
    ("trials.Trial", "phase"),
    ("trials.Trial", "recruitment_status"),
    ("trials.Trial", "registry_phase"),
    ("trials.Trial", "registry_status"),
    ("trials.Trial", "nct_id"),
    ("kb.Erratum", "kind"),
    ("kb.Erratum", "line"),
    ("kb.Gene", "name"),
    ("mechanisms.ModelSystem", "kind"),
]
INDEXED += [
    (label, "status")
    for label in (
        "mechanisms.Mechanism",
        "biomarkers.MicroRNA",
        "trials.Compound",
        "trials.Trial",
        "kb.Gene",
        "kb.Erratum",
    )
]


@pytest.mark.parametrize(("label", "column"), INDEXED, ids=[f"{label}.{column}" for label, column in INDEXED])
def test_every_filter_and_ordering_column_has_an_index(label, column):
    table = apps.get_model(label)._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert any(c["columns"] and c["columns"][0] == column and (c["index"] or c["unique"]) for c in constraints.values())


def test_a_record_is_served_from_the_cache_and_still_answers_304_to_its_etag(settings):
    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    client = Client()
    first, _ = get(client, "/api/v1/compounds/lapatinib/")
    second, queries = get(client, "/api/v1/compounds/lapatinib/")
    assert second["X-Cache"] == "hit" and queries == 0 and second["ETag"] == first["ETag"]
    third, _ = get(client, "/api/v1/compounds/lapatinib/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert third.status_code == 304


def test_a_streamed_csv_is_kept_in_the_shared_cache_once_sent_whole(settings, monkeypatch):
    settings.KB_CACHE_SECONDS = 60
    monkeypatch.setattr("kb.api.base.CSV_CHUNK", 3)
    client = Client()
    first = client.get("/api/v1/mirnas/?format=csv")
    assert first.streaming and first["X-Cache"] == "miss"
    sent = first.getvalue()
    second = client.get("/api/v1/mirnas/?format=csv")
    assert second["X-Cache"] == "hit" and second.getvalue() == sent and second["ETag"] == first["ETag"]
    settings.KB_CACHE_MAX_BYTES = 100  # too large to keep: streamed every time
    client.get("/api/v1/genes/?format=csv").getvalue()
    assert client.get("/api/v1/genes/?format=csv")["X-Cache"] == "miss"


def test_a_response_larger_than_the_bound_is_not_kept_in_the_shared_cache(settings):
    client = Client()
    settings.KB_CACHE_SECONDS = 0
    settings.KB_CACHE_MAX_BYTES = len(client.get("/api/v1/genes/").content) - 1  # measured uncached
    settings.KB_CACHE_SECONDS = 60
    assert [client.get("/api/v1/genes/")["X-Cache"] for _ in range(2)] == ["miss", "miss"]  # made every time
    settings.KB_CACHE_MAX_BYTES += 1  # just large enough
    assert [client.get("/api/v1/genes/")["X-Cache"] for _ in range(2)] == ["miss", "hit"]


def test_a_write_drops_the_shared_copy_of_the_data_version_at_once_and_again_on_commit(
    settings, editor, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from kb.delivery import versioning

    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    before = versioning.current()
    assert cache.get(versioning.CACHE_KEY) == before  # copied for the next requests
    with django_capture_on_commit_callbacks(execute=True):
        record_save(record=noted(Compound.objects.get(slug="olaparib")), user=editor)
        assert cache.get(versioning.CACHE_KEY) is None  # dropped at once
        cache.set(versioning.CACHE_KEY, before)  # a reader that raced the write copies the old version back
    assert cache.get(versioning.CACHE_KEY) is None  # dropped again when the write commits
    assert versioning.current()[0] > before[0]


def test_the_redis_backend_keeps_one_client_per_pool(settings):
    """Django's own builds a client per operation; django-redis (the shared cache of production) keeps one."""
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/7"}}
    from django.core.cache import cache
    from django_redis import get_redis_connection

    cache.set("kb:test:one-client", [1, 2], 5)
    assert cache.get("kb:test:one-client") == [1, 2]
    assert get_redis_connection("default") is get_redis_connection("default", write=True)
    assert get_redis_connection("default") is get_redis_connection("default")
    cache.delete("kb:test:one-client")


def test_a_request_waits_for_another_making_the_same_response_rather_than_make_it_too(settings):
    import threading

    from django.core.cache import cache

    from kb.delivery import versioning
    from kb.delivery.middleware import response_key

    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    client = Client()
    tag = client.get("/api/v1/mirnas/?direction=down")["ETag"]
    key, version = response_key("http://testserver/api/v1/mirnas/?direction=down", ""), versioning.current()[0]
    cache.delete(key)
    cache.add(f"kb:making:{version}:{key}", 1, 30)  # another request (another worker) is making it
    made = (version, 200, b'{"made": "elsewhere"}', [("ETag", tag), ("Content-Type", "application/json")])
    threading.Timer(0.2, cache.set, args=(key, made, 60)).start()
    response, queries = get(client, "/api/v1/mirnas/?direction=down")
    assert response.content == b'{"made": "elsewhere"}' and response["X-Cache"] == "hit" and queries == 0


def test_a_streamed_csv_its_client_left_is_finished_for_the_cache(settings, monkeypatch):
    settings.KB_CACHE_SECONDS = 60
    settings.KB_VERSION_SECONDS = 0  # every request reads the data version from the database (as a slow one would)
    monkeypatch.setattr("kb.api.base.CSV_CHUNK", 3)
    client = Client()
    whole = b"".join(Client().get("/api/v1/mirnas/?format=csv", HTTP_COOKIE="a=b"))  # not shared: made anew
    first = client.get("/api/v1/mirnas/?format=csv")
    sent = iter(first)
    next(sent)  # the first rows are sent, then the client goes away (a time-out)
    # The server lets go of the response, which closes it: the test client's own wrapper does that when its stream
    # is collected, keeping the test transaction's connection open (a worker would open a new one next time).
    del sent, first
    gc.collect()
    second = client.get("/api/v1/mirnas/?format=csv")
    assert second["X-Cache"] == "hit" and second.getvalue() == whole


def test_a_version_not_yet_committed_is_never_copied_for_other_processes(settings, editor):
    from django.core.cache import cache
    from django.db import transaction

    from kb.delivery import versioning

    settings.KB_CACHE_SECONDS = settings.KB_VERSION_SECONDS = 60
    before = versioning.current()
    with transaction.atomic():
        record_save(record=noted(Compound.objects.get(slug="olaparib")), user=editor)
        assert versioning.current()[0] == before[0] + 1  # this transaction sees its own write
        assert cache.get(versioning.CACHE_KEY) is None  # and keeps it to itself until it commits
