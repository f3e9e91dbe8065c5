"""The project's root URLs: the API (one router, its viewsets from the registry of kinds), the admin, the pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from .api.views import APIRoot, GraphView, SearchView, StatusView
from .core import kinds
from .web import views


def api_router() -> DefaultRouter:
    """Every kind the API serves, under its prefix, in reading order (kb.core.kinds)."""
    router = DefaultRouter()
    router.APIRootView = APIRoot  # the root lists search, the graph, the docs and examples too
    for kind in kinds.api_kinds():
        router.register(kind.api, kind.viewset)
    return router


router = api_router()

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("accounts/login/", views.KBLoginView.as_view(), name="login"),
    # Signing out and changing one's password; no reset by mail: the site sends no mail (an editor resets it).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", views.SwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/docs/redoc/", views.RedocView.as_view(url_name="schema"), name="api-redoc"),
    path("api/v1/search/", SearchView.as_view(), name="api-search"),
    path("api/v1/graph/", GraphView.as_view(), name="api-graph"),
    path("api/v1/status/", StatusView.as_view(), name="api-status"),
    path("api/v1/", include(router.urls)),
    path("", include("kb.web.urls")),
    path("", include("mechanisms.urls")),
    path("", include("biomarkers.urls")),
    path("", include("trials.urls")),
]

handler400 = "kb.delivery.errors.bad_request"
handler403 = "kb.delivery.errors.permission_denied"
handler404 = "kb.delivery.errors.page_not_found"
handler500 = "kb.delivery.errors.server_error"
