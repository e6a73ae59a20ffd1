"""/invoices: `aos unbilled`, `aos invoice create` and the invoice lifecycle as pages (SPEC §9). A
month tracked by two members for two clients: the unbilled table is `aos unbilled --json`'s per
client; a manager makes a draft and issues it in the browser, and the PDF she downloads and the
XRechnung say what `aos invoice show --json` says; lines, payments, a credit note and a void go
through the page and the database is as the CLI shows it; a refusal stands beside its field in
the CLI's words; an issued invoice never changes through the page; a member gets 403 everywhere."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from billing_support import SENDER, ready_to_issue
from web_support import axe_violations, form_token
from web_support import signed_in as signed_in_client
from web_support import signed_in_page as signed_in

pytest.importorskip("argon2")
PASSWORD = "correct horse battery"
NOW = "2026-04-08T10:00:00+00:00"
ZONE = "Europe/Berlin"
ENV = {"AOS_NOW": NOW, "TZ": "UTC"}
MARCH = [  # (member, project, start, end): Berlin times
    ("ann", "Website", "2026-03-02T09:00:00+01:00", "2026-03-02T10:23:45+01:00"),
    ("ann", "Website", "2026-03-03T14:00:00+01:00", "2026-03-03T14:00:59+01:00"),
    ("max", "Website", "2026-03-04T13:00:00+01:00", "2026-03-04T15:33:33+01:00"),
    ("ann", "App", "2026-03-10T08:10:00+01:00", "2026-03-10T11:41:17+01:00"),
    ("max", "App", "2026-03-30T09:00:00+02:00", "2026-03-30T09:07:07+02:00"),
]


@pytest.fixture
def tracked(aos, isolated, monkeypatch):
    """Acme (EUR) and Globex (USD), a member and a manager, a month of their time; the sender's
    data and Acme's address are not there yet."""
    monkeypatch.setenv("AOS_NOW", NOW)
    aos("client", "add", "Acme", "--rate", "97.35", "--currency", "EUR")
    aos("client", "add", "Globex", "--rate", "120", "--currency", "USD")
    aos("project", "add", "Website", "--client", "Acme")
    aos("project", "add", "App", "--client", "Globex")
    aos("user", "add", "ann", "--time-zone", ZONE)
    aos("user", "add", "max", "--role", "manager", "--time-zone", ZONE)
    for name in ("ann", "max"):
        aos("user", "password", name, "--stdin", input=PASSWORD + "\n")
    for who, project, start, end in MARCH:
        aos("add", "-p", project, "--start", start, "--end", end, "-d", f"{project} work", "-u", who)
    monkeypatch.setenv("TZ", ZONE)
    return aos


def cli_json(aos, *args: str):
    return json.loads(aos(*args, "--json").out, parse_float=Decimal)


def cents(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def table(page, name: str) -> list[list[str]]:
    return [[" ".join(cell.split()) for cell in row] for row in page.get_by_role("table", name=name).locator(
        "tbody tr").evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.textContent))")]  # fmt: skip


@pytest.fixture
def site(tracked, tmp_path):
    from server_support import start_server, stop_server

    server = start_server(tmp_path, env=ENV)
    yield server
    log = stop_server(server)
    assert "Traceback" not in log, log


