"""Teams' typeahead search (``application/search`` invokes, sent as the reader types in a person
picker) answered in Teams' search response shape.

    {"type": "application/vnd.microsoft.search.searchResponse",
     "value": {"results": [{"title": "Bo Bertelsen – Psykiatrisk Center Amager",
                            "value": "<tenant>|<object id>"}]}}

A refused or unreadable search gets Teams' error shape (``application/vnd.microsoft.error``)
with the HTTP status of its code; the client shows the message in the picker.

A search changes nothing: it is authenticated and tenant-checked like every activity, but it
takes no conversation lease (typing must not queue behind, or hold up, the conversation's
turns) and is not recorded as a handled turn (a re-delivered search is simply answered again).
"""

from __future__ import annotations

from typing import Final

from botbuilder.core import InvokeResponse
from botbuilder.schema import Activity, ActivityTypes

from dialogs.search import Results, SearchAnswer, SearchRefused

SEARCH_INVOKE: Final = "application/search"
SEARCH_RESPONSE: Final = "application/vnd.microsoft.search.searchResponse"
ERROR_RESPONSE: Final = "application/vnd.microsoft.error"
STATUS: Final = {"BadRequest": 400, "Forbidden": 403, "NotFound": 404, "InternalError": 500}


def is_search(activity: Activity) -> bool:
    return bool(activity.type == ActivityTypes.invoke and activity.name == SEARCH_INVOKE)


def search_error(code: str, message: str) -> InvokeResponse:
    status = STATUS.get(code, 500)
    body = {
        "statusCode": status,
        "type": ERROR_RESPONSE,
        "value": {"code": code, "message": message},
    }
    return InvokeResponse(status=status, body=body)


def search_response(answer: SearchAnswer) -> InvokeResponse:
    if isinstance(answer, SearchRefused):
        return search_error(answer.code, answer.message)
    assert isinstance(answer, Results)  # noqa: S101 - the union has two members
    results = [{"title": r.title, "value": r.value} for r in answer.results]
    body = {"statusCode": 200, "type": SEARCH_RESPONSE, "value": {"results": results}}
    return InvokeResponse(status=200, body=body)
