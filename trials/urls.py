from django.urls import path

from . import views

app_name = "trials"
urlpatterns = [
    path("compounds/", views.CompoundListView.as_view(), name="compound_list"),
    path("compounds/<str:slug>/", views.CompoundDetailView.as_view(), name="compound_detail"),
    path("trials/", views.TrialListView.as_view(), name="trial_list"),
    path("trials/<str:nct_id>/", views.TrialDetailView.as_view(), name="trial_detail"),
]
