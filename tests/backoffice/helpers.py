from __future__ import annotations

from app.auth.models import Role
from tests.conftest import csrf_token_from
from tests.factories import TEST_PASSWORD, make_user


def login_as(client, db, role: Role = Role.ORGANISER):
    user = make_user(role)
    db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD,
                                           "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    return user


def post_form(client, url: str, data: dict, page_url: str | None = None):
    """POST like a browser: fetch the form's page first for its CSRF token."""
    page = client.get(page_url or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token_from(page)})
