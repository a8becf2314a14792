from django.contrib import admin

from exercises.dose import DOSE_FIELD_NAMES
from routines.models import Enrolment, Phase, Routine, RoutineItem


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = [
        "order",
        "name",
        "sessions_per_week_min",
        "sessions_per_week_max",
        "advance",
        "min_days",
        "early_after_days",
        "min_sessions",
        "min_seconds",
        "may_start_here",
        "target_suggested",
        "suggestion",
    ]
    show_change_link = True


class RoutineItemInline(admin.TabularInline):
    model = RoutineItem
    extra = 0
    fields = ["order", "exercise", *DOSE_FIELD_NAMES]


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "next_routine", "owner"]
    list_select_related = ["next_routine", "owner"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "purpose"]
    raw_id_fields = ["owner", "copied_from"]
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "order", "advance", "sessions_per_week_min", "sessions_per_week_max"]
    list_filter = ["routine", "advance"]
    list_select_related = ["routine"]
    inlines = [RoutineItemInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "routine", "phase", "status", "started_on", "phase_started_on"]
    list_filter = ["status", "routine"]
    list_select_related = ["user", "routine", "phase"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    date_hierarchy = "started_on"
