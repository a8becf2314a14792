from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form templates, found through the project's own template settings, with our
    field template: labels and legends without Django's trailing colon."""

    field_template_name = "forms/field.html"
