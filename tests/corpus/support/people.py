"""Hand-made name, street and company data for the support corpus (Polish, Bulgarian).

Faker supplies more names; these lists add the common ones and the inflected Polish forms
(genitive, dative, instrumental, vocative) that Faker does not produce.
"""

# first name: (genitive, dative, instrumental, vocative)
PL_MALE = {
    "Jan": ("Jana", "Janowi", "Janem", "Janie"),
    "Piotr": ("Piotra", "Piotrowi", "Piotrem", "Piotrze"),
    "Krzysztof": ("Krzysztofa", "Krzysztofowi", "Krzysztofem", "Krzysztofie"),
    "Andrzej": ("Andrzeja", "Andrzejowi", "Andrzejem", "Andrzeju"),
    "Tomasz": ("Tomasza", "Tomaszowi", "Tomaszem", "Tomaszu"),
    "Paweł": ("Pawła", "Pawłowi", "Pawłem", "Pawle"),
    "Marcin": ("Marcina", "Marcinowi", "Marcinem", "Marcinie"),
    "Michał": ("Michała", "Michałowi", "Michałem", "Michale"),
    "Grzegorz": ("Grzegorza", "Grzegorzowi", "Grzegorzem", "Grzegorzu"),
    "Łukasz": ("Łukasza", "Łukaszowi", "Łukaszem", "Łukaszu"),
    "Adam": ("Adama", "Adamowi", "Adamem", "Adamie"),
    "Marek": ("Marka", "Markowi", "Markiem", "Marku"),
    "Wojciech": ("Wojciecha", "Wojciechowi", "Wojciechem", "Wojciechu"),
    "Rafał": ("Rafała", "Rafałowi", "Rafałem", "Rafale"),
    "Dariusz": ("Dariusza", "Dariuszowi", "Dariuszem", "Dariuszu"),
    "Jacek": ("Jacka", "Jackowi", "Jackiem", "Jacku"),
    "Zbigniew": ("Zbigniewa", "Zbigniewowi", "Zbigniewem", "Zbigniewie"),
    "Mariusz": ("Mariusza", "Mariuszowi", "Mariuszem", "Mariuszu"),
    "Kamil": ("Kamila", "Kamilowi", "Kamilem", "Kamilu"),
    "Bartosz": ("Bartosza", "Bartoszowi", "Bartoszem", "Bartoszu"),
    "Sławomir": ("Sławomira", "Sławomirowi", "Sławomirem", "Sławomirze"),
    "Przemysław": ("Przemysława", "Przemysławowi", "Przemysławem", "Przemysławie"),
}
PL_FEMALE = {
    "Anna": ("Anny", "Annie", "Anną", "Anno"),
    "Katarzyna": ("Katarzyny", "Katarzynie", "Katarzyną", "Katarzyno"),
    "Małgorzata": ("Małgorzaty", "Małgorzacie", "Małgorzatą", "Małgorzato"),
    "Agnieszka": ("Agnieszki", "Agnieszce", "Agnieszką", "Agnieszko"),
    "Barbara": ("Barbary", "Barbarze", "Barbarą", "Barbaro"),
    "Ewa": ("Ewy", "Ewie", "Ewą", "Ewo"),
    "Krystyna": ("Krystyny", "Krystynie", "Krystyną", "Krystyno"),
    "Magdalena": ("Magdaleny", "Magdalenie", "Magdaleną", "Magdaleno"),
    "Joanna": ("Joanny", "Joannie", "Joanną", "Joanno"),
    "Monika": ("Moniki", "Monice", "Moniką", "Moniko"),
    "Aleksandra": ("Aleksandry", "Aleksandrze", "Aleksandrą", "Aleksandro"),
    "Beata": ("Beaty", "Beacie", "Beatą", "Beato"),
    "Justyna": ("Justyny", "Justynie", "Justyną", "Justyno"),
    "Dorota": ("Doroty", "Dorocie", "Dorotą", "Doroto"),
    "Renata": ("Renaty", "Renacie", "Renatą", "Renato"),
    "Iwona": ("Iwony", "Iwonie", "Iwoną", "Iwono"),
    "Grażyna": ("Grażyny", "Grażynie", "Grażyną", "Grażyno"),
    "Urszula": ("Urszuli", "Urszuli", "Urszulą", "Urszulo"),
}
# masculine surname: (genitive, dative, instrumental); the feminine form is derived
PL_SURNAMES = {
    "Kowalski": None, "Wiśniewski": None, "Kamiński": None, "Lewandowski": None,
    "Zieliński": None, "Szymański": None, "Dąbrowski": None, "Kozłowski": None,
    "Jankowski": None, "Kwiatkowski": None, "Piotrowski": None, "Grabowski": None,
    "Pawłowski": None, "Michalski": None, "Jabłoński": None, "Nowakowski": None,
    "Majewski": None, "Olszewski": None, "Malinowski": None, "Jaworski": None,
    "Górski": None, "Witkowski": None, "Rutkowski": None, "Ostrowski": None,
    "Tomaszewski": None, "Zalewski": None, "Wróblewski": None, "Nowicki": None,
    "Wasiłowski": None, "Przybylski": None, "Sadowski": None, "Czerwiński": None,
    "Nowak": ("Nowaka", "Nowakowi", "Nowakiem"),
    "Wójcik": ("Wójcika", "Wójcikowi", "Wójcikiem"),
    "Kowalczyk": ("Kowalczyka", "Kowalczykowi", "Kowalczykiem"),
    "Woźniak": ("Woźniaka", "Woźniakowi", "Woźniakiem"),
    "Mazur": ("Mazura", "Mazurowi", "Mazurem"),
    "Krawczyk": ("Krawczyka", "Krawczykowi", "Krawczykiem"),
    "Adamczyk": ("Adamczyka", "Adamczykowi", "Adamczykiem"),
    "Pawlak": ("Pawlaka", "Pawlakowi", "Pawlakiem"),
    "Walczak": ("Walczaka", "Walczakowi", "Walczakiem"),
    "Michalak": ("Michalaka", "Michalakowi", "Michalakiem"),
    "Szewczyk": ("Szewczyka", "Szewczykowi", "Szewczykiem"),
    "Pietrzak": ("Pietrzaka", "Pietrzakowi", "Pietrzakiem"),
    "Wieczorek": ("Wieczorka", "Wieczorkowi", "Wieczorkiem"),
    "Dudek": ("Dudka", "Dudkowi", "Dudkiem"),
    "Wróbel": ("Wróbla", "Wróblowi", "Wróblem"),
    "Stępień": ("Stępnia", "Stępniowi", "Stępniem"),
    "Jasiński": None, "Zawadzki": None, "Sikorski": None, "Kubiak": ("Kubiaka", "Kubiakowi", "Kubiakiem"),
    "Kaczmarek": ("Kaczmarka", "Kaczmarkowi", "Kaczmarkiem"),
    "Grzelak": ("Grzelaka", "Grzelakowi", "Grzelakiem"),
}

