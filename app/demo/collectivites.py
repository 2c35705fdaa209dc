"""The collectivités and other organisations of the demo.

French ones: the members of CUF's board (Conseil d'administration) listed in the 2023
activity report, the collectivités the report names, then other real French collectivités.
Foreign ones are written in their own script, with a Latin (French) form.
"""
from __future__ import annotations

from app.core.text import clean_text
from app.demo.specs import CollectiviteSpec
from app.people.models import CollectiviteType

COMMUNE = CollectiviteType.COMMUNE
INTERCO = CollectiviteType.INTERCOMMUNALITE
DEPARTEMENT = CollectiviteType.DEPARTEMENT
REGION = CollectiviteType.REGION
FOREIGN = CollectiviteType.FOREIGN_AUTHORITY
NETWORK = CollectiviteType.NETWORK
STATE = CollectiviteType.STATE_BODY

# « Membres du CA de CUF » (rapport d'activités 2023, p. 21), all CUF members.
BOARD_MEMBERS = [
    ("Angers", COMMUNE), ("Arras", COMMUNE), ("Autun", COMMUNE), ("Aÿ-Champagne", COMMUNE), ("Bagnolet", COMMUNE),
    ("Bordeaux", COMMUNE), ("Chartres", COMMUNE), ("Châtellerault", COMMUNE), ("Clermont-Ferrand", COMMUNE),
    ("Communauté d'agglomération du Pays Nord Martinique", INTERCO),
    ("Communauté de communes Faucigny-Glières", INTERCO),
    ("Département de l'Aude", DEPARTEMENT), ("Département de La Réunion", DEPARTEMENT),
    ("Département de la Vienne", DEPARTEMENT), ("Département de Meurthe-et-Moselle", DEPARTEMENT),
    ("Département du Territoire de Belfort", DEPARTEMENT),
    ("Région Bourgogne-Franche-Comté", REGION), ("Région Occitanie", REGION),
    ("Dijon", COMMUNE), ("Épinay-sur-Seine", COMMUNE), ("Hérouville-Saint-Clair", COMMUNE),
    ("Issy-les-Moulineaux", COMMUNE), ("Mamoudzou", COMMUNE), ("Margny-lès-Compiègne", COMMUNE),
    ("Marseille", COMMUNE), ("Mulhouse", COMMUNE), ("Nancy", COMMUNE), ("Nanterre", COMMUNE),
    ("Nantes Métropole", INTERCO), ("Nice", COMMUNE), ("Nîmes Métropole", INTERCO), ("Nogent-sur-Marne", COMMUNE),
    ("Orléans", COMMUNE), ("Paris", COMMUNE), ("Poitiers", COMMUNE), ("Quetigny", COMMUNE), ("Rennes", COMMUNE),
    ("Rosny-sous-Bois", COMMUNE), ("Strasbourg", COMMUNE), ("Toulouse", COMMUNE), ("Tours", COMMUNE),
]

# Named in the report (group presidents, label « Territoires solidaires et unis face aux crises »,
# programmes, funds): CUF members.
REPORT_MEMBERS = [
    ("Lyon", COMMUNE), ("Montreuil", COMMUNE), ("Savigny-le-Temple", COMMUNE), ("Moissy-Cramayel", COMMUNE),
    ("Noisy-le-Sec", COMMUNE), ("Chambéry", COMMUNE), ("Saint-Priest", COMMUNE), ("Colombes", COMMUNE),
    ("Aix-en-Provence", COMMUNE), ("Montpellier Méditerranée Métropole", INTERCO), ("Région Sud", REGION),
    ("Région Centre-Val de Loire", REGION), ("Département de la Loire-Atlantique", DEPARTEMENT),
    ("Région Nouvelle-Aquitaine", REGION), ("Grand Poitiers", INTERCO), ("Voiron", COMMUNE), ("Pau", COMMUNE),
    ("Cherbourg-en-Cotentin", COMMUNE), ("Bagneux", COMMUNE), ("Arnage", COMMUNE), ("Amilly", COMMUNE),
    ("Département de la Seine-Saint-Denis", DEPARTEMENT), ("Département d'Ille-et-Vilaine", DEPARTEMENT),
    ("Département de Mayotte", DEPARTEMENT), ("Métropole de Lyon", INTERCO), ("Toulouse Métropole", INTERCO),
    ("Dijon Métropole", INTERCO), ("Angers Loire Métropole", INTERCO), ("Rennes Métropole", INTERCO),
    ("Métropole Nice Côte d'Azur", INTERCO), ("Région Auvergne-Rhône-Alpes", REGION),
    ("Syndicat mixte Fensch Lorraine", INTERCO), ("Bonneville", COMMUNE),
]

