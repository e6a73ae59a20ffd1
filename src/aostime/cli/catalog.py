"""aos client|project|task|user add / list / edit / archive / unarchive."""

import sys
from typing import Annotated

import typer

from aostime.cli.options import JsonFlag, session

RateOpt = Annotated[str | None, typer.Option("--rate", help="Hourly rate, e.g. 150 (or 'none' to clear).")]
RoleOpt = Annotated[
    str | None, typer.Option("--role", help="member (default), manager or admin: what the member's tokens may do.")
]
ZoneOpt = Annotated[
    str | None,
    typer.Option("--time-zone", help="IANA zone (Europe/Berlin) naive times sent with their tokens are read in."),
]
LocaleOpt = Annotated[str | None, typer.Option("--locale", help="Language of the pages shown to them: en, de or fr.")]
WeekStartOpt = Annotated[str | None, typer.Option("--week-start", help="The day their week begins on (monday ... "
                                                  "sunday; '' follows the team's week_start setting).")]  # fmt: skip
ThemeOpt = Annotated[str | None, typer.Option("--theme", help="The web app's theme: system, light or dark.")]
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="Name (unique, case-insensitive).")]
RefArg = Annotated[str, typer.Argument(metavar="ID_OR_NAME", help="Id or name.")]
NewName = Annotated[str | None, typer.Option("--name", help="New name.")]


AddressOpt = Annotated[str | None, typer.Option("--address", help="Billing address as the client's country writes "
                                              "it, lines separated by \\n: 'Torstraße 12\\n10119 Berlin', "
                                              "'1 Market St\\nSan Francisco, CA 94105'.")]  # fmt: skip
BuyerRefOpt = Annotated[str | None, typer.Option("--buyer-reference", help="What its invoices quote as the buyer's "
                                                 "reference (BT-10): a German public buyer's Leitweg-ID.")]  # fmt: skip
PeppolOpt = Annotated[str | None, typer.Option("--peppol-id", help="Its Peppol id SCHEME:ID (BT-49), e.g. "
                                               "0204:991-12345-67 or 0088:4035811991014.")]  # fmt: skip
CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO 3166 two letters, e.g. DE.")]
VatIdOpt = Annotated[str | None, typer.Option("--vat-id", help="The client's VAT id (reverse charge needs it).")]
LanguageOpt = Annotated[str | None, typer.Option("--language", help="Language of its invoices: en, de or fr.")]
BudgetHoursOpt = Annotated[str | None, typer.Option("--budget-hours", metavar="H", help="Budget in hours, e.g. 40.")]
BudgetAmountOpt = Annotated[str | None, typer.Option(
    "--budget-amount", metavar="A", help="Budget in money, in the client's currency, e.g. 5000.")]  # fmt: skip
BudgetPeriodOpt = Annotated[str | None, typer.Option(
    "--budget-period", help="total (default: the project's whole life) or month (afresh each month).")]  # fmt: skip
BudgetAlertOpt = Annotated[str | None, typer.Option(
    "--budget-alert", metavar="PERCENT", help="Alert the managers at this percentage of the budget (default 80).")]  # fmt: skip
BudgetMemberOpt = Annotated[str | None, typer.Option(
    "--budget-member", metavar="NAME", help="The --budget-* options set this team member's budget on the project.")]  # fmt: skip
NoBudgetOpt = Annotated[bool, typer.Option("--no-budget", help="Remove the budget (with --budget-member: theirs).")]


