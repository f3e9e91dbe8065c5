"""The workflow where curators work: on each change form, the record's state and exactly the transitions the user
may make, each with a reason; a warning before a published record is edited; following; the statements about the
record; a suggestion's Accept and Reject; and the site's typo-tolerant search in the admin's search box."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from simple_history.template_utils import HistoricalRecordContextHelper

from kb import search
from kb.core.choices import CurationStatus, ErratumKind, Resolution
from kb.core.statements import Statement

from . import notices
from .forms import TransitionForm
from .services import DONE, allowed_transitions, record_transition
from .statements import statements_about
from .suggestions import suggester, suggestion_accept, suggestion_reject

LABELS = {"submit": "Send to review", "publish": "Publish", "draft": "Return to draft", "retire": "Retire"}
WHOLE = 10**9  # characters of a value the history shows: all of them (the page folds long ones)
LEAVES_PUBLIC_SITE = (
    "This record is published. Saving a change takes it off the public site: it waits in review until another "
    "editor publishes it."
)


def problem(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


class WorkbenchAdmin:
    """Mixed into every curated model's admin (kb.curation.admin.CuratedAdmin)."""

    change_form_template = "admin/kb/change_form.html"
    object_history_list_template = "admin/kb/object_history_list.html"  # whole values, long ones folded

    def get_historical_record_context_helper(self, request, historical_record):
        """The history names each field by its label (simple-history's default) and keeps its whole value."""
        return HistoricalRecordContextHelper(self.model, historical_record, max_displayed_delta_change_chars=WHOLE)

    def _route(self, name: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{name}"

    def workbench_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/", view(require_POST(self.transition_view)), name=self._route("transition")
            ),
            path("<path:object_id>/follow/", view(require_POST(self.follow_view)), name=self._route("follow")),
            path("<path:object_id>/decide/", view(require_POST(self.decide_view)), name=self._route("decide")),
        ]

    def get_queryset(self, request):
        """Each record with its source (the change form shows it), in the same query."""
        return super().get_queryset(request).select_related("source")

    def get_object(self, request, object_id, from_field=None):
        """The record, read once per request (the workbench's context and Django's change form both ask for it)."""
        read = request.__dict__.setdefault("_kb_records", {})
        key = (self.model, object_id, from_field)
        if key not in read:
            read[key] = super().get_object(request, object_id, from_field)
        return read[key]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id))
        extra = self.workbench_context(request, record) if record is not None else {}
        if record is not None and record.status == CurationStatus.PUBLISHED and request.method == "GET":
            if self.has_change_permission(request, record):
                self.message_user(request, LEAVES_PUBLIC_SITE, messages.WARNING)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def workbench_context(self, request, record) -> dict:
        user = request.user
        context = {
            "workflow_actions": [(action, LABELS[action]) for action in allowed_transitions(record, user)],
            "transition_url": reverse(f"admin:{self._route('transition')}", args=[record.pk]),
            "follow_url": reverse(f"admin:{self._route('follow')}", args=[record.pk]),
            "following": notices.is_following(record, user),
        }
        if not isinstance(record, Statement) and hasattr(record, "slug"):
            context["show_statements"] = True
            context["statements"] = list(statements_about(record).select_related("source").order_by("relation", "pk"))
            kind = record._meta.model_name
            context["add_statement_url"] = (
                reverse("admin:kb_statement_add") + f"?subject_kind={kind}&subject_slug={record.slug}"
            )
        pending = getattr(record, "kind", None) == ErratumKind.SUGGESTED and record.resolution == Resolution.PENDING
        if pending and user.has_perm("kb.publish_erratum"):  # editors decide, and see who suggested it
            context["suggestion"] = {
                "by": suggester(record),
                "decide_url": reverse(f"admin:{self._route('decide')}", args=[record.pk]),
            }
        return context

    def _back(self, record):
        return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", record.pk)

    def transition_view(self, request, object_id):
        """A workflow step from the change form, with its reason, through the curation services."""
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise PermissionDenied
        form = TransitionForm(request.POST, actions=list(LABELS))
        if not form.is_valid():
            self.message_user(request, "Give the reason for the step: it is kept in the history.", messages.ERROR)
            return self._back(record)
        action = form.cleaned_data["action"]
        try:
            record = record_transition(
                record=record, action=action, user=request.user, reason=form.cleaned_data["reason"]
            )
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, problem(exc), messages.ERROR)
        else:
            self.message_user(request, f"“{record}” was {DONE[action]}.", messages.SUCCESS)
        return self._back(record)

    def follow_view(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise PermissionDenied
        if request.POST.get("follow") == "0":
            notices.unfollow(record=record, user=request.user)
            self.message_user(request, f"You no longer follow “{record}”.")
        else:
            notices.follow(record=record, user=request.user)
            self.message_user(request, f"You follow “{record}”: its changes come to your inbox.")
        return self._back(record)

    def decide_view(self, request, object_id):
        """Accept or reject a suggestion from its form, through the services."""
        erratum = self.get_object(request, unquote(object_id))
        if erratum is None:
            raise PermissionDenied
        decision, reason = request.POST.get("decision"), request.POST.get("reason", "")
        try:
            if decision == "accept":
                record = suggestion_accept(erratum=erratum, user=request.user, reason=reason.strip())
                self.message_user(
                    request,
                    f"Accepted: “{record}” changed, credited to {suggester(erratum)}; "
                    "it waits in review for another editor.",
                    messages.SUCCESS,
                )
            elif decision == "reject":
                suggestion_reject(erratum=erratum, user=request.user, reason=reason)
                self.message_user(request, "Rejected; the suggester can read your reason.", messages.SUCCESS)
            else:
                self.message_user(request, "Choose Accept or Reject.", messages.ERROR)
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, problem(exc), messages.ERROR)
        return self._back(erratum)

    def get_search_results(self, request, queryset, search_term):
        """The admin's own search, and the site's typo-tolerant one (``lapatanib`` finds lapatinib)."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, duplicates
        hits = search.search(search_term, user=request.user, models=[self.model], limit=200)
        ids = [hit.entry.object_id for hit in hits]
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=ids)), duplicates
