"""Statements: every link between two records, each with its own source, quote and basis.

A record's provenance says where the record comes from; a **statement** says where a link between two
records comes from: subject, predicate, object (read "lapatinib targets ERBB2"); the source, locator,
line and verbatim quote that state it; its **basis** (``printed``: the quote states it; ``inferred``: a
curator's inference, with the reason; ``external``: another source states it); the citation marker
the source gives (``cited_as``, "[11]"); an evidence level on CIViC's scale (A … E); and a direction
(supports / does not support). A link exists on public surfaces only while a published statement
supports it: the curation services keep the link (the subject's relation ``relation``) in step with
its statements (``kb.curation.statements``).

Both ends are named by kind (the model's name, as search's ``?kind=`` says it) and slug, so that
statements load from fixtures that name records by their slugs.

``StatementRelation`` relates two statements (contradicts, supports, refines, supersedes), with a reason:
a conflict between sources is data, shown on both records' pages.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from simple_history.models import HistoricalRecords

from .choices import Basis, CurationStatus, EvidenceLevel, Predicate, StatementDirection, StatementRelationKind
from .models import CuratedModel, SourcePart
from .querysets import CuratedQuerySet, OwnedQuerySet, sees_drafts

# What the level means for a source that gives no reference of its own for what it states.
UNREFERENCED = "the review's own assertion: it cites no study for it"


class StatementQuerySet(CuratedQuerySet):
    def visible_to(self, user):
        """What ``user`` may see: published statements whose two records are published too (staff: all)."""
        statements = super().visible_to(user)
        if sees_drafts(user):
            return statements
        from .kinds import records

        subjects, objects = Q(), Q()
        for kind in records():
            if kind.model is not self.model:
                public = kind.model._default_manager.filter(status=CurationStatus.PUBLISHED).values("slug")
                subjects |= Q(subject_kind=kind.name, subject_slug__in=public)
                objects |= Q(object_kind=kind.name, object_slug__in=public)
        return statements.filter(subjects).filter(objects)

    def page_links(self) -> tuple[str, ...]:
        return ()  # a statement's ends are named by ``attach_ends``; it has no errata of its own

    def for_detail(self, user):
        """Statements as their pages and the API show them: sources, parts, relations (to statements the user may
        see), and whether contested."""
        relations = StatementRelation.objects.visible_to(user)
        return (
            self.visible_to(user)
            .with_conflict(user)
            .select_related("source", "part", "created_by", "updated_by")
            .prefetch_related(
                Prefetch("relations", queryset=relations.select_related("other")),
                Prefetch("related_from", queryset=relations.select_related("statement")),
            )
        )

    for_list = for_detail

    def about(self, kind: str, slugs):
        """The statements with a record of ``kind`` (one of ``slugs``) at either end."""
        return self.filter(Q(subject_kind=kind, subject_slug__in=slugs) | Q(object_kind=kind, object_slug__in=slugs))

    def contradiction(self, user):
        """The condition "another statement ``user`` may see contradicts it, or it contradicts one"."""
        contradicts = StatementRelation.objects.visible_to(user).filter(kind=StatementRelationKind.CONTRADICTS)
        return Exists(contradicts.filter(statement=OuterRef("pk"))) | Exists(contradicts.filter(other=OuterRef("pk")))

    def with_conflict(self, user):
        """Annotate ``has_conflict``: another statement the user may see contradicts it, or it contradicts one."""
        return self.annotate(has_conflict=self.contradiction(user))


# The predicates each kind of link is stated with (the subject's relation: what it says of its object).
PREDICATES = {
    "targets": {"targets"},
    "mechanisms": {"counters", "signals", "dysregulated_in"},
    "biomarkers": {"indicated_by", "part_of", "selects_by"},
    "strategies": {"used_in"},
    "genes": {"measures", "involves"},
    "compounds": {"tests"},
    "parent": {"part_of"},
}


class StatementRelationQuerySet(OwnedQuerySet):
    def visible_to(self, user):
        """Relations between two statements the user may both see (their records published, for the public)."""
        visible = Statement.objects.visible_to(user).values("pk")
        return super().visible_to(user).filter(statement__in=visible, other__in=visible)

    def get_by_natural_key(self, statement_slug, kind, other_slug):
        return self.get(statement__slug=statement_slug, kind=kind, other__slug=other_slug)


class Statement(CuratedModel):
    """One source's statement of one link between two records."""

    subject_kind = models.CharField(max_length=32, db_index=True, help_text='The kind of record, e.g. "compound".')
    subject_slug = models.SlugField(max_length=100, help_text="The subject's slug.")
    relation = models.CharField(max_length=32, help_text='The subject\'s field that holds the link, e.g. "targets".')
    predicate = models.CharField(max_length=32, choices=Predicate.choices, db_index=True)
    object_kind = models.CharField(max_length=32, db_index=True)
    object_slug = models.SlugField(max_length=100)
    part = models.ForeignKey(
        SourcePart,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The table or list of the source whose transcription holds the quote.",
    )
    basis = models.CharField(max_length=16, choices=Basis.choices, db_index=True)
    reason = models.TextField(blank=True, help_text="Why a curator drew the link; required for an inference.")
    cited_as = models.CharField(
        max_length=64, blank=True, help_text='The citation marker the source prints for it, e.g. "[11]".'
    )
    level = models.CharField(max_length=1, choices=EvidenceLevel.choices, default=EvidenceLevel.E, db_index=True)
    direction = models.CharField(
        max_length=20, choices=StatementDirection.choices, default=StatementDirection.SUPPORTS, db_index=True
    )

    objects = StatementQuerySet.as_manager()

    class Meta(CuratedModel.Meta):
        ordering = ("subject_kind", "subject_slug", "relation", "object_kind", "object_slug", "slug")
        indexes = [
            models.Index(fields=["subject_kind", "subject_slug"], name="kb_statement_subject"),
            models.Index(fields=["object_kind", "object_slug"], name="kb_statement_object"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """ "compound lapatinib targets gene erbb2" """
        return (
            f"{self.subject_kind} {self.subject_slug} {self.get_predicate_display()} {self.object_kind} "
            f"{self.object_slug}"
        )

    @classmethod
    def link_name(cls, prefix: str = ""):
        from django.db.models import F, Value
        from django.db.models.functions import Concat

        return Concat(
            F(f"{prefix}subject_slug"),
            Value(" "),
            F(f"{prefix}predicate"),
            Value(" "),
            F(f"{prefix}object_slug"),
            output_field=models.TextField(),
        )

    @property
    def level_note(self) -> str:
        """What the level rests on, as a reader should be told it."""
        if self.level == EvidenceLevel.E and not self.cited_as and self.basis == Basis.PRINTED:
            return UNREFERENCED
        if self.cited_as:
            return f"the source cites {self.cited_as} for it"
        return ""

    def link(self) -> tuple[str, str, str, str, str]:
        """The link it states: subject kind and slug, relation, object kind and slug."""
        return (self.subject_kind, self.subject_slug, self.relation, self.object_kind, self.object_slug)

    def ends(self) -> tuple[tuple[str, str], tuple[str, str]]:
        return (self.subject_kind, self.subject_slug), (self.object_kind, self.object_slug)

    def clean(self):
        super().clean()
        from .kinds import records

        errors = {}
        by_name = {kind.name: kind.model for kind in records()}
        subject_model = by_name.get(self.subject_kind)
        if subject_model is None:
            errors["subject_kind"] = f"No kind of record {self.subject_kind!r}: use one of {', '.join(by_name)}."
        elif self.relation:
            field = _relation(subject_model, self.relation)
            if field is None:
                errors["relation"] = f"{subject_model._meta.verbose_name.capitalize()} has no link {self.relation!r}."
            elif field.related_model._meta.model_name != self.object_kind:
                errors["object_kind"] = (
                    f"The link {self.relation!r} of a {subject_model._meta.verbose_name} leads to a "
                    f"{field.related_model._meta.model_name}, not a {self.object_kind}."
                )
        if (self.subject_kind, self.subject_slug) == (self.object_kind, self.object_slug):
            errors["object_slug"] = "A statement links two records: the subject and the object are the same."
        allowed = PREDICATES.get(self.relation)
        if allowed is not None and self.predicate and self.predicate not in allowed:
            errors["predicate"] = f"A link {self.relation!r} is stated with {', '.join(sorted(allowed))}."
        if self.basis == Basis.INFERRED and not self.reason.strip():
            errors["reason"] = "An inferred statement needs the curator's reason."
        if self.basis == Basis.PRINTED and not self.quote.strip():
            errors["quote"] = "A printed statement needs the quote that states it."
        if self.basis in (Basis.PRINTED, Basis.EXTERNAL) and self.source_id is None:
            errors["source"] = "Name the source that states it."
        if self.part_id is not None and self.source_id is not None and self.part.source_id != self.source_id:
            errors["part"] = "The part belongs to another source."
        if errors:
            raise ValidationError(errors)

    def search_terms(self) -> dict[str, list[str]]:
        return {"A": [], "B": [], "C": [self.reason], "D": [self.quote]}


def _relation(model, name: str):
    """The forward link field ``name`` of ``model`` (a many-to-many or a foreign key to another record)."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a reverse accessor's name
        return None
    if field.auto_created or not field.is_relation or not (field.many_to_many or field.many_to_one):
        return None
    if name == "errata" or not hasattr(field.related_model, "url_key"):  # errata are not links; sources not records
        return None
    return field


class StatementRelation(models.Model):
    """One statement contradicts, supports, refines or supersedes another, with a reason."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=16, choices=StatementRelationKind.choices, db_index=True)
    other = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="related_from")
    reason = models.TextField(help_text="Why the two statements relate so: what differs, or what is added.")
    history = HistoricalRecords()

    objects = StatementRelationQuerySet.as_manager()

    class Meta:
        ordering = ("statement", "kind", "other")
        constraints = [
            models.UniqueConstraint(fields=("statement", "kind", "other"), name="kb_statementrelation_unique"),
            models.CheckConstraint(condition=~Q(statement=models.F("other")), name="kb_statementrelation_not_self"),
        ]

    def __str__(self):
        return f"{self.statement} {self.kind} {self.other}"

    def natural_key(self):
        return (*self.statement.natural_key(), self.kind, self.other.slug)

    natural_key.dependencies = ["kb.statement"]

    def clean(self):
        super().clean()
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Say why the two statements relate so."})
        if self.statement_id and self.statement_id == self.other_id:
            raise ValidationError({"other": "A statement cannot relate to itself."})


#
# The statements behind a record's links, read once per page of records
#


def link_key(model, name: str, target_kind: str, target_slug: str) -> tuple:
    """How a statement of the link ``name`` of a ``model`` record to a target is found in ``evidence_of``'s map:
    the record is the subject of a forward link's statements, the object of a reverse one's."""
    field = model._meta.get_field(name)
    if field.auto_created:  # a reverse relation: the statements are the other record's, of its forward field
        return ("object", field.field.name, target_kind, target_slug)
    return ("subject", name, target_kind, target_slug)


def evidence_of(records: list, user) -> dict[int, dict[tuple, list[Statement]]]:
    """The statements about each of ``records`` (one kind), as ``user`` may see them, in one query, keyed per record
    by ``link_key``. For the public only published statements count: a link without one is not shown at all."""
    if not records:
        return {}
    model = type(records[0])
    kind = model._meta.model_name
    by_slug = {record.slug: record.pk for record in records}
    found: dict[int, dict[tuple, list[Statement]]] = {pk: {} for pk in by_slug.values()}
    statements = (
        Statement.objects.visible_to(user)
        .filter(status__in=_seen_statuses(user))
        .about(kind, list(by_slug))
        .with_conflict(user)
        .select_related("source", "part")
        .order_by("basis", "slug")
    )
    for statement in statements:
        if statement.subject_kind == kind and statement.subject_slug in by_slug:
            key = ("subject", statement.relation, statement.object_kind, statement.object_slug)
            found[by_slug[statement.subject_slug]].setdefault(key, []).append(statement)
        if statement.object_kind == kind and statement.object_slug in by_slug:
            key = ("object", statement.relation, statement.subject_kind, statement.subject_slug)
            found[by_slug[statement.object_slug]].setdefault(key, []).append(statement)
    return found


def _seen_statuses(user) -> list[str]:
    if sees_drafts(user):
        return [status for status, _ in CurationStatus.choices if status != CurationStatus.RETIRED]
    return [CurationStatus.PUBLISHED]


def attach_ends(statements: list) -> list:
    """Name both ends of each statement (``subject_link``, ``object_link``: a ``kb.core.links.Link``, or None for a
    record that is gone), reading every end of the page in one query."""
    from django.db.models import F, TextField, Value
    from django.db.models.functions import Cast

    from .kinds import records
    from .links import Link

    models_by_name = {kind.name: kind.model for kind in records()}
    wanted: dict[str, set[str]] = {}
    for statement in statements:
        for kind, slug in statement.ends():
            if kind in models_by_name:
                wanted.setdefault(kind, set()).add(slug)
    branches = [
        models_by_name[kind]
        ._default_manager.filter(slug__in=sorted(slugs))
        .order_by()
        .annotate(
            end_kind=Value(kind, TextField()),
            end_slug=Cast(F("slug"), TextField()),
            end_name=models_by_name[kind].link_name(),
            end_text=models_by_name[kind].link_text(),
            end_key=Cast(F(models_by_name[kind].url_key), TextField()),
        )
        .values_list("pk", "end_kind", "end_slug", "end_name", "end_text", "end_key")
        for kind, slugs in sorted(wanted.items())
    ]
    found = {}
    if branches:
        query = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
        for pk, kind, slug, name, text, key in query:
            found[kind, slug] = Link(pk, name, text, key, models_by_name[kind], slug)
    for statement in statements:
        (subject_kind, subject_slug), (object_kind, object_slug) = statement.ends()
        statement.subject_link = found.get((subject_kind, subject_slug))
        statement.object_link = found.get((object_kind, object_slug))
    return statements