def _edit_with_budget(kind: str, ref: str, fields: dict, budget: dict, as_json: bool) -> None:
    """`edit`'s record changes, then its budget's (each use case its own transaction): the record,
    with "budget" in JSON (null once removed) when a --budget-* option was given."""
    from aostime.services import catalog

    run = session()
    changed = {key: value for key, value in fields.items() if value is not None}
    wanted = budget["remove"] or any(budget[key] is not None for key in ("hours", "amount", "period", "alert"))
    if not wanted:
        if budget["member"] is not None:
            from aostime.errors import BadInput

            raise BadInput("--budget-member needs --budget-hours, --budget-amount, --budget-period, --budget-alert "
                           "or --no-budget")  # fmt: skip
        _print_record(catalog.edit_record(run, kind, ref, **changed), "Saved", as_json)
        return
    if changed:
        catalog.edit_record(run, kind, ref, **changed)
    from aostime.services.budgets import set_budget

    project, task = (ref, None) if kind == "project" else (None, ref)
    saved = set_budget(run, project, task, budget["member"], budget["hours"], budget["amount"], budget["period"],
                       budget["alert"], budget["remove"])  # fmt: skip
    record_id = saved.project_id if kind == "project" else saved.task_id
    if as_json:
        from aostime.domain.documents import record_document
        from aostime.render.json import write

        record = next(r for r in catalog.list_records(run, kind, True) if r.id == record_id)
        document = None if budget["remove"] else _budget_document(run, saved)
        write({**record_document(record), "budget": document}, sys.stdout)
        return
    from aostime.render.console import out

    name = saved.project_name if kind == "project" else saved.task_name
    what = f"{kind} {record_id}: {name}" + (f" ({saved.user_name})" if saved.user_name else "")
    out().print(f"Removed the budget of {what}" if budget["remove"] else f"Saved budget of {what}: {_budget_text(saved)}",
                markup=False)  # fmt: skip


def _budget_document(run, saved):
    if saved is None:
        return None
    from aostime.domain.documents import budget_document
    from aostime.services.budgets import list_budgets

    found = [u for u in list_budgets(run, str(saved.project_id)) if u.budget.id == saved.id]
    return budget_document(found[0]) if found else None


def _budget_text(saved) -> str:
    from aostime.domain.money import format_money, hours

    figure = f"{hours(saved.budget_seconds)} h" if saved.budget_seconds else \
        f"{format_money(saved.budget_cents)} {saved.currency}"  # fmt: skip
    period = "a month" if saved.period == "month" else "in total"
    return f"{figure} {period}, alert at {saved.alert_percent}%"


TaxModeOpt = Annotated[
    str | None, typer.Option("--tax-mode", help="standard, reverse-charge, exempt or outside-scope.")
]


def _print_record(record, verb: str, as_json: bool) -> None:
    if as_json:
        from aostime.domain.documents import record_document
        from aostime.render.json import write

        write(record_document(record), sys.stdout)
    else:
        from aostime.render.console import out

        out().print(f"{verb} {type(record).__name__.lower()} {record.id}: {record.name}", markup=False)


def _print_list(kind: str, records: list, as_json: bool) -> None:
    if as_json:
        from aostime.domain.documents import record_document
        from aostime.render.json import write

        write([record_document(r) for r in records], sys.stdout)
    else:
        from aostime.render.tables import print_records

        print_records(kind, records)


class _LazyCatalog:
    """aostime.services.catalog, imported when a command first calls it, so that building the
    CLI (`aos --help`, every other command) does not load the services and the store."""

    def __getattr__(self, name: str):
        from aostime.services import catalog

        return getattr(catalog, name)


