"""Static facts of the demo, from Cités Unies France's activity report 2023
(/work/shared/context/rapport-activites-2023.txt). What the report does not say (venues of
the Assises, programmes' details, made-up speakers and participants) is plausible invention.
"""
from __future__ import annotations

from typing import Any

from app.demo.collectivites import FOREIGN_BY_COUNTRY
from app.demo.specs import AssisesPlan, Chronique, DelegationPlan, NamedPerson, ParticipantPlan
from app.events.models import EventKind, EventStatus
from app.people.models import CollectiviteType
from app.programme.models import SessionType

SEED = "cuf-rapport-2023"

CUF = "Cités Unies France"

SERIES = [
    dict(
        slug="chroniques-geopolitiques-2023", kind=EventKind.CHRONIQUE, year=2023,
        title_fr="Chroniques géopolitiques 2023", title_en="Geopolitical Chronicles 2023",
        description_fr="Une fois par mois, en ligne, CUF invite les collectivités adhérentes, élus et techniciens, "
                       "à décrypter une situation géopolitique. Les 9 chroniques de 2023 ont donné lieu à un recueil ; "
                       "chaque rendez-vous réunit en moyenne 35 collectivités adhérentes.",
        description_en="Once a month, online, CUF invites its member local authorities, elected officials and "
                       "staff, to decipher a geopolitical situation. The 9 chronicles of 2023 were compiled "
                       "into a collection; each one gathers 35 member authorities on average.",
    ),
    # The next season, so that a chronicle open for registration can be tried on a fresh install.
    dict(
        slug="chroniques-geopolitiques-2027", kind=EventKind.CHRONIQUE, year=2027,
        title_fr="Chroniques géopolitiques 2027", title_en="Geopolitical Chronicles 2027",
        description_fr="Une fois par mois, en ligne, CUF invite les collectivités adhérentes, élus et techniciens, "
                       "à décrypter une situation géopolitique et ses conséquences pour leurs partenariats.",
        description_en="Once a month, online, CUF invites its member local authorities, elected officials and "
                       "staff, to decipher a geopolitical situation and what it means for their partnerships.",
    ),
]

PARIS = "Europe/Paris"

