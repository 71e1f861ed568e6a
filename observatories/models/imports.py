"""Where data comes from, and every import of it (see ``observatories.importing``)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class DataSource(models.Model):
    """A published dataset we import: who publishes it, under which licence, how often."""

    slug = models.SlugField("identifiant", unique=True)
    name = models.CharField("nom", max_length=200)
    publisher = models.CharField("producteur", max_length=200)
    licence = models.CharField("licence", max_length=200)
    url = models.URLField("adresse de téléchargement", blank=True, max_length=500)
    format = models.CharField("format", max_length=50)
    schedule = models.CharField("fréquence de publication", max_length=100, blank=True)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Une source inactive n'est plus récupérée automatiquement.",
    )
    # Kept from the last download, for conditional GET (nothing is fetched if unchanged).
    etag = models.CharField("ETag", max_length=255, blank=True)
    last_modified = models.CharField("Last-Modified", max_length=100, blank=True)
    last_checked_at = models.DateTimeField("dernière vérification", null=True, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField("échecs consécutifs", default=0)
    disabled_reason = models.TextField("motif de désactivation", blank=True)

    class Meta:
        verbose_name = "source de données"
        verbose_name_plural = "sources de données"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One file offered to the pipeline, whatever refused or accepted it."""

    class Trigger(models.TextChoices):
        COMMAND = "command", "Commande"
        UPLOAD = "upload", "Dépôt dans l'administration"
        SCHEDULE = "schedule", "Tâche planifiée"

    class Status(models.TextChoices):
        RUNNING = "running", "En cours"
        SUCCEEDED = "succeeded", "Réussi"
        SKIPPED = "skipped", "Déjà importé"
        FAILED = "failed", "Refusé"

    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="runs", verbose_name="source"
    )
    format = models.CharField("format", max_length=50)
    edition = models.CharField("édition", max_length=50, blank=True)
    file_name = models.CharField("fichier", max_length=255)
    file_size = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    trigger = models.CharField("déclencheur", max_length=20, choices=Trigger.choices)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField("motif du refus", blank=True)
    rows_read = models.PositiveIntegerField("lignes lues", default=0)
    rows_created = models.PositiveIntegerField("créées", default=0)
    rows_updated = models.PositiveIntegerField("mises à jour", default=0)
    rows_unchanged = models.PositiveIntegerField("inchangées", default=0)
    rows_rejected = models.PositiveIntegerField("rejetées", default=0)
    rows_outside = models.PositiveIntegerField("hors région (ignorées)", default=0)
    started_at = models.DateTimeField("début", auto_now_add=True)
    finished_at = models.DateTimeField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "sha256"], name="importrun_source_sha")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="succeeded")
                | Q(
                    rows_read=F("rows_created")
                    + F("rows_updated")
                    + F("rows_unchanged")
                    + F("rows_rejected")
                ),
                name="importrun_counts_reconcile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} – {self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("observatories:import_run", kwargs={"pk": self.pk})

    def reconciles(self) -> bool:
        return self.rows_read == (
            self.rows_created + self.rows_updated + self.rows_unchanged + self.rows_rejected
        )

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class ImportReject(models.Model):
    """A row the pipeline refused, and why (in French, for the curator)."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejects")
    line = models.PositiveIntegerField("ligne")
    column = models.CharField("colonne", max_length=100)
    value = models.TextField("valeur", blank=True)
    reason = models.TextField("motif")

    class Meta:
        verbose_name = "ligne rejetée"
        verbose_name_plural = "lignes rejetées"
        ordering = ["run", "line"]

    def __str__(self) -> str:
        return f"Ligne {self.line}, colonne {self.column} : {self.reason}"


class ImportUpload(models.Model):
    """A file a curator uploaded in the admin; a Celery worker runs it through the pipeline."""

    class Status(models.TextChoices):
        QUEUED = "queued", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"  # the pipeline's verdict is on the run (or in ``error``)
        FAILED = "failed", "Échec"  # the import crashed
        QUARANTINED = "quarantined", "En quarantaine"  # it stopped the worker every time

    file = models.FileField("fichier", upload_to="imports/%Y/%m/")
    source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="source",
        help_text="Laisser vide pour la source du format reconnu d'après l'en-tête.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="déposé par",
    )
    uploaded_at = models.DateTimeField("déposé le", auto_now_add=True)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField("lignes traitées", default=0)
    attempts = models.PositiveSmallIntegerField(
        "tentatives",
        default=0,
        help_text="Traitements commencés ; un import interrompu est relancé, dans une limite.",
    )
    started_at = models.DateTimeField("début du dernier traitement", null=True, blank=True)
    run = models.OneToOneField(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="upload",
        verbose_name="import",
    )
    error = models.TextField("motif du refus", blank=True)

    class Meta:
        verbose_name = "fichier déposé"
        verbose_name_plural = "fichiers déposés"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def finished(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}

    def progress(self) -> dict:
        """What the progress page shows, also served as JSON while the worker runs."""
        run = self.run
        return {
            "status": self.status,
            "status_label": self.get_status_display(),
            "finished": self.finished,
            "rows_done": self.rows_done,
            "result": run.get_status_display() if run else "",
            "error": self.error or (run.error if run else ""),
            "counts": {
                "lues": run.rows_read,
                "créées": run.rows_created,
                "mises à jour": run.rows_updated,
                "inchangées": run.rows_unchanged,
                "rejetées": run.rows_rejected,
            }
            if run
            else {},
        }
