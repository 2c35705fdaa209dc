"""The series pages (public and organisers') and the attendance page read in a fixed number of queries."""
from __future__ import annotations

from datetime import timedelta

from app.auth.models import Role
from tests.backoffice.helpers import login_as
from tests.chroniques.builders import build_series, make_chronicle
from tests.factories import make_collectivite, make_person, make_registration


def queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def add_chronicles(built, number: int, offset: int) -> None:
    for n in range(number):
        chronicle = make_chronicle(built.series, built.upcoming[-1].starts_at + timedelta(days=30 * (n + offset)),
                                   f"Sujet {n + offset}")
        for _ in range(5):
            make_registration(chronicle, make_person(collectivite_id=make_collectivite().id))


def test_series_pages_do_not_grow_with_the_chronicles(client, db, count_queries):
    built = build_series()
    db.session.commit()
    login_as(client, db, Role.ORGANISER)
    urls = [f"/chroniques/{built.series.slug}/", f"/organiser/chroniques/{built.series.slug}/",
            f"/organiser/chroniques/chronicles/{built.upcoming[0].slug}/attendance"]
    before = [queries(client, count_queries, url) for url in urls]
    add_chronicles(built, 12, 1)
    for _ in range(20):
        make_registration(built.upcoming[0], make_person(collectivite_id=make_collectivite().id))
    db.session.commit()
    after = [queries(client, count_queries, url) for url in urls]
    assert after == before
