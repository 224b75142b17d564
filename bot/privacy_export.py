"""The readable text of a case export (``ki-bot privacy export``): the same data as the JSON file,
in sentences a citizen can read, in Danish or English."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cards.texts import Texts
from domain.screening.text_keys import choice_text_key, question_label_key, verdict_text_key


def _text(texts: Texts, key: str, fallback: str) -> str:
    return texts(key) if texts.has(key) else fallback


def _moment(raw: Any, zone: ZoneInfo) -> str:
    if not raw:
        return "–"
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return str(raw)
    if moment.tzinfo is None:
        return moment.isoformat(sep=" ", timespec="minutes")
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


class ExportText:
    def __init__(self, texts: Texts, zone: ZoneInfo, names: Mapping[str, str]) -> None:
        self._t = texts
        self._zone = zone
        self._names = names

    def _who(self, tenant: Any, aad: Any) -> str:
        if not tenant or not aad:
            return self._t("privacy.export.someone")
        return self._names.get(f"{tenant}/{aad}", self._t("privacy.export.someone"))

    def render(self, data: Mapping[str, Any]) -> str:
        t = self._t
        lines = [
            t("privacy.export.title", reference=data["reference"]),
            t("privacy.export.made", at=_moment(data["exported_at"], self._zone)),
        ]
        lines += self._case(data)
        lines += self._screening(data.get("screening"))
        lines += self._course(data)
        lines += self._meetings(data.get("meeting_polls", []), data.get("case_meetings", []))
        lines += self._sparring(data.get("sparring_threads", []))
        lines += self._audit(data.get("audit", []))
        lines += [
            "",
            t("privacy.export.messages"),
            "  "
            + t(
                "privacy.export.messages_count",
                count=len(data.get("messages", [])),
                copies=data.get("copies_in_teams", 0),
            ),
        ]
        return "\n".join(lines) + "\n"

    def _case(self, data: Mapping[str, Any]) -> list[str]:
        t, case, course = self._t, data["case"], data.get("course") or {}
        stage = course.get("stage")
        facts = [
            (t("privacy.export.reference"), case["reference"]),
            (t("privacy.export.initials"), case.get("initials") or t("privacy.export.none")),
            (t("privacy.export.created"), _moment(case.get("created_at"), self._zone)),
            (t("privacy.export.level"), str(course.get("level") or case.get("level") or "–")),
        ]
        if course:
            facts.append(
                (
                    t("privacy.export.tovholder"),
                    self._who(course["tovholder_tenant_id"], course["tovholder_aad_object_id"]),
                )
            )
        if stage:
            facts.append((t("privacy.export.stage"), _text(t, f"course.stage.{stage}", stage)))
        return ["", t("privacy.export.case"), *(f"  {label}: {value}" for label, value in facts)]

    def _screening(self, screening: Mapping[str, Any] | None) -> list[str]:
        if not screening:
            return []
        t = self._t
        verdict = screening.get("verdict", "")
        lines = [
            "",
            t("privacy.export.screening"),
            f"  {t('privacy.export.verdict')}: " + _text(t, verdict_text_key(verdict), verdict),
            f"  {t('privacy.export.answers')}:",
        ]
        answers = screening.get("answers_json")
        for field, value in answers.items() if isinstance(answers, dict) else []:
            label = _text(t, question_label_key(field), field)
            lines.append(f"    {label}: {self._answer(field, value)}")
        return lines

    def _answer(self, field: str, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(self._answer(field, v) for v in value) or "–"
        if isinstance(value, bool | str):
            return _text(self._t, choice_text_key(field, value), str(value))
        return str(value)

    def _course(self, data: Mapping[str, Any]) -> list[str]:
        t = self._t
        steps = data.get("course_steps") or []
        lines = ["", t("privacy.export.course")]
        for step in steps:
            name = _text(t, f"course.step.{step['step']}", step["step"])
            who = self._who(step.get("actor_tenant_id"), step.get("actor_aad_object_id"))
            lines.append(f"  - {name} – {who} – {step['day']}")
        planned = data.get("course_reminders") or []
        if planned:
            lines += ["", t("privacy.export.deadlines_planned")]
            for reminder in planned:
                kind = _text(t, f"course.kind.{reminder['kind']}", reminder["kind"])
                lines.append(
                    f"  - {kind}: {reminder['due']} ({_moment(reminder['at'], self._zone)})"
                )
        return lines

    def _meetings(
        self, polls: Sequence[Mapping[str, Any]], recorded: Sequence[Mapping[str, Any]]
    ) -> list[str]:
        if not polls and not recorded:
            return []
        t = self._t
        lines = ["", t("privacy.export.meetings")]
        for poll in polls:
            lines.append(
                "  - "
                + t(
                    "privacy.export.meeting_line",
                    title=poll["title"],
                    status=poll["status"],
                    created=_moment(poll["created_at"], self._zone),
                    tovholder=poll.get("tovholder_name") or t("privacy.export.someone"),
                )
            )
            times = ", ".join(
                f"{_moment(s['starts_at'], self._zone)}–{_moment(s['ends_at'], self._zone)[-5:]}"
                for s in poll.get("slots", [])
            )
            people = ", ".join(p["name"] for p in poll.get("participants", []))
            lines += [
                f"    {t('privacy.export.times')}: {times or '–'}",
                f"    {t('privacy.export.participants')}: {people or '–'}",
            ]
            for key, label in (("agenda", "agenda"), ("citizen_points", "citizen_points")):
                if poll.get(key):
                    lines.append(f"    {t(f'privacy.export.{label}')}: {poll[key]}")
        for meeting in recorded:
            lines.append(
                f"  {t('privacy.export.case_meeting')}: "
                f"{_moment(meeting['starts_at'], self._zone)} ({meeting['status']})"
            )
        return lines

    def _sparring(self, threads: Sequence[Mapping[str, Any]]) -> list[str]:
        if not threads:
            return []
        t = self._t
        lines = ["", t("privacy.export.sparring")]
        for thread in threads:
            status = _text(t, f"sparring.status.{thread['status']}", thread["status"])
            asker = thread.get("asker_name") or self._who(
                thread["asker_tenant_id"], thread["asker_aad_object_id"]
            )
            lines.append(
                "  - "
                + t(
                    "privacy.export.thread_line",
                    id=thread["id"],
                    status=status,
                    asker=asker,
                    at=_moment(thread["asked_at"], self._zone),
                )
            )
            for message in thread.get("messages", []):
                who = self._who(message["author_tenant_id"], message["author_aad_object_id"])
                lines.append(f"    [{_moment(message['at'], self._zone)}] {who}: {message['text']}")
        return lines

    def _audit(self, entries: Sequence[Mapping[str, Any]]) -> list[str]:
        t = self._t
        lines = ["", t("privacy.export.audit")]
        for entry in entries:
            actor = entry.get("actor")
            who = (
                self._names.get(actor, t("privacy.export.someone"))
                if actor
                else t("privacy.export.operator")
            )
            lines.append(
                "  "
                + t(
                    "privacy.export.audit_line",
                    at=_moment(entry["at"], self._zone),
                    who=who,
                    action=entry["action"],
                    outcome=entry["outcome"],
                )
            )
        return lines
