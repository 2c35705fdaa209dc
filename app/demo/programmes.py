"""Programmes of the demo events: rooms, tracks and sessions with their speakers.

RAICT 2023 follows the report: 26 conferences (1 plenary, thematic workshops, geographic
groups, micro-workshops, a round table) over two days, plus breaks and ceremonies.
"""
from __future__ import annotations

from app.demo.data import CHRONIQUES, ONLINE_URL, chronique_slug
from app.demo.specs import Languages, Programme, SessionSpec
from app.programme.models import SessionType, SpeakerRole, TrackKind

PLENARY, WORKSHOP, GEO = SessionType.PLENARY, SessionType.WORKSHOP, SessionType.GEOGRAPHIC_GROUP
MICRO, ROUND_TABLE = SessionType.MICRO_WORKSHOP, SessionType.ROUND_TABLE
CEREMONY, BREAK = SessionType.CEREMONY, SessionType.BREAK
MOD, SPK, KEY, RAP = SpeakerRole.MODERATOR, SpeakerRole.SPEAKER, SpeakerRole.KEYNOTE, SpeakerRole.RAPPORTEUR
THEMATIC, GEOGRAPHIC = TrackKind.THEMATIC, TrackKind.GEOGRAPHIC

AFRICA = ("SN", "BF", "MR", "MG", "CM", "BJ")
MEDITERRANEAN = ("MA", "TN", "DZ", "PS", "LB", "IL", "GR")
ASIA = ("VN", "JP", "CN", "TW", "KR")
EUROPE = ("AM", "UA", "MD", "DE", "BE")
AMERICAS = ("HT", "AR", "CO", "US")

TRACKS = {
    "climat": ("climat", THEMATIC, "Climat", "Climate"),
    "genre": ("genre", THEMATIC, "Genre", "Gender"),
    "jeunesses-ecsi": ("jeunesses-ecsi", THEMATIC, "Jeunesses et ECSI", "Youth and global citizenship education"),
    "crises": ("crises", THEMATIC, "Crises et réhabilitation", "Crises and rehabilitation"),
    "developpement-economique": ("developpement-economique", THEMATIC, "Développement économique et AICT",
                                 "Economic development and international action"),
    "afrique": ("afrique", GEOGRAPHIC, "Afrique", "Africa"),
    "mediterranee": ("mediterranee", GEOGRAPHIC, "Méditerranée", "Mediterranean"),
    "asie": ("asie", GEOGRAPHIC, "Asie", "Asia"),
    "europe": ("europe", GEOGRAPHIC, "Europe", "Europe"),
    "ameriques": ("ameriques", GEOGRAPHIC, "Amériques", "Americas"),
}


def _tracks(*slugs: str) -> tuple:
    return tuple(TRACKS[slug] for slug in slugs)


def _at(day: str, start: str, end: str) -> tuple[str, str]:
    return (f"{day} {start}", f"{day} {end}")


def _break(when: tuple[str, str], title_fr: str, title_en: str) -> SessionSpec:
    return SessionSpec(BREAK, when, title_fr, title_en, languages=())


D1, D2 = "2023-09-18", "2023-09-19"
AUDITORIUM, AMPHI, EST, OUEST, CONDORCET, CARREFOUR = (
    "Auditorium", "Amphithéâtre Gaston Berger", "Salle Louis Armand Est", "Salle Louis Armand Ouest",
    "Salle Condorcet", "Carrefour numérique")
SLOT_A, SLOT_B, SLOT_C = _at(D1, "13:30", "15:00"), _at(D1, "15:30", "17:00"), _at(D1, "17:00", "18:00")
SLOT_D, SLOT_E, SLOT_F = _at(D2, "09:00", "10:30"), _at(D2, "11:00", "12:30"), _at(D2, "14:00", "15:30")
FR_EN = Languages(languages=("fr",), interpretation=("en",))

