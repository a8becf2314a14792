from django.contrib import admin

from exercises.models import BodyArea, Condition, Equipment, Exercise, Source, Step


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "author"]
    search_fields = ["key", "title", "author"]


class FacetAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "aliases", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(BodyArea, FacetAdmin)
admin.site.register(Condition, FacetAdmin)


@admin.register(Equipment)
class EquipmentAdmin(FacetAdmin):
    list_display = ["name", "slug", "aliases", "icon", "order"]


class StepInline(admin.TabularInline):
    model = Step
    extra = 1
    ordering = ["order"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "style", "level", "dose_text", "source", "order"]
    list_editable = ["order"]
    list_filter = ["kind", "style", "level", "body_areas", "equipment", "conditions", "source"]
    list_select_related = ["source"]
    search_fields = ["name", "summary", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["body_areas", "equipment", "also_works_with", "conditions"]
    inlines = [StepInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "summary", "kind", "style", "level", "position", "order"]},
        ),
        ("Where it comes from", {"fields": ["source", "illustration"]}),
        ("Targets", {"fields": ["body_areas", "equipment", "also_works_with", "conditions"]}),
        (
            "Default dose",
            {
                "fields": [
                    ("sets", "seconds_min", "seconds_max"),
                    ("reps", "per_side", "at_least", "repeat_freely"),
                    "rest_seconds",
                    "dose_suggested",
                    "dose_note",
                ],
                "description": "Time is in seconds and never goes in reps.",
            },
        ),
        (
            "Guidance (one item per line)",
            {
                "fields": [
                    "tips",
                    "progressions",
                    "cautions",
                    "mistakes",
                    "variations",
                    "round_labels",
                    "work_word",
                ]
            },
        ),
    ]

    @admin.display(description="Dose")
    def dose_text(self, exercise: Exercise) -> str:
        return exercise.dose_text