BG_MALE = ["Иван", "Георги", "Димитър", "Петър", "Николай", "Христо", "Стоян", "Тодор",
           "Васил", "Атанас", "Красимир", "Пламен", "Цветан", "Венцислав", "Стефан",
           "Любомир", "Бойко", "Явор", "Калоян", "Радослав"]
BG_FEMALE = ["Мария", "Иванка", "Елена", "Йорданка", "Пенка", "Даниела", "Надежда",
             "Милена", "Гергана", "Цветелина", "Десислава", "Росица", "Теодора", "Снежана",
             "Албена", "Веселина"]
# father's first name -> patronymic stem (masculine; feminine adds "а")
BG_PATRONYM = {
    "Иван": "Иванов", "Георги": "Георгиев", "Димитър": "Димитров", "Петър": "Петров",
    "Николай": "Николаев", "Христо": "Христов", "Стоян": "Стоянов", "Тодор": "Тодоров",
    "Васил": "Василев", "Атанас": "Атанасов", "Красимир": "Красимиров", "Пламен": "Пламенов",
    "Цветан": "Цветанов", "Стефан": "Стефанов", "Любомир": "Любомиров", "Радослав": "Радославов",
}
BG_SURNAMES = ["Иванов", "Георгиев", "Димитров", "Петров", "Николов", "Христов", "Стоянов",
               "Тодоров", "Илиев", "Василев", "Атанасов", "Ангелов", "Йорданов", "Колев",
               "Маринов", "Попов", "Костадинов", "Цветков", "Кръстев", "Станчев", "Бонев",
               "Донев", "Лазаров", "Генчев", "Славов", "Вълчев", "Желязков"]

TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}


