"""What a rate change repriced (or would, with --dry-run), for people and for scripts."""

from __future__ import annotations

import sys


def show_repriced(result, zone, as_json: bool) -> None:
    from aostime.domain.documents import repriced_document

    document = repriced_document(result, zone)
    if as_json:
        from aostime.render.json import write

        write(document, sys.stdout)
        return
    from aostime.render.console import message

    for e in document["entries"]:
        print(f"#{e['id']}  {e['start_time'][:16]}  {e['user_name']}  {e['description'] or '-'}  "
              f"{e['old_hourly_rate']:.2f} -> {e['hourly_rate']:.2f}  "
              f"{'' if e['old_amount'] is None else format(e['old_amount'], '.2f')} -> "
              f"{'' if e['amount'] is None else format(e['amount'], '.2f')} {e['currency'] or ''}")  # fmt: skip
    count = len(document["entries"])
    rate = "no rate of its own" if document["hourly_rate"] is None else f"{document['hourly_rate']:.2f}"
    verb = "Repriced" if document["saved"] else "Would reprice (nothing saved)"
    since = f" from {document['since']} on" if document["since"] else ""
    message(f"{result.kind} {result.name!r}: {rate}. {verb} {count} entr{'y' if count == 1 else 'ies'}{since}.")