EVENTS: list[dict[str, Any]] = [  # each an event's columns (dates as local text, see loader.event_row)
    dict(
        slug="raict-2023", kind=EventKind.RAICT, edition=14, status=EventStatus.ARCHIVED, capacity=600,
        title_fr="14es Rencontres de l'action internationale des collectivités territoriales (RAICT 2023)",
        title_en="14th Meetings on the International Action of Local Authorities (RAICT 2023)",
        theme_fr="Quelle contribution des collectivités territoriales à la résolution des grands enjeux mondiaux ?",
        theme_en="How can local and regional authorities help to solve the great global challenges?",
        description_fr="Le rendez-vous de tous les acteurs de la coopération décentralisée française : 509 "
                       "participants, dont la moitié venus de 28 pays, 130 collectivités françaises, 26 "
                       "conférences dont une plénière. Invitée d'honneur : Dominique Faure, Ministre "
                       "déléguée chargée des Collectivités territoriales et de la Ruralité.",
        description_en="The meeting of everyone involved in French decentralised cooperation: 509 "
                       "participants, half of them from 28 countries, 130 French local "
                       "authorities, 26 conferences including one plenary. Guest of honour: "
                       "Dominique Faure, Minister for Local Authorities and Rural Affairs.",
        starts="2023-09-18 08:30", ends="2023-09-19 16:45", timezone=PARIS,
        venue_name="Cité des Sciences et de l'Industrie", venue_address="30 avenue Corentin-Cariou, 75019 Paris",
        venue_city="Paris", venue_country="FR",
        co_organisers="Cités Unies France, avec le concours du Ministère de l'Europe et des Affaires "
                      "étrangères (DAECT), de l'Agence française de développement (AFD) et de PLATFORMA",
    ),
    dict(
        slug="raict-2024", kind=EventKind.RAICT, edition=15, status=EventStatus.ARCHIVED, capacity=500,
        title_fr="15es Rencontres de l'action internationale des collectivités territoriales (RAICT 2024)",
        title_en="15th Meetings on the International Action of Local Authorities (RAICT 2024)",
        theme_fr="La Diplomatie des territoires : les singularités de la coopération décentralisée",
        theme_en="The diplomacy of territories: what makes decentralised cooperation unique",
        description_fr="La 15e édition des RAICT, précédée de l'accueil d'une "
                       "délégation d'élus mauritaniens en France.",
        description_en="The 15th RAICT, preceded by a visit of Mauritanian elected officials to France.",
        starts="2024-10-23 09:00", ends="2024-10-24 13:00", timezone=PARIS,
        venue_name="Pavillon d'Armenonville", venue_address="Allée de Longchamp, Bois de Boulogne, 75116 Paris",
        venue_city="Paris", venue_country="FR",
        co_organisers="Cités Unies France, avec le Ministère de l'Europe et des Affaires étrangères et l'AFD",
    ),
    dict(
        slug="raict-2027", kind=EventKind.RAICT, edition=18, status=EventStatus.REGISTRATION_OPEN, capacity=600,
        title_fr="18es Rencontres de l'action internationale des collectivités territoriales (RAICT 2027)",
        title_en="18th Meetings on the International Action of Local Authorities (RAICT 2027)",
        theme_fr="Coopération décentralisée : les territoires face aux transitions mondiales (thème provisoire)",
        theme_en="Decentralised cooperation: local authorities facing global transitions (provisional theme)",
        description_fr="Les inscriptions sont ouvertes. Le lieu sera confirmé prochainement.",
        description_en="Registration is open. The venue will be confirmed soon.",
        starts="2027-10-13 09:00", ends="2027-10-14 17:00", timezone=PARIS,
        venue_name="Lieu à confirmer", venue_address="Paris", venue_city="Paris", venue_country="FR",
        co_organisers="Cités Unies France",
    ),
    dict(
        slug="assises-franco-vietnamiennes-2023", kind=EventKind.ASSISES, edition=12, status=EventStatus.ARCHIVED,
        partner_country="VN", capacity=None,
        title_fr="12es Assises de la coopération décentralisée franco-vietnamienne",
        title_en="12th French-Vietnamese Conference on Decentralised Cooperation",
        theme_fr="Trente ans de coopération décentralisée franco-vietnamienne : des partenariats pour l'avenir",
        theme_en="Thirty years of French-Vietnamese decentralised cooperation: partnerships for the future",
        description_fr="72 collectivités, dont 50 vietnamiennes et 12 françaises. Délégation française de 52 "
                       "représentants conduite par Catherine Deroche, représentante du Président du Sénat.",
        description_en="72 local authorities, 50 of them Vietnamese and 12 French. French delegation of 52 led by "
                       "Catherine Deroche, representing the President of the Senate.",
        starts="2023-04-11 08:30", ends="2023-04-13 12:00", timezone="Asia/Ho_Chi_Minh",
        venue_name="Centre national des congrès", venue_address="57 Phạm Hùng, Nam Từ Liêm, Hà Nội",
        venue_city="Hanoï", venue_country="VN",
        co_organisers="Comité populaire de la Ville de Hanoï, ministères français et vietnamien "
                      "des Affaires étrangères, ambassades de France au Vietnam et du Vietnam en "
                      "France, DAECT, AFD (agence de Hanoï), Cités Unies France",
    ),
    dict(
        slug="assises-franco-palestiniennes-2023", kind=EventKind.ASSISES, edition=5, status=EventStatus.ARCHIVED,
        partner_country="PS", capacity=None,
        title_fr="5es Assises de la coopération décentralisée franco-palestinienne",
        title_en="5th French-Palestinian Conference on Decentralised Cooperation",
        theme_fr="Une feuille de route pour la coopération franco-palestinienne 2023-2027",
        theme_en="A roadmap for French-Palestinian cooperation, 2023-2027",
        description_fr="200 participants, dont une délégation française de 110 personnes et 37 "
                       "collectivités françaises. Une feuille de route 2023-2027 a été adoptée : "
                       "jeunesse et mobilité étudiante, tourisme durable et patrimoine, accès à l'eau "
                       "potable, lutte contre les violences faites aux femmes, gouvernance locale.",
        description_en="200 participants, including a French delegation of 110 and 37 French local "
                       "authorities. A 2023-2027 roadmap was adopted: youth and student mobility, sustainable "
                       "tourism and heritage, drinking water, violence against women, local governance.",
        starts="2023-05-07 09:30", ends="2023-05-09 12:30", timezone="Asia/Hebron",
        venue_name="Palais de la culture de Ramallah", venue_address="Ramallah, Cisjordanie",
        venue_city="Ramallah", venue_country="PS",
        co_organisers="Cités Unies France, Réseau de coopération décentralisée pour la Palestine (RCDP), "
                      "Association of Palestinian Local Authorities (APLA)",
    ),
    dict(
        slug="rencontres-franco-japonaises-2024", kind=EventKind.ASSISES, edition=8, status=EventStatus.ARCHIVED,
        partner_country="JP", capacity=None,
        title_fr="8es Rencontres franco-japonaises de la coopération décentralisée",
        title_en="8th French-Japanese Meetings on Decentralised Cooperation",
        theme_fr="Le partenariat des collectivités françaises et japonaises porteur de nouvelles valeurs mondiales",
        theme_en="The partnership of French and Japanese local authorities, a bearer of new global values",
        description_fr="Préparées par le groupe-pays Japon de CUF, présidé par Karima "
                       "Zerkani-Raynal, au fil d'une dizaine de réunions préparatoires.",
        description_en="Prepared by CUF's Japan country group, chaired by Karima Zerkani-Raynal, over some ten "
                       "preparatory meetings.",
        starts="2024-11-18 14:00", ends="2024-11-21 17:00", timezone="Asia/Tokyo",
        venue_name="Granship, centre des congrès et des arts de Shizuoka",
        venue_address="2-3-1 Higashi-Shizuoka, Suruga-ku, Shizuoka", venue_city="Shizuoka", venue_country="JP",
        co_organisers="Cités Unies France, Préfecture de Shizuoka, Conseil des collectivités locales pour les "
                      "relations internationales (CLAIR)",
    ),
    # Open for registration (like RAICT 2027), so that the bilateral journeys (delegations and their two sides,
    # interpretation, heads of delegation) can be tried on a fresh install. The report: the Japan country group
    # « présidé par Karima Zerkani-Raynal, adjointe au maire […] d'Aix-en-Provence »; after Shizuoka (2024),
    # the meetings come back to France.
    dict(
        slug="rencontres-franco-japonaises-2027", kind=EventKind.ASSISES, edition=9,
        status=EventStatus.REGISTRATION_OPEN, partner_country="JP", capacity=300,
        title_fr="9es Rencontres franco-japonaises de la coopération décentralisée",
        title_en="9th French-Japanese Meetings on Decentralised Cooperation",
        theme_fr="Des territoires résilients : coopérer face au changement climatique et au vieillissement "
                 "(thème provisoire)",
        theme_en="Resilient territories: cooperating in the face of climate change and an ageing population "
                 "(provisional theme)",
        description_fr="Après Shizuoka en 2024, les Rencontres reviennent en France, à Aix-en-Provence. Préparées "
                       "par le groupe-pays Japon de CUF présidé par Karima Zerkani-Raynal, avec le CLAIR. Les "
                       "inscriptions sont ouvertes : les délégations s'inscrivent avec leur chef de délégation.",
        description_en="After Shizuoka in 2024, the meetings come back to France, in Aix-en-Provence. Prepared by "
                       "CUF's Japan country group chaired by Karima Zerkani-Raynal, with CLAIR. Registration is "
                       "open: delegations register with their head of delegation.",
        starts="2027-06-08 09:00", ends="2027-06-10 13:00", timezone=PARIS,
        venue_name="Centre des congrès d'Aix-en-Provence", venue_address="14 boulevard Carnot, 13100 Aix-en-Provence",
        venue_city="Aix-en-Provence", venue_country="FR",
        co_organisers="Cités Unies France, Ville d'Aix-en-Provence, Conseil des collectivités locales pour les "
                      "relations internationales (CLAIR)",
    ),
    # A chronicle open for registration (online, in the future), in the next season's series.
    dict(
        slug="chronique-2027-09-sahel", series="chroniques-geopolitiques-2027", kind=EventKind.CHRONIQUE,
        status=EventStatus.REGISTRATION_OPEN, capacity=None,
        title_fr="Chronique géopolitique : le Sahel, cinq ans après",
        title_en="Geopolitical chronicle: the Sahel, five years on",
        theme_fr="Le Sahel, cinq ans après", theme_en="The Sahel, five years on",
        description_fr="Retrait des forces françaises, nouvelles alliances, crises humanitaires : que reste-t-il "
                       "des partenariats des collectivités françaises au Mali, au Burkina Faso et au Niger ?",
        description_en="Withdrawal of French forces, new alliances, humanitarian crises: what is left of French "
                       "local authorities' partnerships in Mali, Burkina Faso and Niger?",
        starts="2027-09-23 12:30", ends="2027-09-23 13:30", timezone=PARIS,
        is_online=True, online_url="https://visio.example.org/cuf/chronique-2027-09",
        venue_name="En ligne (visioconférence)", co_organisers=CUF,
    ),
    dict(
        slug="assises-franco-israeliennes-2024", kind=EventKind.ASSISES, edition=None, status=EventStatus.DRAFT,
        partner_country="IL", capacity=None,
        title_fr="Assises de la coopération décentralisée franco-israélienne",
        title_en="French-Israeli Conference on Decentralised Cooperation",
        theme_fr="Thème à définir", theme_en="Theme to be defined",
        description_fr="Initialement prévues en février 2024 et préparées par le groupe-pays Israël présidé par "
                       "Alain Berlioz-Curlet ; reportées sine die après l'attaque terroriste du 7 octobre 2023.",
        description_en="Initially planned for February 2024 and prepared by the Israel country group chaired by "
                       "Alain Berlioz-Curlet; postponed indefinitely after the terrorist attack of 7 October 2023.",
        starts="2024-02-12 09:00", ends="2024-02-14 17:00", timezone="Asia/Jerusalem",
        venue_name="Lieu à confirmer", venue_address=None, venue_city=None, venue_country="IL",
        co_organisers="Cités Unies France (groupe-pays Israël)",
    ),
]

