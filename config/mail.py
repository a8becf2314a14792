"""Email backends that never fold or re-encode a long line.

Python's email package picks a body's transfer encoding by line length: with any line over
78 characters it switches to quoted-printable, which breaks long lines with a soft "=" at the
end. A person copying a password-reset link out of such an email (or out of the console in
development) gets half a link: "expired or already used". These backends build each message
with a policy that allows lines up to RFC 5322's limit of 998 characters, so a plain ASCII body
goes out as 7bit (a UTF-8 one as 8bit) with every line whole.

They apply to every email whoever builds or queues it (a form's send_mail, a background task),
because the encoding is decided only here, when the message is turned into bytes.
"""

import email.policy

from django.core.mail.backends import console, smtp

MAX_LINE_LENGTH = 998


class _WholeLines:
    """Stands in for an EmailMessage; only how it becomes a MIME message differs."""

    def __init__(self, message):
        self._message = message

    def __getattr__(self, name):
        return getattr(self._message, name)

    def message(self, *, policy=email.policy.default):
        return self._message.message(policy=policy.clone(max_line_length=MAX_LINE_LENGTH))


class WholeLinesMixin:
    def send_messages(self, email_messages):
        return super().send_messages([_WholeLines(message) for message in email_messages or []])


class ConsoleEmailBackend(WholeLinesMixin, console.EmailBackend):
    pass


class SMTPEmailBackend(WholeLinesMixin, smtp.EmailBackend):
    pass