def translit(s):
    out = []
    for i, ch in enumerate(s):
        low = ch.lower()
        if low == "я" and i == len(s) - 1 and i > 0 and s[i - 1].lower() == "и":
            t = "a"
        else:
            t = TRANSLIT.get(low, ch)
        if ch != low and t:
            t = t[0].upper() + t[1:]
        out.append(t)
    return "".join(out)


PL_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def ascii_pl(s):
    return s.translate(PL_ASCII)


# Polish streets (name, prefix) and cities with postal codes
PL_STREETS = ["Długa", "Polna", "Lipowa", "Ogrodowa", "Słoneczna", "Krótka", "Leśna",
              "Kwiatowa", "Szkolna", "Parkowa", "Brzozowa", "Łąkowa", "Kościuszki",
              "Mickiewicza", "Sienkiewicza", "Piłsudskiego", "Kolejowa", "Zielona", "Akacjowa",
              "Jagiellońska", "Wiejska", "Żeromskiego", "Ogrodników", "Kasztanowa", "Świerkowa"]
PL_AVENUES = ["Jerozolimskie", "Niepodległości", "Solidarności", "Wojska Polskiego", "Grunwaldzka"]
PL_CITIES = [("00-950", "Warszawa"), ("02-672", "Warszawa"), ("30-060", "Kraków"),
             ("80-180", "Gdańsk"), ("50-043", "Wrocław"), ("61-131", "Poznań"),
             ("62-100", "Wągrowiec"), ("90-613", "Łódź"), ("20-601", "Lublin"),
             ("15-950", "Białystok"), ("70-464", "Szczecin"), ("85-023", "Bydgoszcz"),
             ("40-082", "Katowice"), ("35-959", "Rzeszów"), ("10-512", "Olsztyn"),
             ("16-400", "Suwałki"), ("22-100", "Chełm"), ("37-700", "Przemyśl"),
             ("68-200", "Żary"), ("21-500", "Biała Podlaska"), ("58-500", "Jelenia Góra")]

BG_STREETS = ["Шипка", "Витоша", "Цар Симеон", "Граф Игнатиев", "Раковски", "Оборище",
              "Опълченска", "Пиротска", "Солунска", "Московска", "Хан Аспарух", "Гладстон",
              "Иван Вазов", "Христо Ботев", "Дондуков", "Три уши", "Стефан Караджа"]
BG_BOULEVARDS = ["Цариградско шосе", "Витоша", "България", "Сливница", "Мария Луиза",
                 "Черни връх", "Тодор Александров", "Княгиня Мария Луиза"]
BG_COMPLEXES = ["Младост 1", "Младост 4", "Люлин 5", "Дружба 2", "Надежда 3", "Тракия",
                "Изгрев", "Възраждане", "Кършияка", "Чайка"]
BG_CITIES = [("1000", "София"), ("1784", "София"), ("1407", "София"), ("4000", "Пловдив"),
             ("9000", "Варна"), ("8000", "Бургас"), ("5800", "Плевен"), ("7000", "Русе"),
             ("6000", "Стара Загора"), ("5000", "Велико Търново"), ("2700", "Благоевград"),
             ("9300", "Добрич"), ("3700", "Видин"), ("6300", "Хасково")]

PL_COMPANIES = ["Agencja Celna Transgraniczna Sp. z o.o.", "Cargo-Bałtyk Sp. z o.o.",
                "Spedycja Nadwiślańska S.A.", "Biuro Obsługi Celnej Terespol",
                "Agencja Celna Orbis-Granica", "Logistyka Wschód Sp.j.", "Trans-Celna s.c.",
                "Centrum Odpraw Celnych Medyka", "Eurocargo Serwis Sp. z o.o."]
BG_COMPANIES = ["Спедиция Дунав ЕООД", "Митническо агенция Балкан ООД", "Карго Експрес АД",
                "Транслогистик ЕООД", "Евро Спед Варна ООД", "Тракия Логистик ЕАД"]
BG_COMPANIES_LAT = ["Spedition Dunav EOOD", "Balkan Customs Agency OOD", "Cargo Express AD",
                    "Translogistic EOOD"]

EMAIL_DOMAINS_PL = ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com", "op.pl",
                    "poczta.fm", "agencja-transgraniczna.pl", "cargo-baltyk.com.pl"]
EMAIL_DOMAINS_BG = ["abv.bg", "mail.bg", "dir.bg", "gmail.com", "yahoo.com", "spedition-dunav.bg",
                    "balkan-customs.bg"]