# Other French collectivités active in decentralised cooperation (some of them CUF members).
OTHER_MEMBERS = [
    ("Grenoble", COMMUNE), ("Lille", COMMUNE), ("Brest", COMMUNE), ("Besançon", COMMUNE), ("Villeurbanne", COMMUNE),
    ("Saint-Denis", COMMUNE), ("Aubervilliers", COMMUNE), ("Limoges", COMMUNE), ("Le Mans", COMMUNE), ("Caen", COMMUNE),
    ("Rouen", COMMUNE), ("Metz", COMMUNE), ("Amiens", COMMUNE), ("Reims", COMMUNE), ("Perpignan", COMMUNE),
    ("La Rochelle", COMMUNE), ("Niort", COMMUNE), ("Lorient", COMMUNE), ("Quimper", COMMUNE),
    ("Saint-Nazaire", COMMUNE), ("Ivry-sur-Seine", COMMUNE), ("Vitry-sur-Seine", COMMUNE), ("Gennevilliers", COMMUNE),
    ("Pantin", COMMUNE),
    ("Belfort", COMMUNE), ("Chalon-sur-Saône", COMMUNE), ("Bourges", COMMUNE), ("Blois", COMMUNE), ("Cholet", COMMUNE),
    ("Saint-Brieuc", COMMUNE), ("Dunkerque", COMMUNE), ("Villeneuve-d'Ascq", COMMUNE), ("Beauvais", COMMUNE),
    ("Troyes", COMMUNE), ("Colmar", COMMUNE), ("Annecy", COMMUNE), ("Valence", COMMUNE), ("Saint-Étienne", COMMUNE),
    ("Albi", COMMUNE), ("Montauban", COMMUNE), ("Bayonne", COMMUNE), ("Narbonne", COMMUNE), ("Arles", COMMUNE),
    ("Avignon", COMMUNE), ("Aubagne", COMMUNE), ("Fort-de-France", COMMUNE), ("Cayenne", COMMUNE),
    ("Grenoble-Alpes Métropole", INTERCO), ("Métropole européenne de Lille", INTERCO), ("Brest Métropole", INTERCO),
    ("Bordeaux Métropole", INTERCO), ("Eurométropole de Strasbourg", INTERCO), ("Plaine Commune", INTERCO),
    ("Est Ensemble", INTERCO), ("Communauté d'agglomération Cap Excellence", INTERCO),
    ("Département du Val-de-Marne", DEPARTEMENT), ("Département de l'Essonne", DEPARTEMENT),
    ("Département de la Gironde", DEPARTEMENT), ("Département de l'Hérault", DEPARTEMENT),
    ("Département de l'Isère", DEPARTEMENT), ("Département du Finistère", DEPARTEMENT),
    ("Département du Nord", DEPARTEMENT), ("Département du Puy-de-Dôme", DEPARTEMENT),
    ("Département de la Savoie", DEPARTEMENT), ("Département des Pyrénées-Atlantiques", DEPARTEMENT),
    ("Région Île-de-France", REGION), ("Région Bretagne", REGION), ("Région Grand Est", REGION),
    ("Région Hauts-de-France", REGION), ("Région Normandie", REGION), ("Région Pays de la Loire", REGION),
]

