"""Names in any script survive line folding: lines of at most 75 octets, never cut inside a UTF-8 character."""
from __future__ import annotations

from app.programme.models import SpeakerRole
from tests.calendar.builders import build_programme, feed_urls, unfolded
from tests.factories import add_speaker, make_collectivite, make_person, make_session

TITLES = {
    "vi": "Hội nghị hợp tác phi tập trung Pháp – Việt Nam lần thứ mười hai tại thành phố Huế, Thừa Thiên Huế",
    "ja": "第八回日仏自治体交流会議:地方自治体の国際協力と持続可能な都市づくりについての討論と意見交換",
    "ar": "الجلسة العامة: التعاون اللامركزي بين المدن الفرنسية والفلسطينية في مجالات المياه والتعليم والثقافة",
    "hy": "Ֆրանս-հայկական ապակենտրոնացված համագործակցության համաժողով՝ Երևան և Գյումրի քաղաքներում",
}


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def test_lines_are_crlf_at_most_75_octets_and_valid_utf8_each(client, db, both_readers):
    programme = build_programme(db)
    for language, title in TITLES.items():
        session = make_session(programme.event, title_fr=title, title_en=title, description_fr=title * 3)
        person = make_person(given_name=title[:20], family_name=title[20:60], country="JP" if language == "ja" else "FR",
                             function=title, collectivite=make_collectivite(name=title[:80], country="AM"))
        add_speaker(session, person, role=SpeakerRole.KEYNOTE)
    db.session.commit()
    for name, url in feed_urls(programme).items() | {("agenda", f"/agenda/{programme.registration.calendar_token}.ics")}:
        data = client.get(url).data
        assert b"\n" not in data.replace(b"\r\n", b""), name
        for line in physical_lines(data):
            assert len(line) <= 75, (name, line)
            line.decode("utf-8", errors="strict")  # a character cut in two would not decode
        both_readers(data)
    programme_text = unfolded(client.get(feed_urls(programme)["programme"]).data)
    summaries = {read.summary for read in both_readers(client.get(feed_urls(programme)["programme"]).data)}
    for title in TITLES.values():
        assert title in summaries
        assert title.replace(",", "\\,") * 3 in programme_text


def test_folded_multibyte_lines_really_are_split_mid_text(client, db):
    """The previous test proves something only if long non-Latin lines do get folded."""
    programme = build_programme(db)
    make_session(programme.event, title_fr=TITLES["ja"])
    db.session.commit()
    data = client.get(feed_urls(programme)["programme"]).data
    summary_lines = data[data.index("SUMMARY:第八回".encode()):].split(b"\r\n")
    assert summary_lines[1].startswith(b" ") and len(summary_lines[0]) > 70


def test_special_characters_are_escaped(client, db, both_readers):
    programme = build_programme(db)
    tricky = 'Eau; assainissement, et "services" \\ essentiels\nen Afrique'
    make_session(programme.event, title_fr=tricky)
    db.session.commit()
    data = client.get(feed_urls(programme)["programme"]).data
    assert 'SUMMARY:Eau\\; assainissement\\, et "services" \\\\ essentiels\\nen Afrique' in unfolded(data)
    assert tricky in {read.summary for read in both_readers(data)}
