"""One's organisation on fakes: asked once before a capability that needs it, then remembered."""

from __future__ import annotations

from dialogs.directory.commands import ChooseOrganisation
from dialogs.directory.organisation import OrganisationFlow
from dialogs.reply import Reply, say
from dialogs.turn import Turn
from domain.identity import PersonRef
from tests.dialogs.directory_fixtures import context, directory_unit
from tests.dialogs.turns import turn

DORTE = PersonRef("tenant-region", "aad-dorte")


async def _started(_turn: Turn) -> Reply:
    return say("sparring started")


async def test_someone_without_an_organisation_is_asked_first_and_then_the_capability_starts():
    unit = directory_unit()
    flow = OrganisationFlow(context(unit))
    gated = flow.gate("sparring", _started)

    asked = await gated(turn(DORTE))
    chosen = await flow.choose(
        turn(DORTE), ChooseOrganisation("29:aad-dorte", "pc-amager", then="sparring")
    )
    again = await gated(turn(DORTE))

    assert asked.card is not None and "pc-amager" in str(asked.card)
    assert chosen.text and "Psykiatrisk Center Amager" in chosen.text
    assert chosen.posts == ("sparring started",)
    assert again.text == "sparring started"
    assert unit.audit.actions() == ["directory.organisation_chosen"]


async def test_an_unknown_organisation_is_refused():
    unit = directory_unit()

    reply = await OrganisationFlow(context(unit)).choose(
        turn(DORTE), ChooseOrganisation("29:aad-dorte", "nowhere")
    )

    assert reply.refused and unit.directory.find(DORTE) is None
