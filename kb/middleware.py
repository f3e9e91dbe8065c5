from .releases import current_release


def release_header(get_response):
    """Every API response names the current data release (X-KB-Release)."""

    def middleware(request):
        response = get_response(request)
        if request.path.startswith("/api/"):
            response["X-KB-Release"] = current_release() or "unreleased"
        return response

    return middleware
