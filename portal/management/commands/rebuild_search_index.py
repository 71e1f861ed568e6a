"""``manage.py rebuild_search_index``: the site's search index rebuilt from every
searchable kind (one transaction per kind), as the nightly job does."""

from django.core.management.base import BaseCommand

from portal.search.services import rebuild_index


class Command(BaseCommand):
    help = "Reconstruit l'index de la recherche du site à partir des contenus publiés."

    def handle(self, *args, **options):
        counts = rebuild_index()
        for kind, count in counts.items():
            self.stdout.write(f"{kind} : {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Index reconstruit : {sum(counts.values())} entrées.")
        )
