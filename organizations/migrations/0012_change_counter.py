"""The directory's change counter (organizations/changes.py): a sequence, and a trigger on
every table that draws from it. ``post_migrate`` puts the trigger on tables added later."""

from django.db import migrations

from organizations import changes


def install(apps, schema_editor):
    changes.install(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0011_search_main_names")]

    operations = [
        migrations.RunSQL(changes.CREATE_FUNCTION, changes.DROP_FUNCTION),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
