"""A mail backend for the crash test: the locmem outbox, refusing the second batch
of a run (a mail server going away midway)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FailingSecondBatch(EmailBackend):
    calls = 0  # batches received, over every connection

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 2:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)
