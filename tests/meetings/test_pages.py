"""The participants' meeting pages on the private link: profile, directory and suggestions, ask, answer."""
from __future__ import annotations

import sqlalchemy as sa

from app.core.extensions import db
from app.meetings import operations
from app.meetings.models import CooperationProfile, Meeting, MeetingRequest, RequestStatus
from app.meetings.operations import ProfileData
from tests.backoffice.helpers import post_form
from tests.meetings.helpers import make_assises


def _profiles(a):
    operations.save_profile(a.anne, a.lyon, ProfileData([a.water.id, a.heritage.id], "Huế", "youth exchanges",
                                                        "fr en"), actor="t")
    operations.save_profile(a.binh, a.hue, ProfileData([a.water.id, a.heritage.id], "Lyon", "", "vi fr"), actor="t")
    operations.save_profile(a.dung, a.danang, ProfileData([a.water.id], "", "", "vi en"), actor="t")
    operations.save_profile(a.anne, a.lyon, ProfileData([a.water.id, a.heritage.id], "Huế", "youth exchanges",
                                                        "fr en"), actor="t")


def test_private_page_shows_meetings_section_with_profile_link(app, client):
    a = make_assises()
    db.session.commit()
    html = client.get(f"/registration/{a.binh.manage_token}").get_data(as_text=True)
    assert "Bilateral meetings" in html and f"/meetings/profile/{a.hue.id}" in html
    assert f"/registration/{a.binh.manage_token}/meetings/directory" in html


def test_profile_form_saves_themes_and_languages(app, client):
    a = make_assises()
    db.session.commit()
    url = f"/registration/{a.anne.manage_token}/meetings/profile/{a.lyon.id}"
    response = post_form(client, url, {"themes": [str(a.water.id), str(a.youth.id)], "existing_partners": "Huế",
                                       "looking_for": "Water programme", "languages": "FR, en"})
    assert response.status_code == 303
    profile = db.session.scalar(sa.select(CooperationProfile))
    assert {theme.id for theme in profile.themes} == {a.water.id, a.youth.id} and profile.languages == "en fr"


def test_profile_form_bad_language_is_a_clear_error(app, client):
    a = make_assises()
    db.session.commit()
    url = f"/registration/{a.anne.manage_token}/meetings/profile/{a.lyon.id}"
    response = post_form(client, url, {"looking_for": "Partners", "languages": "français"})
    assert response.status_code == 400 and "two-letter codes" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CooperationProfile)) == 0


def test_profile_without_what_it_looks_for_is_refused(app, client):
    a = make_assises()
    db.session.commit()
    url = f"/registration/{a.anne.manage_token}/meetings/profile/{a.lyon.id}"
    response = post_form(client, url, {"existing_partners": "Huế", "languages": "fr"})
    assert response.status_code == 400 and "Huế" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CooperationProfile)) == 0


def test_profile_of_another_collectivite_is_404(app, client):
    a = make_assises()
    db.session.commit()
    assert client.get(f"/registration/{a.anne.manage_token}/meetings/profile/{a.hue.id}").status_code == 404


def test_directory_shows_other_side_ranks_suggestions_and_marks_partners(app, client):
    a = make_assises()
    _profiles(a)
    db.session.commit()
    html = client.get(f"/registration/{a.dung.manage_token}/meetings/directory").get_data(as_text=True)
    listed = html.split("All profiles")[1]
    assert f'data-collectivite="{a.lyon.id}"' in listed and f'data-collectivite="{a.hue.id}"' not in listed
    html = client.get(f"/registration/{a.anne.manage_token}/meetings/directory").get_data(as_text=True)
    suggested = html.split("Suggested for you")[1].split("All profiles")[0]
    assert f'data-collectivite="{a.danang.id}"' in suggested
    assert f'data-collectivite="{a.hue.id}"' not in suggested  # an existing partner
    assert "Existing partner" in html


def test_suggestions_rank_by_theme_overlap(app):
    from app.meetings import queries

    a = make_assises()
    _profiles(a)
    operations.save_profile(a.dung, a.danang, ProfileData([a.water.id, a.heritage.id], "", "", "en"), actor="t")
    operations.save_profile(a.binh, a.hue, ProfileData([a.water.id, a.heritage.id], "", "", "vi"), actor="t")
    operations.save_profile(a.anne, a.lyon, ProfileData([a.water.id, a.heritage.id], "", "", "fr en"), actor="t")
    entries = queries.directory(a.anne)
    assert [entry.collectivite.name for entry in entries] == ["Đà Nẵng", "Huế"]  # shares a language with Lyon
    assert entries[0].score == 2 * 2 + 1 and entries[1].score == 2 * 2


