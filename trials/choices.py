from django.db import models


class TrialPhase(models.TextChoices):
    """ClinicalTrials.gov's phases."""

    EARLY_PHASE1 = "early_phase1", "Early phase 1"
    PHASE1 = "phase1", "Phase 1"
    PHASE1_2 = "phase1_2", "Phase 1/2"
    PHASE2 = "phase2", "Phase 2"
    PHASE2_3 = "phase2_3", "Phase 2/3"
    PHASE3 = "phase3", "Phase 3"
    PHASE4 = "phase4", "Phase 4"


class TrialStatus(models.TextChoices):
    """ClinicalTrials.gov's overall recruitment statuses, and "active": the review's word, which names none of them."""

    NOT_YET_RECRUITING = "not_yet_recruiting", "Not yet recruiting"
    RECRUITING = "recruiting", "Recruiting"
    ENROLLING_BY_INVITATION = "enrolling_by_invitation", "Enrolling by invitation"
    ACTIVE = "active", "Active (as the review prints it: not one of the registry's statuses)"
    ACTIVE_NOT_RECRUITING = "active_not_recruiting", "Active, not recruiting"
    SUSPENDED = "suspended", "Suspended"
    TERMINATED = "terminated", "Terminated"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNKNOWN = "unknown", "Unknown status"


class TrialType(models.TextChoices):
    """ClinicalTrials.gov's primary purposes of an interventional trial."""

    TREATMENT = "treatment", "Treatment"
    PREVENTION = "prevention", "Prevention"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    SUPPORTIVE_CARE = "supportive_care", "Supportive care"
    BASIC_SCIENCE = "basic_science", "Basic science"
    OTHER = "other", "Other"
