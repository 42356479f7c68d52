"""Polish alphabetical order in Python and in the database (issue 11, finding 9)."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from integra.core.collation import POLISH, polish, polish_sort_key

VOIVODESHIPS = [
    "dolnośląskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "lubuskie",
    "łódzkie",
    "małopolskie",
    "mazowieckie",
    "opolskie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "śląskie",
    "świętokrzyskie",
    "warmińsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
]
# Gminas whose order binary comparison gets wrong; the capitals of the register's voivodeship
# names are mixed in, and every Polish letter with a diacritic against its base letter.
GMINAS = [
    "Aleksandrów",
    "Ąbrowo",
    "Bielsko-Biała",
    "Bielskowo",
    "Cekcyn",
    "Ćmielów",
    "Ełk",
    "Ęlbląg",
    "Lipno",
    "Łask",
    "Nowa Wieś",
    "Nowawieś",
    "Nowe",
    "Ńaki",
    "Osie",
    "Ósemka",
    "Sanok",
    "Szczawno",
    "Śrem",
    "Zabrze",
    "Źdźary",
    "Żary",
    "Żyrardów",
]


def test_the_key_gives_the_polish_order():
    for expected in (VOIVODESHIPS, GMINAS):
        shuffled = random.Random(11).sample(expected, len(expected))
        assert sorted(shuffled, key=polish_sort_key) == expected


def test_the_key_ignores_case_and_foreign_diacritics():
    names = ["ŚLĄSKIE", "Zwoleń", "łódzkie", "Zuzela", "LUBUSKIE", "Śląsk", "Zürich"]
    assert sorted(names, key=polish_sort_key) == [
        "LUBUSKIE",
        "łódzkie",
        "Śląsk",
        "ŚLĄSKIE",
        "Zürich",
        "Zuzela",
        "Zwoleń",
    ]


@pytest.mark.django_db
def test_the_database_gives_the_same_order():
    """SQLite (the collation registered on the connection) and PostgreSQL (ICU) agree with
    the key; run under DATABASE_URL=postgres://… for the latter."""
    names = random.Random(3).sample(VOIVODESHIPS + GMINAS, len(VOIVODESHIPS + GMINAS))
    rows = " UNION ALL ".join(["SELECT %s AS name"] * len(names))
    collated = connection.ops.quote_name(POLISH)
    query = f"SELECT name FROM ({rows}) AS names ORDER BY name COLLATE {collated}"
    with connection.cursor() as cursor:
        cursor.execute(query, names)
        ordered = [row[0] for row in cursor.fetchall()]
    assert ordered == sorted(names, key=polish_sort_key)


def test_polish_orders_a_field_by_the_collation():
    expression = polish("name")
    assert expression.collation == POLISH