RAICT_2023_DAY_1 = (
    _break(_at(D1, "08:30", "09:30"), "Accueil des participants et café", "Registration and coffee"),
    SessionSpec(CEREMONY, _at(D1, "09:30", "10:00"), "Ouverture officielle des 14es Rencontres",
                "Official opening of the 14th RAICT", room=AUDITORIUM, interpretation=("en", "es", "ar"),
                speakers=((SPK, "rebsamen"),)),
    SessionSpec(PLENARY, _at(D1, "10:00", "12:00"),
                "Plénière : quelle contribution des collectivités "
                "territoriales à la résolution des grands enjeux mondiaux ?",
                "Plenary: how can local authorities help to solve the great global challenges?",
                room=AUDITORIUM, capacity=600, interpretation=("en", "es", "ar"),
                speakers=((MOD, "rouquette"), (KEY, "faure"), (SPK, "rebsamen"), (SPK, "moncondhuy"), (SPK, "es_cglu")),
                description_fr="En présence de l'invitée d'honneur, Dominique Faure, Ministre déléguée "
                               "chargée des Collectivités territoriales et de la Ruralité.",
                description_en="With the guest of honour, Dominique Faure, Minister "
                               "for Local Authorities and Rural Affairs."),
    _break(_at(D1, "12:00", "13:30"), "Déjeuner", "Lunch"),
    SessionSpec(GEO, SLOT_A,
                "Conférence régionale Afrique : la coopération décentralisée à l'épreuve du sentiment "
                "anti-français en Afrique subsaharienne : réalités, perceptions, témoignages",
                "Africa regional conference: decentralised cooperation and anti-French "
                "sentiment in sub-Saharan Africa: realities, perceptions, testimonies",
                room=AMPHI, track="afrique", capacity=250, countries=AFRICA, **FR_EN,
                speakers=((MOD, "pilet"), (SPK, "belin"), (SPK, "sn_saint_louis"), (SPK, "bf_koudougou"),
                          (SPK, "menhoudj"))),
    SessionSpec(WORKSHOP, SLOT_A,
                "Les fonds de solidarité : les collectivités face aux crises (Turquie, Maroc, Ukraine)",
                "Solidarity funds: local authorities facing crises (Türkiye, Morocco, Ukraine)",
                room=EST, track="crises", capacity=120, countries=("MA", "UA", "MD"), **FR_EN,
                speakers=((MOD, "hart"), (SPK, "ma_marrakech"), (SPK, "ua_chernihiv"), (SPK, "md_chisinau"),
                          (RAP, "giovetti"))),
    SessionSpec(WORKSHOP, SLOT_A,
                "Dynamique Genre : reculs et avancées des droits des femmes dans le monde, quel rôle pour l'AICT ?",
                "Gender: setbacks and progress of women's rights worldwide, what role for local authorities?",
                room=OUEST, track="genre", capacity=120, languages=("fr", "es"), interpretation=("fr", "es"),
                speakers=((MOD, "pereira"), (SPK, "igg"), (SPK, "co_medellin")),
                description_fr="Un panorama de l'état des droits des femmes dans le "
                               "monde, avec l'Institut du Genre en Géopolitique.",
                description_en="An overview of women's rights worldwide, with the Institut du Genre en Géopolitique."),
    SessionSpec(GEO, SLOT_A,
                "Groupe-pays Japon : en route vers les 8es Rencontres franco-japonaises de Shizuoka",
                "Japan country group: on the way to the 8th French-Japanese meetings in Shizuoka",
                room=CONDORCET, track="asie", capacity=80, countries=("JP",), languages=("fr", "ja"),
                interpretation=("fr", "ja"),
                speakers=((MOD, "zerkani"), (SPK, "jp_shizuoka"))),
    SessionSpec(GEO, SLOT_A,
                "Dynamique Amérique latine et Caraïbes : villes intermédiaires et biodiversité",
                "Latin America and the Caribbean: intermediate cities and biodiversity",
                room=CARREFOUR, track="ameriques", capacity=50, countries=AMERICAS, languages=("fr", "es"),
                interpretation=("fr", "es"),
                speakers=((MOD, "papin"), (SPK, "ar_rosario"), (SPK, "us_new_orleans"))),
    _break(_at(D1, "15:00", "15:30"), "Pause café", "Coffee break"),
    SessionSpec(WORKSHOP, SLOT_B,
                "Enjeux climatiques dans les pays méditerranéens : les villes "
                "jumelles climatiques Toulouse – Düsseldorf – Tunis",
                "Climate challenges in Mediterranean countries: the climate twin cities Toulouse – Düsseldorf – Tunis",
                room=AMPHI, track="mediterranee", capacity=250, countries=MEDITERRANEAN + ("DE",), **FR_EN,
                speakers=((MOD, "dardelet"), (SPK, "tn_tunis"), (SPK, "de_dusseldorf"), (SPK, "gr_thessaloniki"),
                          (SPK, "bareille"))),
    SessionSpec(GEO, SLOT_B,
                "Groupe-pays Arménie : solidarité avec les collectivités arméniennes",
                "Armenia country group: standing by Armenian local authorities",
                room=EST, track="europe", capacity=120, countries=("AM",), languages=("fr", "hy"),
                interpretation=("fr", "hy"),
                speakers=((MOD, "zdorovtsoff"), (SPK, "am_erevan"), (RAP, "lanvin"))),
    SessionSpec(WORKSHOP, SLOT_B,
                "Jeunesses et ECSI : l'appropriation de l'éducation à la citoyenneté "
                "et à la solidarité internationale par les collectivités",
                "Youth and global citizenship education: how local authorities take it up",
                room=OUEST, track="jeunesses-ecsi", capacity=120, **FR_EN,
                speakers=((MOD, "boukhenoufa"), (SPK, "france_volontaires"), (SPK, "bj_porto_novo"), (RAP, "casca"))),
    SessionSpec(GEO, SLOT_B,
                "Vietnam : restitution des 12es Assises franco-vietnamiennes de Hanoï",
                "Vietnam: report on the 12th French-Vietnamese conference in Hanoi",
                room=CONDORCET, track="asie", capacity=80, countries=("VN",), languages=("fr", "vi"),
                interpretation=("fr", "vi"),
                speakers=((MOD, "combe"), (SPK, "vn_hanoi"))),
    SessionSpec(WORKSHOP, SLOT_B, "Lancement de la dynamique Développement économique et AICT",
                "Launch of the Economic development and international action group",
                room=CARREFOUR, track="developpement-economique", capacity=50,
                speakers=((MOD, "pellefigue"), (SPK, "afd"), (SPK, "molinoz"))),
    SessionSpec(MICRO, SLOT_C, "Club des Outre-mer : première réunion", "Overseas club: first meeting",
                room=EST, capacity=30, countries=("HT",), speakers=((MOD, "cakin"), (SPK, "casca"))),
    SessionSpec(MICRO, SLOT_C, "Micro-atelier DCOL : bâtir sa stratégie internationale",
                "DCOL micro-workshop: building an international strategy",
                room=OUEST, capacity=30, speakers=((MOD, "giudicelli"), (SPK, "darroux"))),
    SessionSpec(MICRO, SLOT_C, "Micro-atelier : les dispositifs 1 % solidaires (eau, énergie, déchets)",
                "Micro-workshop: the 1% solidarity schemes (water, energy, waste)",
                room=CONDORCET, capacity=30, speakers=((MOD, "vaujany"), (SPK, "ps_eau"))),
)

