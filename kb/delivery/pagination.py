import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from . import versioning


class CachedCountPaginator(Paginator):
    """A paginator whose COUNT(*) is computed once per data version and query, and shared between processes."""

    @cached_property
    def count(self):
        query = getattr(self.object_list, "query", None)
        if query is None or not settings.KB_CACHE_SECONDS:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except Exception:  # an empty result set, for one: nothing worth caching
            return super().count
        version, _ = versioning.current()
        key = "kb:count:" + hashlib.sha1(f"{version}|{sql}|{params}".encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, settings.KB_CACHE_SECONDS)
        return count


class KBPagination(PageNumberPagination):
    """Pages of 50 records; ``?page_size=`` up to 500; counts cached per data version."""

    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CachedCountPaginator

    def get_page_size(self, request):
        """``?page_size=`` from 1 to 500; anything else is a 400 that says so (DRF would quietly use 50)."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]})
        return int(value)
