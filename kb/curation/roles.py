"""The two roles of curation, as groups: what each may do to the knowledge base's records, and the accounts in them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

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


@transaction.atomic
def account_save(*, username: str, role: str, password: str, email: str = "", display_name: str = ""):
    """Create or update a curator's or an editor's account (staff, in the role's group); returns it and whether
    it is new. An unacceptable password is refused (``ValidationError``) before anything is written.

    ``display_name`` is the name the public sees beside the account's changes (none until one is given; an
    account's is kept when it is updated without one); the login name is never shown publicly."""
    user_model = get_user_model()
    validate_password(password, user_model(username=username, email=email))
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    user.is_staff = True
    if display_name.strip() or created:
        user.first_name, user.last_name = display_name.strip(), ""
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user, created
