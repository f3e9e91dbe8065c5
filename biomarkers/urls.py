from django.urls import path

from . import views

app_name = "biomarkers"
urlpatterns = [
    path("biomarkers/", views.BiomarkerListView.as_view(), name="biomarker_list"),
    path("biomarkers/<str:slug>/", views.BiomarkerDetailView.as_view(), name="biomarker_detail"),
    path("mirnas/", views.MicroRNAListView.as_view(), name="microrna_list"),
    path("mirnas/<str:slug>/", views.MicroRNADetailView.as_view(), name="microrna_detail"),
]
