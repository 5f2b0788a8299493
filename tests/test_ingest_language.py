"""Language detection: a text in one language with passages of another keeps its own language
(issue #12 item 8). A close runner-up of the character model wins only when the text's
function words are the runner-up's."""

from __future__ import annotations

from briefing.ingest.meta import detect_language
from briefing.languages import settle_language

# real (html-de 1518961308.html): a German church page whose paywall put placeholder Latin
# ("lorem ipsum") in place of the paragraphs; the detector said Latin
CHURCH = (
    "Singen, basteln, spielen: Kindergottesdienst in Velpe macht Teilnehmern und Betreuerinnen "
    "Spaß. Kindergottesdiensttage machen Spaß, finden Amelie, Lotta, Mariella, Johanna, Lea und "
    "Malea. „Der Grundsatz ist immer noch: Wir möchten den Kindern eine biblische Geschichte "
    "nahebringen.“ Melanie Wehmeier ist eifrige Mitarbeiterin im Kindergottesdienst-Team, und "
    "das schon seit vielen Jahren. An diesem Wochenende waren alle Kinder im Kindergarten- und "
    "Grundschulalter ins Martin-Niemöller-Haus in Velpe eingeladen, um gemeinsam zu singen.\n\n"
    "Dolor ipsam et est cumque. Laboriosam sed delectus rerum sint qui natus tenetur ea. "
    "Tenetur debitis aspernatur sapiente iure. Esse voluptatem eos sequi quia. Repellat odio "
    "libero et aliquam dicta. Voluptatem blanditiis iure numquam. Sint veritatis quia sunt non "
    "officia sapiente ipsam omnis.\n\nQuod repellat ipsa iure et laborum exercitationem. Eos "
    "quod nulla voluptatem ut id. Voluptatem consequuntur id illum dolores. Pariatur magnam "
    "rerum at cum. Sed omnis animi eos dicta. Eaque eum consequatur optio omnis ad id placeat."
)


def test_german_text_with_latin_passages_stays_german() -> None:
    assert detect_language(CHURCH) == "de"


def test_a_close_runner_up_wins_only_with_its_function_words() -> None:
    # made up: a German sentence run ranked Latin first by a small margin
    text = (
        "Die Gemeinde feiert am Sonntag das Fest, und der Chor singt dazu das Gloria in "
        "excelsis Deo, das Agnus Dei und das Te Deum, bevor der Pfarrer mit den Kindern durch "
        "das Dorf zieht und alle zum Kaffee in das Gemeindehaus einlädt."
    )
    assert settle_language(text, [("la", -1000.0), ("de", -1050.0)]) == "de"
    # a far runner-up does not win, whatever its words
    assert settle_language(text, [("la", -1000.0), ("de", -9000.0)]) == "la"
    # a real Latin text keeps Latin
    latin = "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam " * 3
    assert detect_language(latin) == "la"


def test_plain_texts_keep_the_detectors_answer() -> None:
    assert (
        detect_language("Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen. " * 3)
        == "de"
    )
    assert (
        detect_language("The government passed a new law on Wednesday after a long debate. " * 3)
        == "en"
    )
    assert (
        detect_language(
            "Le gouvernement a adopté mercredi une nouvelle loi après un long débat. " * 3
        )
        == "fr"
    )
