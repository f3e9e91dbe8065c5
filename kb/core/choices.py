from django.db import models


class CurationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class ErratumKind(models.TextChoices):
    TYPO = "typo", "Typo"
    DUPLICATED_ROW = "duplicated_row", "Duplicated row"
    MISSING_VALUE = "missing_value", "Missing value"
    GARBLED = "garbled", "Garbled row"
    CONTRADICTS_REGISTRY = "contradicts_registry", "Contradicts the registry"
    INCONSISTENT = "inconsistent", "Inconsistent with the review"
    FACTUAL = "factual", "Factual error"
    OFF_TOPIC = "off_topic", "Off-topic"
    SUGGESTED = "suggested", "Suggested correction"


class Resolution(models.TextChoices):
    PENDING = "", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SourceKind(models.TextChoices):
    REVIEW = "review", "Review article"
    PRIMARY = "primary", "Primary paper"
    REGISTRY = "registry", "Registry record"
    DATABASE = "database", "Database"


class SourcePartKind(models.TextChoices):
    TABLE = "table", "Table"
    TEXT = "text", "List in the text"
    FIGURE = "figure", "Figure caption"


class TherapyContext(models.TextChoices):
    ANY = "any", "Any therapy"
    CHEMOTHERAPY = "chemotherapy", "Chemotherapy"
    ENDOCRINE = "endocrine", "Endocrine therapy"
    HER2_TARGETED = "her2_targeted", "HER2-targeted therapy"
    TARGETED = "targeted", "Targeted therapy"
    IMMUNOTHERAPY = "immunotherapy", "Immunotherapy"


class Basis(models.TextChoices):
    PRINTED = "printed", "Printed"
    INFERRED = "inferred", "Inferred by a curator"
    EXTERNAL = "external", "From another source"


class EvidenceLevel(models.TextChoices):
    """CIViC's evidence levels, A (strongest) to E."""

    A = "A", "A: validated association"
    B = "B", "B: clinical evidence"
    C = "C", "C: case study"
    D = "D", "D: preclinical evidence"
    E = "E", "E: inferential association"


class StatementDirection(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    DOES_NOT_SUPPORT = "does_not_support", "Does not support"


class Predicate(models.TextChoices):
    """What a statement says of its subject and object (read subject → object)."""

    TARGETS = "targets", "targets"
    COUNTERS = "counters", "counters"
    INDICATED_BY = "indicated_by", "is indicated by"
    USED_IN = "used_in", "is used in"
    MEASURES = "measures", "measures"
    SIGNALS = "signals", "signals"
    PART_OF = "part_of", "is part of"
    DYSREGULATED_IN = "dysregulated_in", "is dysregulated in"
    TESTS = "tests", "tests"
    SELECTS_BY = "selects_by", "selects patients by"
    INVOLVES = "involves", "involves"


class StatementRelationKind(models.TextChoices):
    CONTRADICTS = "contradicts", "contradicts"
    SUPPORTS = "supports", "supports"
    REFINES = "refines", "refines"
    SUPERSEDES = "supersedes", "supersedes"
