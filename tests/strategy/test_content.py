"""The whole SCORAN BFC strategy is in the database after `migrate`."""

import copy

import pytest
from django.apps import apps as django_apps
from django.db.models import Count

from strategy.loader import load_strategy, read_strategy
from strategy.models import ActionTrack, Axis, Challenge, Indicator, Orientation, Principle

pytestmark = pytest.mark.django_db

# Pistes per orientation, as in section 7 of the SCORAN (synthesis table).
PISTES_PER_ORIENTATION = {
    1: 5, 2: 3, 3: 3, 4: 6, 5: 2, 6: 2, 7: 5, 8: 3,
    9: 6, 10: 4, 11: 3, 12: 4, 13: 2, 14: 1, 15: 4,
}  # fmt: skip


def test_strategy_has_its_three_principles_enjeux_five_defis_fifteen_orientations():
    assert list(Principle.objects.values_list("name", flat=True)) == [
        "Éthique",
        "Inclusive",
        "Responsable",
    ]
    assert Axis.objects.count() == 3
    assert Challenge.objects.count() == 5
    assert list(Orientation.objects.values_list("number", flat=True)) == list(range(1, 16))


def test_each_orientation_has_the_pistes_of_the_synthesis_table():
    counts = {o.number: o.action_tracks.count() for o in Orientation.objects.all()}
    assert counts == PISTES_PER_ORIENTATION
    assert ActionTrack.objects.count() == 53


def test_defis_hang_under_the_right_enjeux_and_orientations_under_the_right_defis():
    assert dict(Challenge.objects.values_list("number", "axis__number")) == {
        1: 1, 2: 2, 3: 2, 4: 2, 5: 3,
    }  # fmt: skip
    challenge_of = dict(Orientation.objects.values_list("number", "challenge__number"))
    assert challenge_of == {
        1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 3, 8: 3, 9: 3,
        10: 4, 11: 4, 12: 4, 13: 5, 14: 5, 15: 5,
    }  # fmt: skip


def test_texts_are_those_of_the_seed():
    assert Axis.objects.get(number=3).title == "Innover par la donnée"
    assert Challenge.objects.get(number=2).title == (
        "Accompagner le citoyen dans la transformation numérique de la société"
    )
    first = Orientation.objects.get(number=1)
    assert first.title == "Un territoire 100% THD en 2022 puis FttH à horizon 2025"
    assert "323 000 locaux" in first.key_figures
    assert "Manque d'informations sur les services disponibles" in first.consultation_feedback
    assert Orientation.objects.get(number=13).title == (
        "Sensibiliser et former les acteurs du territoire aux enjeux de la donnée"
    )
    dorsale = ActionTrack.objects.get(orientation__number=1, position=5)
    assert dorsale.title == "Poursuivre la dynamique d'interconnexion avec la « Dorsale régionale »"
    assert "point d'accès dédié" in dorsale.sub_actions
    cyber = ActionTrack.objects.get(orientation__number=5, position=2)
    assert cyber.title == "Sensibiliser l'ensemble des acteurs régionaux à la cybersécurité"
    assert "Développement des métiers liés à la cyber sécurité" in cyber.sub_action_list
    assert "Protection des données personnelles" in Principle.objects.get(slug="ethique").themes


def test_typos_of_the_source_are_fixed():
    assert ActionTrack.objects.get(orientation__number=5, position=1).title.startswith(
        "Informer les porteurs de projets"
    )
    assert not Orientation.objects.filter(key_figures__contains="new dal").exists()


def test_indicators_of_section_8_with_objective_data_and_target_year():
    assert Indicator.objects.count() == 17
    assert dict(
        Indicator.objects.filter(target_year__isnull=False).values_list("name", "target_year")
    ) == {
        "Le niveau de services sur le territoire": 2022,
        "Le taux de locaux raccordables au FttH": 2025,
        "Le taux de couverture 4G": 2026,
    }
    ftth = Indicator.objects.get(name="Le taux de locaux raccordables au FttH")
    assert ftth.objective == "La couverture FttH du territoire à 100% à horizon 2025"
    assert "cartefibre.arcep.fr" in ftth.data_needed
    assert list(ftth.orientations.values_list("number", flat=True)) == [1]
    per_axis = dict(Axis.objects.values_list("number").annotate(n=Count("indicators")))
    assert per_axis == {1: 4, 2: 9, 3: 4}


def test_loading_again_changes_nothing():
    before = list(ActionTrack.objects.values_list("pk", "title", "sub_actions"))
    load_strategy(django_apps)
    assert list(ActionTrack.objects.values_list("pk", "title", "sub_actions")) == before
    assert Indicator.objects.count() == 17


def test_loading_a_revised_text_updates_in_place_and_drops_removed_pistes():
    data = copy.deepcopy(read_strategy())
    fourteen = next(o for o in data["orientations"] if o["number"] == 14)
    fourteen["title"] = "Titre révisé"
    fifteen = next(o for o in data["orientations"] if o["number"] == 15)
    fifteen["action_tracks"] = fifteen["action_tracks"][:2]
    pk = Orientation.objects.get(number=14).pk

    load_strategy(django_apps, data)

    assert Orientation.objects.get(number=14).pk == pk
    assert Orientation.objects.get(number=14).title == "Titre révisé"
    assert Orientation.objects.get(number=15).action_tracks.count() == 2


def test_no_glossary_asterisk_is_left_to_be_read_as_emphasis():
    texts = [
        *Orientation.objects.values_list("context", "key_figures", "consultation_feedback"),
        *Indicator.objects.values_list("objective", "name", "data_needed"),
    ]
    for text in (t for row in texts for t in row):
        without_bold = text.replace("**", "")
        # What is left are *italic* pairs only.
        for line in without_bold.splitlines():
            assert line.count("*") % 2 == 0, line
