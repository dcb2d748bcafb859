from django.apps import AppConfig


class MemorialConfig(AppConfig):
    name = "memorial"
    verbose_name = "Yaddaş"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from memorial import checks  # noqa: F401  (registers the deployment checks)
        from memorial.letter_case import use_azerbaijani_capitals
        from memorial.security import device_admin
        from memorial.security.forms import StaffLoginForm
        from memorial.security.staff import staff_session_start

        use_azerbaijani_capitals()
        device_admin.register()  # after the packages' admin modules, which the admin app loaded before this one
        # The admin's sign-in asks for the second factor of those who have one (memorial.security).
        admin.site.login_form = StaffLoginForm
        user_logged_in.connect(staff_session_start, dispatch_uid="memorial.staff_session_start")