NOT_MEMBERS = [
    ("Créteil", COMMUNE), ("Champigny-sur-Marne", COMMUNE), ("Cachan", COMMUNE), ("Montbéliard", COMMUNE),
    ("Auxerre", COMMUNE), ("Nevers", COMMUNE), ("Saumur", COMMUNE), ("Laval", COMMUNE), ("Lannion", COMMUNE),
    ("Morlaix", COMMUNE), ("Lens", COMMUNE), ("Valenciennes", COMMUNE), ("Tourcoing", COMMUNE), ("Roubaix", COMMUNE),
    ("Compiègne", COMMUNE), ("Saint-Quentin", COMMUNE), ("Soissons", COMMUNE), ("Épernay", COMMUNE),
    ("Chaumont", COMMUNE), ("Thionville", COMMUNE), ("Épinal", COMMUNE), ("Verdun", COMMUNE), ("Annemasse", COMMUNE),
    ("Romans-sur-Isère", COMMUNE), ("Bourg-en-Bresse", COMMUNE), ("Roanne", COMMUNE), ("Vichy", COMMUNE),
    ("Aurillac", COMMUNE), ("Castres", COMMUNE), ("Cahors", COMMUNE), ("Agen", COMMUNE), ("Mont-de-Marsan", COMMUNE),
    ("Tarbes", COMMUNE), ("Carcassonne", COMMUNE), ("Béziers", COMMUNE), ("Sète", COMMUNE), ("Toulon", COMMUNE),
    ("Grasse", COMMUNE), ("Bastia", COMMUNE), ("Ajaccio", COMMUNE), ("Pointe-à-Pitre", COMMUNE), ("Le Port", COMMUNE),
    ("Métropole Rouen Normandie", INTERCO), ("Grand Paris Sud", INTERCO), ("Grand Besançon Métropole", INTERCO),
    ("Département des Hauts-de-Seine", DEPARTEMENT), ("Département du Pas-de-Calais", DEPARTEMENT),
    ("Département de la Seine-Maritime", DEPARTEMENT), ("Département de la Haute-Garonne", DEPARTEMENT),
    ("Département des Bouches-du-Rhône", DEPARTEMENT), ("Département de la Drôme", DEPARTEMENT),
    ("Département du Gers", DEPARTEMENT), ("Département des Landes", DEPARTEMENT),
    ("Département de Maine-et-Loire", DEPARTEMENT), ("Département du Val-d'Oise", DEPARTEMENT),
    ("Région Guadeloupe", REGION), ("Collectivité territoriale de Martinique", REGION), ("Région Réunion", REGION),
]


def _french() -> list[CollectiviteSpec]:
    named = BOARD_MEMBERS + REPORT_MEMBERS + OTHER_MEMBERS
    members = [CollectiviteSpec(clean_text(name), kind, "FR", cuf_member=True) for name, kind in named]
    return members + [CollectiviteSpec(clean_text(name), kind, "FR") for name, kind in NOT_MEMBERS]