ONLINE_URL = "https://visio.example.org/cuf/chronique-2023-{month:02d}"

CHRONIQUES = [
    Chronique(1, 26, "horoscope-geopolitique", "L'horoscope géopolitique 2023", "The 2023 geopolitical horoscope",
              "Tour d'horizon des tensions et des rendez-vous qui marqueront l'année 2023.",
              "An overview of the tensions and milestones that will shape 2023.",
              SessionType.PLENARY, "delorme", "rouquette"),
    Chronique(2, 23, "guerre-ukraine", "La guerre en Ukraine : quelles limites ?", "The war in Ukraine: what limits?",
              "Un an après l'invasion russe, jusqu'où peut aller le conflit et que peuvent les collectivités ?",
              "One year after the Russian invasion, how far can the conflict go, and what can local authorities do?",
              SessionType.ROUND_TABLE, "kessler", "giovetti"),
    Chronique(3, 23, "bresil", "Brésil, le pays-continent qui tremble", "Brazil, the shaking continent-country",
              "Après les émeutes de Brasília, un pays-continent entre fractures politiques et ambitions mondiales.",
              "After the Brasília riots, a continent-sized country between political rifts and global ambitions.",
              SessionType.ROUND_TABLE, "carvalho", "casca"),
    Chronique(4, 27, "japon", "Le Japon sort de sa neutralité ?", "Is Japan leaving its neutrality behind?",
              "Réarmement, alliances, présidence du G7 : le Japon change-t-il de doctrine ?",
              "Rearmament, alliances, G7 presidency: is Japan changing its doctrine?",
              SessionType.ROUND_TABLE, "morel", "fotic"),
    Chronique(5, 25, "detroits", "Libérer les détroits : mission impossible ?",
              "Freeing the straits: mission impossible?",
              "Ormuz, Bab-el-Mandeb, Taïwan, Bosphore : la liberté de navigation sous tension.",
              "Hormuz, Bab-el-Mandeb, Taiwan, the Bosphorus: freedom of navigation under strain.",
              SessionType.ROUND_TABLE, "garnier", "giovetti"),
    Chronique(6, 22, "armee-francaise", "Armée française : le moral des troupes", "The French army: troop morale",
              "Loi de programmation militaire, retrait du Sahel, guerre en Europe : l'état de l'armée française.",
              "Military programming law, withdrawal from the Sahel, war in Europe: the state of the French army.",
              SessionType.ROUND_TABLE, "lambert", "rabezandriantsoa"),
    Chronique(9, 28, "rentree-diplomatique", "La rentrée diplomatique de la France", "France's diplomatic return",
              "Conférence des ambassadeurs, Sahel, Indo-Pacifique : les priorités diplomatiques de la rentrée.",
              "Ambassadors' conference, the Sahel, the Indo-Pacific: the diplomatic priorities of the autumn.",
              SessionType.PLENARY, "fabre", "rouquette"),
    Chronique(10, 12, "caucase", "Session spéciale Caucase", "Special session: the Caucasus",
              "Après l'exode des Arméniens du Haut-Karabakh, quel avenir pour le Caucase du Sud ?",
              "After the exodus of the Armenians of Nagorno-Karabakh, what future for the South Caucasus?",
              SessionType.ROUND_TABLE, "papazian", "lanvin"),
    Chronique(11, 16, "palestine-israel", "Palestine-Israël : quel avenir ?", "Palestine-Israel: what future?",
              "Après le 7 octobre et la guerre à Gaza, quelles perspectives, et quel rôle pour les collectivités ?",
              "After 7 October and the war in Gaza, what prospects, and what role for local authorities?",
              SessionType.ROUND_TABLE, "haddad", "sabot"),
]



