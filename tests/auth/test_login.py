from __future__ import annotations

from app.auth.models import Role, User
from tests.conftest import csrf_token_from
from tests.factories import TEST_PASSWORD, make_user


def login(client, email: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token_from(page.get_data(as_text=True))})


def test_login_wrong_password_refused(client, db):
    user = make_user(Role.ORGANISER)
    db.session.commit()
    response = login(client, user.email, "not the password")
    assert response.status_code == 401
    assert "Mauvais e-mail ou mot de passe" in response.get_data(as_text=True)
    assert client.get("/organiser/").status_code == 302


def test_login_unknown_email_refused_like_wrong_password(client, db):
    response = login(client, "nobody@example.org", TEST_PASSWORD)
    assert response.status_code == 401


def test_login_inactive_user_refused(client, db):
    user = make_user(Role.ORGANISER, active=False)
    db.session.commit()
    assert login(client, user.email, TEST_PASSWORD).status_code == 401


def test_login_organiser_reaches_back_office(client, db):
    user = make_user(Role.ORGANISER)
    db.session.commit()
    response = login(client, user.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/organiser/"
    page = client.get("/organiser/")
    assert page.status_code == 200
    assert user.email in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


def test_login_without_csrf_token_refused(client, db):
    user = make_user(Role.ORGANISER)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/organiser/").status_code == 302


def test_login_next_parameter_never_leaves_the_site(client, db):
    user = make_user(Role.ORGANISER)
    db.session.commit()
    page = client.get("/login?next=//evil.example.com/")
    response = client.post("/login?next=//evil.example.com/", data={
        "email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.headers["Location"] == "/organiser/"


def test_back_office_refuses_anonymous(client):
    response = client.get("/organiser/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_back_office_refuses_desk_role(client, db):
    user = make_user(Role.DESK)
    db.session.commit()
    login(client, user.email, TEST_PASSWORD)
    assert client.get("/organiser/").status_code == 403


def test_back_office_admits_admin(client, db):
    user = make_user(Role.ADMIN)
    db.session.commit()
    login(client, user.email, TEST_PASSWORD)
    assert client.get("/organiser/").status_code == 200


def test_logout_needs_post_with_csrf(client, db):
    user = make_user(Role.ORGANISER)
    db.session.commit()
    login(client, user.email, TEST_PASSWORD)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    page = client.get("/organiser/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    assert client.get("/organiser/").status_code == 302


def test_passwords_are_hashed_with_a_current_scheme(db):
    user = make_user(Role.ORGANISER)
    assert TEST_PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:sha256"))
