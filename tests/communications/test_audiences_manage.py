"""Saved audiences renamed, deleted (set aside, no longer offered) and restored; an audience still in use by
another saved audience or by a campaign not sent yet cannot be deleted; each change has its audit line."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.communications import audiences, campaigns
from app.communications.campaigns import CampaignData, CampaignError
from app.communications.models import SavedAudience
from tests.backoffice.helpers import login_as, post_form
from tests.communications.helpers import make_contact
from tests.registration.helpers import open_event


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English (the messages below are the English ones)."""
    client.get("/login?lang=en")


def setup(db, app):
    make_contact("lan@hanoi.vn", country="VN")
    make_contact("marie@lyon.fr", country="FR", is_member=True)
    with app.test_request_context("/?lang=en"):
        vietnam = audiences.save_audience("Vietnam", {"kind": "countries", "countries": ["VN"]}, actor="test")
        members = audiences.save_audience("Membres", {"kind": "members"}, actor="test")
        db.session.commit()
    return vietnam.id, members.id


def actions(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_audience_rename_changes_the_name_with_an_audit_line(app, client, db):
    vietnam, _ = setup(db, app)
    user = login_as(client, db)
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    assert f'href="/organiser/contacts/audiences/{vietnam}/rename"' in page
    url = f"/organiser/contacts/audiences/{vietnam}/rename"
    assert 'value="Vietnam"' in client.get(url).get_data(as_text=True)
    response = post_form(client, url, {"name": "  Viêt Nam   partenaires "})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(SavedAudience, vietnam).name == "Viêt Nam partenaires"
    [line] = actions(db, "audience.renamed")
    assert line.actor == f"user:{user.id}" and line.details == {"before": "Vietnam", "name": "Viêt Nam partenaires"}


def test_audience_rename_unchanged_changes_nothing(app, client, db):
    vietnam, _ = setup(db, app)
    login_as(client, db)
    response = post_form(client, f"/organiser/contacts/audiences/{vietnam}/rename", {"name": "Vietnam"})
    assert response.status_code == 303
    assert actions(db, "audience.renamed") == []


def test_audience_rename_to_a_taken_name_refused(app, client, db):
    vietnam, members = setup(db, app)
    login_as(client, db)
    url = f"/organiser/contacts/audiences/{vietnam}/rename"
    response = post_form(client, url, {"name": "Membres"})
    assert response.status_code == 400 and "An audience with this name exists already." in response.get_data(as_text=True)
    with app.test_request_context("/?lang=en"):
        audiences.delete_audience(db.session.get(SavedAudience, members), actor="test")
        db.session.commit()
    response = post_form(client, url, {"name": "Membres"})
    assert response.status_code == 400 and "A deleted audience has this name" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SavedAudience, vietnam).name == "Vietnam"
    with app.test_request_context("/?lang=en"), pytest.raises(audiences.AudienceError):
        audiences.save_audience("Membres", {"kind": "all"}, actor="test")


def test_audience_delete_no_longer_offered_and_restore_brings_it_back(app, client, db):
    vietnam, _ = setup(db, app)
    event = open_event()
    user = login_as(client, db)
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    assert 'data-confirm="Delete this audience?' in page
    response = post_form(client, f"/organiser/contacts/audiences/{vietnam}/delete", {}, "/organiser/contacts/audiences")
    assert response.status_code == 303
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    assert f'action="/organiser/contacts/audiences/{vietnam}/restore"' in page
    assert f'id="audience-{vietnam}"' not in page
    new_campaign = client.get(f"/organiser/events/{event.slug}/campaigns/new").get_data(as_text=True)
    assert "Vietnam" not in new_campaign and "Membres" in new_campaign
    assert client.get(f"/organiser/contacts/audiences/{vietnam}/rename").status_code == 404
    with app.test_request_context("/?lang=en"):
        assert [audience.name for audience in audiences.saved_audiences()] == ["Membres"]
        with pytest.raises(CampaignError):
            campaigns.save_campaign(event, CampaignData("Vietnam", {"kind": "saved", "audience_id": vietnam}, "S", "B"))
    [deleted] = actions(db, "audience.deleted")
    assert deleted.actor == f"user:{user.id}" and deleted.details["name"] == "Vietnam"

    response = post_form(client, f"/organiser/contacts/audiences/{vietnam}/restore", {}, "/organiser/contacts/audiences")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(SavedAudience, vietnam).deleted_at is None
    assert f'id="audience-{vietnam}"' in client.get("/organiser/contacts/audiences").get_data(as_text=True)
    [restored] = actions(db, "audience.restored")
    assert restored.actor == f"user:{user.id}" and restored.target_id == vietnam


def test_audience_delete_refused_while_another_audience_or_a_draft_campaign_uses_it(app, client, db):
    vietnam, members = setup(db, app)
    event = open_event()
    with app.test_request_context("/?lang=en"):
        both = audiences.save_audience("Les deux", {"union": [{"kind": "saved", "audience_id": vietnam},
                                                             {"kind": "saved", "audience_id": members}]}, actor="test")
        campaigns.save_campaign(event, CampaignData("Invitation", {"kind": "saved", "audience_id": members}, "S", "B"),
                                actor="test")
        db.session.commit()
        both_id = both.id
    login_as(client, db)
    response = post_form(client, f"/organiser/contacts/audiences/{vietnam}/delete", {}, "/organiser/contacts/audiences")
    assert response.status_code == 303
    page = client.get("/organiser/contacts/audiences").get_data(as_text=True)
    assert "This audience is used by the audience “Les deux”" in page
    with app.test_request_context("/?lang=en"):
        with pytest.raises(audiences.AudienceError, match="the campaign “Invitation”"):
            audiences.delete_audience(db.session.get(SavedAudience, members), actor="test")
        db.session.rollback()
        # Once the audience made of it is deleted, it may go; restoring that one first needs it back.
        audiences.delete_audience(db.session.get(SavedAudience, both_id), actor="test")
        audiences.delete_audience(db.session.get(SavedAudience, vietnam), actor="test")
        with pytest.raises(audiences.AudienceError, match="restore it first"):
            audiences.restore_audience(db.session.get(SavedAudience, both_id), actor="test")
        db.session.rollback()
    assert db.session.get(SavedAudience, vietnam).deleted_at is None  # the refused deletion changed nothing


def test_audience_actions_refused_to_desk_and_anonymous(app, client, db):
    vietnam, _ = setup(db, app)
    response = post_form(client, f"/organiser/contacts/audiences/{vietnam}/delete", {}, "/login")
    assert response.status_code == 302 and "/login" in response.location
    login_as(client, db, Role.DESK)
    assert post_form(client, f"/organiser/contacts/audiences/{vietnam}/delete", {}, "/desk/").status_code == 403
    assert post_form(client, f"/organiser/contacts/audiences/{vietnam}/rename", {"name": "X"}, "/desk/").status_code == 403
    db.session.expire_all()
    audience = db.session.get(SavedAudience, vietnam)
    assert (audience.name, audience.deleted_at) == ("Vietnam", None)
