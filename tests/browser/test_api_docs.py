import pytest

from .conftest import outside_requests


@pytest.mark.parametrize(
    ("path", "ready"), [("/api/v1/docs/", ".swagger-ui .info .title"), ("/api/v1/docs/redoc/", "h1")]
)
def test_api_docs_render_with_no_request_to_another_host(page, live_kb, path, ready):
    page.goto(live_kb.url + path)
    page.wait_for_selector(ready, timeout=20000)
    assert "drug resistance" in page.inner_text(ready).lower()
    page.wait_for_load_state("networkidle")
    assert outside_requests(page, live_kb) == []
    assert any(url.endswith("/api/v1/schema/") for url in page.requests)
    assert not [v for v in page.policy_violations if "script" in v], "the docs run no inline script"
