from django.contrib import admin

from reminders.models import ReminderSchedule, SentReminder


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "enabled", "days_text", "at"]
    list_filter = ["enabled"]
    raw_id_fields = ["enrolment"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "routine", "local_date", "status", "due_at", "sent_at"]
    list_filter = ["status"]
    date_hierarchy = "local_date"
    raw_id_fields = ["user", "routine", "enrolment"]
