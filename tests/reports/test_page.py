"""The organisers' figures page: SVG charts with text labels, printable; CSV and XLSX exports."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile

from openpyxl import load_workbook

from app.auth.models import Role
from app.registration.models import Delegation
from tests.backoffice.helpers import login_as

SVG = "{http://www.w3.org/2000/svg}"


def svgs(html: str) -> dict[str, ET.Element]:
    """Every inline SVG of the page, parsed as XML, by id."""
    charts = [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)]
    return {chart.get("id"): chart for chart in charts}


def bars(chart: ET.Element) -> dict[str, str]:
    """Label → value, as the text beside each bar says."""
    found = {}
    for group in chart.iter(f"{SVG}g"):
        texts = {text.get("class"): text.text for text in group.iter(f"{SVG}text")}
        assert group.find(f"{SVG}rect") is not None
        found[texts["bar-label"]] = texts["bar-value"]
    return found


def test_figures_page_draws_accessible_svg_charts(world, client, db):
    login_as(client, db, Role.ORGANISER)
    response = client.get("/organiser/figures/events/raict-test?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The charts need no JavaScript: the page loads none but the site-wide confirm.js
    assert re.findall(r"<script[^>]*>", html) == [re.search(r'<script src="[^"]*confirm\.js"[^>]*>', html).group(0)]
    assert re.search(r'id="figure-participants">7<', html) and re.search(r'id="figure-countries">2<', html)
    charts = svgs(html)
    assert {"chart-abroad", "chart-categories", "chart-countries", "chart-collectivite-types", "chart-sessions",
            "chart-delegations", "chart-statuses"} <= set(charts)
    for chart in charts.values():
        assert chart.get("role") == "img"
        title, desc = chart.find(f"{SVG}title"), chart.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        assert chart.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert bars(charts["chart-categories"]) == {"Participant": "3", "Delegation member": "2", "Press": "1",
                                                "Speaker": "1"}
    assert bars(charts["chart-countries"]) == {"Vietnam": "2", "Morocco": "1"}
    assert bars(charts["chart-sessions"]) == {"Workshop": "2", "Break": "1", "Plenary": "1"}
    widths = {group.find(f"{SVG}title").text: float(group.find(f"{SVG}rect").get("width"))
              for group in charts["chart-categories"].iter(f"{SVG}g")}
    assert widths["Participant: 3"] > widths["Delegation member: 2"] > widths["Press: 1"] > 0
    gauge = charts["chart-abroad"]
    assert gauge.find(f"{SVG}text").text == "43 %"
    assert "3 of 7 participants come from abroad" in gauge.find(f"{SVG}desc").text


def test_figures_page_in_french(world, client, db):
    login_as(client, db, Role.ADMIN)
    html = client.get("/organiser/figures/events/raict-test?lang=fr").get_data(as_text=True)
    assert "Participants par catégorie" in html
    assert bars(svgs(html)["chart-countries"]) == {"Viêt Nam": "2", "Maroc": "1"}


def test_series_and_year_pages(world, client, db):
    login_as(client, db, Role.ORGANISER)
    series = client.get("/organiser/figures/series/chroniques-test?lang=en").get_data(as_text=True)
    assert re.search(r'id="figure-chronicles">2<', series)
    assert re.search(r'id="figure-avg-collectivites">1\.5<', series)
    assert "chart-chronicles" in svgs(series)
    year = client.get("/organiser/figures/years/2023?lang=en").get_data(as_text=True)
    assert re.search(r'id="figure-participants">9<', year)
    assert client.get("/organiser/figures/years/2023").status_code == 200


def test_figures_pages_404_for_unknown_scopes(world, client, db):
    login_as(client, db, Role.ORGANISER)
    for url in ("/organiser/figures/events/nope", "/organiser/figures/series/nope",
                "/organiser/figures/events/nope/figures.csv", "/organiser/figures/series/nope/figures.xlsx"):
        assert client.get(url).status_code == 404, url


def test_figures_index_and_dashboard_link(world, client, db):
    login_as(client, db, Role.ORGANISER)
    assert "/organiser/figures/" in client.get("/organiser/").get_data(as_text=True)
    index = client.get("/organiser/figures/").get_data(as_text=True)
    for url in ("/organiser/figures/events/raict-test", "/organiser/figures/series/chroniques-test",
                "/organiser/figures/years/2023"):
        assert url in index


def test_figures_page_prints_without_buttons(client):
    css = client.get("/static/css/site.css").get_data(as_text=True)
    print_rules = " ".join(re.findall(r"@media print \{(.*?)\n\}", css, flags=re.DOTALL))
    assert ".figures-exports" in print_rules


def _with_formula_delegation(db, world) -> None:
    db.session.add(Delegation(event=world.raict, name='=HYPERLINK("http://evil.example")', country="FR"))
    db.session.commit()


def test_figures_csv_export(world, client, db):
    _with_formula_delegation(db, world)
    login_as(client, db, Role.ORGANISER)
    response = client.get("/organiser/figures/events/raict-test/figures.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="raict-test-figures.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["figure", "item", "value"]
    assert ["participants", "", "7"] in rows and ["from_abroad_share", "", "0.4286"] in rows
    assert ["delegations", "Délégation vietnamienne", "2"] in rows
    assert ["delegations", '\'=HYPERLINK("http://evil.example")', "0"] in rows


def test_figures_xlsx_export(world, client, db):
    _with_formula_delegation(db, world)
    login_as(client, db, Role.ORGANISER)
    response = client.get("/organiser/figures/series/chroniques-test/figures.xlsx")
    assert response.status_code == 200
    content = response.get_data()
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    rows = [tuple(cell.value for cell in row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows()]
    assert rows[0] == ("figure", "item", "value")
    assert ("chronicles", None, 2) in rows or ("chronicles", "", 2) in rows
    assert ("collectivites_per_chronicle", "chronique-1", 2) in rows
    event = client.get("/organiser/figures/events/raict-test/figures.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(event)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_figures_page_takes_a_fixed_number_of_queries(world, client, db, count_queries):
    from tests.factories import make_person, make_registration, make_session

    login_as(client, db, Role.ORGANISER)
    url = "/organiser/figures/events/raict-test?lang=en"
    client.get(url)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    for n in range(25):
        make_registration(world.raict, make_person(country=("FR", "SN", "CI", "BR", "JP")[n % 5]))
        make_session(world.raict)
        db.session.add(Delegation(event=world.raict, name=f"Délégation {n}", country="SN"))
    db.session.commit()
    with count_queries() as large:
        html = client.get(url).get_data(as_text=True)
    assert re.search(r'id="figure-participants">32<', html)
    assert large.count == small.count
