"""Pages of statements: the list (the same filters as the API) and one statement with its source and relations."""

from kb.core.statements import Statement, attach_ends
from kb.filtersets import StatementFilterSet

from .generic import RecordDetailView, RecordListView


class StatementListView(RecordListView):
    model = Statement
    filterset_class = StatementFilterSet
    template_name = "kb/statement_list.html"
    api_list = "statement-list"
    paginate_by = 100  # one short row each
    intro = (
        "Every link between two records, each with the source that states it, the quote, and its basis: printed "
        "(the quote states it), inferred (a curator's inference, with the reason) or external (another source)."
    )

    def get_queryset(self):
        user = self.request.user
        return Statement.objects.visible_to(user).with_conflict(user).select_related("source")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, records, is_paginated = super(RecordListView, self).paginate_queryset(queryset, page_size)
        page.object_list = attach_ends(list(records))
        return paginator, page, page.object_list, is_paginated


class StatementDetailView(RecordDetailView):
    model = Statement
    template_name = "kb/statement_detail.html"

    def get_queryset(self):
        return Statement.objects.for_detail(self.request.user)

    def get_object(self, queryset=None):
        return attach_ends([super().get_object(queryset)])[0]
