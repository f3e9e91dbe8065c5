from rest_framework.pagination import PageNumberPagination


class KBPagination(PageNumberPagination):
    """Pages of 50 records; ``?page_size=`` up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500
