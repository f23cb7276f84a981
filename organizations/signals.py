"""Search documents follow hard deletions (administrators only, in Django admin), and are
rebuilt after ``migrate`` when an upgrade changed what they hold."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Person, Post, SearchDocument, Unit

KINDS = {
    Unit: SearchDocument.Kind.UNIT,
    Post: SearchDocument.Kind.POST,
    Person: SearchDocument.Kind.PERSON,
}


@receiver(post_delete, sender=Unit)
@receiver(post_delete, sender=Post)
@receiver(post_delete, sender=Person)
def forget_deleted_record(sender, instance, **kwargs):
    SearchDocument.objects.filter(kind=KINDS[sender], ref_id=instance.pk).delete()


def search_documents_current(sender, using="default", verbosity=1, **kwargs):
    from .search.documents import ensure_current_format

    ensure_current_format(report=print if verbosity else (lambda message: None))


def change_counter_installed(sender, using="default", **kwargs):
    """Every table of the app, new ones included, moves the change counter."""
    from . import changes

    changes.install(using)