RAICT_2023_DAY_2 = (
    _break(_at(D2, "08:30", "09:00"), "Café d'accueil", "Welcome coffee"),
    SessionSpec(WORKSHOP, SLOT_D,
                "Mission transversale Climat : la coopération décentralisée dans "
                "les pays les plus vulnérables aux changements climatiques",
                "Climate: decentralised cooperation in the countries most vulnerable to climate change",
                room=AMPHI, track="climat", capacity=250, countries=("MG", "HT"), **FR_EN,
                speakers=((MOD, "moncondhuy"), (SPK, "mg_fianarantsoa"), (SPK, "ht_jacmel"), (SPK, "rubirola"),
                          (RAP, "giudicelli"))),
    SessionSpec(GEO, SLOT_D,
                "Palestine : après les 5es Assises de Ramallah, la feuille de route 2023-2027",
                "Palestine: after the 5th conference in Ramallah, the 2023-2027 roadmap",
                room=EST, track="mediterranee", capacity=120, countries=("PS",), languages=("fr", "ar"),
                interpretation=("fr", "ar"),
                speakers=((MOD, "salle"), (SPK, "ps_apla"), (RAP, "sabot"))),
    SessionSpec(GEO, SLOT_D,
                "Maroc : solidarité après le séisme du 8 septembre et relance de la coopération",
                "Morocco: solidarity after the earthquake of 8 September and a new start for cooperation",
                room=OUEST, track="mediterranee", capacity=120, countries=("MA",), languages=("fr", "ar"),
                interpretation=("fr", "ar"),
                speakers=((MOD, "bonneau"), (SPK, "ma_marrakech"))),
    SessionSpec(GEO, SLOT_D,
                "Ukraine : soutenir les collectivités ukrainiennes et leurs voisines",
                "Ukraine: supporting Ukrainian local authorities and their neighbours",
                room=CONDORCET, track="europe", capacity=80, countries=("UA", "MD"), languages=("fr", "uk"),
                interpretation=("fr", "uk"),
                speakers=((MOD, "le_solleuz"), (SPK, "ua_chernihiv"), (SPK, "md_chisinau"))),
    SessionSpec(GEO, SLOT_D,
                "Asie de l'Est : le Forum franco-coréen et la relance des partenariats franco-chinois",
                "East Asia: the French-Korean forum and new momentum for French-Chinese partnerships",
                room=CARREFOUR, track="asie", capacity=50, countries=("KR", "CN", "TW"), languages=("fr", "en"),
                interpretation=("fr",),
                speakers=((MOD, "millan"), (SPK, "kr_seoul"), (SPK, "cn_wuhan"), (SPK, "tw_taipei"))),
    _break(_at(D2, "10:30", "11:00"), "Pause café", "Coffee break"),
    SessionSpec(ROUND_TABLE, SLOT_E, "Table ronde : la diplomatie des territoires dans l'agenda mondial",
                "Round table: the diplomacy of territories on the global agenda",
                room=AMPHI, capacity=250, countries=("BE", "ES"), languages=("fr", "en"), interpretation=("fr", "en"),
                speakers=((MOD, "rouquette"), (SPK, "daect"), (SPK, "be_platforma"), (SPK, "es_cglu"), (SPK, "viola"))),
    SessionSpec(GEO, SLOT_E, "Liban : les enjeux énergétiques et la coopération décentralisée",
                "Lebanon: energy challenges and decentralised cooperation",
                room=EST, track="mediterranee", capacity=120, countries=("LB",), **FR_EN,
                speakers=((MOD, "le_meur"), (SPK, "lb_byblos"))),
    SessionSpec(GEO, SLOT_E, "Madagascar et Mauritanie : sécurité alimentaire et nouvelles coopérations",
                "Madagascar and Mauritania: food security and new partnerships",
                room=OUEST, track="afrique", capacity=120, countries=("MG", "MR", "SN", "CM", "BJ"), **FR_EN,
                speakers=((MOD, "duforestel"), (SPK, "mg_fianarantsoa"), (SPK, "mr_nouakchott"), (SPK, "bouseksou"),
                          (RAP, "rabezandriantsoa"))),
    SessionSpec(GEO, SLOT_E,
                "Tunisie et Algérie : la coopération décentralisée face aux recompositions institutionnelles",
                "Tunisia and Algeria: decentralised cooperation amid institutional change",
                room=CONDORCET, track="mediterranee", capacity=80, countries=("TN", "DZ"), languages=("fr", "ar"),
                interpretation=("fr",),
                speakers=((MOD, "bekkouche"), (SPK, "dz_oran"), (SPK, "tn_tunis"))),
    _break(_at(D2, "12:30", "14:00"), "Déjeuner", "Lunch"),
    SessionSpec(MICRO, SLOT_F, "Micro-atelier : le volontariat, outil de renforcement de la coopération décentralisée",
                "Micro-workshop: volunteering as a tool for decentralised cooperation",
                room=EST, capacity=30, speakers=((MOD, "isoird"), (SPK, "france_volontaires"))),
    SessionSpec(MICRO, SLOT_F, "Micro-atelier : mobiliser les financements européens avec PLATFORMA",
                "Micro-workshop: raising European funding with PLATFORMA",
                room=OUEST, capacity=30, countries=("BE",), speakers=((MOD, "molinoz"), (SPK, "be_platforma"))),
    SessionSpec(GEO, SLOT_F,
                "Groupe-pays Israël : préparer les Assises franco-israéliennes de 2024",
                "Israel country group: preparing the 2024 French-Israeli conference",
                room=CONDORCET, track="mediterranee", capacity=80, countries=("IL",), languages=("fr", "he"),
                interpretation=("fr", "he"),
                speakers=((MOD, "berlioz"), (SPK, "il_haifa"))),
    _break(_at(D2, "15:30", "15:45"), "Pause", "Break"),
    SessionSpec(CEREMONY, _at(D2, "15:45", "16:15"),
                "Remise du label « Territoires solidaires et unis face aux crises »",
                "Award of the “Territories united in solidarity in the face of crises” label",
                room=AUDITORIUM, interpretation=("en",),
                speakers=((SPK, "hart"),),
                description_fr="Le label est remis à 7 collectivités : Autun, Bagneux, "
                               "Chambéry, Mamoudzou, Noisy-le-Sec, Arnage, Amilly.",
                description_en="The label goes to 7 local authorities: Autun, Bagneux, "
                               "Chambéry, Mamoudzou, Noisy-le-Sec, Arnage, Amilly."),
    SessionSpec(CEREMONY, _at(D2, "16:15", "16:45"), "Clôture des 14es Rencontres", "Closing of the 14th RAICT",
                room=AUDITORIUM, interpretation=("en",), speakers=((SPK, "rebsamen"), (SPK, "moncondhuy"))),
)

