"""API keys for the signed-in tier of the open-data API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..dates import today


class ApiToken(models.Model):
    """A key for programs reading the API as a user (``Authorization: Bearer <key>``):
    they see exactly that user's tier. Only a hash of the key is stored; the key is
    shown once, when issued (``manage.py create_api_token``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the key is for."))
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_on=None) -> tuple[ApiToken, str]:
        import secrets

        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[:8], key_hash=cls.hash(key), expires_on=expires_on
        )
        return token, key

    @classmethod
    def valid(cls, key: str):
        """The key's token if it may be used (known, not expired, its user active), else
        None. Reads only: ``services.api_user`` records the use."""
        if not key or len(key) > 200:
            return None
        token = cls.objects.select_related("user").filter(key_hash=cls.hash(key)).first()
        if token is None or not token.user.is_active:
            return None
        if token.expires_on and token.expires_on < today():
            return None
        return token
