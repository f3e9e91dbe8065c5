from django.urls import path

from . import views

app_name = "mechanisms"
urlpatterns = [
    path("mechanisms/", views.MechanismListView.as_view(), name="mechanism_list"),
    path("mechanisms/<str:slug>/", views.MechanismDetailView.as_view(), name="mechanism_detail"),
    path("strategies/", views.StrategyListView.as_view(), name="strategy_list"),
    path("strategies/<str:slug>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path("cell-lines/", views.CellLineListView.as_view(), name="cellline_list"),
    path("cell-lines/<str:slug>/", views.CellLineDetailView.as_view(), name="cellline_detail"),
    path("cell-line-subgroups/", views.CellLineSubgroupListView.as_view(), name="celllinesubgroup_list"),
    path("cell-line-subgroups/<str:slug>/", views.CellLineSubgroupDetailView.as_view(), name="celllinesubgroup_detail"),
    path("model-systems/", views.ModelSystemListView.as_view(), name="modelsystem_list"),
    path("model-systems/<str:slug>/", views.ModelSystemDetailView.as_view(), name="modelsystem_detail"),
]
