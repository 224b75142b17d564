"""A fake of ``storage.reach.Reach`` for the lookups dialogs make: whose personal chat or roster
entry the bot knows, and which conversations it is in."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.identity import PersonRef
from storage.reach import REACHABLE, PersonalChat, Place, Reachability, RosterEntry

SERVICE_URL = "https://smba.example/emea/"


@dataclass
class FakeReach:
    chats: dict[PersonRef, str] = field(default_factory=dict)  # person -> Teams user id
    rosters: dict[PersonRef, str] = field(default_factory=dict)
    conversations: set[str] = field(default_factory=set)
    unreachable: set[PersonRef] = field(default_factory=set)  # everyone else can be reached
    names: dict[str, str] = field(default_factory=dict)  # conversation id -> its name

    def reachability(self, person: PersonRef) -> Reachability:
        if person in self.unreachable:
            return Reachability(False, "not_installed_no_shared_team")
        return REACHABLE

    def personal_chat(self, person: PersonRef) -> PersonalChat | None:
        found = self.chats.get(person)
        return None if found is None else PersonalChat(f"a:{found}", SERVICE_URL, found)

    def roster_entry(self, person: PersonRef) -> RosterEntry | None:
        found = self.rosters.get(person)
        return None if found is None else RosterEntry(found, SERVICE_URL, "28:bot", "")

    def place_of_conversation(self, conversation_id: str) -> Place | None:
        if conversation_id not in self.conversations:
            return None
        return Place(conversation_id, SERVICE_URL, "", "28:bot")

    def conversation_name(self, conversation_id: str) -> str | None:
        return self.names.get(conversation_id)
