"""Give the curators and editors groups the permissions on statements and their relations."""

from importlib import import_module

from django.db import migrations

create_roles = import_module("kb.migrations.0002_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [("kb", "0012_statements_and_citations")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