def chronique_slug(chronique: Chronique) -> str:
    return f"chronique-2023-{chronique.month:02d}-{chronique.slug_suffix}"


# « Chaque rendez-vous réunit en moyenne 35 collectivités territoriales adhérentes à CUF. »
CHRONIQUE_COLLECTIVITES = (40, 48)  # about 80 % of them join the call: « en moyenne 35 collectivités »


def _p(given, family, honorific, collectivite, function, role=None) -> NamedPerson:
    return NamedPerson(given, family, honorific, function, collectivite=collectivite, role=role)


def _staff(given, family, honorific, function) -> NamedPerson:
    return NamedPerson(given, family, honorific, f"{function}, {CUF}", role="staff")


def _foreign(country, given, family, honorific, collectivite, latin, function, language="en") -> NamedPerson:
    given_latin, family_latin = latin or (None, None)
    return NamedPerson(given, family, honorific, function, country=country, collectivite=collectivite,
                       given_name_latin=given_latin, family_name_latin=family_latin, language=language)


# The report's people, with their collectivités and functions.
REPORT_PEOPLE = {
    "rebsamen": _p("François", "Rebsamen", "M.", "Dijon",
                   "Maire de Dijon, Président de Dijon Métropole, Président de Cités Unies France"),
    "moncondhuy": _p("Léonore", "Moncond'huy", "Mme", "Poitiers",
                     "Maire de Poitiers, Vice-présidente de Grand Poitiers, "
                     "présidente de la Mission transversale Climat"),
    "pilet": _p("Benoît", "Pilet", "M.", "Angers",
                "Adjoint au Maire délégué aux Relations internationales et à l'Europe, président de la Mission Sahel"),
    "boukhenoufa": _p("Flavie", "Boukhenoufa", "Mme", "Rennes",
                      "Adjointe au Maire déléguée aux Relations internationales, Vice-présidente de CUF"),
    "dardelet": _p("Jean-Claude", "Dardelet", "M.", "Toulouse",
                   "Adjoint au maire de Toulouse, Vice-Président de Toulouse Métropole"),
    "molinoz": _p("Patrick", "Molinoz", "M.", "Région Bourgogne-Franche-Comté",
                  "Vice-Président du Conseil régional de Bourgogne-Franche-Comté"),
    "leveque": _p("Dominique", "Leveque", "M.", "Aÿ-Champagne",
                  "Maire d'Aÿ-Champagne, Secrétaire de CUF"),
    "millan": _p("Caroline", "Millan", "Mme", "Issy-les-Moulineaux",
                 "Conseillère municipale déléguée au Tourisme, aux Relations internationales et à la Communication"),
    "le_solleuz": _p("Antoine", "Le Solleuz", "M.", "Nancy",
                     "Adjoint au Maire délégué aux Partenariats européens et internationaux"),
    "darroux": _p("Gilbert", "Darroux", "M.", "Autun",
                  "Conseiller municipal délégué"),
    "belin": _p("Bruno", "Belin", "M.", "Département de la Vienne",
                "Sénateur de la Vienne, Conseiller départemental de la Vienne"),
    "valli": _p("Stéphane", "Valli", "M.", "Communauté de communes Faucigny-Glières",
                "Président de la Communauté de communes Faucigny-Glières, Maire de Bonneville"),
    "menhoudj": _p("Halima", "Menhoudj", "Mme", "Montreuil",
                   "Adjointe au Maire déléguée à la Coopération, aux Solidarités internationales"),
    "ngatcha": _p("Arnaud", "Ngatcha", "M.", "Paris",
                  "Adjoint à la Maire délégué aux Relations internationales"),
    "bouseksou": _p("Sarah", "Bouseksou", "Mme", "Savigny-le-Temple",
                    "Conseillère municipale déléguée aux Relations internationales"),
    "cakin": _p("Sainte-Rose", "Cakin", "M.", "Communauté d'agglomération du Pays Nord Martinique",
                "Vice-Président chargé de la Coopération décentralisée"),
    "geroudet": _p("Patrick", "Géroudet", "M.", "Chartres",
                   "Conseiller municipal délégué à la Promotion de la Ville"),
    "papin": _p("Céline", "Papin", "Mme", "Bordeaux",
                "Adjointe au Maire chargée des coopérations territoriales, européennes et internationales"),
    "zerkani": _p("Karima", "Zerkani-Raynal", "Mme", "Aix-en-Provence",
                  "Adjointe au Maire déléguée aux Relations internationales"),
    "zdorovtsoff": _p("Sonia", "Zdorovtsoff", "Mme", "Lyon",
                      "Adjointe au Maire, Relations, Coopération et Solidarité internationales"),
    "bareille": _p("Marion", "Bareille", "Mme", "Région Sud",
                   "Présidente de la Commission Territoires de coopération – Méditerranée du futur"),
    "le_meur": _p("Aurélie", "Le Meur", "Mme", "Chambéry",
                  "1re adjointe au maire chargée des Relations internationales"),
    "berlioz": _p("Alain", "Berlioz-Curlet", "M.", "Saint-Priest",
                  "Adjoint au Maire de Saint-Priest, représentant la Région Auvergne-Rhône-Alpes"),
    "bonneau": _p("François", "Bonneau", "M.", "Région Centre-Val de Loire",
                  "Président de la Région Centre-Val de Loire"),
    "salle": _p("Fanny", "Sallé", "Mme", "Département de la Loire-Atlantique",
                "Conseillère départementale chargée des Solidarités internationales"),
    "bekkouche": _p("Adda", "Bekkouche", "M.", "Colombes",
                    "Adjoint au Maire à la Coopération et la Solidarité internationales"),
    "duforestel": _p("Pascal", "Duforestel", "M.", "Région Nouvelle-Aquitaine",
                     "Conseiller régional délégué à la coopération internationale"),
    "pereira": _p("Élise", "Pereira-Nunes", "Mme", "Tours",
                  "Adjointe au Maire déléguée à l'Égalité des genres et aux Relations internationales"),
    "hart": _p("Clare", "Hart", "Mme", "Montpellier Méditerranée Métropole",
               "Vice-présidente déléguée au Rayonnement international et Coopération européenne"),
    "pellefigue": _p("Nadia", "Pellefigue", "Mme", "Région Occitanie",
                     "Vice-présidente déléguée à l'Enseignement supérieur, "
                     "Recherche, Europe et Relations internationales"),
    "rubirola": _p("Michèle", "Rubirola", "Mme", "Marseille",
                   "Première adjointe au maire"),
    "viola": _p("André", "Viola", "M.", "Département de l'Aude",
                "Conseiller départemental de l'Aude"),
    "vaujany": _p("Alain", "Vaujany", "M.", "Pau",
                  "Adjoint au maire"),
    "isoird": _p("Valérie", "Isoird", "Mme", "Cherbourg-en-Cotentin",
                 "Adjointe au maire"),
    "faure": _p("Dominique", "Faure", "Mme", None,
                "Ministre déléguée auprès du ministre de l'Intérieur et des Outre-mer et du "
                "ministre de la Transition écologique et de la Cohésion des territoires, "
                "chargée des Collectivités territoriales et de la Ruralité", role="vip"),
    "deroche": _p("Catherine", "Deroche", "Mme", None,
                  "Sénatrice de Maine-et-Loire, présidente du groupe d'amitié "
                  "France-Vietnam, représentante du Président du Sénat", role="vip"),
    "rouquette": _staff("Virginie", "Rouquette", "Mme",
                        "Directrice générale"),
    "casca": _staff("Amandine", "Casca", "Mme",
                    "Chargée de mission Amérique latine et Caraïbes, Jeunesses-ECSI, Outre-mer"),
    "combe": _staff("Magali", "Combe", "Mme",
                    "Chargée de mission Chine, République de Corée, Vietnam, États-Unis, Développement économique"),
    "fotic": _staff("Katarina", "Fotic", "Mme",
                    "Responsable Communication, Événementiel, Publications, référente Japon, Russie"),
    "giovetti": _staff("Simone", "Giovetti", "M.",
                       "Responsable délégué au Plaidoyer international, Fonds de solidarité, Coordination thématique"),
    "giudicelli": _staff("David-Pierre", "Giudicelli", "M.",
                         "Chargé de mission DCOL, référent Climat"),
    "lanvin": _staff("Thomas", "Lanvin", "M.",
                     "Chargé de mission Arménie, Méditerranée, référent Genre"),
    "rabezandriantsoa": _staff("Florence", "Rabezandriantsoa", "Mme",
                               "Chargée de mission Afrique de l'Ouest et Madagascar"),
    "sabot": _staff("Mélanie", "Sabot", "Mme",
                    "Chargée de mission Crises et réhabilitation, Israël, Palestine, RCDP"),
    "plattier": _staff("Thi Tho", "Plattier", "Mme",
                       "Service Adhésion"),
    "seyoum": _staff("Elisabeth", "Seyoum", "Mme",
                     "Assistante logistique de la Direction"),
}

