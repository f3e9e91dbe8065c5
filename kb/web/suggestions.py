"""Suggested corrections from the public pages: with an account or without one (a name and an e-mail address,
throttled per address, never shown but to editors), and each suggestion's own page, where its suggester reads the
outcome and the editor's reason."""

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView

from kb.core.choices import ErratumKind
from kb.core.models import Erratum
from kb.core.querysets import PUBLIC
from kb.curation.suggestions import suggestable_fields, suggestion_create, suggestion_record
from kb.delivery import errors, limits


class SuggestionForm(forms.Form):
    field = forms.ChoiceField(label="Field to correct")
    proposed = forms.CharField(label="Proposed value", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    reason = forms.CharField(
        label="Why (cite a source if you can)", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    name = forms.CharField(label="Your name", max_length=100, help_text="Editors credit the correction to you.")
    email = forms.EmailField(
        label="Your e-mail address", help_text="Only editors see it; the outcome is sent to it. No account is made."
    )

    def __init__(self, *args, record, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = suggestable_fields(record)
        if signed_in:  # an account says who suggested it
            del self.fields["name"], self.fields["email"]


class SuggestView(FormView):
    """Anyone may suggest a correction to a published record; it waits for an editor in the curation queue."""

    form_class = SuggestionForm
    template_name = "kb/suggest.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except LookupError:
            raise Http404("No such kind of record.") from None
        if not hasattr(model, "errata"):
            raise Http404("Corrections are suggested on records.")
        # Corrections are suggested to what the public sees.
        self.record = get_object_or_404(model.objects.visible_to(PUBLIC), **{model.url_key: kwargs["key"]})
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "record": self.record, "signed_in": self.request.user.is_authenticated}

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            wait = limits.over_limit(request, "suggest", settings.KB_SUGGEST_RATE)
            if wait is not None:
                return errors.respond(
                    request,
                    429,
                    "Too many suggestions",
                    f"More suggestions than {settings.KB_SUGGEST_RATE} came from this address: try again in {wait} s.",
                    {"Retry-After": str(wait)},
                )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            erratum = suggestion_create(record=self.record, user=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
            return self.form_invalid(form)
        messages.success(
            self.request, "Thank you: your suggestion waits for an editor's review. Its page tells you the outcome."
        )
        return redirect("kb:suggestion", erratum.slug)

    def form_invalid(self, form):
        """The form again, with what is wrong, as a 400."""
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SuggestionView(DetailView):
    """A suggestion's own page, for whoever holds its address (unguessable: the suggester): what was suggested, its
    state and the editor's reason. Not who suggested it."""

    template_name = "kb/suggestion.html"
    context_object_name = "suggestion"

    def get_queryset(self):
        return Erratum.objects.filter(kind=ErratumKind.SUGGESTED)

    def get_context_data(self, **kwargs):
        try:
            record = suggestion_record(self.object)
        except ValidationError:  # its record was deleted since
            record = None
        return super().get_context_data(record=record, **kwargs)
