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
from .delivery.models import DataVersion
from .search.models import SearchEntry

__all__ = [
    "CuratedModel",
    "CuratedRecord",
    "DataVersion",
    "Erratum",
    "Gene",
    "GeneSynonym",
    "SearchEntry",
    "Source",
    "SourcePart",
    "Statement",
    "StatementRelation",
    "Synonym",
]
