"""Public pages cached per event version (app/core/page_cache.py, app/events/version.py): never stale after
a change, 304 on If-None-Match, one cache per language, nothing personal kept or shared, a bounded cache."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
import sqlalchemy as sa

from app.auth.models import Role
from app.core.page_cache import MemoryPageStore, PageVersion, cached_page
from app.events.models import Event, EventKind, EventSeries
from app.events.version import bump_event_versions
from app.people.models import ProtocolRank
from app.programme.models import Session, SessionSpeaker, SpeakerRole, TrackKind
from tests.auth.test_login import login
from tests.factories import (
    PARIS,
    TEST_PASSWORD,
    add_speaker,
    make_collectivite,
    make_event,
    make_person,
    make_room,
    make_session,
    make_track,
    make_user,
)

EVENT_PAGE, PROGRAMME, SPEAKERS = "/raict/raict-2030/", "/raict/raict-2030/programme", "/raict/raict-2030/speakers"
PROTOCOL, JSON = "/raict/raict-2030/speakers?order=protocol", "/api/events/raict-2030/programme.json"
PAGES = (EVENT_PAGE, PROGRAMME, SPEAKERS, PROTOCOL, JSON)


@pytest.fixture
def programme(db):
    series = EventSeries(slug="raict", kind=EventKind.RAICT, title_fr="Les RAICT", title_en="The RAICTs")
    db.session.add(series)
    event = make_event(slug="raict-2030", title_fr="RAICT 2030", title_en="RAICT 2030 in English", series=series)
    room = make_room(event, name="Amphi Bleu")
    track = make_track(event, slug="climat", kind=TrackKind.THEMATIC, name_fr="Climat", name_en="Climate")
    plenary = make_session(event, title_fr="Ouverture solennelle", title_en="Solemn opening", room=room, track=track,
                           starts_at=datetime(2030, 9, 18, 9, 30, tzinfo=PARIS))
    rank = ProtocolRank(name_fr="Maire", name_en="Mayor", precedence=10)
    db.session.add(rank)
    speaker = make_person(given_name="Camille", family_name="Martinez", country="FR", function="Maire adjointe",
                          collectivite=make_collectivite(name="Ville de Lyon", country="FR"), protocol_rank=rank)
    add_speaker(plenary, speaker, SpeakerRole.SPEAKER)
    db.session.commit()
    return {"event": event, "series": series, "room": room, "track": track, "plenary": plenary, "speaker": speaker,
            "rank": rank}


def _pages(client, paths=PAGES, language="fr") -> dict[str, str]:
    answers = {}
    for path in paths:
        response = client.get(path, headers={"Accept-Language": language})
        assert response.status_code == 200, path
        answers[path] = response.get_data(as_text=True)
    return answers


def _change_session_title(db, objects):
    objects["plenary"].title_fr = objects["plenary"].title_en = "Séance inaugurale renommée"
    return "Séance inaugurale renommée", (PROGRAMME, SPEAKERS, PROTOCOL, JSON)


def _change_room(db, objects):
    objects["room"].name = "Salle Marie-Curie"
    return "Salle Marie-Curie", (PROGRAMME, JSON)


def _change_track(db, objects):
    objects["track"].name_fr = objects["track"].name_en = "Transition écologique"
    return "Transition écologique", (PROGRAMME, JSON)


def _change_speaker_name(db, objects):
    objects["speaker"].family_name = "Fontaine-Delacroix"
    return "Fontaine-Delacroix", (PROGRAMME, SPEAKERS, PROTOCOL, JSON)


def _change_speaker_function(db, objects):
    objects["speaker"].function = "Présidente de la métropole"
    return "Présidente de la métropole", (PROGRAMME, SPEAKERS, PROTOCOL, JSON)


def _change_collectivite(db, objects):
    objects["speaker"].collectivite.name = "Métropole de Lyon"
    return "Métropole de Lyon", (PROGRAMME, SPEAKERS, PROTOCOL, JSON)


def _change_event_title(db, objects):
    objects["event"].title_fr = objects["event"].title_en = "RAICT 2030 — édition spéciale"
    return "RAICT 2030 — édition spéciale", PAGES


def _change_event_city(db, objects):
    objects["event"].venue_city = "Marseille"
    return "Marseille", (EVENT_PAGE, JSON)


def _change_series(db, objects):
    objects["series"].title_fr = objects["series"].title_en = "Rencontres annuelles"
    return "Rencontres annuelles", (EVENT_PAGE,)


def _add_session(db, objects):
    make_session(objects["event"], title_fr="Atelier ajouté", title_en="Atelier ajouté",
                 starts_at=datetime(2030, 9, 18, 14, 0, tzinfo=PARIS))
    return "Atelier ajouté", (PROGRAMME, JSON)


def _add_speaker(db, objects):
    add_speaker(objects["plenary"], make_person(given_name="Awa", family_name="Diallo-Nouvelle", country="SN"),
                SpeakerRole.MODERATOR, position=1)
    return "Diallo-Nouvelle", (PROGRAMME, SPEAKERS, PROTOCOL, JSON)


CHANGES = [_change_session_title, _change_room, _change_track, _change_speaker_name, _change_speaker_function,
           _change_collectivite, _change_event_title, _change_event_city, _change_series, _add_session, _add_speaker]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.lstrip("_"))
def test_a_change_is_on_the_next_request_of_every_page_showing_it(app, client, db, programme, change):
    store, fast = app.extensions["page_cache"], app.extensions["page_fast_path"]
    for language in ("fr", "en"):
        _pages(client, language=language)
    hits = store.hits + fast.served
    _pages(client)
    assert store.hits + fast.served == hits + len(PAGES)  # really served from the cache before the change
    text, showing = change(db, programme)
    db.session.commit()
    for language in ("fr", "en"):
        answers = _pages(client, language=language)
        for path in showing:
            assert text in answers[path], (language, path)


def test_removals_are_seen_too(client, db, programme):
    _pages(client)
    db.session.delete(db.session.scalar(sa.select(SessionSpeaker)))
    db.session.commit()
    assert all("Martinez" not in body for body in _pages(client).values())
    db.session.delete(programme["plenary"])
    db.session.commit()
    assert all("Ouverture solennelle" not in body for body in _pages(client).values())


def test_a_change_of_protocol_rank_reorders_the_protocol_list(client, db, programme):
    other = make_person(given_name="Jean", family_name="Aubert", country="FR")
    add_speaker(programme["plenary"], other, SpeakerRole.SPEAKER, position=3)
    db.session.commit()
    body = client.get(PROTOCOL).get_data(as_text=True)
    assert body.index("Martinez") < body.index("Aubert")  # ranked first, the unranked after
    other.protocol_rank = db.session.get(ProtocolRank, programme["rank"].id)
    programme["rank"].precedence = 5  # a rank's precedence changes: every event listing it changes
    db.session.commit()
    body = client.get(PROTOCOL).get_data(as_text=True)
    assert body.index("Aubert") < body.index("Martinez")  # same rank: alphabetical


def test_a_bulk_update_bumps_with_bump_event_versions(client, db, programme):
    _pages(client)
    event_id = programme["event"].id
    db.session.execute(sa.update(Session).where(Session.event_id == event_id).values(title_fr="Titre en masse"))
    bump_event_versions(db.session, [event_id])
    db.session.commit()
    assert "Titre en masse" in _pages(client)[PROGRAMME]


def test_version_goes_up_once_per_flush_and_not_for_what_pages_do_not_show(db, programme):
    def version() -> int:
        return db.session.scalar(sa.select(Event.version).where(Event.id == programme["event"].id))

    start = version()
    programme["speaker"].email = "camille@example.org"  # not shown on any public page
    programme["speaker"].phone = "+33 1 23 45 67 89"
    db.session.commit()
    assert version() == start
    programme["plenary"].title_fr = "Un"
    programme["room"].name = "Deux"
    db.session.commit()
    assert version() == start + 1
    assert programme["event"].version == start + 1  # the copy in memory is refreshed


def test_304_on_if_none_match_without_rendering(app, client, db, programme, count_queries):
    app.config["PAGE_VERSION_LISTEN"] = False  # PostgreSQL's default asks nothing at all (tested below)
    for path in PAGES:
        first = client.get(path)
        etag = first.headers["ETag"]
        assert first.headers["Last-Modified"]
        directives = {part.strip() for part in first.headers["Cache-Control"].split(",")}
        assert {"public", "must-revalidate"} <= directives and "max-age=60" in directives
        assert {"Accept-Language", "Cookie"} <= {part.strip() for part in first.headers["Vary"].split(",")}
        with count_queries() as counter:
            again = client.get(path, headers={"If-None-Match": etag})
            weak = client.get(path, headers={"If-None-Match": f"W/{etag}"})  # as a gzipping proxy sends it
            cached = client.get(path)
        assert again.status_code == weak.status_code == 304 and again.get_data() == b""
        assert again.headers["ETag"] == etag
        assert cached.status_code == 200 and cached.get_data() == first.get_data()
        assert counter.count == 3  # one statement per request: the version of the event
    modified = client.get(PROGRAMME).headers["Last-Modified"]
    assert client.get(PROGRAMME, headers={"If-Modified-Since": modified}).status_code == 304
    etag = client.get(PROGRAMME).headers["ETag"]
    programme["plenary"].title_fr = "Nouveau titre"
    db.session.commit()
    response = client.get(PROGRAMME, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert "Nouveau titre" in response.get_data(as_text=True)


def test_each_language_has_its_own_cache_and_etag(client, programme):
    french = client.get(PROGRAMME, headers={"Accept-Language": "fr"})
    english = client.get(PROGRAMME, headers={"Accept-Language": "en"})
    french_again = client.get(PROGRAMME, headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Solemn opening" in english.get_data(as_text=True)
    assert '<html lang="fr">' in french_again.get_data(as_text=True)
    assert "Ouverture solennelle" in french_again.get_data(as_text=True)
    assert french.headers["ETag"] != english.headers["ETag"]
    assert client.get(PROGRAMME, headers={"Accept-Language": "en", "If-None-Match": french.headers["ETag"]}
                      ).status_code == 200
    chosen = client.get(PROGRAMME + "?lang=en", headers={"Accept-Language": "fr"})
    assert "Solemn opening" in chosen.get_data(as_text=True)


def test_a_logged_in_page_is_never_kept_nor_served_to_others(app, db, programme):
    organiser = make_user(Role.ORGANISER)
    db.session.commit()
    anonymous, staff = app.test_client(), app.test_client()
    assert "Log out" not in anonymous.get(PROGRAMME, headers={"Accept-Language": "en"}).get_data(as_text=True)
    login(staff, organiser.email, TEST_PASSWORD)
    for _ in range(2):
        mine = staff.get(PROGRAMME, headers={"Accept-Language": "en"})  # the anonymous copy is not served to staff
        assert "Log out" in mine.get_data(as_text=True) and 'name="csrf_token"' in mine.get_data(as_text=True)
        assert "ETag" not in mine.headers
        assert {"private", "no-cache"} <= {part.strip() for part in mine.headers["Cache-Control"].split(",")}
    for path in (EVENT_PAGE, SPEAKERS):
        staff.get(path, headers={"Accept-Language": "en"})
    for path in (PROGRAMME, EVENT_PAGE, SPEAKERS):  # the staff copies were never kept
        body = anonymous.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "Log out" not in body and "csrf_token" not in body and "Back office" not in body


def test_a_flashed_message_is_not_kept(app, client, programme):
    other = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Message pour vous seul")]
    assert "Message pour vous seul" in client.get(PROGRAMME).get_data(as_text=True)
    assert "Message pour vous seul" not in other.get(PROGRAMME).get_data(as_text=True)


def test_a_page_that_touches_the_session_is_not_kept(app, db, programme):
    from flask_wtf.csrf import generate_csrf

    @app.get("/test-only/<slug>/form")
    @cached_page(lambda slug: PageVersion("test", 1))
    def page_with_a_form(slug):
        return f"<form><input name=csrf_token value={generate_csrf()}></form>"

    first, second = app.test_client(), app.test_client()
    token = first.get("/test-only/x/form").get_data(as_text=True)
    response = second.get("/test-only/x/form")
    assert response.get_data(as_text=True) != token
    assert "ETag" not in response.headers and "private" in response.headers["Cache-Control"]


def test_the_cache_is_bounded_and_least_recently_used(app, client, programme):
    app.config["PAGE_FAST_PATH"] = False  # the decorator's own store (the fast path is tested below)
    store = MemoryPageStore(max_entries=3, max_bytes=10 ** 7, ttl=60)
    app.extensions["page_cache"] = store
    client.get(PROGRAMME)
    for track in ("a", "b", "c", "d"):
        client.get(PROGRAMME)  # used again: stays
        client.get(f"{PROGRAMME}?track={track}")
    assert len(store) == 3
    hits = store.hits
    client.get(PROGRAMME)
    assert store.hits == hits + 1
    small = MemoryPageStore(max_entries=100, max_bytes=3 * len(client.get(PROGRAMME).get_data()), ttl=60)
    app.extensions["page_cache"] = small
    for track in ("a", "b", "c", "d", "e"):
        client.get(f"{PROGRAMME}?track={track}")
    assert 0 < len(small) < 5 and small.size_in_bytes <= small.max_bytes


def test_a_cached_page_expires_after_its_time_to_live(app, client, programme):
    app.config["PAGE_FAST_PATH"] = False  # the decorator's own store (the fast path is tested below)
    store = MemoryPageStore(max_entries=10, max_bytes=10 ** 7, ttl=-1)  # already expired when kept
    app.extensions["page_cache"] = store
    client.get(PROGRAMME)
    client.get(PROGRAMME)
    assert store.hits == 0 and store.misses == 2


def test_drafts_and_unknown_slugs_answer_404_and_are_not_kept(app, client, db, programme):
    app.config["PAGE_FAST_PATH"] = False  # the decorator's own store (the fast path is tested below)
    make_event(slug="raict-draft", status="draft")
    db.session.commit()
    store = app.extensions["page_cache"]
    for path in ("/raict/raict-draft/programme", "/raict/nothing/programme", "/assises/raict-2030/programme"):
        assert client.get(path).status_code == 404
    assert len(store) == 0


# --- Redis (REDIS_URL): pages shared by every worker ----------------------------------------------------

@pytest.fixture
def redis_url(tmp_path):
    import shutil
    import socket
    import subprocess
    import time

    redis = pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("needs redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_with_redis_workers_share_pages_and_see_changes(app, database_uri, tmp_path, redis_url):
    from app import create_app
    from app.core.extensions import db
    from app.core.page_cache import RedisPageStore
    from tests.conftest import base_settings

    workers = [create_app(base_settings(tmp_path / f"worker{n}", database_uri) | {"REDIS_URL": redis_url})
               for n in (1, 2)]
    assert all(isinstance(worker.extensions["page_cache"], RedisPageStore) for worker in workers)
    with workers[0].app_context():
        event = make_event(slug="raict-2030")
        make_session(event, title_fr="Titre partagé")
        db.session.commit()
        event_id = event.id
        first = workers[0].test_client().get(PROGRAMME)
        db.session.remove()
    store = workers[1].extensions["page_cache"]
    assert len(list(store.client.scan_iter(store.prefix + "*"))) == 1  # kept in Redis by the first worker
    with workers[1].app_context():
        second = workers[1].test_client().get(PROGRAMME)
        assert second.get_data() == first.get_data() and second.headers["ETag"] == first.headers["ETag"]
        db.session.execute(sa.update(Session).where(Session.event_id == event_id).values(title_fr="Titre changé"))
        bump_event_versions(db.session, [event_id])
        db.session.commit()
        db.session.remove()
    with workers[0].app_context():
        assert "Titre changé" in workers[0].test_client().get(PROGRAMME).get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    with workers[1].app_context():
        db.engine.dispose()


def test_a_redis_that_is_down_is_a_miss_not_an_error(app, database_uri, tmp_path):
    pytest.importorskip("redis")
    from app import create_app
    from app.core.extensions import db
    from tests.conftest import base_settings

    app = create_app(base_settings(tmp_path / "instance", database_uri) | {"REDIS_URL": "redis://127.0.0.1:9/0"})
    with app.app_context():
        make_session(make_event(slug="raict-2030"), title_fr="Sans Redis")
        db.session.commit()
        response = app.test_client().get(PROGRAMME)
        assert response.status_code == 200 and "Sans Redis" in response.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()


def test_the_version_check_survives_a_dropped_connection(client, db, programme):
    from app.core import quick_read

    etag = client.get(PROGRAMME).headers["ETag"]
    held = [connection for connection in quick_read._held.values() if connection.engine is db.engine]
    assert held, "the version is read on a connection kept open"
    for connection in held:
        connection.connection.dbapi_connection.close()  # as a database restart or failover would
    assert client.get(PROGRAMME, headers={"If-None-Match": etag}).status_code == 304
    renewed = [connection for connection in quick_read._held.values() if connection.engine is db.engine]
    assert renewed and not set(map(id, renewed)) & set(map(id, held))  # asked again on a new connection
    db.engine.dispose()
    assert not [connection for connection in quick_read._held.values() if connection.engine is db.engine]


# --- PAGE_VERSION_LISTEN (PostgreSQL, the default): versions known per process -----------------------------

def _worker(folder, database_uri, **settings):
    """An app as a gunicorn worker runs it: the instance ``folder`` stands for its host (workers of one host
    share it), each request in its own application context and database session."""
    from app import create_app
    from tests.conftest import FreshContextClient, base_settings

    worker = create_app(base_settings(folder, database_uri) | settings)
    worker.test_client_class = FreshContextClient
    return worker


def _stop_listening(worker):
    """As if PostgreSQL had not delivered any notification to this worker yet."""
    worker.extensions["event_versions"].watcher._connection.execute("UNLISTEN *")


@pytest.fixture
def listening_app(app, database_uri, tmp_path):
    from tests.conftest import ON_POSTGRES

    if not ON_POSTGRES:
        pytest.skip("PAGE_VERSION_LISTEN needs PostgreSQL (TEST_DATABASE_URL)")
    from app.core.extensions import db

    listening = _worker(tmp_path / "listening", database_uri)  # the default settings: listening on PostgreSQL
    with listening.app_context():
        yield listening
        db.session.remove()
        db.engine.dispose()  # closes the listening connection too


@pytest.mark.postgres
def test_listening_workers_ask_nothing_and_see_other_processes_changes(listening_app, count_queries):
    import time

    from app.core.extensions import db

    assert listening_app.config["PAGE_VERSION_LISTEN"] is True  # the default
    event = make_event(slug="raict-2030")
    session = make_session(event, title_fr="Titre écouté")
    db.session.commit()
    client = listening_app.test_client()
    for _ in range(3):  # connect and listen, then learn the version, then keep it
        assert "Titre écouté" in client.get(PROGRAMME).get_data(as_text=True)
    with count_queries() as counter:
        etag = client.get(PROGRAMME).headers["ETag"]
        assert client.get(PROGRAMME, headers={"If-None-Match": etag}).status_code == 304
    assert counter.count == 0  # no SQL at all for a cached page or a 304
    session.title_fr = "Titre changé ici"  # a change committed by this process: known at once
    db.session.commit()
    assert "Titre changé ici" in client.get(PROGRAMME).get_data(as_text=True)
    other = sa.create_engine(db.engine.url)  # another host's connection (or a change made outside the app)
    with other.begin() as connection:
        connection.execute(sa.text("UPDATE programme_session SET title_fr = 'Titre changé ailleurs'"))
        connection.execute(sa.text("UPDATE event SET version = version + 1"))
        connection.execute(sa.text("SELECT pg_notify('rencontres_event_version', id::text) FROM event"))
    other.dispose()
    for _ in range(100):  # delivery is asynchronous: wait for it (bounded), no timing asserted
        if "Titre changé ailleurs" in client.get(PROGRAMME).get_data(as_text=True):
            break
        time.sleep(0.02)
    body = client.get(PROGRAMME).get_data(as_text=True)
    assert "Titre changé ailleurs" in body, body[body.find("<main"):]


@pytest.mark.postgres
def test_a_change_committed_by_one_worker_is_on_the_next_request_of_every_worker_of_the_host(
        app, database_uri, tmp_path, count_queries):
    """The default's guarantee on one host: no waiting for a notification. The readers hear none (UNLISTEN):
    only the host's shared generation can tell them, and it does before the writer's request answers."""
    from app.core.extensions import db
    from tests.conftest import ON_POSTGRES

    if not ON_POSTGRES:
        pytest.skip("PAGE_VERSION_LISTEN needs PostgreSQL (TEST_DATABASE_URL)")
    host = tmp_path / "host"
    writer, reader, other_host = _worker(host, database_uri), _worker(host, database_uri), \
        _worker(tmp_path / "other-host", database_uri)
    with app.app_context():
        event = make_event(slug="raict-2030")
        make_session(event, title_fr="Titre initial")
        db.session.commit()
    try:
        for worker in (reader, other_host):
            for _ in range(3):  # listening, then knowing the version
                assert "Titre initial" in worker.test_client().get(PROGRAMME).get_data(as_text=True)
            with worker.app_context(), count_queries() as counter:
                worker.test_client().get(PROGRAMME)
            assert counter.count == 0  # served from what it knows
            _stop_listening(worker)
        with writer.app_context():  # the writer's request: the change and its commit
            db.session.scalars(sa.select(Session)).one().title_fr = "Titre changé par un autre worker"
            db.session.commit()
        assert "Titre changé par un autre worker" in reader.test_client().get(PROGRAMME).get_data(as_text=True)
        # Another host learns it only from the notification (here withheld): the limit documented.
        assert "Titre initial" in other_host.test_client().get(PROGRAMME).get_data(as_text=True)
    finally:
        for worker in (writer, reader, other_host):
            with worker.app_context():
                db.session.remove()
                db.engine.dispose()


@pytest.mark.postgres
def test_a_version_read_while_another_thread_learnt_of_a_change_is_not_kept(listening_app):
    from app.core.extensions import db
    from app.events.version import public_event_version

    make_event(slug="raict-2030")
    db.session.commit()
    known = listening_app.extensions["event_versions"]
    public_event_version("raict-2030")  # starts listening
    epoch = known.check()
    assert epoch is not None
    read = public_event_version("raict-2030")  # as if this thread had read it just before…
    known.known.clear()
    known.changed_here()  # …another thread (or process) learnt of a change
    known.keep(("raict-2030", None), read, epoch)
    assert not known.known  # the version read before the change is not kept
    epoch = known.check()
    known.keep(("raict-2030", None), read, epoch)
    assert known.get(("raict-2030", None)) == read


@pytest.mark.postgres
def test_with_page_version_listen_off_every_cached_page_asks_the_version(listening_app, count_queries):
    from app.core.extensions import db

    make_session(make_event(slug="raict-2030"), title_fr="Avant")
    db.session.commit()
    listening_app.config["PAGE_VERSION_LISTEN"] = False
    client = listening_app.test_client()
    for _ in range(3):
        client.get(PROGRAMME)
    with count_queries() as counter:
        assert client.get(PROGRAMME).status_code == 200
    assert counter.count == 1


@pytest.mark.postgres
def test_a_lost_listening_connection_falls_back_to_asking(listening_app, count_queries):
    from app.core.extensions import db

    make_session(make_event(slug="raict-2030"), title_fr="Avant")
    db.session.commit()
    client = listening_app.test_client()
    for _ in range(3):
        client.get(PROGRAMME)
    known = listening_app.extensions["event_versions"]
    known.watcher._connection.pgconn.finish()  # the server went away
    with count_queries() as counter:
        assert client.get(PROGRAMME).status_code == 200
    assert counter.count == 1 and not known.known  # forgot what it knew, asked the database


def test_a_programme_import_is_on_the_next_request(app, db, programme):
    from tests.programme.import_helpers import (
        confirm,
        csv_bytes,
        login_organiser,
        session_row,
        speaker,
        upload,
    )

    reader, organiser = app.test_client(), app.test_client()
    _pages(reader)
    _pages(reader)  # served from the cache
    login_organiser(organiser, db)
    rows = [session_row("I1", title_fr="Atelier importé", title_en="Imported workshop", day="2030-09-18") |
            speaker(speaker_family_name="Importée-Diallo")]
    preview = upload(organiser, programme["event"], "programme.csv", csv_bytes(rows))
    assert confirm(organiser, programme["event"], preview).status_code == 302
    answers = _pages(reader)
    for path in (PROGRAMME, JSON):
        assert "Atelier importé" in answers[path], path
    for path in (PROGRAMME, SPEAKERS, PROTOCOL, JSON):
        assert "Importée-Diallo" in answers[path], path


# --- the fast path (app/core/page_fast_path.py): readers without a cookie, before Flask's per-request work ------

def _without_request_id(response):
    return sorted((name, value) for name, value in response.headers if name.lower() not in ("x-request-id", "date"))


def test_the_fast_path_answers_exactly_as_the_whole_way(app, client, programme, caplog):
    import logging

    fast = app.extensions["page_fast_path"]
    for path in PAGES:
        app.config["PAGE_FAST_PATH"] = False
        with caplog.at_level(logging.INFO, logger="rencontres.request"):
            whole = client.get(path, headers={"Accept-Language": "en"})
        logged = json.loads(caplog.records[-1].getMessage())
        app.config["PAGE_FAST_PATH"] = True
        client.get(path, headers={"Accept-Language": "en"})  # the whole way, kept
        served = fast.served
        with caplog.at_level(logging.INFO, logger="rencontres.request"):
            caplog.clear()
            answer = client.get(path, headers={"Accept-Language": "en", "X-Request-ID": "desk-42"})
        assert fast.served == served + 1, path
        assert answer.status_code == 200 and answer.get_data() == whole.get_data()
        assert _without_request_id(answer) == _without_request_id(whole), path
        assert answer.headers["X-Request-ID"] == "desk-42"
        line = json.loads(caplog.records[-1].getMessage())
        assert line | {"duration_ms": 0, "request_id": 0} == logged | {"duration_ms": 0, "request_id": 0}
        assert line["request_id"] == "desk-42"
        etag = answer.headers["ETag"]
        revalidated = client.get(path, headers={"Accept-Language": "en", "If-None-Match": f"W/{etag}"})
        assert revalidated.status_code == 304 and revalidated.get_data() == b"" and revalidated.headers["ETag"] == etag
        head = client.head(path, headers={"Accept-Language": "en"})
        assert head.status_code == 200 and head.get_data() == b""
    french = client.get(PROGRAMME, headers={"Accept-Language": "fr"})  # another language: its own copy
    assert french.headers["ETag"] != client.get(PROGRAMME, headers={"Accept-Language": "en"}).headers["ETag"]


def test_readers_with_a_cookie_or_a_changed_version_take_the_whole_way(app, client, db, programme):
    fast = app.extensions["page_fast_path"]
    reader = app.test_client()
    for _ in range(2):
        reader.get(PROGRAMME)
    reader.get(f"{EVENT_PAGE}?lang=en")  # remembered in the session cookie
    served = fast.served
    assert "Programme" in reader.get(PROGRAMME).get_data(as_text=True)
    assert fast.served == served  # a cookie: never from the fast path
    client.get(PROGRAMME)
    programme["plenary"].title_fr = "Titre changé pour le chemin court"
    db.session.commit()
    assert "Titre changé pour le chemin court" in client.get(PROGRAMME).get_data(as_text=True)
    assert fast.served == served + 1  # the kept copy was of the previous version: the whole way, then kept again
    assert "Titre changé pour le chemin court" in client.get(PROGRAMME).get_data(as_text=True)
    assert fast.served == served + 2