def make(kind: str) -> typer.Typer:
    """One sub-app per kind; the options differ only where the kinds do."""
    catalog = _LazyCatalog()

    group = typer.Typer(help=f"Manage {kind}s.", no_args_is_help=True, rich_markup_mode=None)
    parent = {"project": "client", "task": "project"}.get(kind)

    if kind == "client":

        def add(name: NameArg, rate: RateOpt = None,
                currency: Annotated[str | None, typer.Option("--currency", help="3-letter code, e.g. EUR.")] = None,
                email: Annotated[str | None, typer.Option("--email")] = None,
                address: AddressOpt = None, country: CountryOpt = None, vat_id: VatIdOpt = None,
                language: LanguageOpt = None, tax_mode: TaxModeOpt = None,
                buyer_reference: BuyerRefOpt = None, peppol_id: PeppolOpt = None,
                as_json: JsonFlag = False) -> None:  # fmt: skip
            """Add a client: aos client add "Acme Corp" --rate 150 --currency USD."""
            billing = {"address": address, "country": country, "vat_id": vat_id, "language": language,
                       "tax_mode": tax_mode, "buyer_reference": buyer_reference, "peppol_id": peppol_id}  # fmt: skip
            _print_record(
                catalog.add_record(session(), kind, name=name, rate=rate, currency=currency, email=email, **billing),
                "Added",
                as_json,
            )

        def edit(ref: RefArg, name: NewName = None, rate: RateOpt = None,
                 currency: Annotated[str | None, typer.Option("--currency")] = None,
                 email: Annotated[str | None, typer.Option("--email")] = None,
                 address: AddressOpt = None, country: CountryOpt = None, vat_id: VatIdOpt = None,
                 language: LanguageOpt = None, tax_mode: TaxModeOpt = None,
                 buyer_reference: BuyerRefOpt = None, peppol_id: PeppolOpt = None,
                 as_json: JsonFlag = False) -> None:  # fmt: skip
            """Change a client. Existing entries keep their rates; '' clears a billing field."""
            billing = {"address": address, "country": country, "vat_id": vat_id, "language": language,
                       "tax_mode": tax_mode, "buyer_reference": buyer_reference, "peppol_id": peppol_id}  # fmt: skip
            _print_record(
                catalog.edit_record(
                    session(), kind, ref, name=name, rate=rate, currency=currency, email=email, **billing
                ),
                "Saved",
                as_json,
            )

    elif kind == "project":

        def add(name: NameArg, client: Annotated[str | None, typer.Option("--client", "-c", help="Client id or name.")] = None,
                rate: RateOpt = None, as_json: JsonFlag = False) -> None:  # fmt: skip
            """Add a project under a client: aos project add "Website Redesign" --client "Acme Corp"."""
            _print_record(catalog.add_record(session(), kind, name=name, client=client, rate=rate), "Added", as_json)

        def edit(ref: RefArg, name: NewName = None, rate: RateOpt = None,
                 client: Annotated[str | None, typer.Option("--client", "-c", help="Move to this client.")] = None,
                 budget_hours: BudgetHoursOpt = None, budget_amount: BudgetAmountOpt = None,
                 budget_period: BudgetPeriodOpt = None, budget_alert: BudgetAlertOpt = None,
                 budget_member: BudgetMemberOpt = None, no_budget: NoBudgetOpt = False,
                 as_json: JsonFlag = False) -> None:  # fmt: skip
            """Change a project. Existing entries keep their rates. --budget-hours 40 (or
            --budget-amount 5000) [--budget-period month] [--budget-alert 80] sets its budget."""
            budget = {"hours": budget_hours, "amount": budget_amount, "period": budget_period, "alert": budget_alert,
                      "member": budget_member, "remove": no_budget}  # fmt: skip
            _edit_with_budget(kind, ref, {"name": name, "rate": rate, "client": client}, budget, as_json)

    elif kind == "task":

        def add(name: NameArg, project: Annotated[str | None, typer.Option("--project", "-p", help="Project id or name.")] = None,
                rate: RateOpt = None,
                billable: Annotated[bool | None, typer.Option("--billable/--non-billable", help="Default for its entries.")] = None,
                as_json: JsonFlag = False) -> None:  # fmt: skip
            """Add a task to a project: aos task add "Design mockups" --project 1."""
            _print_record(
                catalog.add_record(session(), kind, name=name, project=project, rate=rate, billable=billable),
                "Added",
                as_json,
            )

        def edit(ref: RefArg, name: NewName = None, rate: RateOpt = None,
                 billable: Annotated[bool | None, typer.Option("--billable/--non-billable")] = None,
                 budget_hours: BudgetHoursOpt = None, budget_amount: BudgetAmountOpt = None,
                 budget_period: BudgetPeriodOpt = None, budget_alert: BudgetAlertOpt = None,
                 no_budget: NoBudgetOpt = False, as_json: JsonFlag = False) -> None:  # fmt: skip
            """Change a task. Existing entries keep their rates. --budget-hours 12 (or --budget-amount
            1500) [--budget-period month] [--budget-alert 80] sets its budget."""
            budget = {"hours": budget_hours, "amount": budget_amount, "period": budget_period, "alert": budget_alert,
                      "member": None, "remove": no_budget}  # fmt: skip
            _edit_with_budget(kind, ref, {"name": name, "rate": rate, "billable": billable}, budget, as_json)

    else:

        def add(name: NameArg, rate: RateOpt = None, email: Annotated[str | None, typer.Option("--email")] = None,
                role: RoleOpt = None, time_zone: ZoneOpt = None, as_json: JsonFlag = False) -> None:  # fmt: skip
            """Add a team member: aos user add alice --rate 90 --role manager."""
            record = catalog.add_record(session(), kind, name=name, rate=rate, email=email, role=role,
                                        time_zone=time_zone)  # fmt: skip
            _print_record(record, "Added", as_json)

        def edit(ref: RefArg, name: NewName = None, rate: RateOpt = None,
                 email: Annotated[str | None, typer.Option("--email")] = None, role: RoleOpt = None,
                 time_zone: ZoneOpt = None, locale: LocaleOpt = None, week_start: WeekStartOpt = None,
                 theme: ThemeOpt = None, as_json: JsonFlag = False) -> None:  # fmt: skip
            """Change a team member (a member may change her own name, e-mail, zone, locale, week start and
            theme). Existing entries keep their rates."""
            record = catalog.edit_record(session(), kind, ref, name=name, rate=rate, email=email, role=role,
                                         time_zone=time_zone, locale=locale, week_start=week_start,
                                         theme=theme)  # fmt: skip
            _print_record(record, "Saved", as_json)

    if parent:

        def list_cmd(all_: Annotated[bool, typer.Option("--all", "-a", help="Include archived.")] = False,
                     under: Annotated[str | None, typer.Option(f"--{parent}", f"-{parent[0]}", help=f"Only this {parent}'s.")] = None,
                     as_json: JsonFlag = False) -> None:  # fmt: skip
            _print_list(kind, catalog.list_records(session(), kind, all_, under), as_json)
    else:

        def list_cmd(all_: Annotated[bool, typer.Option("--all", "-a", help="Include archived.")] = False,
                     as_json: JsonFlag = False) -> None:  # fmt: skip
            _print_list(kind, catalog.list_records(session(), kind, all_), as_json)

    list_cmd.__doc__ = f"List {kind}s (archived ones with --all)."

    def archive(ref: RefArg, as_json: JsonFlag = False) -> None:
        _print_record(catalog.archive_record(session(), kind, ref, True), "Archived", as_json)

    def unarchive(ref: RefArg, as_json: JsonFlag = False) -> None:
        _print_record(catalog.archive_record(session(), kind, ref, False), "Restored", as_json)

    archive.__doc__ = f"Archive a {kind}: hidden from lists and name lookups; its entries and id stay."
    unarchive.__doc__ = f"Bring back an archived {kind}."

    def reprice(ref: RefArg,
                rate: Annotated[str, typer.Option("--rate", help="The new hourly rate (none: no rate of its own).")],
                since: Annotated[str | None, typer.Option("--from", help="Reprice its entries from this day on "
                                                          "(not invoiced ones).")] = None,
                dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would change; save nothing.")] = False,
                as_json: JsonFlag = False) -> None:  # fmt: skip
        from aostime.cli.repricing import show_repriced
        from aostime.services.repricing import change_rate

        run = session()
        show_repriced(change_rate(run, kind, ref, rate, since, dry_run), run.zone, as_json)

    reprice.__doc__ = (f"Change a {kind}'s rate and, with --from DAY, its entries' from that day on (never invoiced "
                       "ones); --dry-run lists them first.")  # fmt: skip
    group.command("add")(add)
    group.command("list")(list_cmd)
    group.command("reprice")(reprice)
    group.command("edit")(edit)
    group.command("archive")(archive)
    group.command("unarchive")(unarchive)
    if kind == "user":
        from aostime.cli.accounts import add_account_commands

        add_account_commands(group)
    return group
