"""Search documents follow moves in the tree and hard deletions (administrators only, in
Django admin), and are rebuilt after ``migrate`` when an upgrade changed what they hold.
Connected in ``OrganizationsConfig.ready``: the models never import search."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from . import changes
from .models import Person, Post, SearchDocument, Unit, unit_moved
from .search.documents import (
    ensure_current_format,
    people_placed_under,
    reindex_subtree,
    sync_paths,
)

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


@receiver(unit_moved, sender=Unit)
def follow_moved_units(sender, unit, old_path: str, new_path: str, **kwargs):
    """Documents still hold the paths from before the move, so the people placed under
    the old path are read from them first; then the documents of the moved subtree and
    of the renumbered siblings take the units' new paths, and the moved units' documents
    their new places (the units above them changed)."""
    placed = people_placed_under(old_path)
    for path in {old_path[: -sender.steplen], new_path[: -sender.steplen]}:
        sync_paths(path)
    reindex_subtree(new_path, people=placed)


def search_documents_current(sender, using="default", verbosity=1, **kwargs):
    ensure_current_format(report=print if verbosity else (lambda message: None))


def change_counter_installed(sender, using="default", **kwargs):
    """Every table of the app, new ones included, moves the change counter."""
    changes.install(using)