RAICT_2023 = Programme(
    event="raict-2023",
    rooms=((AUDITORIUM, 600), (AMPHI, 250), (EST, 120), (OUEST, 120), (CONDORCET, 80), (CARREFOUR, 50)),
    tracks=_tracks("climat", "genre", "jeunesses-ecsi", "crises", "developpement-economique",
                   "afrique", "mediterranee", "asie", "europe", "ameriques"),
    sessions=RAICT_2023_DAY_1 + RAICT_2023_DAY_2,
)

E1, E2 = "2024-10-23", "2024-10-24"
RAICT_2024 = Programme(
    event="raict-2024",
    rooms=(("Grand Salon", 450), ("Salon Longchamp", 120), ("Salon des Cascades", 80), ("Salon Bagatelle", 60)),
    tracks=_tracks("climat", "jeunesses-ecsi", "afrique", "mediterranee", "asie", "europe"),
    sessions=(
        _break(_at(E1, "09:00", "09:30"), "Accueil des participants", "Registration"),
        SessionSpec(CEREMONY, _at(E1, "09:30", "10:00"), "Ouverture des 15es Rencontres", "Opening of the 15th RAICT",
                    room="Grand Salon", interpretation=("en",), speakers=((SPK, "rebsamen"),)),
        SessionSpec(PLENARY, _at(E1, "10:00", "12:00"),
                    "Plénière : la Diplomatie des territoires, les singularités de la coopération décentralisée",
                    "Plenary: the diplomacy of territories, what makes decentralised cooperation unique",
                    room="Grand Salon", capacity=450, interpretation=("en", "es", "ar"),
                    speakers=((MOD, "rouquette"), (SPK, "rebsamen"), (SPK, "moncondhuy"), (SPK, "daect"))),
        _break(_at(E1, "12:00", "13:30"), "Déjeuner", "Lunch"),
        SessionSpec(WORKSHOP, _at(E1, "14:00", "15:30"),
                    "Le nouveau partenariat Afrique-France et la diplomatie des territoires",
                    "The new Africa-France partnership and the diplomacy of territories",
                    room="Salon Longchamp", track="afrique", capacity=120, countries=AFRICA, **FR_EN,
                    speakers=((MOD, "pilet"), (SPK, "sn_saint_louis"))),
        SessionSpec(WORKSHOP, _at(E1, "14:00", "15:30"), "Les collectivités face aux crises au Proche et Moyen-Orient",
                    "Local authorities and the crises in the Near and Middle East",
                    room="Salon des Cascades", track="mediterranee", capacity=80, **FR_EN,
                    speakers=((MOD, "hart"), (SPK, "salle"))),
        SessionSpec(WORKSHOP, _at(E1, "14:00", "15:30"), "Intégrer le climat dans l'AICT : le 10e appel DCOL",
                    "Bringing climate into international action: the 10th DCOL call",
                    room="Salon Bagatelle", track="climat", capacity=60, speakers=((MOD, "giudicelli"), (SPK, "afd"))),
        SessionSpec(GEO, _at(E2, "09:30", "11:00"),
                    "Soutenir les collectivités ukrainiennes via la coopération décentralisée",
                    "Supporting Ukrainian local authorities through decentralised cooperation",
                    room="Salon Longchamp", track="europe", capacity=120, countries=("UA", "AM"),
                    languages=("fr", "uk"), interpretation=("fr", "uk"),
                    speakers=((MOD, "le_solleuz"), (SPK, "ua_chernihiv"))),
        SessionSpec(GEO, _at(E2, "09:30", "11:00"),
                    "Coopération franco-mauritanienne : échanges avec la délégation mauritanienne",
                    "French-Mauritanian cooperation: meeting the Mauritanian delegation",
                    room="Salon des Cascades", track="afrique", capacity=80, countries=("MR",), languages=("fr", "ar"),
                    interpretation=("fr",),
                    speakers=((MOD, "bouseksou"), (SPK, "mr_nouakchott"))),
        SessionSpec(WORKSHOP, _at(E2, "09:30", "11:00"),
                    "Jeunesses : insertion professionnelle et mobilités internationales",
                    "Youth: employment and international mobility",
                    room="Salon Bagatelle", track="jeunesses-ecsi", capacity=60,
                    speakers=((MOD, "boukhenoufa"),)),
        SessionSpec(ROUND_TABLE, _at(E2, "11:30", "12:30"), "Vers les 8es Rencontres franco-japonaises de Shizuoka",
                    "Towards the 8th French-Japanese meetings in Shizuoka",
                    room="Grand Salon", track="asie", capacity=200, countries=("JP",), **FR_EN,
                    speakers=((MOD, "zerkani"), (SPK, "fotic"))),
        SessionSpec(CEREMONY, _at(E2, "12:30", "13:00"), "Clôture des 15es Rencontres", "Closing of the 15th RAICT",
                    room="Grand Salon", speakers=((SPK, "moncondhuy"),)),
    ),
)