# Made-up experts, officials and journalists (no real person behind these names).
MADE_UP_PEOPLE = {
    "daect": _p("Bertrand", "Fortier", "M.", None,
                "Délégué adjoint pour l'action extérieure des collectivités "
                "territoriales, Ministère de l'Europe et des Affaires étrangères", role="vip"),
    "afd": _p("Sandrine", "Lacombe", "Mme", None,
              "Responsable de la division Collectivités territoriales, Agence française de développement"),
    "igg": _p("Camille", "Vernier", "Dr", None,
              "Chercheuse, Institut du Genre en Géopolitique"),
    "france_volontaires": _p("Yannick", "Le Bihan", "M.", None,
                             "Délégué aux partenariats territoriaux, France Volontaires"),
    "ps_eau": _p("Hélène", "Marquis", "Mme", None,
                 "Chargée de mission, Programme Solidarité Eau (pS-Eau)"),
    "delorme": _p("Nathalie", "Delorme", "Dr", None,
                  "Politologue, spécialiste des relations internationales"),
    "kessler": _p("Olivier", "Kessler", "Dr", None,
                  "Chercheur associé, spécialiste de l'Europe orientale"),
    "carvalho": _p("Élodie", "Carvalho", "Dr", None,
                   "Géographe, spécialiste du Brésil"),
    "morel": _p("Thierry", "Morel", "M.", None,
                "Chercheur, spécialiste du Japon contemporain"),
    "garnier": _p("Philippe", "Garnier", "M.", None,
                  "Officier de marine (2S), spécialiste des questions maritimes"),
    "lambert": _p("Henri", "Lambert", "M.", None,
                  "Général (2S), ancien attaché de défense"),
    "fabre": _p("Claire", "Fabre", "Mme", None,
                "Ancienne ambassadrice, chercheuse associée"),
    "papazian": _p("Anahide", "Papazian", "Dr", None,
                   "Historienne, spécialiste du Caucase"),
    "haddad": _p("Samir", "Haddad", "Dr", None,
                 "Chercheur, spécialiste du Proche-Orient"),
    "press_gazette": _p("Julie", "Renaud", "Mme", None,
                        "Journaliste, presse territoriale", role="press"),
    "press_radio": _p("Marc", "Lemoine", "M.", None,
                      "Journaliste, radio", role="press"),
    "press_web": _p("Inès", "Benali", "Mme", None,
                    "Journaliste, média en ligne sur la solidarité internationale", role="press"),
    "vn_hanoi": _foreign("VN", "Quang Minh", "Đỗ", "M.", "Thành phố Hà Nội", ("Quang Minh", "Do"),
                         "Vice-président du Comité populaire de la Ville de Hanoï"),
    "jp_shizuoka": _foreign("JP", "浩二", "望月", "M.", "静岡県", ("Koji", "Mochizuki"),
                            "Vice-gouverneur de la préfecture de Shizuoka"),
    "kr_seoul": _foreign("KR", "서연", "박", "Mme", "서울특별시", ("Seo-yeon", "Park"),
                         "Directrice de la coopération internationale"),
    "cn_wuhan": _foreign("CN", "晓燕", "王", "Mme", "武汉市", ("Xiaoyan", "Wang"),
                         "Directrice adjointe du Bureau des affaires étrangères"),
    "tw_taipei": _foreign("TW", "美玲", "陳", "Mme", "臺北市", ("Mei-ling", "Chen"),
                          "Directrice des relations internationales"),
    "ma_marrakech": _foreign("MA", "يوسف", "بناني", "M.", "جهة مراكش آسفي", ("Youssef", "Bennani"),
                             "Vice-président du Conseil de la région Marrakech-Safi", language="fr"),
    "tn_tunis": _foreign("TN", "سلمى", "الغربي", "Mme", "بلدية تونس", ("Salma", "Gharbi"),
                         "Directrice de la coopération internationale", language="fr"),
    "dz_oran": _foreign("DZ", "كريم", "بلقاسم", "M.", "بلدية وهران", ("Karim", "Belkacem"),
                        "Vice-président de l'Assemblée populaire communale d'Oran", language="fr"),
    "ps_apla": _foreign("PS", "خالد", "حمدان", "M.", "الاتحاد الفلسطيني للهيئات المحلية", ("Khaled", "Hamdan"),
                        "Membre du bureau exécutif de l'APLA"),
    "lb_byblos": _foreign("LB", "رانيا", "خوري", "Mme", "بلدية جبيل", ("Rania", "Khoury"),
                          "Conseillère municipale chargée de l'énergie", language="fr"),
    "mr_nouakchott": _foreign("MR", "أحمد", "ولد الشيخ", "M.", "جهة نواكشوط", ("Ahmed", "Ould Cheikh"),
                              "Vice-président du Conseil régional de Nouakchott", language="fr"),
    "il_haifa": _foreign("IL", "מיכל", "לוי", "Mme", "עיריית חיפה", ("Michal", "Levi"),
                         "Maire adjointe chargée des relations internationales"),
    "am_erevan": _foreign("AM", "Արամ", "Պետրոսյան", "M.", "Երևան", ("Aram", "Petrosyan"),
                          "Maire adjoint chargé des relations extérieures"),
    "ua_chernihiv": _foreign("UA", "Оксана", "Мельник", "Mme", "Чернігів", ("Oksana", "Melnyk"),
                             "Conseillère municipale chargée de la reconstruction"),
    "gr_thessaloniki": _foreign("GR", "Ελένη", "Οικονόμου", "Mme", "Δήμος Θεσσαλονίκης", ("Eleni", "Oikonomou"),
                                "Adjointe au maire chargée de la résilience climatique"),
    "md_chisinau": _foreign("MD", "Elena", "Ciobanu", "Mme", "Primăria municipiului Chișinău", None,
                            "Conseillère municipale"),
    "de_dusseldorf": _foreign("DE", "Katrin", "Weber", "Mme", "Landeshauptstadt Düsseldorf", None,
                              "Cheffe du service des relations internationales"),
    "be_platforma": _foreign("BE", "Pieter", "Maes", "M.", "PLATFORMA", None,
                             "Chargé de mission", language="fr"),
    "es_cglu": _foreign("ES", "Núria", "Puig", "Mme", "Ciudades y Gobiernos Locales Unidos (CGLU)", None,
                        "Responsable de la coopération décentralisée"),
    "sn_saint_louis": _foreign("SN", "Aïssatou", "Ndiaye", "Mme", "Ville de Saint-Louis", None,
                               "Adjointe au maire chargée de la coopération décentralisée", language="fr"),
    "bf_koudougou": _foreign("BF", "Boukary", "Sawadogo", "M.", "Commune de Koudougou", None,
                             "Chargé de la coopération décentralisée", language="fr"),
    "mg_fianarantsoa": _foreign("MG", "Hery", "Rakotomalala", "M.", "Commune urbaine de Fianarantsoa", None,
                                "Adjoint au maire chargé de l'environnement", language="fr"),
    "bj_porto_novo": _foreign("BJ", "Prudence", "Zinsou", "Mme", "Ville de Porto-Novo", None,
                              "Adjointe au maire chargée de la jeunesse", language="fr"),
    "ht_jacmel": _foreign("HT", "Wilner", "Joseph", "M.", "Commune de Jacmel", None,
                          "Maire adjoint", language="fr"),
    "co_medellin": _foreign("CO", "Daniela", "Vargas", "Mme", "Alcaldía de Medellín", None,
                            "Secrétaire adjointe aux droits des femmes"),
    "ar_rosario": _foreign("AR", "Federico", "Gómez", "M.", "Municipalidad de Rosario", None,
                           "Directeur des relations internationales"),
    "us_new_orleans": _foreign("US", "Jennifer", "Anderson", "Mme", "City of New Orleans", None,
                               "Directrice des affaires internationales"),
}

