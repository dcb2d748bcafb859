from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose token changes whenever anything the public can see may have changed.

    Cached pages and search answers are kept under the token (``archive.content_version``), so a save, a
    publication, a withdrawal or a demo removal makes every earlier copy unreachable at once, in every process.
    A fresh random token, never a counter: a restored backup or a rolled-back transaction cannot bring an old
    token back.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return self.token
