"""Emails about the account, sent by a worker rather than inside a request."""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template import loader


class _SendingPasswordResetForm(PasswordResetForm):
    """Django's reset form, but a failure to send fails the task (and shows in the admin)
    instead of being logged and swallowed."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        message.send()  # through MAILERS["default"]


@task
def send_password_reset(email: str, domain: str, use_https: bool, templates: dict) -> None:
    """Email a reset link to the active account with this address, if there is one.

    The request only queues this task, whatever the address, so its answer takes the
    same time for every address and says nothing about which ones have accounts.
    """
    form = _SendingPasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https, **templates)
