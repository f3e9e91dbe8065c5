"""Data releases: what the public sees, as files (kb.releases.export), and the releases built so far
(kb.releases.catalogue)."""

from .catalogue import current_release, list_releases, release_diff, release_records, releases_dir
from .export import graphml, release_files, release_write

__all__ = [
    "current_release",
    "graphml",
    "list_releases",
    "release_diff",
    "release_files",
    "release_records",
    "release_write",
    "releases_dir",
]