F1, F2 = "2027-10-13", "2027-10-14"
RAICT_2027 = Programme(
    event="raict-2027",
    rooms=(("Salle plénière", 600), ("Salle A", 100), ("Salle B", 80), ("Salle C", 60), ("Salle D", 40)),
    tracks=_tracks("climat", "genre", "jeunesses-ecsi", "crises", "afrique", "mediterranee", "asie", "europe"),
    sessions=(
        SessionSpec(CEREMONY, _at(F1, "09:00", "09:30"), "Ouverture des 18es Rencontres", "Opening of the 18th RAICT",
                    room="Salle plénière"),
        SessionSpec(PLENARY, _at(F1, "09:30", "11:30"), "Plénière : les territoires face aux transitions mondiales",
                    "Plenary: local authorities facing global transitions", room="Salle plénière", capacity=600,
                    interpretation=("en", "es", "ar"), speakers=((MOD, "rouquette"),)),
        _break(_at(F1, "11:30", "13:00"), "Déjeuner", "Lunch"),
        SessionSpec(WORKSHOP, _at(F1, "14:00", "15:30"),
                    "Atelier Climat : adaptation et coopération décentralisée",
                    "Climate workshop: adaptation and decentralised cooperation",
                    room="Salle A", track="climat", capacity=100),
        SessionSpec(WORKSHOP, _at(F1, "14:00", "15:30"),
                    "Atelier Genre : politiques féministes locales et internationales",
                    "Gender workshop: local and international feminist policies",
                    room="Salle B", track="genre", capacity=80),
        SessionSpec(GEO, _at(F1, "14:00", "15:30"), "Pôle Afrique : nouvelles formes de partenariat",
                    "Africa: new forms of partnership", room="Salle C", track="afrique", capacity=60, countries=AFRICA),
        SessionSpec(MICRO, _at(F1, "16:00", "17:00"), "Micro-atelier : monter un projet avec le DCOL",
                    "Micro-workshop: building a project with DCOL", room="Salle D", capacity=30),
        SessionSpec(WORKSHOP, _at(F2, "09:30", "11:00"),
                    "Atelier Jeunesses et ECSI : mobilités internationales",
                    "Youth and global citizenship: international mobility",
                    room="Salle A", track="jeunesses-ecsi", capacity=100),
        SessionSpec(WORKSHOP, _at(F2, "09:30", "11:00"), "Atelier Crises : prévention et reconstruction",
                    "Crises workshop: prevention and reconstruction", room="Salle B", track="crises", capacity=80),
        SessionSpec(GEO, _at(F2, "09:30", "11:00"), "Pôle Méditerranée : coopérations en temps de crise",
                    "Mediterranean: cooperation in times of crisis", room="Salle C", track="mediterranee", capacity=60,
                    countries=MEDITERRANEAN),
        SessionSpec(GEO, _at(F2, "11:30", "12:30"), "Pôles Asie et Europe : échanges entre groupes-pays",
                    "Asia and Europe: exchanges between country groups", room="Salle A", track="asie", capacity=100,
                    countries=ASIA + EUROPE),
        SessionSpec(CEREMONY, _at(F2, "16:00", "17:00"), "Clôture des 18es Rencontres", "Closing of the 18th RAICT",
                    room="Salle plénière"),
    ),
)

V1, V2, V3 = "2023-04-11", "2023-04-12", "2023-04-13"
VI_FR = Languages(languages=("vi", "fr"), interpretation=("fr", "vi"))
ASSISES_VIETNAM = Programme(
    event="assises-franco-vietnamiennes-2023",
    rooms=(("Salle plénière", 500), ("Salle 1", 100), ("Salle 2", 100), ("Salle 3", 80), ("Salle 4", 80)),
    sessions=(
        SessionSpec(CEREMONY, _at(V1, "08:30", "09:30"), "Cérémonie d'ouverture", "Opening ceremony",
                    room="Salle plénière", **VI_FR, speakers=((SPK, "vn_hanoi"), (SPK, "deroche"))),
        SessionSpec(PLENARY, _at(V1, "09:30", "12:00"),
                    "Séance plénière : trente ans de coopération décentralisée franco-vietnamienne",
                    "Plenary: thirty years of French-Vietnamese decentralised cooperation",
                    room="Salle plénière", **VI_FR,
                    speakers=((MOD, "rouquette"), (KEY, "deroche"), (SPK, "vn_hanoi"), (SPK, ("FR", "Paris", 0)),
                              (SPK, ("VN", "Thành phố Hồ Chí Minh", 0)))),
        _break(_at(V1, "12:00", "13:30"), "Déjeuner", "Lunch"),
        SessionSpec(WORKSHOP, _at(V1, "14:00", "17:00"),
                    "Atelier : ville durable, transports et résilience climatique",
                    "Workshop: sustainable cities, transport and climate resilience",
                    room="Salle 1", capacity=100, **VI_FR,
                    speakers=((MOD, ("FR", "Métropole de Lyon", 0)), (SPK, ("VN", "Thành phố Hồ Chí Minh", 0)))),
        SessionSpec(WORKSHOP, _at(V1, "14:00", "17:00"),
                    "Atelier : patrimoine, culture et tourisme",
                    "Workshop: heritage, culture and tourism",
                    room="Salle 2", capacity=100, **VI_FR,
                    speakers=((MOD, ("FR", "Paris", 1)), (SPK, ("VN", "Tỉnh Thừa Thiên Huế", 0)),
                              (SPK, ("VN", "Tỉnh Quảng Nam", 0)))),
        SessionSpec(WORKSHOP, _at(V1, "14:00", "17:00"),
                    "Atelier : agriculture, sécurité alimentaire et développement rural",
                    "Workshop: agriculture, food security and rural development",
                    room="Salle 3", capacity=80, **VI_FR,
                    speakers=((MOD, ("FR", "Région Nouvelle-Aquitaine", 0)), (SPK, ("VN", "Tỉnh Lào Cai", 0)),
                              (SPK, ("VN", "Tỉnh Hà Giang", 0)))),
        SessionSpec(WORKSHOP, _at(V1, "14:00", "17:00"), "Atelier : eau, assainissement et environnement",
                    "Workshop: water, sanitation and environment", room="Salle 4", capacity=80, **VI_FR,
                    speakers=((MOD, ("FR", "Syndicat mixte Fensch Lorraine", 0)), (SPK, ("VN", "Tỉnh Bình Định", 0)),
                              (SPK, ("VN", "Tỉnh Yên Bái", 0)), (SPK, ("FR", "Département du Val-de-Marne", 0)))),
        SessionSpec(WORKSHOP, _at(V2, "09:00", "12:00"), "Atelier : éducation, formation professionnelle et jeunesse",
                    "Workshop: education, vocational training and youth", room="Salle 1", capacity=100, **VI_FR,
                    speakers=((MOD, ("FR", "Rennes", 0)), (SPK, ("VN", "Thành phố Hải Phòng", 0)))),
        SessionSpec(WORKSHOP, _at(V2, "09:00", "12:00"),
                    "Atelier : santé et protection sociale",
                    "Workshop: health and social protection",
                    room="Salle 2", capacity=100, **VI_FR,
                    speakers=((MOD, ("FR", "Département de la Seine-Saint-Denis", 0)),
                              (SPK, ("VN", "Tỉnh Hải Dương", 0)))),
        SessionSpec(WORKSHOP, _at(V2, "09:00", "12:00"), "Atelier : innovation, économie et numérique",
                    "Workshop: innovation, economy and digital", room="Salle 3", capacity=80, **VI_FR,
                    speakers=((MOD, ("FR", "Toulouse", 0)), (SPK, ("VN", "Thành phố Đà Nẵng", 0)),
                              (SPK, ("FR", "Agence française de développement", 0)))),
        _break(_at(V2, "12:00", "13:30"), "Déjeuner", "Lunch"),
        SessionSpec(PLENARY, _at(V2, "14:00", "16:00"), "Restitution des ateliers et déclaration de Hanoï",
                    "Workshop reports and Hanoi declaration", room="Salle plénière", **VI_FR,
                    speakers=((MOD, "combe"), (SPK, "deroche"), (SPK, "vn_hanoi"))),
        SessionSpec(CEREMONY, _at(V2, "16:30", "17:30"), "Signature d'accords de coopération et clôture",
                    "Signing of cooperation agreements and closing", room="Salle plénière", **VI_FR),
        SessionSpec(WORKSHOP, _at(V3, "08:30", "12:00"),
                    "Visites de terrain : projets de coopération décentralisée à Hanoï",
                    "Field visits: decentralised cooperation projects in Hanoi",
                    capacity=60, **VI_FR,
                    speakers=((SPK, ("VN", "Thành phố Hà Nội", 1)),)),
    ),
)

