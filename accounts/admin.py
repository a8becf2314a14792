from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import AccessRecord, CareLink, Invite, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "time_zone", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "time_zone", "week_start"]}),
        ("Clinic", {"fields": ["is_clinician", "profession", "clinic_digest"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin):
    """The token's digest is never shown: it identifies a live link."""

    list_display = ["clinician", "label", "created_at", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["clinician"]
    search_fields = ["clinician__email", "label"]
    fields = [
        "clinician",
        "label",
        "created_at",
        "expires_at",
        "used_at",
        "used_by",
        "declined_at",
        "revoked_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # invites are made by clinicians, with a token shown to them once


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ["clinician", "person", "include_notes", "started_at", "ended_at"]
    list_select_related = ["clinician", "person"]
    list_filter = ["ended_at"]
    search_fields = ["clinician__email", "person__email"]
    readonly_fields = ["clinician", "person", "started_at", "last_viewed_at", "flags_sent"]

    def has_add_permission(self, request) -> bool:
        return False  # only the person's acceptance makes one


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: the person's record of who viewed what."""

    list_display = ["viewed_at", "clinician_name", "person", "what"]
    list_select_related = ["person"]
    search_fields = ["clinician_name", "person__email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