# (name in own script, Latin form or None, type) by country.
FOREIGN_BY_COUNTRY: dict[str, list[tuple[str, str | None, CollectiviteType]]] = {
    "VN": [
        ("Thành phố Hà Nội", "Ville de Hanoï", FOREIGN), ("Thành phố Hồ Chí Minh", "Hô Chi Minh-Ville", FOREIGN),
        ("Thành phố Đà Nẵng", "Ville de Da Nang", FOREIGN), ("Thành phố Hải Phòng", "Ville de Haïphong", FOREIGN),
        ("Thành phố Cần Thơ", "Ville de Can Tho", FOREIGN),
        ("Tỉnh Thừa Thiên Huế", "Province de Thua Thien Hue", FOREIGN),
        ("Tỉnh Quảng Nam", "Province de Quang Nam", FOREIGN), ("Tỉnh Bình Định", "Province de Binh Dinh", FOREIGN),
        ("Tỉnh Lào Cai", "Province de Lao Cai", FOREIGN), ("Tỉnh Hà Giang", "Province de Ha Giang", FOREIGN),
        ("Tỉnh Bắc Ninh", "Province de Bac Ninh", FOREIGN), ("Tỉnh Hải Dương", "Province de Hai Duong", FOREIGN),
        ("Tỉnh Thái Bình", "Province de Thai Binh", FOREIGN), ("Tỉnh Nam Định", "Province de Nam Dinh", FOREIGN),
        ("Tỉnh Ninh Bình", "Province de Ninh Binh", FOREIGN), ("Tỉnh Thanh Hóa", "Province de Thanh Hoa", FOREIGN),
        ("Tỉnh Nghệ An", "Province de Nghe An", FOREIGN), ("Tỉnh Hà Tĩnh", "Province de Ha Tinh", FOREIGN),
        ("Tỉnh Quảng Bình", "Province de Quang Binh", FOREIGN), ("Tỉnh Quảng Trị", "Province de Quang Tri", FOREIGN),
        ("Tỉnh Quảng Ngãi", "Province de Quang Ngai", FOREIGN), ("Tỉnh Khánh Hòa", "Province de Khanh Hoa", FOREIGN),
        ("Tỉnh Lâm Đồng", "Province de Lam Dong", FOREIGN), ("Tỉnh Đắk Lắk", "Province de Dak Lak", FOREIGN),
        ("Tỉnh Vĩnh Long", "Province de Vinh Long", FOREIGN), ("Tỉnh Đồng Tháp", "Province de Dong Thap", FOREIGN),
        ("Tỉnh An Giang", "Province d'An Giang", FOREIGN), ("Tỉnh Kiên Giang", "Province de Kien Giang", FOREIGN),
        ("Tỉnh Bến Tre", "Province de Ben Tre", FOREIGN), ("Tỉnh Tiền Giang", "Province de Tien Giang", FOREIGN),
        ("Tỉnh Sơn La", "Province de Son La", FOREIGN), ("Tỉnh Điện Biên", "Province de Dien Bien", FOREIGN),
        ("Tỉnh Lạng Sơn", "Province de Lang Son", FOREIGN), ("Tỉnh Cao Bằng", "Province de Cao Bang", FOREIGN),
        ("Tỉnh Yên Bái", "Province de Yen Bai", FOREIGN), ("Tỉnh Phú Thọ", "Province de Phu Tho", FOREIGN),
        ("Tỉnh Vĩnh Phúc", "Province de Vinh Phuc", FOREIGN), ("Tỉnh Hòa Bình", "Province de Hoa Binh", FOREIGN),
        ("Tỉnh Thái Nguyên", "Province de Thai Nguyen", FOREIGN),
        ("Tỉnh Tuyên Quang", "Province de Tuyen Quang", FOREIGN),
        ("Tỉnh Bắc Giang", "Province de Bac Giang", FOREIGN), ("Tỉnh Quảng Ninh", "Province de Quang Ninh", FOREIGN),
        ("Tỉnh Hưng Yên", "Province de Hung Yen", FOREIGN), ("Tỉnh Hà Nam", "Province de Ha Nam", FOREIGN),
        ("Tỉnh Long An", "Province de Long An", FOREIGN), ("Tỉnh Bình Dương", "Province de Binh Duong", FOREIGN),
        ("Tỉnh Đồng Nai", "Province de Dong Nai", FOREIGN),
        ("Tỉnh Bà Rịa - Vũng Tàu", "Province de Ba Ria-Vung Tau", FOREIGN),
        ("Tỉnh Sóc Trăng", "Province de Soc Trang", FOREIGN), ("Tỉnh Trà Vinh", "Province de Tra Vinh", FOREIGN),
        ("Bộ Ngoại giao", "Ministère des Affaires étrangères du Vietnam", STATE),
        ("Liên hiệp các tổ chức hữu nghị Việt Nam", "Union des organisations d'amitié du Vietnam (VUFO)", NETWORK),
    ],
    "JP": [
        ("静岡県", "Préfecture de Shizuoka", FOREIGN), ("静岡市", "Ville de Shizuoka", FOREIGN),
        ("浜松市", "Ville de Hamamatsu", FOREIGN), ("熊本市", "Ville de Kumamoto", FOREIGN),
        ("京都市", "Ville de Kyoto", FOREIGN),
        ("横浜市", "Ville de Yokohama", FOREIGN), ("金沢市", "Ville de Kanazawa", FOREIGN), ("神戸市", "Ville de Kobe", FOREIGN),
        ("福岡市", "Ville de Fukuoka", FOREIGN), ("奈良市", "Ville de Nara", FOREIGN), ("桜井市", "Ville de Sakurai", FOREIGN),
        ("新潟市", "Ville de Niigata", FOREIGN), ("仙台市", "Ville de Sendai", FOREIGN),
        ("愛知県", "Préfecture d'Aichi", FOREIGN),
        ("長野県", "Préfecture de Nagano", FOREIGN), ("富山県", "Préfecture de Toyama", FOREIGN),
        ("岡山県", "Préfecture d'Okayama", FOREIGN), ("札幌市", "Ville de Sapporo", FOREIGN),
        ("広島市", "Ville d'Hiroshima", FOREIGN), ("富士宮市", "Ville de Fujinomiya", FOREIGN),
        ("沼津市", "Ville de Numazu", FOREIGN), ("島田市", "Ville de Shimada", FOREIGN),
        ("一般財団法人自治体国際化協会", "Conseil des collectivités locales pour les relations internationales (CLAIR)", NETWORK),
    ],
    "CN": [
        ("武汉市", "Ville de Wuhan", FOREIGN), ("成都市", "Ville de Chengdu", FOREIGN), ("上海市", "Ville de Shanghai", FOREIGN),
        ("广州市", "Ville de Canton", FOREIGN), ("湖北省", "Province du Hubei", FOREIGN),
        ("四川省", "Province du Sichuan", FOREIGN),
        ("南京市", "Ville de Nankin", FOREIGN),
    ],
    "TW": [
        ("臺北市", "Ville de Taipei", FOREIGN), ("臺南市", "Ville de Tainan", FOREIGN),
        ("高雄市", "Ville de Kaohsiung", FOREIGN), ("新竹縣", "Comté de Hsinchu", FOREIGN),
    ],
    "KR": [
        ("서울특별시", "Ville de Séoul", FOREIGN), ("부산광역시", "Ville de Busan", FOREIGN),
        ("대전광역시", "Ville de Daejeon", FOREIGN),
        ("광주광역시", "Ville de Gwangju", FOREIGN), ("제주특별자치도", "Province de Jeju", FOREIGN),
        ("수원시", "Ville de Suwon", FOREIGN),
    ],
    "MA": [
        ("جهة مراكش آسفي", "Région Marrakech-Safi", FOREIGN), ("جماعة الرباط", "Commune de Rabat", FOREIGN),
        ("جماعة فاس", "Commune de Fès", FOREIGN), ("جماعة طنجة", "Commune de Tanger", FOREIGN),
        ("جماعة شفشاون", "Commune de Chefchaouen", FOREIGN), ("جماعة أكادير", "Commune d'Agadir", FOREIGN),
        ("جماعة وجدة", "Commune d'Oujda", FOREIGN), ("جماعة الصويرة", "Commune d'Essaouira", FOREIGN),
        ("جهة سوس ماسة", "Région Souss-Massa", FOREIGN), ("إقليم الحوز", "Province d'Al Haouz", FOREIGN),
    ],
    "TN": [
        ("بلدية تونس", "Commune de Tunis", FOREIGN), ("بلدية صفاقس", "Commune de Sfax", FOREIGN),
        ("بلدية سوسة", "Commune de Sousse", FOREIGN), ("بلدية بنزرت", "Commune de Bizerte", FOREIGN),
        ("بلدية القيروان", "Commune de Kairouan", FOREIGN), ("بلدية المنستير", "Commune de Monastir", FOREIGN),
        ("بلدية نابل", "Commune de Nabeul", FOREIGN), ("بلدية قابس", "Commune de Gabès", FOREIGN),
    ],
    "DZ": [
        ("بلدية وهران", "Commune d'Oran", FOREIGN), ("بلدية الجزائر الوسطى", "Commune d'Alger-Centre", FOREIGN),
        ("بلدية قسنطينة", "Commune de Constantine", FOREIGN), ("بلدية عنابة", "Commune d'Annaba", FOREIGN),
        ("بلدية تلمسان", "Commune de Tlemcen", FOREIGN), ("بلدية بجاية", "Commune de Béjaïa", FOREIGN),
    ],
    "PS": [
        ("بلدية رام الله", "Municipalité de Ramallah", FOREIGN), ("بلدية البيرة", "Municipalité d'Al-Bireh", FOREIGN),
        ("بلدية بيت لحم", "Municipalité de Bethléem", FOREIGN), ("بلدية نابلس", "Municipalité de Naplouse", FOREIGN),
        ("بلدية الخليل", "Municipalité d'Hébron", FOREIGN), ("بلدية جنين", "Municipalité de Jénine", FOREIGN),
        ("بلدية أريحا", "Municipalité de Jéricho", FOREIGN), ("بلدية طولكرم", "Municipalité de Tulkarem", FOREIGN),
        ("بلدية قلقيلية", "Municipalité de Qalqilya", FOREIGN),
        ("بلدية بيت جالا", "Municipalité de Beit Jala", FOREIGN),
        ("بلدية بيت ساحور", "Municipalité de Beit Sahour", FOREIGN), ("بلدية سلفيت", "Municipalité de Salfit", FOREIGN),
        ("بلدية طوباس", "Municipalité de Tubas", FOREIGN), ("بلدية دورا", "Municipalité de Dura", FOREIGN),
        ("بلدية بيرزيت", "Municipalité de Birzeit", FOREIGN), ("بلدية يطا", "Municipalité de Yatta", FOREIGN),
        ("بلدية حلحول", "Municipalité de Halhoul", FOREIGN), ("بلدية عنبتا", "Municipalité d'Anabta", FOREIGN),
        ("بلدية الظاهرية", "Municipalité de Dahariya", FOREIGN), ("بلدية عرابة", "Municipalité d'Arraba", FOREIGN),
        ("الاتحاد الفلسطيني للهيئات المحلية", "Association des autorités locales palestiniennes (APLA)", NETWORK),
        ("وزارة الحكم المحلي", "Ministère palestinien des Collectivités locales", STATE),
    ],
    "LB": [
        ("بلدية جبيل", "Municipalité de Byblos", FOREIGN), ("بلدية طرابلس", "Municipalité de Tripoli", FOREIGN),
        ("بلدية صيدا", "Municipalité de Saïda", FOREIGN), ("بلدية صور", "Municipalité de Tyr", FOREIGN),
        ("بلدية زحلة", "Municipalité de Zahlé", FOREIGN), ("بلدية بعلبك", "Municipalité de Baalbek", FOREIGN),
        ("بلدية بيروت", "Municipalité de Beyrouth", FOREIGN),
    ],
    "MR": [
        ("جهة نواكشوط", "Région de Nouakchott", FOREIGN), ("بلدية نواذيبو", "Commune de Nouadhibou", FOREIGN),
        ("بلدية روصو", "Commune de Rosso", FOREIGN), ("بلدية كيفة", "Commune de Kiffa", FOREIGN),
        ("بلدية أطار", "Commune d'Atar", FOREIGN),
    ],
    "IL": [
        ("עיריית חיפה", "Ville de Haïfa", FOREIGN), ("עיריית תל אביב-יפו", "Ville de Tel Aviv-Jaffa", FOREIGN),
        ("עיריית באר שבע", "Ville de Beer-Sheva", FOREIGN), ("עיריית נתניה", "Ville de Netanya", FOREIGN),
    ],
    "AM": [
        ("Երևան", "Erevan", FOREIGN), ("Գյումրի", "Gyumri", FOREIGN), ("Վանաձոր", "Vanadzor", FOREIGN),
        ("Սյունիքի մարզ", "Province de Syunik", FOREIGN), ("Գորիս", "Goris", FOREIGN),
        ("Էջմիածին", "Etchmiadzine", FOREIGN),
    ],
    "UA": [
        ("Чернігів", "Tchernihiv", FOREIGN), ("Київ", "Kyiv", FOREIGN), ("Львів", "Lviv", FOREIGN),
        ("Одеса", "Odessa", FOREIGN),
        ("Харків", "Kharkiv", FOREIGN), ("Миколаїв", "Mykolaïv", FOREIGN), ("Буча", "Boutcha", FOREIGN),
    ],
    "GR": [
        ("Δήμος Θεσσαλονίκης", "Municipalité de Thessalonique", FOREIGN),
        ("Δήμος Αθηναίων", "Municipalité d'Athènes", FOREIGN),
        ("Δήμος Πατρέων", "Municipalité de Patras", FOREIGN),
    ],
    "SN": [
        ("Ville de Saint-Louis", None, FOREIGN), ("Ville de Dakar", None, FOREIGN),
        ("Commune de Ziguinchor", None, FOREIGN),
        ("Commune de Thiès", None, FOREIGN), ("Département de Podor", None, FOREIGN),
        ("Commune de Rufisque", None, FOREIGN),
    ],
    "BF": [
        ("Commune de Koudougou", None, FOREIGN), ("Commune de Ouahigouya", None, FOREIGN),
        ("Commune de Bobo-Dioulasso", None, FOREIGN), ("Région du Plateau central", None, FOREIGN),
    ],
    "MG": [
        ("Commune urbaine de Fianarantsoa", None, FOREIGN), ("Commune urbaine d'Antananarivo", None, FOREIGN),
        ("Commune d'Erada", None, FOREIGN), ("Commune de Sampona", None, FOREIGN),
        ("Commune de Maroalomainy", None, FOREIGN),
    ],
    "CM": [
        ("Commune de Bangangté", None, FOREIGN), ("Communauté urbaine de Douala", None, FOREIGN),
        ("Commune de Dschang", None, FOREIGN), ("Commune de Foumban", None, FOREIGN),
    ],
    "BJ": [
        ("Ville de Porto-Novo", None, FOREIGN), ("Commune d'Abomey", None, FOREIGN),
        ("Commune de Ouidah", None, FOREIGN),
        ("Commune de Parakou", None, FOREIGN),
    ],
    "HT": [("Commune de Jacmel", None, FOREIGN), ("Commune des Cayes", None, FOREIGN),
           ("Commune du Cap-Haïtien", None, FOREIGN)],
    "AR": [("Municipalidad de Rosario", "Ville de Rosario", FOREIGN),
           ("Municipalidad de Córdoba", "Ville de Córdoba", FOREIGN)],
    "CO": [
        ("Alcaldía de Medellín", "Ville de Medellín", FOREIGN),
        ("Alcaldía de Manizales", "Ville de Manizales", FOREIGN),
        ("Asolintermedias", "Association des villes intermédiaires de Colombie", NETWORK),
    ],
    "US": [("City of New Orleans", "Ville de La Nouvelle-Orléans", FOREIGN),
           ("City of San Francisco", "Ville de San Francisco", FOREIGN)],
    "BE": [("PLATFORMA", None, NETWORK), ("Ville de Liège", None, FOREIGN), ("Stad Gent", "Ville de Gand", FOREIGN)],
    "ES": [
        ("Ciudades y Gobiernos Locales Unidos (CGLU)", "Cités et Gouvernements Locaux Unis (CGLU)", NETWORK),
        ("Ajuntament de Barcelona", "Ville de Barcelone", FOREIGN),
    ],
    "DE": [("Landeshauptstadt Düsseldorf", "Ville de Düsseldorf", FOREIGN),
           ("Stadt Leipzig", "Ville de Leipzig", FOREIGN)],
    "MD": [("Primăria municipiului Chișinău", "Mairie de Chisinau", FOREIGN),
           ("Primăria municipiului Bălți", "Mairie de Balti", FOREIGN)],
}


def _foreign() -> list[CollectiviteSpec]:
    return [CollectiviteSpec(clean_text(name), kind, country, name_latin=clean_text(latin) if latin else None)
            for country, entries in FOREIGN_BY_COUNTRY.items() for name, latin, kind in entries]


COLLECTIVITES: list[CollectiviteSpec] = _french() + _foreign()

# French associations and public bodies people come from. They are not collectivités (the
# RAICT's count of French collectivités must stay the report's), so their people have none and
# their function names the organisation. Values: the kind of functions their people hold.
FRENCH_ORGANISATIONS = {
    "Association d'amitié franco-vietnamienne": "association",
    "Réseau de coopération décentralisée pour la Palestine (RCDP)": "network",
    "Agence française de développement": "state_body",
}
