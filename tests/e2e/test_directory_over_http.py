"""Who is who end to end over HTTP: a staff user picks an organisation, an admin (from a loaded
directory file) adds a coordinator with a confirmation card, refusals, absences."""

from __future__ import annotations

import json
from typing import Any

from domain.directory import parse_directory_file, plan_changes
from domain.identity import PersonRef
from storage.audit import AuditLog
from storage.directory import DirectoryStore
from tests import activities
from tests.conftest import BotUnderTest

TENANT = activities.TENANT_ID
DIRECTORY_FILE = f"""
[[organisations]]
id = "pc-amager"
kind = "region"
name = "Psykiatrisk Center Amager"
tenant = "{TENANT}"
partners = ["crb-kbh"]

[[organisations]]
id = "crb-kbh"
kind = "kommune"
name = "Center for Rusmiddelbehandling København"
tenant = "22222222-2222-4222-8222-222222222222"
partners = ["pc-amager"]

[[people]]
name = "Ida Admin"
aad_object_id = "aad-admin"
tenant = "{TENANT}"
roles = ["admin"]

[[people]]
name = "Carl Carlsen"
aad_object_id = "aad-carl"
organisation = "pc-amager"
roles = []
"""
ADMIN = {"user": "29:admin", "user_name": "Ida Admin", "conversation": "a:personal-admin"}


def ref(name: str) -> PersonRef:
    return PersonRef(TENANT, f"aad-{name}")


async def _load_directory(bot: BotUnderTest) -> None:
    wanted = parse_directory_file(DIRECTORY_FILE)

    def load(session: Any) -> None:
        store = DirectoryStore(session, bot.clock.now())
        assert plan_changes(store.export(), wanted)
        store.apply_file(wanted)

    await bot.services.database.run(load)


async def _say(bot: BotUnderTest, text: str, expect: int = 1, **who: Any):
    count = len(bot.connector.messages())
    await bot.send(activities.message(text, service_url=bot.service_url, **who))
    return (await bot.connector.wait_for(count + expect))[count:]


async def _press(
    bot: BotUnderTest, card: dict[str, Any], verb: str, inputs: dict[str, str], **kwargs: Any
):
    expect = kwargs.pop("expect", 1)
    [action] = [a for a in card["actions"] if a["data"]["ki_action"] == verb]
    count = len(bot.connector.messages())
    submit = activities.card_submit(
        {**action["data"], **inputs}, service_url=bot.service_url, **kwargs
    )
    await bot.send(submit)
    return (await bot.connector.wait_for(count + expect))[count:]


def _choices(card: dict[str, Any], input_id: str) -> dict[str, str]:
    def walk(items: list[dict[str, Any]]) -> Any:
        for item in items:
            if item.get("id") == input_id:
                return item
            found = walk(item.get("items", []))
            if found:
                return found
        return None

    return {c["title"]: c["value"] for c in walk(card["body"])["choices"]}


async def _snapshot(bot: BotUnderTest):
    return await bot.services.database.run(
        lambda session: DirectoryStore(session, bot.clock.now()).snapshot()
    )


async def _audit(bot: BotUnderTest):
    return await bot.services.database.run(lambda session: AuditLog(session).entries())


async def test_a_staff_user_is_asked_for_their_organisation_once_and_it_is_remembered(
    bot: BotUnderTest,
):
    await _load_directory(bot)

    [picker] = await _say(bot, "sparring")
    assert "Hvilken organisation" in json.dumps(picker.cards, ensure_ascii=False)
    assert set(_choices(picker.cards[0], "organisation").values()) == {"pc-amager", "crb-kbh"}
    saved, continued = await _press(
        bot,
        picker.cards[0],
        "directory.organisation.choose",
        {"organisation": "pc-amager"},
        expect=2,
    )
    [again] = await _say(bot, "sparring")
    [shown] = await _say(bot, "min organisation")

    assert "registreret i **Psykiatrisk Center Amager**" in saved.text
    assert "Spørg en koordinator" in json.dumps(continued.cards, ensure_ascii=False)
    assert "Spørg en koordinator" in json.dumps(again.cards, ensure_ascii=False)
    assert "Du er registreret i **Psykiatrisk Center Amager**" in json.dumps(
        shown.cards, ensure_ascii=False
    )
    directory = await _snapshot(bot)
    assert directory.person(ref("alice")).organisation_id == "pc-amager"
    [entry] = await _audit(bot)
    assert (entry.actor, entry.action, entry.detail) == (
        ref("alice"),
        "directory.organisation_chosen",
        {"organisation": "pc-amager"},
    )


async def test_a_staff_user_can_change_their_organisation(bot: BotUnderTest):
    await _load_directory(bot)
    [picker] = await _say(bot, "min organisation")
    await _press(
        bot, picker.cards[0], "directory.organisation.choose", {"organisation": "pc-amager"}
    )

    [picker] = await _say(bot, "my organisation")
    [changed] = await _press(
        bot, picker.cards[0], "directory.organisation.choose", {"organisation": "crb-kbh"}
    )

    assert "Center for Rusmiddelbehandling København" in changed.text
    assert (await _snapshot(bot)).person(ref("alice")).organisation_id == "crb-kbh"