P1, P2, P3 = "2023-05-07", "2023-05-08", "2023-05-09"
AR_FR = Languages(languages=("ar", "fr"), interpretation=("fr", "ar", "en"))
ASSISES_PALESTINE = Programme(
    event="assises-franco-palestiniennes-2023",
    rooms=(("Grande salle", 300), ("Salle 1", 60), ("Salle 2", 60), ("Salle 3", 50), ("Salle 4", 50), ("Salle 5", 40)),
    sessions=(
        SessionSpec(CEREMONY, _at(P1, "09:30", "10:30"),
                    "Cérémonie d'ouverture",
                    "Opening ceremony",
                    room="Grande salle", **AR_FR,
                    speakers=((SPK, "ps_apla"), (SPK, "salle"))),
        SessionSpec(PLENARY, _at(P1, "10:30", "13:00"),
                    "La coopération décentralisée franco-palestinienne face aux défis de la gouvernance locale",
                    "French-Palestinian decentralised cooperation and the challenges of local governance",
                    room="Grande salle", **AR_FR,
                    speakers=((MOD, "giovetti"), (SPK, "salle"), (SPK, "ps_apla"), (SPK, ("PS", "بلدية رام الله", 0)),
                              (SPK, ("PS", "وزارة الحكم المحلي", 0)))),
        _break(_at(P1, "13:00", "14:30"), "Déjeuner", "Lunch"),
        SessionSpec(WORKSHOP, _at(P1, "14:30", "17:00"), "Atelier : jeunesse et mobilité étudiante",
                    "Workshop: youth and student mobility", room="Salle 1", capacity=60, **AR_FR,
                    speakers=((MOD, ("FR", "Rennes", 0)), (SPK, ("PS", "بلدية بيرزيت", 0)))),
        SessionSpec(WORKSHOP, _at(P1, "14:30", "17:00"),
                    "Atelier : tourisme durable et préservation du patrimoine",
                    "Workshop: sustainable tourism and heritage",
                    room="Salle 2", capacity=60, **AR_FR,
                    speakers=((MOD, ("FR", "Département de la Loire-Atlantique", 0)),
                              (SPK, ("PS", "بلدية بيت لحم", 0)))),
        SessionSpec(WORKSHOP, _at(P1, "14:30", "17:00"), "Atelier : accès des populations à l'eau potable",
                    "Workshop: access to drinking water", room="Salle 3", capacity=50, **AR_FR,
                    speakers=((MOD, ("FR", "Montreuil", 0)), (SPK, ("PS", "بلدية جنين", 0)))),
        SessionSpec(WORKSHOP, _at(P1, "14:30", "17:00"), "Atelier : lutte contre les violences faites aux femmes",
                    "Workshop: fighting violence against women", room="Salle 4", capacity=50, **AR_FR,
                    speakers=((MOD, ("FR", "Paris", 0)), (SPK, ("PS", "بلدية نابلس", 0)))),
        SessionSpec(WORKSHOP, _at(P1, "14:30", "17:00"),
                    "Atelier : gouvernance locale et renforcement des collectivités palestiniennes",
                    "Workshop: local governance and stronger Palestinian local authorities",
                    room="Salle 5", capacity=40, **AR_FR,
                    speakers=((MOD, "sabot"), (SPK, ("PS", "بلدية الخليل", 0)))),
        SessionSpec(WORKSHOP, _at(P2, "09:30", "12:30"), "Visites de terrain à Bethléem, Naplouse et Jéricho",
                    "Field visits in Bethlehem, Nablus and Jericho", capacity=120, **AR_FR,
                    speakers=((SPK, ("PS", "بلدية أريحا", 0)),)),
        _break(_at(P2, "12:30", "14:00"), "Déjeuner", "Lunch"),
        SessionSpec(PLENARY, _at(P2, "14:00", "16:00"),
                    "Restitution des ateliers et adoption de la feuille de route 2023-2027",
                    "Workshop reports and adoption of the 2023-2027 roadmap",
                    room="Grande salle", **AR_FR,
                    speakers=((MOD, "giovetti"), (SPK, "salle"), (SPK, "ps_apla"))),
        SessionSpec(CEREMONY, _at(P2, "16:30", "17:00"), "Clôture des 5es Assises", "Closing of the 5th conference",
                    room="Grande salle", **AR_FR),
        SessionSpec(ROUND_TABLE, _at(P3, "09:30", "12:00"),
                    "Rencontres bilatérales entre collectivités partenaires",
                    "Bilateral meetings between partner authorities",
                    room="Grande salle", **AR_FR,
                    speakers=((MOD, "sabot"),)),
    ),
)

