from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Government directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate
        from simple_history.signals import pre_create_historical_record

        from . import signals
        from .models.units import set_parent_unit

        post_migrate.connect(signals.search_documents_current, sender=self)
        post_migrate.connect(signals.change_counter_installed, sender=self)
        pre_create_historical_record.connect(set_parent_unit, dispatch_uid="unit-parent")
