"""Item 7 of issue #12 beyond German: a question alone is never a summary and one fact told
twice is one summary sentence, in English and French too (made-up items)."""

from __future__ import annotations

import pytest

from briefing.models import Article, Paragraph
from briefing.summarize import summarize_story
from briefing.summarize._facts import same_fact


def _article(i: str, lang: str, *paras: str) -> Article:
    return Article(
        id=i, path=f"{i}.txt", paragraphs=tuple(Paragraph(p) for p in paras), language=lang
    )


@pytest.mark.parametrize(
    ("lang", "question", "fact"),
    [
        (
            "en",
            "What happens after the attack in Springfield?",
            "Investigators searched the suspect's flat in the morning.",
        ),
        (
            "fr",
            "Que va-t-il se passer après l'attaque de Lyon ?",
            "Les enquêteurs ont perquisitionné l'appartement du suspect ce matin.",
        ),
    ],
)
def test_a_question_alone_is_never_a_summary(lang: str, question: str, fact: str) -> None:
    got = summarize_story([_article("a", lang, question, fact)], sentences=1, language=lang)
    assert [s.text for s in got] == [fact]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "L'ancien maire Jean Exemple est mort.",
            "Jean Exemple est décédé dimanche à l'âge de 88 ans, a annoncé sa famille.",
        ),
        (
            "La police a arrêté un suspect à Lyon.",
            "À Lyon, la police a arrêté un suspect de 50 ans après l'attaque.",
        ),
    ],
)
def test_one_fact_in_other_words_is_a_repeat_in_french(a: str, b: str) -> None:
    assert same_fact(a, b, "fr")
    story = [_article("x", "fr", a), _article("y", "fr", b)]
    assert len(summarize_story(story, sentences=5, language="fr")) == 1


def test_different_facts_about_the_same_names_stay_in_french() -> None:
    a = "Jean Exemple a rencontré Marie Modèle à Paris."
    b = "Jean Exemple critique Marie Modèle pour les taxes sur les voitures."
    assert not same_fact(a, b, "fr")
