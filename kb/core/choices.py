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
    OFF_TOPIC = "off_topic", "Off-topic"
    SUGGESTED = "suggested", "Suggested correction"


class Resolution(models.TextChoices):
    PENDING = "", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SourceKind(models.TextChoices):
    REVIEW = "review", "Review article"
    PRIMARY = "primary", "Primary paper"
    REGISTRY = "registry", "Registry"


class SourcePartKind(models.TextChoices):
    TABLE = "table", "Table"
    TEXT = "text", "List in the text"


class TherapyContext(models.TextChoices):
    ANY = "any", "Any therapy"
    CHEMOTHERAPY = "chemotherapy", "Chemotherapy"
    ENDOCRINE = "endocrine", "Endocrine therapy"
    HER2_TARGETED = "her2_targeted", "HER2-targeted therapy"
    TARGETED = "targeted", "Targeted therapy"
    IMMUNOTHERAPY = "immunotherapy", "Immunotherapy"