def test_directory_filters_by_theme_and_country(app, client):
    a = make_assises()
    _profiles(a)
    db.session.commit()
    url = f"/registration/{a.anne.manage_token}/meetings/directory"
    html = client.get(f"{url}?theme={a.heritage.id}").get_data(as_text=True).split("All profiles")[1]
    assert f'data-collectivite="{a.hue.id}"' in html and f'data-collectivite="{a.danang.id}"' not in html
    html = client.get(f"{url}?country=FR&type=nonsense&theme=x").get_data(as_text=True).split("All profiles")[1]
    assert "No profile matches" in html


def test_ask_and_accept_through_the_pages(app, client):
    a = make_assises()
    _profiles(a)
    db.session.commit()
    response = post_form(client, f"/registration/{a.anne.manage_token}/meetings/ask/collectivite/{a.hue.id}",
                         {"on_behalf_of": str(a.anne.id), "message": "Water programme"})
    assert response.status_code == 303
    request = db.session.scalar(sa.select(MeetingRequest))
    html = client.get(f"/registration/{a.binh.manage_token}").get_data(as_text=True)
    assert "Water programme" in html and "Waiting for an answer" in html
    response = post_form(client, f"/registration/{a.binh.manage_token}/meetings/requests/{request.id}/accept",
                         {"attendee": str(a.chi.id)}, page_url=f"/registration/{a.binh.manage_token}")
    assert response.status_code == 303
    db.session.expire_all()
    assert request.status == RequestStatus.ACCEPTED and request.to_registration_id == a.chi.id
    meeting = db.session.scalar(sa.select(Meeting))
    for token in (a.anne.manage_token, a.chi.manage_token):
        html = client.get(f"/registration/{token}").get_data(as_text=True)
        assert f'data-meeting="{meeting.id}"' in html and "Time and table to come" in html


def test_stranger_cannot_answer_a_request(app, client):
    a = make_assises()
    request = operations.ask(a.anne, a.anne, to_collectivite=a.hue, actor="t")
    db.session.commit()
    response = post_form(client, f"/registration/{a.dung.manage_token}/meetings/requests/{request.id}/accept",
                         {"attendee": str(a.dung.id)}, page_url=f"/registration/{a.dung.manage_token}")
    assert response.status_code == 303
    db.session.expire_all()
    assert request.status == RequestStatus.REQUESTED


def test_request_of_another_event_is_404(app, client):
    a, b = make_assises(), make_assises(suffix=" bis")
    request = operations.ask(b.anne, b.anne, to_collectivite=b.hue, actor="t")
    db.session.commit()
    response = post_form(client, f"/registration/{a.binh.manage_token}/meetings/requests/{request.id}/decline",
                         {}, page_url=f"/registration/{a.binh.manage_token}")
    assert response.status_code == 404


def test_unknown_token_is_404(app, client):
    assert client.get("/registration/nope/meetings/directory").status_code == 404


def test_profile_saved_unchanged_by_another_person_changes_nothing(app):
    a = make_assises()
    profile = operations.save_profile(a.binh, a.hue, ProfileData([a.water.id], "", "Water", "vi"), actor="t")
    operations.save_profile(a.chi, a.hue, ProfileData([a.water.id], "", "Water", "vi"), actor="t")
    assert profile.updated_by_person_id == a.binh.person_id
    operations.save_profile(a.chi, a.hue, ProfileData([a.water.id], "", "Water and youth", "vi"), actor="t")
    assert profile.updated_by_person_id == a.chi.person_id and profile.looking_for == "Water and youth"


def test_private_page_section_in_french(app):
    a = make_assises()
    db.session.commit()
    french = app.test_client()
    french.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    html = french.get(f"/registration/{a.binh.manage_token}").get_data(as_text=True)
    assert "Rendez-vous bilatéraux" in html and "Trouver des partenaires à rencontrer" in html


def test_directory_odd_filters_are_ignored_not_a_500(app, client):
    a = make_assises()
    db.session.commit()
    url = f"/registration/{a.anne.manage_token}/meetings/directory"
    for query in ("?theme=²", "?theme=99999999999999999999", "?type=../", "?country=ÉÉ"):
        assert client.get(url + query).status_code == 200, query
    assert client.get(url + "?country=%00%01").status_code == 400  # control characters: refused app-wide
