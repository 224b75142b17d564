"""Who is who (issue #10): organisations, coordinator pools, roles, absences; the one
authorisation check; absence routing; the directory file."""

from .absence_dates import InvalidPeriod, PeriodParser, parse_absence_period
from .authorise import (
    Action,
    CaseSubject,
    Decision,
    DirectorySubject,
    PersonSubject,
    PollSubject,
    ReminderSubject,
    SparringSubject,
    Subject,
    authorise,
    pool_reason,
    stands_in_for,
)
from .changes import Change, ChangeKind, match_person, merged_person, plan_changes
from .file_format import (
    DirectoryFile,
    InvalidDirectoryFile,
    Problem,
    parse_directory_file,
    render_directory_file,
)
from .model import MAX_COORDINATORS, Absence, Directory, Organisation, OrgKind, Person, Role
from .routing import Routing, RoutingReason, pool_routing, route

__all__ = [
    "MAX_COORDINATORS",
    "Absence",
    "Action",
    "CaseSubject",
    "Change",
    "ChangeKind",
    "Decision",
    "Directory",
    "DirectoryFile",
    "DirectorySubject",
    "InvalidDirectoryFile",
    "InvalidPeriod",
    "OrgKind",
    "Organisation",
    "PeriodParser",
    "Person",
    "PersonSubject",
    "PollSubject",
    "Problem",
    "ReminderSubject",
    "Role",
    "Routing",
    "RoutingReason",
    "SparringSubject",
    "Subject",
    "authorise",
    "match_person",
    "merged_person",
    "parse_absence_period",
    "parse_directory_file",
    "plan_changes",
    "pool_reason",
    "pool_routing",
    "render_directory_file",
    "route",
    "stands_in_for",
]