J1, J2, J3, J4 = "2024-11-18", "2024-11-19", "2024-11-20", "2024-11-21"
JA_FR = Languages(languages=("ja", "fr"), interpretation=("fr", "ja"))
RENCONTRES_JAPON = Programme(
    event="rencontres-franco-japonaises-2024",
    rooms=(("Grand Hall", 600), ("Salle de conférence", 300), ("Salle 1", 80), ("Salle 2", 80)),
    sessions=(
        SessionSpec(CEREMONY, _at(J1, "16:00", "17:30"), "Cérémonie d'ouverture", "Opening ceremony", room="Grand Hall",
                    **JA_FR, speakers=((SPK, "jp_shizuoka"), (SPK, "zerkani"))),
        _break(_at(J1, "18:00", "20:00"), "Réception de bienvenue", "Welcome reception"),
        SessionSpec(PLENARY, _at(J2, "09:30", "12:00"),
                    "Le partenariat des collectivités françaises et japonaises porteur de nouvelles valeurs mondiales",
                    "The partnership of French and Japanese local authorities, a bearer of new global values",
                    room="Grand Hall", **JA_FR,
                    speakers=((MOD, "fotic"), (KEY, "jp_shizuoka"), (SPK, "zerkani"), (SPK, ("JP", "静岡市", 0)),
                              (SPK, ("FR", "Aix-en-Provence", 0)))),
        _break(_at(J2, "12:00", "13:30"), "Déjeuner", "Lunch"),
        SessionSpec(WORKSHOP, _at(J2, "14:00", "16:30"),
                    "Atelier : tourisme et attractivité des territoires",
                    "Workshop: tourism and the appeal of territories",
                    room="Salle de conférence", capacity=150, **JA_FR,
                    speakers=((MOD, ("FR", "Chartres", 0)), (SPK, ("JP", "桜井市", 0)))),
        SessionSpec(WORKSHOP, _at(J2, "14:00", "16:30"),
                    "Atelier : transition écologique et prévention des catastrophes",
                    "Workshop: ecological transition and disaster prevention",
                    room="Salle 1", capacity=80, **JA_FR,
                    speakers=((MOD, ("FR", "Bordeaux", 0)), (SPK, ("JP", "福岡市", 0)))),
        SessionSpec(WORKSHOP, _at(J2, "14:00", "16:30"), "Atelier : jeunesse, éducation et échanges culturels",
                    "Workshop: youth, education and cultural exchanges", room="Salle 2", capacity=80, **JA_FR,
                    speakers=((MOD, ("FR", "Rennes", 0)), (SPK, ("JP", "仙台市", 0)))),
        SessionSpec(WORKSHOP, _at(J3, "09:30", "12:00"),
                    "Atelier : vieillissement de la population et revitalisation des territoires ruraux",
                    "Workshop: an ageing population and the revival of rural areas",
                    room="Salle 1", capacity=80, **JA_FR,
                    speakers=((MOD, ("FR", "Nancy", 0)), (SPK, ("JP", "金沢市", 0)))),
        SessionSpec(WORKSHOP, _at(J3, "09:30", "12:00"), "Atelier : innovation, économie et coopération universitaire",
                    "Workshop: innovation, economy and university cooperation", room="Salle 2", capacity=80, **JA_FR,
                    speakers=((MOD, ("FR", "Lyon", 0)), (SPK, ("JP", "横浜市", 0)))),
        SessionSpec(PLENARY, _at(J3, "14:00", "16:00"), "Restitution des ateliers et déclaration de Shizuoka",
                    "Workshop reports and Shizuoka declaration", room="Grand Hall", **JA_FR,
                    speakers=((MOD, "fotic"), (SPK, "zerkani"), (SPK, "jp_shizuoka"))),
        SessionSpec(CEREMONY, _at(J3, "16:30", "17:30"), "Clôture des 8es Rencontres", "Closing of the 8th meetings",
                    room="Grand Hall", **JA_FR),
        SessionSpec(WORKSHOP, _at(J4, "09:00", "17:00"),
                    "Visites de terrain dans la préfecture de Shizuoka (mont Fuji, Fujinomiya)",
                    "Field visits in Shizuoka prefecture (Mount Fuji, Fujinomiya)",
                    capacity=120, **JA_FR,
                    speakers=((SPK, ("JP", "富士宮市", 0)),)),
    ),
)

