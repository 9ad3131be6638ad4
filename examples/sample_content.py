"""The two example sites' accounts and posts. Every one of them is invented."""

from __future__ import annotations

from collections.abc import Sequence

from sample_format import Account, At, Cash, Photo, Site, Tag, Url, Video, padded_url
from sample_pictures import Scene

# --- the content: all invented -----------------------------------------------------------

# fmt: off
Timelines = dict[str, Sequence[int]]
"""Each timeline account and how its posts split into pages (newest page first)."""


def borger_dk() -> tuple[Site, Timelines]:
    """One Danish citizen-portal-like account that uses every feature the widget handles."""
    site = Site()
    web = "https://www.borgerportal.example"
    portal = site.account(
        "borger_demo", "Borgerportalen (eksempel)",
        "Fiktiv eksempelkonto: nyheder om selvbetjening, som en borgerportal kunne skrive dem",
        "2019-03-01T09:00", "BP", ("#1f3c88", "#f2f4f8"),
    )
    kommune = site.account(
        "kommune_demo", "Eksempelby Kommune (fiktiv)", "Fiktiv kommune i eksemplerne",
        "2020-05-11T10:00", "EK", ("#0b6e4f", "#e8f5ee"),
    )
    sundhed = site.account(
        "sundhed_demo", "Sundhedsportalen (eksempel)", "Fiktiv sundhedsportal i eksemplerne",
        "2018-09-20T12:00", "SP", ("#8a1538", "#fbeef2"),
    )
    hjaelp = site.account(
        "hjaelp_demo", "Digital hjælp (eksempel)", "Fiktivt hjælpested for digital selvbetjening",
        "2021-01-15T08:00", "DH", ("#5b3f8c", "#f1ecf9"),
    )
    welcome = Scene("VELKOMMEN", "house", "#dbe7ff", "#1f3c88", "#f5b700")
    site.post(portal, "2026-11-02T08:30", "da", [
        "👋 Velkommen til Borgerportalen (eksempel)! Her finder du fiktive nyheder om "
        "selvbetjening, flytning, pas & kørekort. Alt her er opdigtet.",
    ], media=[Photo(welcome, "Tegning af et blåt hus med gult tag og en gul sol. "
                             "Nederst teksten: Velkommen – fiktivt eksempel.")])
    site.post(portal, "2026-11-03T10:00", "da", [
        "Skal du flytte før jul? Meld flytning senest 5 dage efter & se, om du kan få hjælp "
        "til udgifterne: ", Url(padded_url(f"{web}/artikel/flytning/saadan-melder-du-flytning"
                                           "?sprog=da&visning=fuld", 200)),
        " ", Tag("Flytning"),
    ])
    site.post(portal, "2026-11-04T12:15", "da", [
        "🇩🇰🎉 ", Tag("Selvbetjening"), ": Nu kan du bestille sundhedskort digitalt. Tak til ",
        At("sundhed_demo"), " & ", At("kommune_demo"), " for samarbejdet! ❤️ ",
        Url(f"{web}/artikel/sundhedskort"),
    ])
    site.post(portal, "2026-11-05T09:00", "da", [
        "Vi tester lange ord: ",
        Tag("DigitalSelvbetjeningForAlleBorgereIHeleLandetOgPåAlleEnheder"),
        " – teksten skal kunne brydes på en smal skærm. 📱",
    ])
    site.post(portal, "2026-11-06T14:30", "da", [
        "🎬 Se den korte (fiktive) video om, hvordan du logger ind med dit digitale ID.",
    ], media=[Video(Scene("SÅDAN LOGGER DU IND", "play", "#f2f4f8", "#1f3c88", "#f5b700"))],
    )
    site.post(portal, "2026-11-09T11:00", "da", [
        "Åbningstider i julen for vores (opdigtede) borgerservice 🎄",
    ], media=[Photo(Scene("ÅBNINGSTIDER JUL", "tree", "#fff4e0", "#0b6e4f", "#c8102e"),
                    None)])
    site.post(portal, "2026-11-10T08:45", "da", [
        "Nyt om digital post i 2026 (fiktivt eksempel): Fra 1. december samler vi alle breve "
        "fra det offentlige ét sted. Du skal ikke gøre noget, hvis du allerede bruger digital "
        "post. Er du fritaget, får du fortsat breve på papir. Har du spørgsmål, kan du ringe "
        "på hverdage kl. 9–15 eller skrive via kontaktformularen. Pårørende kan få fuldmagt "
        "til at læse med – det kræver dit samtykke & tager få minutter. Læs hele vejledningen: ",
        Url(f"{web}/artikel/digital-post/fuldmagt?trin=1&sprog=da"), " ",
        Tag("DigitalPost"), " ", Tag("Fuldmagt"),
    ])
    advice = site.post(sundhed, "2026-11-11T10:00", "da", [
        "💊 Forny dine recepter i god tid før jul & nytår. Sådan gør du: ",
        Url("https://www.sundhed.example/recepter?trin=1&sprog=da"), " ", Tag("Sundhed"),
    ])
    site.post(portal, "2026-11-11T13:20", "da", [
        "Godt råd fra ", At("sundhed_demo"), " 👇 Husk at forny recepten før helligdagene.",
    ], quote=advice)
    question = site.post(kommune, "2026-11-12T14:10", "da", [
        "Hvornår kommer den nye selvbetjening til affaldsordningen, ", At("borger_demo"), "?",
    ])
    site.post(portal, "2026-11-12T15:00", "da", [
        At("kommune_demo"), " Den kommer i uge 50 (i dette fiktive eksempel). Vi skriver, "
        "når den er klar! 🗑️➡️♻️",
    ], reply_to=question)
    site.post(portal, "2026-11-14T09:30", "da", [
        "Kan man skrive <script>alert('hej')</script> i et opslag? Ja – men det vises bare som "
        "tekst. Sikkerhed > bekvemmelighed, & alt bliver escaped. ", Tag("Sikkerhed"),
    ])
    open_house = site.post(hjaelp, "2026-11-16T08:00", "da", [
        "Få hjælp til det digitale 💻 Vi holder åbent hus på biblioteket i Eksempelby torsdag "
        "kl. 16–18. Tag din mobil med, så hjælper vi dig i gang med selvbetjening, digital "
        "post & apps. Gratis og uden tilmelding! ", Url("https://hjaelp.example/aabent-hus"),
        " ", Tag("DigitalHjælp"),
    ], media=[Photo(Scene("ÅBENT HUS", "dots", "#f1ecf9", "#5b3f8c", "#f5b700"),
                    "Farvede prikker i rækker, der ligner publikum. "
                    "Teksten: Åbent hus – fiktivt eksempel.")])
    site.post(portal, "2026-11-16T10:00", "da", repost=open_house)
    site.post(portal, "2026-11-18T12:00", "da", [
        "To nye (fiktive) guider i dag: pas 🛂 og kørekort 🚗",
    ], media=[
        Photo(Scene("PAS", "bars", "#e8f5ee", "#0b6e4f", "#1f3c88"),
              "Søjlediagram i grønt og blåt med overskriften Pas. Fiktivt eksempel."),
        Photo(Scene("KØREKORT", "bike", "#dbe7ff", "#1f3c88", "#c8102e"),
              "Enkel tegning af en cykel med overskriften Kørekort. Fiktivt eksempel."),
    ])
    site.post(portal, "2026-11-20T09:15", "und", ["🎄✨ ", Url(f"{web}/jul")])
    site.post(portal, "2026-11-22T16:40", "da", [
        "Rettelse: Prisen for nyt pas er uændret i 2026 (fiktivt tal: 650 kr.). Spørgsmål om "
        "betaling med ", Cash("DEMO"), "-kort? Spørg ", At("kommune_demo"), ". ",
        Tag("Pas"), " ", Tag("Borgerservice"),
    ], edited_minutes=12)
    return site, {"borger_demo": (8, 6)}


