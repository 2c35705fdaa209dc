"""One address, one text: the form people, registrations, imports and logins are stored and looked up in."""
from __future__ import annotations

from app.core.text import normalise_email


def test_unicode_case_and_idn_variants_of_an_address_have_one_normal_form():
    variants = [" Anna@München.DE ", "anna@mu\u0308nchen.de", "ANNA@XN--MNCHEN-3YA.DE", "anna@münchen.de."]
    assert {normalise_email(variant) for variant in variants} == {"anna@xn--mnchen-3ya.de"}


def test_text_that_is_not_an_address_is_only_cleaned_never_refused():
    assert normalise_email(None) == normalise_email("") == ""
    assert normalise_email("  Not An Address ") == "not an address"
    assert normalise_email("a@bad..domain") == "a@bad..domain"
