from django.db import migrations

from exercises.library_data import load_library, unload_library


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_library, unload_library),
    ]