def test_a_manager_invoices_a_month_in_the_browser_and_the_pdf_and_xrechnung_are_the_clis_invoice(site, new_page,
                                                                                                   tracked):  # fmt: skip
    aos = tracked
    ready_to_issue(aos, "Acme")
    aos("client", "edit", "Acme", "--email", "ap@acme.example")  # an XRechnung's buyer address (BT-49)
    page = signed_in(site, new_page, "max", viewport={"width": 1280, "height": 1400}, accept_downloads=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Invoices").click()
    page.wait_for_url("**/invoices")
    expected = []
    for client, currency in (("Acme", "EUR"), ("Globex", "USD")):
        unbilled = cli_json(aos, "unbilled", "--client", client)
        expected.append([client, str(len(unbilled["entries"])), f"{unbilled['total_hours']:.2f}",
                         cents(unbilled["total_amount"], currency), "Invoice"])  # fmt: skip
    assert table(page, "Unbilled") == expected
    assert page.get_by_text("No invoices yet.").is_visible()

    page.get_by_role("link", name="Invoice Acme").click()
    form = page.get_by_role("form", name="Invoice the unbilled time of a client")
    assert form.get_by_role("combobox", name="Client").input_value() == "1"
    form.get_by_role("combobox", name="Lines").select_option("project")
    form.get_by_role("combobox", name="Round each entry").select_option("15m")
    form.get_by_role("textbox", name="VAT %").fill("19")
    form.get_by_role("textbox", name="Purchase order number").fill("PO-4711")
    form.get_by_role("button", name="Create draft").click()
    page.wait_for_url("**/invoices/1?said=created")
    page.get_by_role("button", name="Issue invoice").click()
    page.wait_for_url("**/invoices/1?said=issued")
    assert page.get_by_role("status").inner_text() == "Issued: the invoice is final now."
    assert page.evaluate("document.activeElement.textContent") == "Download PDF"
    shown = cli_json(aos, "invoice", "show", "1")
    assert shown["status"] == "sent" and shown["order_reference"] == "PO-4711" and len(shown["lines"]) == 1
    assert page.frame_locator("iframe").get_by_text(shown["number"]).first.is_visible()  # the document itself

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf_download.value.suggested_filename == f"{shown['number']}.pdf"
    text = pdf_text(pdf)
    for figure in (shown["number"], f"{shown['subtotal']:.2f}", f"{shown['tax']:.2f}", f"{shown['total']:.2f}",
                   shown["lines"][0]["description"], f"{shown['lines'][0]['amount']:.2f}", "PO-4711"):  # fmt: skip
        assert figure in text, (figure, text)
    with page.expect_download() as xml_download:
        page.get_by_role("link", name="Download XRechnung").click()
    xml = xml_figures(Path(xml_download.value.path()).read_bytes())
    assert xml == {"number": shown["number"], "order": "PO-4711", "currency": "EUR",
                   "lines": [(line["description"], line["amount"]) for line in shown["lines"]],
                   "net": shown["subtotal"], "tax": shown["tax"], "total": shown["total"],
                   "due": shown["total"]}  # fmt: skip

    page.get_by_role("link", name="All invoices").click()
    listed = cli_json(aos, "invoice", "list")
    assert table(page, "Invoices") == [[i["number"], i["status"], i["client_name"], cents(i["total"], i["currency"]),
                                        cents(i["open"], i["currency"]), i["issue_date"], i["due_date"]]
                                       for i in listed]  # fmt: skip
    assert [row[0] for row in table(page, "Unbilled")] == ["Globex"]  # Acme's time is on the invoice now


def pdf_text(data: bytes) -> str:
    """The PDF's text, each run of spaces one (pypdf, as the invoice document tests read it)."""
    from io import BytesIO

    pypdf = pytest.importorskip("pypdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(data)).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def xml_figures(data: bytes) -> dict:
    """What an XRechnung (UN/CEFACT CII) says of an invoice: its number, order, currency, lines
    (name, net amount) and totals."""
    from xml.etree import ElementTree

    ns = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
          "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}  # fmt: skip
    root = ElementTree.fromstring(data)

    def one(path: str, within=root) -> str:
        return within.find(path, ns).text

    def amount(name: str) -> Decimal:
        return Decimal(one(f".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:{name}"))

    lines = [(one("ram:SpecifiedTradeProduct/ram:Name", item), Decimal(one(".//ram:LineTotalAmount", item)))
             for item in root.iterfind(".//ram:IncludedSupplyChainTradeLineItem", ns)]  # fmt: skip
    return {"number": one("rsm:ExchangedDocument/ram:ID"),
            "order": one(".//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
            "currency": one(".//ram:InvoiceCurrencyCode"), "lines": lines, "net": amount("TaxBasisTotalAmount"),
            "tax": amount("TaxTotalAmount"), "total": amount("GrandTotalAmount"),
            "due": amount("DuePayableAmount")}  # fmt: skip


def post(web: httpx.Client, path: str, **form: str) -> httpx.Response:
    return web.post(path, data={"csrf": form_token(web, "/time"), **form})


def test_lines_payments_a_credit_note_and_a_void_through_the_page_are_what_the_cli_shows(tracked, tmp_path,
                                                                                         db_dump):  # fmt: skip
    aos = tracked
    with signed_in_client(tmp_path, ENV, "max") as web:
        answer = post(web, "/invoices/new", client="1", group_by="entry", tax="19")
        assert answer.status_code == 303, re.findall(r"class=\"error\"[^<]*>([^<]*)", answer.text)
        assert answer.headers["location"] == "/invoices/1?said=created"
        draft = cli_json(aos, "invoice", "show", "1")
        assert draft["status"] == "draft" and len(draft["lines"]) == 3 and draft["tax_rate"] == 19

        page = web.get("/invoices/1").text  # the sender is not complete: the document says what is missing, and where
        assert "aos config set company_name" in page and 'href="/clients/client/1"' in page
        assert "Settings: company_address, company_country, company_name, company_vat_id (an admin sets them)" in page

        before = db_dump()
        refused = post(web, "/invoices/1/issue")
        assert refused.status_code == 400 and db_dump() == before
        said = aos("invoice", "issue", "1", expect=2).err.removeprefix("Error: ").strip()
        assert said[:1].upper() + said[1:] + "." in refused.text.replace("&#39;", "'")
        refused = post(web, "/invoices/1/line", description="Hosting", quantity="abc", unit_price="10")
        assert refused.status_code == 400 and db_dump() == before
        assert re.search(r'id="add-line-quantity"[^>]*aria-invalid="true"', refused.text)
        assert "--quantity &#39;abc&#39; is not a positive number with at most 4 decimals." in refused.text
        assert 'value="Hosting"' in refused.text  # what was typed stays

        assert post(web, "/invoices/1/line", description="Hosting", quantity="2", unit_price="49.90").status_code == 303
        assert post(web, "/invoices/1/line", description="Discount", quantity="1", unit_price="-20").status_code == 303
        lines = cli_json(aos, "invoice", "show", "1")["lines"]
        assert [(line["description"], line["amount"]) for line in lines[3:]] == [
            ("Hosting", Decimal("99.80")),
            ("Discount", Decimal("-20.00")),
        ]
        assert post(web, "/invoices/1/lines/2/remove").status_code == 303
        after = cli_json(aos, "invoice", "show", "1")
        assert [line["description"] for line in after["lines"]] == [draft["lines"][0]["description"],
                                                                     draft["lines"][2]["description"], "Hosting",
                                                                     "Discount"]  # fmt: skip
        assert after["subtotal"] == sum(line["amount"] for line in after["lines"])
        assert len(cli_json(aos, "unbilled", "--client", "Acme")["entries"]) == 1  # the removed line's entry
        shown = web.get("/invoices/1").text
        for line in after["lines"]:
            assert f"{line['amount']:.2f} EUR" in shown

        ready_to_issue(aos, "Acme")
        assert post(web, "/invoices/1/issue", issue_date="2026-04-07").headers["location"] == "/invoices/1?said=issued"
        issued = cli_json(aos, "invoice", "show", "1")
        assert issued["status"] == "sent" and issued["issue_date"] == "2026-04-07"

        before = db_dump()  # issued: final, whatever the page is sent
        for path, form in (("/invoices/1/line", {"description": "x", "quantity": "1", "unit_price": "1"}),
                           ("/invoices/1/lines/1/remove", {}), ("/invoices/1/void", {}),
                           ("/invoices/1/issue", {})):  # fmt: skip
            answer = post(web, path, **form)
            assert answer.status_code == 409, (path, answer.status_code)
            assert db_dump() == before, path
        assert "Add line" not in web.get("/invoices/1").text

        assert post(web, "/invoices/1/pay", amount="100", date="2026-04-07").status_code == 303
        refused = post(web, "/invoices/1/pay", amount="1", date="2026-04-09")  # tomorrow
        assert refused.status_code == 400 and re.search(r'id="pay-date"[^>]*aria-invalid="true"', refused.text)
        paid = cli_json(aos, "invoice", "show", "1")
        assert paid["paid"] == Decimal("100.00") and paid["open"] == paid["total"] - 100 and paid["status"] == "sent"

        assert post(web, "/invoices/1/cancel").headers["location"] == "/invoices/1?said=cancelled"
        cancelled = cli_json(aos, "invoice", "show", "1")
        note = cli_json(aos, "invoice", "show", cancelled["credited_by"])
        assert (
            cancelled["status"] == "cancelled" and note["kind"] == "credit_note" and note["total"] == -issued["total"]
        )
        assert f'href="/invoices/{note["id"]}"' in web.get("/invoices/1?said=cancelled").text
        assert len(cli_json(aos, "unbilled", "--client", "Acme")["entries"]) == 3

        assert post(web, "/invoices/new", client="1").status_code == 303  # the same time again, a new draft
        assert post(web, "/invoices/3/void").headers["location"] == "/invoices/3?said=voided"
        assert cli_json(aos, "invoice", "show", "3")["status"] == "void"
        assert len(cli_json(aos, "unbilled", "--client", "Acme")["entries"]) == 3
        listed = web.get("/invoices").text
        for invoice in cli_json(aos, "invoice", "list"):
            assert invoice["number"] in listed

        before = db_dump()  # what is not there, or not so, is refused as a page: never an error of the server
        for path, status in (("/invoices/99", 404), ("/invoices/1/download/docx", 404), ("/invoices/3/download/ubl", 400),
                             ("/invoices/new?client=99", 200)):  # fmt: skip
            assert web.get(path).status_code == status, path
        for path, form, status in (("/invoices/3/lines/9/remove", {}, 409), ("/invoices/1/frobnicate", {}, 404),
                                   ("/invoices/new", {"client": "99"}, 400), ("/invoices/99/pay", {}, 404)):  # fmt: skip
            assert post(web, path, **form).status_code == status, path
        aos("invoice", "show", "3", "--format", "ubl", expect=2)  # the void draft's e-invoice: refused there too
        assert db_dump() == before


def test_the_draft_form_refuses_in_the_clis_words_beside_the_field(tracked, tmp_path, db_dump):
    aos = tracked
    with signed_in_client(tmp_path, ENV, "max") as web:
        before = db_dump()
        for field, form, args in (
            ("group_by", {"group_by": "month"}, ("--group-by", "month")),
            ("tax", {"tax": "-5"}, ("--tax", "-5")),
            ("due", {"due": "soon"}, ("--due", "soon")),
            ("to", {"to": "whenever"}, ("--to", "whenever")),
        ):  # fmt: skip
            answer = post(web, "/invoices/new", client="1", **form)
            said = aos("invoice", "create", "--client", "1", *args, expect=None).err.removeprefix("Error: ").strip()
            assert answer.status_code == 400, field
            assert f'id="draft-{field}-error">{said[:1].upper()}' in answer.text.replace("&#39;", "'"), (field, said)
            assert db_dump() == before
        aos("invoice", "create", "--client", "Globex")  # nothing left of Globex's time
        answer = post(web, "/invoices/new", client="2")
        assert answer.status_code == 400 and "has no unbilled entries; nothing to invoice." in answer.text
        preview = post(web, "/invoices/new", client="1", group_by="project", preview="true")
        assert preview.status_code == 200 and "nothing saved yet" in preview.text
        assert cli_json(aos, "invoice", "list")[0]["client_name"] == "Globex"  # the preview wrote nothing


ROUTES = [("GET", "/invoices", None), ("GET", "/invoices/new?client=1", None), ("POST", "/invoices/new", {"client": "1"}),
          ("GET", "/invoices/1", None), ("GET", "/invoices/1/preview", None), ("GET", "/invoices/1/download/pdf", None),
          ("GET", "/invoices/1/download/xrechnung", None), ("POST", "/invoices/1/line",
          {"description": "x", "quantity": "1", "unit_price": "1"}), ("POST", "/invoices/1/lines/1/remove", {}),
          ("POST", "/invoices/1/issue", {}), ("POST", "/invoices/1/pay", {}), ("POST", "/invoices/1/cancel", {}),
          ("POST", "/invoices/1/void", {})]  # fmt: skip


def test_a_member_gets_403_on_every_invoices_route_and_nothing_changes(tracked, tmp_path, db_dump):
    aos = tracked
    aos("invoice", "create", "--client", "Acme")
    with signed_in_client(tmp_path, ENV, "ann") as web:
        assert 'href="/invoices"' not in web.get("/time").text  # no "Invoices" in her navigation
        csrf = form_token(web, "/time")
        before = db_dump()
        for method, path, form in ROUTES:
            answer = web.request(method, path, data=None if form is None else {"csrf": csrf, **form})
            assert answer.status_code == 403, (method, path, answer.status_code)
            assert "your role (member)" in answer.text
        assert db_dump() == before


@pytest.mark.browser_only
def test_the_invoice_pages_have_no_wcag_2_2_a_or_aa_violation(site, new_page, tracked):
    aos = tracked
    aos("invoice", "create", "--client", "Globex")  # a draft whose document cannot be made yet
    page = signed_in(site, new_page, "max", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    found = {}
    page.goto(site.url + "/invoices")
    found["list"] = axe_violations(page)
    page.get_by_role("link", name="Invoice Acme").click()
    page.get_by_role("textbox", name="VAT %").fill("lots")
    page.get_by_role("button", name="Create draft").click()
    found["draft form, refused"] = axe_violations(page)
    page.goto(site.url + "/invoices/1")
    page.get_by_role("textbox", name="Quantity").fill("0")
    page.get_by_role("button", name="Add line").click()
    found["draft, missing sender, refused line"] = axe_violations(page)
    ready_to_issue(aos, "Acme", "Globex")
    page.goto(site.url + "/invoices/new?client=1")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url("**/invoices/2?said=created")
    found["draft with its document"] = axe_violations(page)
    page.get_by_role("button", name="Issue invoice").click()
    page.wait_for_url("**/invoices/2?said=issued")
    found["issued"] = axe_violations(page)
    assert found == {name: [] for name in found}
    assert SENDER["company_name"] in page.frame_locator("iframe").locator("body").inner_text()
