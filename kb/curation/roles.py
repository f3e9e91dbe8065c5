"""The two roles of curation, as groups: what each may do to the knowledge base's records."""

from kb.core import kinds

CURATORS, EDITORS = "curators", "editors"
# Curators create and edit records and suggest corrections; editors also review, publish, retire and delete.
ROLE_ACTIONS = {
    CURATORS: ("add", "change", "view"),
    EDITORS: ("add", "change", "view", "delete", "publish"),
}


def role_permissions(permission_model, role: str):
    """The permissions a role's group holds (history tables excepted: they are written by the records' saves)."""
    apps = {kind.model._meta.app_label for kind in kinds.every_kind()}
    return [
        permission
        for permission in permission_model.objects.filter(content_type__app_label__in=apps)
        if permission.codename.split("_", 1)[0] in ROLE_ACTIONS[role] and "_historical" not in permission.codename
    ]


def sync_role_groups(group_model, permission_model) -> None:
    """Create the role groups, or bring their permissions up to date."""
    for role in ROLE_ACTIONS:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(permission_model, role))
