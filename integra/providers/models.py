"""The register of service providers: one row per organisation or person (one per NIP, REGON,
KRS and PESEL), its seat in a gmina, and the users who act for it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core import crypto
from integra.providers import rules
from integra.providers.policies import register_readers_anywhere


class ProviderQuerySet(models.QuerySet["Provider"]):
    def current(self) -> ProviderQuerySet:
        """Providers not merged into another."""
        return self.filter(merged_into__isnull=True)

    def with_identifiers(self, identifiers: dict[str, str]) -> ProviderQuerySet:
        """Current providers sharing any of the given identifiers (`nip`, `regon`, `krs` as
        digits, `pesel_digest`); none when none is given."""
        query = Q()
        for field, value in identifiers.items():
            if value:
                query |= Q(**{field: value})
        if not query:
            return self.none()
        return self.current().filter(query)

    def visible_to(self, user: Any) -> ProviderQuerySet:
        """The whole register for a user with a programme role (ministry, region, gmina): names
        and registry numbers are public data; only their own organisations for a provider user;
        nothing for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if register_readers_anywhere(user):
            return self.all()
        return self.filter(memberships__user_id=user.pk)


class Provider(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = rules.ASSOCIATION, _("association")
        FOUNDATION = rules.FOUNDATION, _("foundation")
        INFORMAL_GROUP = rules.INFORMAL_GROUP, _("informal group")
        SCHOOL = rules.SCHOOL, _("school (unit of the gmina)")
        CULTURAL_CENTRE = rules.CULTURAL_CENTRE, _("cultural centre (unit of the gmina)")
        SOCIAL_WELFARE_CENTRE = (
            rules.SOCIAL_WELFARE_CENTRE,
            _("social welfare centre, GOPS/MOPS (unit of the gmina)"),
        )
        NATURAL_PERSON = rules.NATURAL_PERSON, _("natural person")
        FIRM = rules.FIRM, _("firm")
        CHURCH_ENTITY = rules.CHURCH_ENTITY, _("church legal person")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=rules.NAME_LENGTH)
    # Identifiers as digits only ("" when the provider has none); unique among current providers.
    nip = models.CharField(_("NIP"), max_length=rules.NIP_LENGTH, blank=True)
    regon = models.CharField(_("REGON"), max_length=max(rules.REGON_LENGTHS), blank=True)
    krs = models.CharField(_("KRS"), max_length=rules.KRS_LENGTH, blank=True)
    iban = models.CharField(_("bank account (IBAN)"), max_length=rules.IBAN_LENGTH, blank=True)
    # A natural person's PESEL: only its Fernet ciphertext and a keyed digest are stored
    # (core/crypto.py); the digits never reach the database.
    pesel_sealed = models.TextField(_("PESEL (encrypted)"), blank=True)
    pesel_digest = models.CharField(_("PESEL digest"), max_length=64, blank=True)
    address = models.CharField(_("street and number"), max_length=rules.ADDRESS_LENGTH, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=rules.POSTAL_CODE_LENGTH, blank=True
    )
    city = models.CharField(_("town"), max_length=rules.CITY_LENGTH, blank=True)
    seat_gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="seated_providers",
        verbose_name=_("gmina of the seat"),
    )
    # The gmina whose coordinator registered the provider (None when a region or the ministry
    # did): its coordinator keeps the right to edit it wherever the seat is.
    brought_by = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="brought_providers",
        verbose_name=_("registered by the gmina"),
        null=True,
        blank=True,
    )
    contact_person = models.CharField(
        _("contact person"), max_length=rules.PERSON_LENGTH, blank=True
    )
    email = models.EmailField(_("e-mail"), max_length=rules.EMAIL_LENGTH, blank=True)
    phone = models.CharField(_("phone"), max_length=rules.PHONE_LENGTH, blank=True)
    # Set when a ministry administrator merged this provider into another: the row stays for the
    # audit trail and old links (which lead to the kept one), outside the register.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        constraints = [
            *[
                models.UniqueConstraint(
                    fields=[field],
                    condition=Q(merged_into__isnull=True) & ~Q(**{field: ""}),
                    name=f"providers_provider_{field}_unique",
                )
                for field in ("nip", "regon", "krs", "pesel_digest")
            ],
            models.CheckConstraint(
                condition=Q(kind=rules.NATURAL_PERSON) | Q(pesel_sealed="", pesel_digest=""),
                name="providers_provider_pesel_only_for_persons",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=rules.KINDS), name="providers_provider_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["seat_gmina", "name"], name="providers_seat_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    @property
    def has_pesel(self) -> bool:
        return bool(self.pesel_sealed)

    def pesel(self) -> str:
        """The PESEL in clear — for those policies.can_view_pesel allows, nobody else."""
        return crypto.unseal(self.pesel_sealed)

    def pesel_masked(self) -> str:
        return rules.masked(self.pesel()) if self.pesel_sealed else ""


class ProviderMembership(models.Model):
    """A user acting for a provider (role `provider`): they see that provider, and later its
    offers, contracts and reports, in every gmina."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_memberships",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("provider")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["provider", "user"]
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="providers_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.provider}"