NAMED_PEOPLE = REPORT_PEOPLE | MADE_UP_PEOPLE

# --- RAICT 2023 at the scale of the report ------------------------------------------------
# « 26 conférences dont 1 plénière ; 50 % d'étrangers venus de 28 pays ; 130 collectivités
# françaises ; 509 participants ».
RAICT_2023 = "raict-2023"
RAICT_2023_FRENCH_COLLECTIVITES = 130
RAICT_2023_NON_MEMBERS = 18  # of those 130, collectivités that are not (yet) CUF members
RAICT_2023_FRENCH_PARTICIPANTS = 255
# Confirmed participants by foreign country (28 countries, 254 people).
RAICT_2023_FOREIGN = {
    "VN": 15, "JP": 12, "CN": 8, "TW": 4, "KR": 8, "MA": 22, "TN": 17, "PS": 14, "LB": 12, "IL": 6, "AM": 12,
    "UA": 12, "GR": 5, "DZ": 10, "SN": 15, "BF": 6, "MR": 8, "MG": 8, "CM": 8, "BJ": 8, "HT": 6, "AR": 5,
    "CO": 6, "US": 5, "BE": 6, "ES": 5, "DE": 6, "MD": 5,
}
# Named people attending without speaking.
RAICT_2023_GUESTS = ("leveque", "geroudet", "valli", "ngatcha", "fotic", "plattier", "seyoum",
                     "press_gazette", "press_radio", "press_web")
