"""The words found: French full text insensitive to accents and case, without
extensions (``search_normalise``), with the tokens the portal's readers type."""

import pytest
from django.db import connection

from portal.models import SearchEntry
from portal.models.search import normalise, normalise_with_origins
from portal.search.selectors import Choices, ranked

pytestmark = pytest.mark.django_db


def entry(title, summary="", body="", *, kind="ressources", **extra) -> SearchEntry:
    key = str(SearchEntry.objects.count() + 1)
    return SearchEntry.objects.create(
        kind=kind, key=key, title=title, summary=summary, body=body, url=f"/{key}/", **extra
    )


def found(words: str) -> list[str]:
    return [row.title for row in ranked(words, Choices())]


def test_the_default_parser_keeps_4g_5g_as_one_token_which_the_normalisation_splits():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('french', '4G/5G')::text")
        assert cursor.fetchone()[0] == "'4g/5g':1"  # why the normalisation is needed
        cursor.execute("SELECT search_normalise('Tiers-Lieux 4G/5G Numérique RÉSEAUX')")
        assert cursor.fetchone()[0] == "tiers lieu  4g 5g numerique reseau "


@pytest.mark.parametrize(
    "words, title",
    [
        ("numerique", "Le numérique responsable"),
        ("NUMÉRIQUE", "le numerique responsable"),
        ("Numériques", "Le numérique responsable"),
        ("tiers-lieux", "Réseau des tiers-lieu de Côte-d'Or"),
        ("tiers-lieu", "Les tiers-lieux de Côte-d'Or"),
        ("tiers lieux", "Les tiers-lieux de Côte-d'Or"),
        ("4G", "Couverture 4G/5G des axes"),
        ("5G", "Couverture 4G/5G des axes"),
        ("4G/5G", "La 5G et la 4G"),
        ("ftth", "Déploiement FttH"),
        ("FTTH", "Déploiement FttH"),
        ("rgpd", "Guide RGPD des collectivités"),
        ("open data", "Politique d'open data"),
        ("Œuvre", "Maîtrise d'oeuvre"),
        ("l’école", "Le numérique à l'école"),
    ],
)
def test_words_are_found_whatever_their_accents_case_and_hyphens(words, title):
    entry(title)
    entry("Tout autre chose")
    assert found(words) == [title]


def test_every_word_must_be_found_and_quotes_ask_for_the_phrase():
    entry("Données ouvertes", body="open source et data")
    entry("Open data", body="")
    assert set(found("open data")) == {"Données ouvertes", "Open data"}
    assert found('"open data"') == ["Open data"]
    assert found("open data introuvable") == []


def test_a_match_in_the_title_ranks_above_a_match_in_the_summary_and_the_text():
    entry("Aide aux communes", body="Pour le raccordement en fibre des écoles.")
    entry("Guide", summary="Tout sur la fibre.")
    entry("La fibre dans les écoles")
    assert found("fibre") == ["La fibre dans les écoles", "Guide", "Aide aux communes"]


def test_stop_words_alone_find_nothing_and_raise_nothing():
    entry("Le guide de la fibre")
    assert found("le la de") == []
    assert found("& | ! ( ) : * <->") == []


def test_the_excerpts_normalisation_in_python_is_the_sql_one():
    texts = [
        "Déploiement de la FIBRE à Mâcon, Besançon et Dijon",
        "Tiers-lieux, réseaux et bureaux ; auxiliaire, Aux communes, EAUX_X",
        "4G/5G – l’école, le ‘cœur’ — Œuvre, ÆSOP, Ægée ‐ a‑b",
        "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ àáâãäåçèéêëìíîïñòóôõöùúûüýÿ naïve façade",
        "<b>gras</b> &amp; 25 000 € noyaux.feux!",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_normalise(text) FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, n)"
            " ORDER BY n",
            [texts],
        )
        expected = [row[0] for row in cursor.fetchall()]
    assert [normalise(text) for text in texts] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Déploiement de la FIBRE",  # the length kept: positions unchanged
        "Mise en Œuvre, cœur, ÆSOP, ex æquo, réseaux",
        "İstanbul et Œ",  # « İ » lowered is two characters
        "",
    ],
)
def test_each_normalised_character_knows_where_it_comes_from(text):
    normalised, origins = normalise_with_origins(text)
    assert normalised == normalise(text)
    assert len(origins) == len(normalised) + 1 and origins[-1] == len(text)
    assert origins == sorted(origins)
    for position, character in enumerate(normalised):
        assert character in normalise(text[origins[position]]) or character == " "