K1, K2, K3 = "2027-06-08", "2027-06-09", "2027-06-10"
RENCONTRES_JAPON_2027 = Programme(
    event="rencontres-franco-japonaises-2027",
    rooms=(("Auditorium", 300), ("Salle Cézanne", 80), ("Salle Sainte-Victoire", 60)),
    tracks=(("climat", THEMATIC, "Climat et risques", "Climate and risks"),
            ("societe", THEMATIC, "Vieillissement et société", "Ageing and society")),
    sessions=(
        SessionSpec(CEREMONY, _at(K1, "09:00", "10:00"), "Ouverture des 9es Rencontres",
                    "Opening of the 9th meetings", room="Auditorium", **JA_FR,
                    speakers=((SPK, "zerkani"), (SPK, "jp_shizuoka"))),
        SessionSpec(PLENARY, _at(K1, "10:00", "12:30"),
                    "Des territoires résilients : trente ans de coopération franco-japonaise",
                    "Resilient territories: thirty years of French-Japanese cooperation",
                    room="Auditorium", **JA_FR,
                    speakers=((MOD, "fotic"), (SPK, "zerkani"), (SPK, ("JP", "静岡市", 0)))),
        _break(_at(K1, "12:30", "14:00"), "Déjeuner", "Lunch"),
        SessionSpec(WORKSHOP, _at(K1, "14:00", "16:30"), "Atelier : prévention des catastrophes et adaptation",
                    "Workshop: disaster prevention and adaptation", room="Salle Cézanne", track="climat",
                    capacity=80, **JA_FR, speakers=((MOD, ("FR", "Bordeaux", 0)), (SPK, ("JP", "熊本市", 0))),
                    countries=("JP",)),
        SessionSpec(WORKSHOP, _at(K1, "14:00", "16:30"), "Atelier : bien vieillir dans les territoires",
                    "Workshop: ageing well in our territories", room="Salle Sainte-Victoire", track="societe",
                    capacity=60, **JA_FR, speakers=((MOD, ("FR", "Nancy", 0)), (SPK, ("JP", "金沢市", 0)))),
        SessionSpec(WORKSHOP, _at(K2, "09:30", "12:00"), "Atelier : jeunesse, échanges scolaires et universitaires",
                    "Workshop: youth, school and university exchanges", room="Salle Cézanne", track="societe",
                    capacity=80, **JA_FR, speakers=((MOD, ("FR", "Rennes", 0)), (SPK, ("JP", "仙台市", 0)))),
        SessionSpec(WORKSHOP, _at(K2, "09:30", "12:00"), "Atelier : eau, forêts et transition énergétique",
                    "Workshop: water, forests and the energy transition", room="Salle Sainte-Victoire",
                    track="climat", capacity=60, **JA_FR,
                    speakers=((MOD, ("FR", "Aix-en-Provence", 0)), (SPK, ("JP", "長野県", 0)))),
        SessionSpec(PLENARY, _at(K2, "14:00", "16:00"), "Restitution des ateliers et déclaration d'Aix-en-Provence",
                    "Workshop reports and Aix-en-Provence declaration", room="Auditorium", **JA_FR,
                    speakers=((MOD, "fotic"), (SPK, "zerkani"), (SPK, "jp_shizuoka"))),
        SessionSpec(WORKSHOP, _at(K3, "09:00", "13:00"), "Visite de terrain : la montagne Sainte-Victoire",
                    "Field visit: the Sainte-Victoire mountain", capacity=50, **JA_FR,
                    speakers=((SPK, ("FR", "Aix-en-Provence", 0)),)),
    ),
)

CHRONIQUE_2027_SAHEL = Programme(
    event="chronique-2027-09-sahel",
    sessions=(SessionSpec(ROUND_TABLE, _at("2027-09-23", "12:30", "13:30"), "Le Sahel, cinq ans après",
                          "The Sahel, five years on", speakers=((MOD, "rouquette"), (SPK, "lambert")),
                          description_fr="Que reste-t-il des partenariats des collectivités françaises au Mali, au "
                                         "Burkina Faso et au Niger ?",
                          description_en="What is left of French local authorities' partnerships in Mali, Burkina "
                                         "Faso and Niger?",
                          online_url="https://visio.example.org/cuf/chronique-2027-09"),),
)

I1 = "2024-02-12"
ASSISES_ISRAEL = Programme(
    event="assises-franco-israeliennes-2024",
    sessions=(
        SessionSpec(CEREMONY, _at(I1, "09:00", "09:30"), "Ouverture des Assises", "Opening of the conference",
                    languages=("he", "fr"), interpretation=("fr", "he")),
        SessionSpec(PLENARY, _at(I1, "09:30", "12:00"),
                    "La coopération décentralisée franco-israélienne : état des lieux",
                    "French-Israeli decentralised cooperation: where we stand",
                    languages=("he", "fr"), interpretation=("fr", "he"),
                    speakers=((MOD, "berlioz"), (SPK, "il_haifa"))),
        SessionSpec(WORKSHOP, _at(I1, "14:00", "16:00"),
                    "Atelier : innovation et villes durables",
                    "Workshop: innovation and sustainable cities",
                    capacity=60, languages=("he", "fr"), interpretation=("fr", "he")),
    ),
)


def _chronique_programme(chronique) -> Programme:
    day = f"2023-{chronique.month:02d}-{chronique.day:02d}"
    session = SessionSpec(
        chronique.session_type, _at(day, "12:30", "13:30"), chronique.title_fr, chronique.title_en,
        description_fr=chronique.description_fr, description_en=chronique.description_en,
        speakers=((MOD, chronique.moderator), (SPK, chronique.expert)),
        online_url=ONLINE_URL.format(month=chronique.month))
    return Programme(event=chronique_slug(chronique), sessions=(session,))


PROGRAMMES = [
    RAICT_2023, RAICT_2024, RAICT_2027, ASSISES_VIETNAM, ASSISES_PALESTINE, RENCONTRES_JAPON, ASSISES_ISRAEL,
    RENCONTRES_JAPON_2027, CHRONIQUE_2027_SAHEL,
    *(_chronique_programme(chronique) for chronique in CHRONIQUES),
]