RAICT_2023_DELEGATIONS = {
    "VN": ("Délégation vietnamienne", "vn_hanoi"), "JP": ("Délégation japonaise", "jp_shizuoka"),
    "MA": ("Délégation marocaine", "ma_marrakech"), "UA": ("Délégation ukrainienne", "ua_chernihiv"),
    "AM": ("Délégation arménienne", "am_erevan"),
}
# Registrations that did not end up confirmed.
RAICT_2023_OTHER_STATUSES = {"cancelled": 7, "waitlisted": 6, "pending": 5, "refused": 1}

# --- smaller events -----------------------------------------------------------------------
RAICT_2024_PARTICIPANTS: ParticipantPlan = {
    "french": ["Lyon", "Rennes", "Tours", "Dijon", "Strasbourg", "Grenoble", "Nantes Métropole", "Bordeaux",
               "Département de la Seine-Saint-Denis", "Région Île-de-France", "Savigny-le-Temple", "Arras",
               "Montreuil", "Mulhouse", "Orléans", "Région Bretagne"],
    "french_count": 26,
    "foreign": [("MR", 5), ("SN", 2), ("UA", 2), ("AM", 2), ("JP", 1), ("BE", 1)],
    "delegation": ("MR", "Délégation mauritanienne", "mr_nouakchott"),
    "other_statuses": {"cancelled": 2, "pending": 1},
}
RAICT_2027_PARTICIPANTS = {"confirmed": ["Lyon", "Rennes", "Poitiers", "Tours"], "pending": ["Dijon", "Lille", "Nancy"]}

VIETNAM_FRENCH_COLLECTIVITES = [
    "Paris", "Région Île-de-France", "Lyon", "Métropole de Lyon", "Toulouse", "Syndicat mixte Fensch Lorraine",
    "Région Nouvelle-Aquitaine", "Département du Val-de-Marne", "Département de la Seine-Saint-Denis", "Rennes",
    "Nantes Métropole", "Région Centre-Val de Loire",
]


