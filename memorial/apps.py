from django.apps import AppConfig


class MemorialConfig(AppConfig):
    name = "memorial"
    verbose_name = "Yaddaş"

    def ready(self) -> None:
        from memorial import checks  # noqa: F401  (registers the deployment checks)
