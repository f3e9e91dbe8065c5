"""The page URLs of kb's own records (the project's root URLs are in kb/urls.py)."""

from django.urls import path

from . import statements, suggestions, views

app_name = "kb"
urlpatterns = [
    path("genes/", views.GeneListView.as_view(), name="gene_list"),
    path("genes/<str:name>/", views.GeneDetailView.as_view(), name="gene_detail"),
    path("errata/", views.ErratumListView.as_view(), name="erratum_list"),
    path("errata/<slug:slug>/", views.ErratumDetailView.as_view(), name="erratum_detail"),
    path("statements/", statements.StatementListView.as_view(), name="statement_list"),
    path("statements/<slug:slug>/", statements.StatementDetailView.as_view(), name="statement_detail"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("downloads/", views.DownloadsView.as_view(), name="downloads"),
    path("downloads/<str:release>/<path:path>", views.download, name="download"),
    path("suggest/status/<slug:slug>/", suggestions.SuggestionView.as_view(), name="suggestion"),
    path("suggest/<str:app_label>/<str:model_name>/<str:key>/", suggestions.SuggestView.as_view(), name="suggest"),
]