def _spread(names: list[str], total: int) -> tuple[tuple[str, int], ...]:
    """``total`` people over ``names``, as evenly as possible, the first names getting one more."""
    base, extra = divmod(total, len(names))
    return tuple((name, base + (1 if position < extra else 0)) for position, name in enumerate(names))


PALESTINE_FRENCH_COLLECTIVITES = [
    "Département de la Loire-Atlantique", "Paris", "Lyon", "Montreuil", "Bagnolet", "Nanterre", "Rennes", "Grenoble",
    "Saint-Denis", "Aubervilliers", "Ivry-sur-Seine", "Gennevilliers", "Pantin", "Département de la Seine-Saint-Denis",
    "Département du Val-de-Marne", "Région Île-de-France", "Nantes Métropole", "Brest", "Lorient", "Saint-Nazaire",
    "Toulouse", "Bordeaux", "Dijon", "Besançon", "Villeurbanne", "Chambéry", "Colombes", "Tours", "Poitiers",
    "Limoges", "Lille", "Dunkerque", "Arras", "Strasbourg", "Montpellier Méditerranée Métropole", "Marseille", "Nice",
]
JAPAN_FRENCH_COLLECTIVITES = ["Aix-en-Provence", "Paris", "Lyon", "Nancy", "Marseille", "Bordeaux", "Chartres",
                              "Nantes Métropole", "Rennes", "Strasbourg", "Toulouse", "Issy-les-Moulineaux"]
JAPAN_PARTNERS = ["静岡県", "静岡市", "浜松市", "熊本市", "京都市", "横浜市", "金沢市", "神戸市", "福岡市", "奈良市", "桜井市",
                  "新潟市", "仙台市", "愛知県", "長野県", "富山県", "岡山県", "札幌市", "広島市", "富士宮市", "沼津市", "島田市",
                  "一般財団法人自治体国際化協会"]

VIETNAM_PARTNERS = [name for name, _, kind in FOREIGN_BY_COUNTRY["VN"] if kind == CollectiviteType.FOREIGN_AUTHORITY]
PALESTINE_PARTNERS = [name for name, _, kind in FOREIGN_BY_COUNTRY["PS"] if kind == CollectiviteType.FOREIGN_AUTHORITY]

ASSISES = [
    AssisesPlan(
        event="assises-franco-vietnamiennes-2023",
        # « une délégation de 52 représentants de collectivités et acteurs engagés », 12 French collectivités.
        french=DelegationPlan(
            "Délégation française", "FR", "deroche", named=("rouquette", "combe"),
            members=_spread(VIETNAM_FRENCH_COLLECTIVITES, 42)
            + (("Association d'amitié franco-vietnamienne", 5), ("Agence française de développement", 2))),
        # 50 Vietnamese collectivités, the Ministry of Foreign Affairs and VUFO.
        partner=DelegationPlan(
            "Délégation vietnamienne", "VN", "vn_hanoi",
            members=_spread(VIETNAM_PARTNERS, 50) + (("Thành phố Hà Nội", 4), ("Bộ Ngoại giao", 2),
                                                     ("Liên hiệp các tổ chức hữu nghị Việt Nam", 2))),
        cancelled=2,
    ),
    AssisesPlan(
        event="assises-franco-palestiniennes-2023",
        # « 200 participants dont une délégation française de 110 personnes et 37 collectivités françaises ».
        french=DelegationPlan(
            "Délégation française", "FR", "salle", named=("sabot", "giovetti"),
            members=_spread(PALESTINE_FRENCH_COLLECTIVITES, 104)
            + (("Réseau de coopération décentralisée pour la Palestine (RCDP)", 3),)),
        partner=DelegationPlan(
            "Délégation palestinienne", "PS", "ps_apla",
            members=_spread(PALESTINE_PARTNERS, 85) + (("وزارة الحكم المحلي", 4),)),
        cancelled=3,
    ),
    AssisesPlan(
        event="rencontres-franco-japonaises-2024",
        french=DelegationPlan("Délégation française", "FR", "zerkani", named=("fotic",),
                              members=_spread(JAPAN_FRENCH_COLLECTIVITES, 30)),
        partner=DelegationPlan("Délégation japonaise", "JP", "jp_shizuoka", members=_spread(JAPAN_PARTNERS, 44)),
        cancelled=2,
    ),
    AssisesPlan(
        event="rencontres-franco-japonaises-2027",
        french=DelegationPlan("Délégation française", "FR", "zerkani", named=("fotic",),
                              members=_spread(JAPAN_FRENCH_COLLECTIVITES[:6], 9)),
        partner=DelegationPlan("Délégation japonaise", "JP", "jp_shizuoka", members=_spread(JAPAN_PARTNERS[:4], 6)),
        more=(("french", DelegationPlan("Délégation de la Ville de Lyon", "FR", ("FR", "Lyon", 5),
                                        members=(("Lyon", 3),))),
              ("partner", DelegationPlan("Délégation de la ville de Kyoto", "JP", ("JP", "京都市", 5),
                                         members=(("京都市", 3),)))),
        cancelled=1,
    ),
]

# Who registered to the open chronicle so far: people of a few member collectivités.
OPEN_CHRONIQUE = "chronique-2027-09-sahel"
OPEN_CHRONIQUE_COLLECTIVITES = ("Paris", "Lyon", "Rennes", "Poitiers", "Montreuil", "Nantes Métropole")
