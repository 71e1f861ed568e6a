"""Markdown written by curators and agents: HTML escaped, no third-party image."""

from django.template import Context, Template

from scoran.lib.markdown import render


def test_raw_html_is_escaped():
    html = render('<script>alert(1)</script> <img src=x onerror="alert(1)">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_an_external_image_becomes_a_link_to_it_with_its_description():
    html = render("![Carte *fibre*](https://tiers.example/carte.png)")
    assert "<img" not in html
    assert '<a href="https://tiers.example/carte.png">Carte fibre</a>' in html


def test_protocol_relative_and_script_images_are_not_loaded():
    assert "<img" not in render("![a](//tiers.example/a.png)")
    assert "<img" not in render("![b](javascript:alert(1))")
    assert 'href="javascript' not in render("![b](javascript:alert(1))")


def test_an_image_served_by_the_portal_is_kept():
    assert '<img src="/media/projets/plan.png" alt="Plan" />' in render(
        "![Plan](/media/projets/plan.png)"
    )


def test_the_template_filter_is_loaded_as_markup():
    html = Template("{% load markup %}{{ text|markdown }}").render(
        Context({"text": "**gras** <b>x</b>"})
    )
    assert "<strong>gras</strong>" in html and "&lt;b&gt;" in html
