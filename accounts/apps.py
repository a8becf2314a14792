from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from accounts import signals

        signals.connect()

        from django.contrib.auth.signals import user_login_failed

        from accounts.views import count_failed_sign_in

        user_login_failed.connect(count_failed_sign_in, dispatch_uid="limber-sign-in-address")
