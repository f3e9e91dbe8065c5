"""Search over every kind of record (kb.search.query), its index (.index) and its scoring (.scoring)."""

from .index import index_record, rebuild_index, remove_record
from .query import GOOD_ENOUGH, Hit, did_you_mean, records, search

__all__ = ["GOOD_ENOUGH", "Hit", "did_you_mean", "index_record", "rebuild_index", "records", "remove_record", "search"]
