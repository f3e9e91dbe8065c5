"""The admin of the kb app, where Django looks for it: the shared bases and kb's own models (kb.curation.admin)."""

from .curation.admin import CuratedAdmin, CuratedRecordAdmin

__all__ = ["CuratedAdmin", "CuratedRecordAdmin"]
