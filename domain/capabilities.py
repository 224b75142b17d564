"""Every capability of the bot, declared once.

The help card, the welcome card, command recognition (``domain.commands.recognise``) and the
Teams manifest's command menu are all derived from ``CAPABILITIES``. Adding a capability is one
``Capability(...)`` entry here plus its wording under ``common.capability.<name>`` in
``cards/locales/{da,en}/common.toml`` (``title``, and for the welcome card ``description`` and
``button``); a dialog that implements it registers a starter under the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

ALL_SCOPES: Final = ("personal", "team", "groupChat")
# A KI case reference in normalised text: "KI-2026-0001" reads "ki 2026 0001".
CASE_REFERENCE: Final = r"\bki (?P<year>\d{4}) (?P<number>\d{1,6})\b"


@dataclass(frozen=True)
class ManifestCommand:
    """One entry of Teams' command menu (Danish: the menu has one language)."""

    title: str  # what the user types, e.g. "tjek"; must be recognised as its capability
    description: str
    scopes: tuple[str, ...] = ALL_SCOPES


@dataclass(frozen=True)
class Capability:
    name: str
    words: Mapping[str, tuple[str, ...]]  # language -> command words; the first is shown on cards
    aliases: tuple[str, ...] = ()  # further accepted spellings, any language
    patterns: tuple[str, ...] = ()  # regexes over normalised text, e.g. a typed question
    takes_argument: bool = False  # "sprog dansk": the words after the command word are kept
    on_welcome: bool = False  # a row and a button on the welcome card (and buttons on help)
    on_help: bool = True  # a line on the help card
    admins_only: bool = False  # on the help card only for administrators (others are refused)
    manifest: ManifestCommand | None = None
    card_verbs: tuple[str, ...] = ()  # the ``ki_action`` verbs its cards send
    jobs: tuple[str, ...] = ()  # names of its background jobs in the dispatcher

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", MappingProxyType(dict(self.words)))
        if not all(self.words.values()):
            raise ValueError(f"capability {self.name!r} needs a command word in each language")

    def word(self, language: str) -> str:
        """The command word shown to a user of ``language`` (Danish if none is declared)."""
        return (self.words.get(language) or self.words["da"])[0]

    def text_key(self, part: str) -> str:
        """``common.capability.<name>.<part>``: title, description, button."""
        return f"common.capability.{self.name}.{part}"

    @property
    def all_words(self) -> tuple[str, ...]:
        return tuple(word for words in self.words.values() for word in words) + self.aliases


