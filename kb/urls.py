from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from biomarkers.api.views import BiomarkerViewSet, MicroRNAViewSet
from mechanisms.api.views import (
    CellLineSubgroupViewSet,
    CellLineViewSet,
    MechanismViewSet,
    ModelSystemViewSet,
    StrategyViewSet,
)
from trials.api.views import CompoundViewSet, TrialViewSet

from . import views
from .api.views import ErratumViewSet, GeneViewSet, GraphView, SearchView, SourceViewSet

router = DefaultRouter()
router.register("mechanisms", MechanismViewSet)
router.register("strategies", StrategyViewSet)
router.register("biomarkers", BiomarkerViewSet)
router.register("mirnas", MicroRNAViewSet)
router.register("compounds", CompoundViewSet)
router.register("trials", TrialViewSet)
router.register("genes", GeneViewSet)
router.register("cell-lines", CellLineViewSet)
router.register("cell-line-subgroups", CellLineSubgroupViewSet)
router.register("model-systems", ModelSystemViewSet)
router.register("sources", SourceViewSet)
router.register("errata", ErratumViewSet)

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("accounts/login/", views.KBLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", views.SwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/docs/redoc/", views.RedocView.as_view(url_name="schema"), name="api-redoc"),
    path("api/v1/search/", SearchView.as_view(), name="api-search"),
    path("api/v1/graph/", GraphView.as_view(), name="api-graph"),
    path("api/v1/", include(router.urls)),
    path("", include("kb.pages")),
    path("", include("mechanisms.urls")),
    path("", include("biomarkers.urls")),
    path("", include("trials.urls")),
]

handler400 = "kb.errors.bad_request"
handler403 = "kb.errors.permission_denied"
handler404 = "kb.errors.page_not_found"
handler500 = "kb.errors.server_error"