def dk_i_verden() -> tuple[Site, Timelines]:
    """Eight made-up embassies in six languages and the central account they repost."""
    site = Site()
    hub = site.account(
        "udenrigs_demo", "Udenrigstjenesten (fiktiv)",
        "Fiktiv central konto for de opdigtede ambassader i eksemplet",
        "2017-06-01T09:00", "UT", ("#c8102e", "#fdeeee"),
    )

    def embassy(username: str, name: str, about: str, initials: str, colours: tuple[str, str],
                joined: str) -> Account:
        return site.account(username, name, about, joined, initials, colours)

    nordland = embassy("nordland_demo", "Danmarks ambassade i Nordland (fiktiv)",
                       "Fiktiv ambassade i det opdigtede land Nordland", "NL",
                       ("#1d4e89", "#e6effa"), "2018-02-01T10:00")
    vesterhav = embassy("vesterhav_demo", "Embassy of Denmark in Vesterhavia (fictional)",
                        "Invented embassy in the made-up country of Vesterhavia", "VH",
                        ("#00607a", "#e3f4f8"), "2018-04-12T10:00")
    bergland = embassy("bergland_demo", "Dänische Botschaft in Bergland (fiktiv)",
                       "Erfundene Botschaft im ausgedachten Land Bergland", "BL",
                       ("#4a5d23", "#eef3e2"), "2019-01-08T10:00")
    lumiere = embassy("lumiere_demo", "Ambassade du Danemark en Lumièrie (fictive)",
                      "Ambassade imaginaire dans le pays inventé de Lumièrie", "LU",
                      ("#6b2d5c", "#f7eaf3"), "2019-05-20T10:00")
    alwaha = embassy("alwaha_demo", "سفارة الدنمارك في الواحة (حساب خيالي)",
                     "سفارة خيالية في بلد الواحة المتخيَّل", "AW",
                     ("#8c5a00", "#fbf1de"), "2019-09-03T10:00")
    midori = embassy("midori_demo", "在ミドリ国デンマーク大使館（架空）",
                     "架空の国ミドリにある架空の大使館です", "MI",
                     ("#2e6b30", "#e8f4e8"), "2020-02-14T10:00")
    soelvkyst = embassy("soelvkyst_demo", "Danmarks ambassade på Sølvkysten (fiktiv)",
                        "Fiktiv ambassade på den opdigtede Sølvkyst", "SK",
                        ("#4b4f58", "#eef0f3"), "2020-08-30T10:00")
    oestmark = embassy("oestmark_demo", "Embassy of Denmark in Østmark (fictional)",
                       "Invented embassy in the made-up country of Østmark", "ØM",
                       ("#7a1f1f", "#f8e9e9"), "2021-03-17T10:00")
    globally = Tag("DKglobalt")

    design_week = site.post(hub, "2026-11-05T09:00", "da", [
        "🌍 I denne uge åbner otte (fiktive) ambassader dørene for dansk designuge. "
        "Se programmet: ", Url("https://www.udenrigs.example/designuge-2026?land=alle&sprog=da"),
        " ", globally, " ", Tag("kultur"),
    ], media=[Photo(Scene("DANSK DESIGNUGE", "dots", "#fdeeee", "#c8102e", "#1d4e89"),
                    "Rækker af røde og blå prikker over teksten: Dansk designuge – "
                    "fiktivt eksempel.")])
    site.post(hub, "2026-11-15T13:00", "da", [
        "Skal du ud at rejse i julen? Tjek de (fiktive) rejsevejledninger & registrér dig: ",
        Url("https://www.udenrigs.example/rejse?jul=2026&sprog=da"), " ", globally,
    ])
    site.post(hub, "2026-11-21T10:00", "en", [
        "Thank you to all our (fictional) embassies for a busy autumn! 🙏 ", globally,
    ])
    for account, when in (
        (nordland, "2026-11-05T11:00"), (vesterhav, "2026-11-05T12:30"),
        (bergland, "2026-11-05T13:00"), (lumiere, "2026-11-06T10:30"),
        (alwaha, "2026-11-07T12:00"), (soelvkyst, "2026-11-08T09:00"),
    ):
        site.post(account, when, "da", repost=design_week)

    site.post(nordland, "2026-11-03T10:00", "da", [
        "Godmorgen fra Nordland ❄️ Ambassaden (fiktiv) har åbent for pasansøgninger hver "
        "tirsdag. ", globally,
    ])
    film_night = site.post(nordland, "2026-11-12T18:00", "da", [
        "Dansk filmaften i Nordlands hovedstad 🎬 Tak til alle, der kom! ", Tag("kultur"), " ",
        globally,
    ], media=[Photo(Scene("FILMAFTEN", "play", "#e6effa", "#1d4e89", "#f5b700"),
                    "Et stort afspilningssymbol over teksten: Filmaften – "
                    "fiktivt eksempel.")])
    site.post(nordland, "2026-11-19T09:00", "und", ["🇩🇰🤝❄️ ", Url("https://nordland.example/dk")])

    site.post(vesterhav, "2026-11-02T15:00", "en", [
        "Hello from Vesterhavia! 👋 This (fictional) embassy shares news about Danish–Vesterhavian "
        "cooperation. Follow ", At("udenrigs_demo"), " for more. ", globally,
    ])
    site.post(vesterhav, "2026-11-13T17:00", "en", [
        "Wind & water: watch our short (fictional) film about offshore energy partnerships 🌊",
    ], media=[Video(Scene("WIND AND WATER", "waves", "#e3f4f8", "#00607a", "#f5b700"))],
    )
    wrap_up = site.post(vesterhav, "2026-11-20T11:00", "en", [
        "Danish design week wrapped up with 2,000 (invented) visitors. Thanks, everyone! ",
        Tag("kultur"), " ", Url("https://vesterhavia.example/en/design-week?recap=1&lang=en"),
    ])

    site.post(bergland, "2026-11-04T09:30", "de", [
        "Grüß Gott aus Bergland! 🏔️ Die (fiktive) Botschaft lädt zum dänischen Weihnachtsmarkt "
        "ein. ", Tag("Kultur"), " ", globally,
    ])
    site.post(bergland, "2026-11-17T10:15", "de", [
        "Radfahren wie in Kopenhagen 🚲 Unser (erfundener) Fahrradtag in Bergstadt – Fotos:",
    ], media=[Photo(Scene("CYKELDAG", "bike", "#eef3e2", "#4a5d23", "#c8102e"),
                    "Zeichnung eines Fahrrads über dem Text: Cykeldag – "
                    "fiktives Beispiel.")])

    site.post(lumiere, "2026-11-06T10:00", "fr", [
        "Bonjour depuis Lumièrie ! ☀️ L'ambassade (fictive) présente la semaine du design "
        "danois. ", Tag("kultur"), " ", globally,
    ])
    site.post(lumiere, "2026-11-14T19:00", "fr", [
        "Concert de jazz danois à Lumièreville ce soir 🎷 Entrée libre & gratuite. ",
        Url("https://lumierie.example/fr/concert-jazz?date=2026-11-14&entree=libre"), " ",
        Tag("kultur"),
    ], media=[Photo(Scene("JAZZKONCERT", "bars", "#f7eaf3", "#6b2d5c", "#f5b700"),
                    "Barres violettes et jaunes comme un égaliseur, avec le texte : "
                    "Jazzkoncert – exemple fictif.")])
    site.post(lumiere, "2026-11-22T09:00", "fr", [
        "Bravo à nos collègues de ", At("vesterhav_demo"), " ! 👏",
    ], quote=wrap_up)

    site.post(alwaha, "2026-11-07T11:00", "ar", [
        "مرحباً من الواحة! 🌴 سفارة الدنمارك (حساب خيالي) تدعوكم إلى أسبوع التصميم الدنماركي "
        "Danish Design Week 2026 مع ", At("udenrigs_demo"), " ", globally, " ", Tag("kultur"),
    ])
    site.post(alwaha, "2026-11-16T14:00", "ar", [
        "معرض صور في مدينة الواحة من 20 إلى 25 نوفمبر. التفاصيل: ",
        Url("https://alwaha.example/ar/exhibition?year=2026&lang=ar"),
    ], media=[Photo(Scene("UDSTILLING", "house", "#fbf1de", "#8c5a00", "#1d4e89"),
                    "رسم لبيت بسقف أزرق وشمس، مع عبارة: معرض – مثال خيالي.")])

    site.post(midori, "2026-11-08T10:00", "ja", [
        "ミドリ国の皆さん、こんにちは！デンマーク大使館（架空）です。デンマーク・デザインウィークを"
        "開催します。", Tag("kultur"), " ", Tag("デザイン"),
    ])
    site.post(midori, "2026-11-15T18:00", "ja", [
        "大使館でデンマーク映画の上映会を行いました🎬 ご来場ありがとうございました。",
    ], media=[Photo(Scene("FILMAFTEN", "play", "#e8f4e8", "#2e6b30", "#f5b700"),
                    "再生ボタンの大きな記号と「Filmaften – 架空の例」という文字。")])
    site.post(midori, "2026-11-21T12:00", "ja", [
        "年末年始の領事窓口のご案内はこちら ",
        Url("https://midori.example/ja/consular?season=2026&lang=ja"), " ", globally,
    ])

    site.post(soelvkyst, "2026-11-04T14:00", "da", [
        "Ambassaden på Sølvkysten (fiktiv) søger en praktikant til foråret 2027. Læs opslaget: ",
        Url("https://soelvkyst.example/job/praktikant-2027"), " ", Tag("job"),
    ])
    site.post(soelvkyst, "2026-11-18T16:00", "da", [
        At("nordland_demo"), " Flot arrangement! Vi låner idéen til vores egen filmaften 🎬 ",
        Tag("kultur"),
    ], reply_to=film_night)

    site.post(oestmark, "2026-11-01T09:00", "en", [
        "The embassy in Østmark (fictional) is now on X! Consular hours: Mon–Thu 9:00–12:00. ",
        globally,
    ])
    site.post(oestmark, "2026-11-10T13:00", "en", [
        "Our (invented) Christmas tree lighting is on 1 December 🎄 All welcome & free of charge.",
    ], media=[Photo(Scene("JULETRÆ", "tree", "#f8e9e9", "#2e6b30", "#f5b700"),
                    "A simple green Christmas tree with a yellow star. Text: Juletræ – "
                    "fictional sample.")])
    site.post(oestmark, "2026-11-23T08:00", "en", [
        "Reminder: the embassy is closed 24–26 December. Emergencies: ",
        Url("https://oestmark.example/emergency"),
    ])
    accounts = (hub, nordland, vesterhav, bergland, lumiere, alwaha, midori, soelvkyst, oestmark)
    return site, {a.username: (len(a.timeline),) for a in accounts}
# fmt: on
