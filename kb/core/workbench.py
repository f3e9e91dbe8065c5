"""What the curators' workbench keeps besides the records: who follows which record, and what they were told.

A follower is told of every change, transition and suggestion on the record (kb.curation.notices), in the admin's
inbox and, where a mail backend is configured, by e-mail.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Follow(models.Model):
    """A curator follows a record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="kb_follow_once"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="kb_follow_record")]

    def __str__(self):
        return f"{self.user} follows {self.content_type.model} {self.object_id}"


class NoticeVerb(models.TextChoices):
    CHANGED = "changed", "Changed"
    TRANSITION = "transition", "Moved in the workflow"
    SUGGESTION = "suggestion", "Suggestion"


class Notice(models.Model):
    """One entry of a follower's inbox: what happened to a record they follow, by whom, and why."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record_name = models.CharField(max_length=300, help_text="The record as it was named then.")
    verb = models.CharField(max_length=16, choices=NoticeVerb.choices)
    actor_name = models.CharField(max_length=150, blank=True, help_text="Who did it (a public name), if anyone.")
    text = models.TextField(help_text="What happened, with the reason given.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["recipient", "read_at"], name="kb_notice_inbox")]

    def __str__(self):
        return f"{self.record_name}: {self.text}"
