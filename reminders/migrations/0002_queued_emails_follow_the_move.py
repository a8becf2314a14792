"""Reminder emails queued before the move name their task by its old path, which no longer
imports: the worker would fail them, and their claims would never be sent. Point the ones
still waiting at the task's new home. (routines may not import reminders, so an alias left
in routines/tasks.py is no option.)"""

from django.db import migrations

OLD = "routines.tasks.send_reminder"
NEW = "reminders.tasks.send_reminder"


def _repoint(apps, old: str, new: str) -> None:
    results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    results.filter(task_path=old, status="READY").update(task_path=new)


def forwards(apps, schema_editor) -> None:
    _repoint(apps, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    _repoint(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("reminders", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
