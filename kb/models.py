"""The kb app's models, where Django and the other apps look for them.

The records every app shares are defined in ``kb.core.models``; the search index in
``kb.search.models``; the data version in ``kb.delivery.models``.
"""

from .core.models import (
    CuratedModel,
    CuratedRecord,
    Erratum,
    Gene,
    GeneSynonym,
    Source,
    SourcePart,
    Synonym,
)
from .core.statements import Statement, StatementRelation
from .core.workbench import Follow, Notice
from .delivery.models import DataVersion
from .search.models import SearchEntry

__all__ = [
    "CuratedModel",
    "CuratedRecord",
    "DataVersion",
    "Erratum",
    "Follow",
    "Gene",
    "GeneSynonym",
    "Notice",
    "SearchEntry",
    "Source",
    "SourcePart",
    "Statement",
    "StatementRelation",
    "Synonym",
]