HELP: Final = Capability(
    "help",
    {"da": ("hjælp",), "en": ("help",)},
    aliases=("?", "hj"),
    manifest=ManifestCommand("hjælp", "Vis hvad botten kan"),
    card_verbs=("capability.open",),  # the welcome and help cards' buttons
)
CANCEL: Final = Capability("cancel", {"da": ("annuller", "afbryd", "stop"), "en": ("cancel",)})
LANGUAGE: Final = Capability(
    "language",
    {"da": ("sprog",), "en": ("language",)},
    takes_argument=True,
    manifest=ManifestCommand(
        "sprog", "Vælg dansk eller engelsk, fx »sprog engelsk«", scopes=("team", "groupChat")
    ),
    card_verbs=("language.set",),
)
SCREENING: Final = Capability(
    "screening",
    {"da": ("tjek", "screening"), "en": ("check", "screen")},
    patterns=(
        # "kan borgeren få en KI-plan?", "does this citizen qualify for a KI plan"
        r"\b(kan|skal|bor|er)\b.*\b(borger\w*|han|hun|vedkommende)\b.*\b(ki|indsatsplan\w*)\b",
        r"\b(kvalificer\w*|egnet|maalgruppe\w*)\b.*\b(ki|indsatsplan\w*)\b",
        r"\b(qualif\w*|eligible)\b.*\b(ki|plan)\b",
    ),
    on_welcome=True,
    manifest=ManifestCommand("tjek", "Tjek om en borger kan få en KI-plan"),
    card_verbs=(
        "screening.answers",
        "screening.start_case",
        "screening.ask_coordinator",
        "screening.new",
    ),
)
SPARRING: Final = Capability(
    "sparring",
    {"da": ("sparring", "spørg en koordinator"), "en": ("sparring", "ask a coordinator")},
    aliases=("sparing", "spørg koordinator", "spørg koordinatoren"),
    on_welcome=True,
    manifest=ManifestCommand("sparring", "Stil et spørgsmål til en koordinator"),
    card_verbs=(
        "sparring.ask",
        "sparring.view",
        "sparring.claim",
        "sparring.reply",
        "sparring.forward",
        "sparring.decline",
        "sparring.propose",
        "sparring.close",
    ),
)
MY_QUESTIONS: Final = Capability(
    "my_questions",
    {"da": ("mine spørgsmål",), "en": ("my questions",)},
    manifest=ManifestCommand(
        "mine spørgsmål", "Se dine spørgsmål til koordinatorerne", scopes=("personal",)
    ),
)
INBOX: Final = Capability(
    "inbox",
    {"da": ("indbakke",), "en": ("inbox",)},
    manifest=ManifestCommand(
        "indbakke", "Koordinatorer: se åbne forespørgsler", scopes=("personal",)
    ),
)
MEETING_POLL: Final = Capability(
    "meeting_poll",
    {"da": ("møde", "mødeplanlægning"), "en": ("meeting",)},
    aliases=(
        "mode",
        "moede",
        "nyt møde",
        "planlæg et møde",
        "planlæg møde",
        "new meeting",
        "plan a meeting",
    ),
    takes_argument=True,  # "møde Indsatsplansmøde @Bo": a title and people to invite
    on_welcome=True,
    manifest=ManifestCommand("møde", "Find et mødetidspunkt, fx »møde Opfølgning @Bo«"),
    card_verbs=(
        "meetings.propose",
        "meetings.preview",
        "meetings.edit",
        "meetings.open",
        "meetings.vote",
        "meetings.proxy",
        "meetings.results",
        "meetings.finalise",
        "meetings.repropose",
        "meetings.input",
        "meetings.move",
        "meetings.cancel",
    ),
)
MY_MEETINGS: Final = Capability(
    "my_meetings",
    {"da": ("mine møder",), "en": ("my meetings",)},
    aliases=("mine moeder",),
    card_verbs=("meetings.view",),
)
DEADLINES: Final = Capability(
    "deadlines",
    {"da": ("frister", "frist"), "en": ("deadlines",)},
    on_welcome=True,
    manifest=ManifestCommand("frister", "Se frister i dine KI-forløb og dine påmindelser"),
    card_verbs=(
        "course.step",
        "course.view",
        "course.correct",
        "course.snooze",
        "course.nudge",
        "course.take_over",
        "course.hand_over",
    ),
    jobs=("course_weekly_overview",),
)
MY_COURSES: Final = Capability(
    "my_courses",
    {"da": ("mine forløb",), "en": ("my courses",)},
    aliases=("mine forlob",),
    manifest=ManifestCommand("mine forløb", "Dine KI-forløb med næste frist"),
)
COURSES: Final = Capability(
    "courses",
    {"da": ("forløb",), "en": ("courses",)},
    aliases=("forlob",),
    manifest=ManifestCommand(
        "forløb",
        "Koordinator: organisationens KI-forløb, overskredne først",
        scopes=("team", "groupChat"),
    ),
)
OPEN_CASE: Final = Capability(
    "open_case",
    {"da": ("åbn",), "en": ("open",)},
    # "KI-2026-0001" alone or after a command ("forløb KI-2026-0001", "mine forløb ki-2026-1")
    patterns=(rf"^(?:[a-z0-9]+ ){{0,3}}{CASE_REFERENCE}\s*$",),
    takes_argument=True,
)
REMINDERS: Final = Capability(
    "reminders",
    {
        "da": ("påmind", "påmindelser", "mine påmindelser"),
        "en": ("remind", "reminders", "my reminders"),
    },
    takes_argument=True,  # "påmind mig i morgen kl 9 om …"; alone or "mine påmindelser" lists
    manifest=ManifestCommand(
        "påmind", "Få en påmindelse, fx »påmind mig i morgen kl 9 om at ringe til lægen«"
    ),
    card_verbs=(
        "reminders.change",
        "reminders.reschedule",
        "reminders.cancel",
        "reminders.done",
        "reminders.snooze",
        "reminders.stop",
    ),
    jobs=("reminders.roll_forward",),
)
MY_ORGANISATION: Final = Capability(
    "my_organisation",
    {"da": ("min organisation", "organisation"), "en": ("my organisation", "my organization")},
    card_verbs=("directory.organisation.choose",),
)
POOLS: Final = Capability(
    "pools",
    {"da": ("puljer", "koordinatorpuljer", "koordinatorer"), "en": ("pools", "coordinators")},
    admins_only=True,
    card_verbs=("directory.change.propose", "directory.change.confirm", "directory.change.cancel"),
)
ABSENCE: Final = Capability(
    "absence",
    {"da": ("fravær",), "en": ("absence",)},
    aliases=("fravar",),
    takes_argument=True,
    manifest=ManifestCommand("fravær", "Meld fravær, fx »fravær 1/12–5/12«"),
    card_verbs=("directory.absence.register", "directory.absence.remove"),
)
REMOVE_ABSENCE: Final = Capability(
    "remove_absence",
    {
        "da": ("slet fravær", "annuller fravær", "fjern fravær"),
        "en": ("delete absence", "cancel absence", "remove absence"),
    },
    aliases=("slet fravar", "annuller fravar", "fjern fravar"),
    on_help=False,  # the absence line says it
)
CAPABILITIES: Final[tuple[Capability, ...]] = (  # the order of the welcome and help cards
    SCREENING,
    SPARRING,
    MY_QUESTIONS,
    INBOX,
    MEETING_POLL,
    MY_MEETINGS,
    DEADLINES,
    REMINDERS,
    MY_COURSES,
    COURSES,
    OPEN_CASE,
    ABSENCE,
    REMOVE_ABSENCE,
    MY_ORGANISATION,
    POOLS,
    LANGUAGE,
    HELP,
    CANCEL,
)


def check(capabilities: tuple[Capability, ...]) -> Mapping[str, Capability]:
    """The capabilities by name; raises ValueError on a repeated name or card verb."""
    names = [c.name for c in capabilities]
    if len(set(names)) != len(names):
        raise ValueError(f"capability names must be unique: {names}")
    verbs = [verb for c in capabilities for verb in c.card_verbs]
    if len(set(verbs)) != len(verbs):
        raise ValueError(f"a card verb belongs to one capability: {verbs}")
    return MappingProxyType({c.name: c for c in capabilities})


BY_NAME: Final = check(CAPABILITIES)