async def test_an_admin_adds_a_coordinator_after_confirming(bot: BotUnderTest):
    await _load_directory(bot)

    [pools] = await _say(bot, "puljer", **ADMIN)
    people = _choices(pools.cards[0], "person")
    carl = people["Carl Carlsen – Psykiatrisk Center Amager"]
    [confirm] = await _press(
        bot,
        pools.cards[0],
        "directory.change.propose",
        {"person": carl, "change": "coordinator", "organisation": "pc-amager"},
        **ADMIN,
    )
    assert (await _snapshot(bot)).coordinators("pc-amager") == [], "nothing before confirming"
    [done] = await _press(bot, confirm.cards[0], "directory.change.confirm", {}, **ADMIN)

    assert "Gør **Carl Carlsen** til koordinator i **Psykiatrisk Center Amager**" in json.dumps(
        confirm.cards, ensure_ascii=False
    )
    assert "**Carl Carlsen** er nu koordinator i **Psykiatrisk Center Amager**" in done.text
    assert (await _snapshot(bot)).coordinators("pc-amager") == [ref("carl")]
    [entry] = await _audit(bot)
    assert (entry.actor, entry.action, entry.outcome) == (
        ref("admin"),
        "directory.role_granted",
        "done",
    )


async def test_cancelling_the_confirmation_changes_nothing(bot: BotUnderTest):
    await _load_directory(bot)
    [pools] = await _say(bot, "puljer", **ADMIN)
    carl = _choices(pools.cards[0], "person")["Carl Carlsen – Psykiatrisk Center Amager"]
    [confirm] = await _press(
        bot,
        pools.cards[0],
        "directory.change.propose",
        {"person": carl, "change": "admin"},
        **ADMIN,
    )

    [cancelled] = await _press(bot, confirm.cards[0], "directory.change.cancel", {}, **ADMIN)

    assert "ikke ændret noget" in cancelled.text
    assert not (await _snapshot(bot)).is_admin(ref("carl"))


async def test_a_staff_user_who_tries_to_manage_pools_is_refused_and_the_attempt_logged(
    bot: BotUnderTest,
):
    await _load_directory(bot)

    [refused] = await _say(bot, "puljer")
    forged_card = {
        "actions": [{"data": {"ki_action": "directory.change.confirm", "owner": "29:alice"}}]
    }
    [forged] = await _press(
        bot, forged_card, "directory.change.confirm", {"person": "1", "change": "admin"}
    )

    assert "kun en administrator" in refused.text and "kun en administrator" in forged.text
    assert not (await _snapshot(bot)).is_admin(ref("alice"))
    assert [(e.actor, e.outcome) for e in await _audit(bot)] == [
        (ref("alice"), "refused:not_admin"),
        (ref("alice"), "refused:not_admin"),
    ]


async def test_someone_else_s_card_cannot_be_used(bot: BotUnderTest):
    await _load_directory(bot)
    [pools] = await _say(bot, "puljer", **ADMIN)

    [reply] = await _press(
        bot, pools.cards[0], "directory.change.propose", {"person": "2", "change": "admin"}
    )

    assert "til en anden" in reply.text


async def test_an_absence_is_registered_by_text_and_by_card_with_a_substitute(bot: BotUnderTest):
    await _load_directory(bot)

    [typed] = await _say(bot, "fravær 1/12–5/12")
    [card] = await _say(bot, "fravær")
    carl = _choices(card.cards[0], "substitute")["Carl Carlsen – Psykiatrisk Center Amager"]
    [with_substitute] = await _press(
        bot,
        card.cards[0],
        "directory.absence.register",
        {"first": "2026-02-02", "last": "2026-02-06", "substitute": carl},
    )
    [listed] = await _say(bot, "fravær")

    assert "fravær 1/12 – 5/12" in typed.text
    assert "til **Carl Carlsen**" in with_substitute.text
    text = json.dumps(listed.cards, ensure_ascii=False)
    assert "1/12 – 5/12" in text and "2/2 – 6/2, stedfortræder: Carl Carlsen" in text
    directory = await _snapshot(bot)
    assert [a.substitute for a in directory.absences] == [ref("carl"), None]


async def test_a_one_day_absence_reads_as_that_day(bot: BotUnderTest):
    await _load_directory(bot)  # the clock stands on Monday 5 January 2026

    [typed] = await _say(bot, "fravær i dag")
    [listed] = await _say(bot, "fravær")

    assert typed.text == "Registreret: fravær 5/1."
    assert "5/1 – 5/1" not in json.dumps(listed.cards, ensure_ascii=False)
    assert "5/1" in json.dumps(listed.cards, ensure_ascii=False)


async def test_unreadable_absence_dates_get_a_hint(bot: BotUnderTest):
    [reply] = await _say(bot, "fravær snart")

    assert "fravær 1/12–5/12" in reply.text


async def test_before_any_directory_is_loaded_nothing_is_blocked_by_the_question(
    bot: BotUnderTest,
):
    [sparring] = await _say(bot, "sparring")
    [mine] = await _say(bot, "min organisation")

    assert "ingen organisationer med koordinatorer" in sparring.text
    assert "indlæse katalogfilen" in mine.text
