"""The territorial tree (country > voivodeship > powiat > gmina) with TERYT codes, population and
simplified outlines (kept apart, so that a unit read for a list never carries its outline)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

COUNTRY_CODE = "PL"


# The cache group of the register's public pages (integra.core.cache): the register's imports
# invalidate it.
PUBLIC_PAGES = "territories.public"


class TerritoryQuerySet(models.QuerySet):
    def current(self) -> TerritoryQuerySet:
        return self.filter(retired_on__isnull=True)

    def gminas(self) -> TerritoryQuerySet:
        return self.filter(level=Territory.Level.GMINA)

    def voivodeships(self) -> TerritoryQuerySet:
        return self.filter(level=Territory.Level.VOIVODESHIP)

    def within(self, territory: Territory) -> TerritoryQuerySet:
        """The territory itself and every unit below it (TERYT codes are hierarchical)."""
        if territory.level == Territory.Level.COUNTRY:
            return self.all()
        return self.filter(teryt__startswith=territory.scope_prefix)

    def visible_to(self, user) -> TerritoryQuerySet:
        """The register is public reference data: every user (and the public) may read it."""
        return self.all()


class Territory(models.Model):
    class Level(models.TextChoices):
        COUNTRY = "country", _("country")
        VOIVODESHIP = "voivodeship", _("voivodeship")
        POWIAT = "powiat", _("powiat")
        GMINA = "gmina", _("gmina")

    class GminaType(models.TextChoices):
        URBAN = "1", _("urban gmina")
        RURAL = "2", _("rural gmina")
        URBAN_RURAL = "3", _("urban-rural gmina")

    teryt = models.CharField(_("TERYT code"), max_length=7, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    kind_label = models.CharField(_("unit kind (NAZWA_DOD)"), max_length=100, blank=True)
    gmina_type = models.CharField(
        _("gmina type"), max_length=1, choices=GminaType.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    register_on = models.DateField(_("register state (stan na)"), null=True, blank=True)
    retired_on = models.DateField(
        _("absent from the register since"),
        null=True,
        blank=True,
        help_text=_("Set when a later register no longer lists the unit; records keep it."),
    )
    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["teryt"]
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        indexes = [models.Index(fields=["level", "name"], name="territories_level_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="gmina") & ~Q(gmina_type=""))
                | (~Q(level="gmina") & Q(gmina_type="")),
                name="territories_territory_type_only_for_gminas",
            ),
            models.CheckConstraint(
                condition=Q(level="country") | Q(parent__isnull=False),
                name="territories_territory_parent_below_country",
            ),
        ]

    def __str__(self) -> str:
        if self.level == self.Level.GMINA:
            return f"{self.name} ({self.get_gmina_type_display()}, {self.teryt})"
        return f"{self.name} ({self.teryt})"

    @property
    def scope_prefix(self) -> str:
        """The TERYT prefix shared by this unit and everything below it."""
        prefixes: dict[str, str] = {
            self.Level.COUNTRY: "",
            self.Level.VOIVODESHIP: self.teryt[:2],
            self.Level.POWIAT: self.teryt[:4],
        }
        return prefixes.get(self.level, self.teryt)

    def contains(self, other: Territory) -> bool:
        return other.teryt.startswith(self.scope_prefix)

    @property
    def voivodeship_teryt(self) -> str:
        """The code of the voivodeship the unit lies in ("" for the country)."""
        return voivodeship_teryt(self.teryt)


def voivodeship_teryt(teryt: str) -> str:
    """The voivodeship's code of any TERYT code below the country: its first two digits."""
    return "" if teryt == COUNTRY_CODE else teryt[:2]


class Outline(models.Model):
    """A unit's simplified boundary (a GeoJSON Polygon or MultiPolygon, WGS 84).

    Its own table: outlines weigh kilobytes each, and only the maps and a unit's page read them,
    so lists and every `select_related` of a territory stay as cheap as their rows.
    """

    territory = models.OneToOneField(
        Territory,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="outline",
        verbose_name=_("unit"),
    )
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"))

    class Meta:
        verbose_name = _("outline")
        verbose_name_plural = _("outlines")

    def __str__(self) -> str:
        return f"{self.territory_id}: {self.geometry.get('type', '?')}"


class PopulationRecord(models.Model):
    """Population of a gmina on 31 December of a year, by economic age group (GUS BDL)."""

    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="population", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveIntegerField(_("total"))
    age_0_17 = models.PositiveIntegerField(_("pre-working age (0–17)"))
    working_age = models.PositiveIntegerField(_("working age"))
    post_working_age = models.PositiveIntegerField(_("post-working age"))
    source = models.CharField(_("source"), max_length=100, default="GUS BDL")

    class Meta:
        ordering = ["territory", "year"]
        verbose_name = _("population record")
        verbose_name_plural = _("population records")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year"], name="territories_population_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(
                    total=models.F("age_0_17")
                    + models.F("working_age")
                    + models.F("post_working_age")
                ),
                name="territories_population_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory.teryt} {self.year}: {self.total}"
