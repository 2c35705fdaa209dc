"""``flask figures``: JSON and CSV on the small world; a clear error for an unknown short name."""
from __future__ import annotations

import csv
import io
import json


def test_figures_command_prints_json(world, cli):
    result = cli.invoke(args=["figures", "raict-test", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["participants"], document["checked_in"], document["countries"]) == (7, 2, 2)
    assert document["from_abroad_share"] == 0.4286
    assert (document["french_collectivites"], document["foreign_collectivites"]) == (2, 2)
    assert document["sessions_by_type"] == {"workshop": 2, "break": 1, "plenary": 1}
    assert document["delegations"] == {"Délégation vietnamienne": 2, "Délégation vide": 0}


def test_figures_command_prints_series_json(world, cli):
    result = cli.invoke(args=["figures", "chroniques-test"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["scope"], document["chronicles"], document["avg_collectivites_per_chronicle"]) == ("series", 2, 1.5)


def test_figures_command_prints_csv(world, cli):
    result = cli.invoke(args=["figures", "raict-test", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert not result.output.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.output), delimiter=";"))
    assert rows[0] == ["figure", "item", "value"]
    assert ["participants", "", "7"] in rows and ["countries", "", "2"] in rows
    assert ["countries_represented", "VN", "2"] in rows and ["sessions_by_type", "workshop", "2"] in rows


def test_figures_command_for_a_year(world, cli):
    result = cli.invoke(args=["figures", "--year", "2023"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["scope"], document["participants"], document["events"]) == ("year", 9, ["raict-test", "assises-test"])


def test_figures_command_refuses_an_unknown_slug(world, cli):
    result = cli.invoke(args=["figures", "raict-1999"])
    assert result.exit_code != 0
    assert "no event or series with the short name 'raict-1999'" in result.output


def test_figures_command_wants_a_slug_or_a_year(world, cli):
    for args in (["figures"], ["figures", "raict-test", "--year", "2023"]):
        result = cli.invoke(args=args)
        assert result.exit_code != 0
        assert "--year" in result.output
    bad_format = cli.invoke(args=["figures", "raict-test", "--format", "pdf"])
    assert bad_format.exit_code != 0 and "pdf" in bad_format.output
