"""``frister`` (issue 18 item 6): "Frister og påmindelser" shows both, in two sections: the
deadlines of one's KI courses and one's own coming personal reminders, end to end over HTTP."""

from __future__ import annotations

from cards.onboarding import help_card
from cards.texts import Texts
from domain.capabilities import DEADLINES
from tests.e2e.course_world import load_directory, local, to_meeting_held
from tests.harness import World


async def test_frister_shows_the_course_deadlines_and_ones_own_coming_reminders(world: World):
    await load_directory(world)
    reference = await to_meeting_held(world, local(2026, 1, 8, 12))
    anne, erik = world.user("anne"), world.user("erik")
    await world.say(anne, "påmind mig i morgen kl 9 om at ringe til lægen")
    await world.say(erik, "påmind mig i morgen kl 9 om at bestille tolk")

    [both] = (await world.say(anne, "frister")).replies
    [only_reminders] = (await world.say(erik, "frister")).replies

    text = str(both.card)
    assert "Frister i dine KI-forløb" in text and "Dine påmindelser" in text
    assert text.index(reference) < text.index("Dine påmindelser") < text.index("ringe til lægen")
    assert "fredag d. 9. januar kl. 09.00" in text
    assert "bestille tolk" not in text
    assert only_reminders.shows("Ingen kommende frister i dine KI-forløb")
    assert only_reminders.shows("bestille tolk") and not only_reminders.shows("ringe til lægen")


async def test_frister_in_a_group_chat_lists_only_the_reminders_set_there(world: World):
    await load_directory(world)
    world.bot.clock.current = local(2026, 1, 8, 12)
    anne = world.user("anne")
    group = next(g for g in world.directory.groups.values() if g.topic == "KI-sparring")
    await world.install_in_group(group)
    await world.say(anne, "påmind mig i morgen kl 9 om at ringe til lægen")
    await world.say(anne, "påmind os i morgen kl 10 om at tjekke listen", in_=group)

    [in_group] = (await world.say(anne, "frister", in_=group)).replies

    assert in_group.shows("tjekke listen") and not in_group.shows("ringe til lægen")


def test_the_help_card_says_what_frister_shows():
    for language in ("da", "en"):
        texts = Texts(language)
        title = texts(DEADLINES.text_key("title"))
        card = str(help_card(texts))
        assert title in card
    assert "påmindelser" in Texts("da")(DEADLINES.text_key("title"))
    assert "dine KI-forløb" in Texts("da")(DEADLINES.text_key("title"))
