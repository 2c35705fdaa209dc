"""Organisers' pages for people, collectivités and protocol ranks, with search as you type."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.login import organiser_required
from app.core.extensions import db
from app.core.forms import fill_form, required
from app.core.i18n import current_language
from app.core.urls import safe_next
from app.people import operations
from app.people.forms import CollectiviteForm, PersonForm, ProtocolRankForm
from app.people.models import Collectivite, CollectiviteType, Person, ProtocolRank

bp = Blueprint("people_admin", __name__)


@bp.before_request
@organiser_required
def require_organiser():
    return None


def person_json(person: Person) -> dict:
    return {"id": person.id, "name": person.name, "name_latin": person.name_latin, "function": person.function,
            "collectivite": person.collectivite.display_name if person.collectivite else None,
            "country": person.country, "email": person.email}


@bp.route("/")
def search():
    query = request.args.get("q", "").strip()[:200]
    return render_template("people/admin/search.html", query=query, people=operations.find_people(query),
                           collectivites=operations.find_collectivites(query))


@bp.route("/search.json")
def search_json():
    query = request.args.get("q", "").strip()[:200]
    return jsonify([person_json(person) for person in operations.find_people(query)])


@bp.route("/collectivites.json")
def collectivites_json():
    query = request.args.get("q", "").strip()[:200]
    return jsonify([{"id": item.id, "name": item.display_name, "country": item.country, "type": item.type.value}
                    for item in operations.find_collectivites(query)])


def _all_collectivites() -> list[Collectivite]:
    return list(db.session.scalars(sa.select(Collectivite).order_by(Collectivite.country != "FR", Collectivite.name)))


def _person_data(form: PersonForm) -> operations.PersonData:
    def text(name: str) -> str | None:
        return (form[name].data or "").strip() or None

    return operations.PersonData(given_name=required(form.given_name.data).strip(),
                                 family_name=required(form.family_name.data).strip(), country=form.country.data,
                                 collectivite_id=form.collectivite_id.data or None,
                                 protocol_rank_id=form.protocol_rank_id.data or None, honorific=text("honorific"),
                                 given_name_latin=text("given_name_latin"), family_name_latin=text("family_name_latin"),
                                 function=text("function"), email=text("email"))


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int(max=2147483647):person_id>/edit", methods=["GET", "POST"])
def edit_person(person_id: int | None = None):
    person = db.session.get(Person, person_id) if person_id else None
    if person_id and person is None:
        abort(404)
    form = PersonForm(current_language(), _all_collectivites(), operations.protocol_ranks())
    if request.method == "GET" and person is not None:
        fill_form(form, person, collectivite_id=person.collectivite_id or 0,
                  protocol_rank_id=person.protocol_rank_id or 0)
    elif request.method == "GET":
        form.process(family_name=request.args.get("q", ""), country="FR")
    duplicates = []
    if form.validate_on_submit():
        try:
            saved = operations.edit_person(_person_data(form), person, allow_similar_name=form.allow_similar_name.data)
        except operations.DuplicatePersonError as error:
            duplicates = error.existing
        else:
            db.session.commit()
            flash(_("%(name)s saved.", name=saved.name), "info")
            return redirect(safe_next(request.args.get("next"), url_for(".search", q=saved.family_name)))
    status = 409 if duplicates else 200
    return render_template("people/admin/person_form.html", form=form, person=person, duplicates=duplicates), status


@bp.route("/collectivites/new", methods=["GET", "POST"])
def new_collectivite():
    form = CollectiviteForm(current_language())
    existing = None
    if request.method == "GET":
        form.process(name=request.args.get("q", ""), country="FR")
    if form.validate_on_submit():
        try:
            saved = operations.add_collectivite(form.name.data.strip(), CollectiviteType(form.type.data), form.country.data,
                                                form.cuf_member.data, (form.name_latin.data or "").strip() or None)
        except operations.DuplicateCollectiviteError as error:
            existing = error.existing
        else:
            db.session.commit()
            flash(_("%(name)s saved.", name=saved.name), "info")
            return redirect(url_for(".search", q=saved.name))
    return render_template("people/admin/collectivite_form.html", form=form, existing=existing), (409 if existing else 200)


@bp.route("/protocol", methods=["GET", "POST"])
@bp.route("/protocol/<int(max=2147483647):rank_id>", methods=["GET", "POST"])
def protocol(rank_id: int | None = None):
    rank = db.session.get(ProtocolRank, rank_id) if rank_id else None
    if rank_id and rank is None:
        abort(404)
    form = ProtocolRankForm()
    if request.method == "GET" and rank is not None:
        fill_form(form, rank)
    if form.validate_on_submit():
        operations.edit_protocol_rank(required(form.name_fr.data).strip(), required(form.name_en.data).strip(),
                                      required(form.precedence.data), rank)
        db.session.commit()
        flash(_("Protocol order saved."), "info")
        return redirect(url_for(".protocol"))
    return render_template("people/admin/protocol.html", ranks=operations.protocol_ranks(), form=form,
                           rank=rank), (400 if form.errors else 200)
