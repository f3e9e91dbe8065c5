"""The forms of the curators' workbench: a version the form was opened on, a reason for every change, and the
values a curator added chosen from the record's own fields."""

from django import forms
from django.utils.text import capfirst

from .services import WORKFLOW, StaleRecord

# What is never "added in curation": the record's identity, workflow, notes, provenance and stamps.
NOT_CURATED = {
    *("id", "slug", "status", "version", "curator_note", "curated_fields", "errata"),
    *("source", "part", "locator", "line", "quote"),
    *("created_at", "created_by", "updated_at", "updated_by"),
}


def curatable_fields(model) -> list[tuple[str, str]]:
    """The fields of ``model`` whose value a curator may have added (the source does not print it): name, label."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [
        (field.name, capfirst(field.verbose_name))
        for field in fields
        if field.editable and field.name not in NOT_CURATED and not field.name.endswith("_as_printed")
    ]


class VersionedForm(forms.ModelForm):
    """An admin form that remembers the version it was opened on, refuses to overwrite a newer one, asks why for
    any change, and offers the record's own fields as the values added in curation."""

    asks_reason = True  # a change without a reason is refused
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for any change; kept in the record's history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.version
        if "curated_fields" in self.fields:
            choices = curatable_fields(self._meta.model)
            known = {name for name, _ in choices}
            choices += [(name, name) for name in (self.instance.curated_fields or []) if name not in known]
            self.fields["curated_fields"] = forms.MultipleChoiceField(
                label="Added in curation",
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="The values the source does not print: a curator added them.",
            )

    def clean_curated_fields(self):
        """The names ticked, in the order the record held them (then the new ones): a form saved unchanged changes
        nothing."""
        ticked = list(self.cleaned_data.get("curated_fields") or [])
        held = [name for name in (self.instance.curated_fields or []) if name in ticked]
        return held + [name for name in ticked if name not in held]

    def changes(self) -> list[str]:
        """The record's fields this form changes (not its version or reason; not a text's line endings, which a
        browser sends back as CRLF and the save normalizes)."""
        names = []
        for name in self.changed_data:
            if name in ("expected_version", "change_reason"):
                continue
            value, initial = self.cleaned_data.get(name), self[name].initial
            if isinstance(value, str) and isinstance(initial, str) and _lf(value) == _lf(initial).strip():
                continue
            names.append(name)
        return names

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = type(self.instance).objects.get(pk=self.instance.pk)
            if current.version != expected:
                raise forms.ValidationError(str(StaleRecord(current, expected)), code="stale")
        if (cleaned.get("change_reason") or "").strip().lower().startswith(WORKFLOW.strip()):
            self.add_error("change_reason", f"A reason may not start with {WORKFLOW.strip()!r}: say it in words.")
        if (
            self.asks_reason
            and self.instance.pk
            and self.changes()
            and not (cleaned.get("change_reason") or "").strip()
        ):
            self.add_error(
                "change_reason",
                f"Say why you make this change (of {', '.join(self.changes())}): the reason is kept in the history.",
            )
        return cleaned


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ProvenanceForm(VersionedForm):
    asks_reason = False  # its own reason, below
    reason = forms.CharField(widget=forms.Textarea, help_text="What was wrong, and where the right provenance is.")


class TransitionForm(forms.Form):
    """A workflow step from the change form: which, and why."""

    action = forms.ChoiceField(choices=[])
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(action, action) for action in actions]
