"""The public corpus of questions as practitioners type them (issue 12): EN and FR, titles, regulators,
typos, qualifiers, namesakes, ages, places outside coverage. Each item: question, expected worker,
expected client (a jurisdiction code, or "MX"/"PT"… for a place we do not cover), expected age and
verdict family ("answer": a verdict on the pair; "ask": a question back; "not_covered").

Built from tables written by hand (which town is where, which regulator is whose), combined with the
phrasings people use; `benchmarks/bench_understand.py` scores the engine, and the old resolver, on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    question: str
    worker: str | None
    client: str | None
    age: int | None
    family: str  # "answer", "ask", "not_covered"


# Where the worker is registered, as people say it: (phrase, code). "{}" is not used here: the phrase is whole.
WORKERS_EN = [
    ("I'm registered in Ontario", "CA-ON"), ("RSW in B.C.", "CA-BC"), ("LCSW in California", "US-CA"),
    ("LICSW in Massachusetts", "US-MA"), ("LMSW in New York", "US-NY"), ("LCSW-C in Maryland", "US-MD"),
    ("MSW, registered in Alberta", "CA-AB"), ("Manitoba social worker", "CA-MB"), ("I work in Saskatchewan", "CA-SK"),
    ("licensed in Texas", "US-TX"), ("registered with Social Work England", "GB-ENG"), ("SWE registered", "GB-ENG"),
    ("registered with Social Care Wales", "GB-WLS"), ("SSSC registered social worker", "GB-SCT"),
    ("registered with the NISCC", "GB-NIR"), ("CORU registered", "IE"), ("registered with the SWRB in New Zealand", "NZ"),
    ("member of the OCSWSSW", "CA-ON"), ("registered with the NSCSW", "CA-NS"), ("registered with SASW", "CA-SK"),
    ("an Alberta RSW", "CA-AB"), ("based in Halifax and registered in Nova Scotia", "CA-NS"),
    ("licensed in Oregon", "US-OR"), ("LCSW based in Florida", "US-FL"), ("registered in NSW", "AU-NSW"),
    ("I'm an RSW in Newfoundland", "CA-NL"), ("registered in New Brunswick", "CA-NB"), ("LISW in Ohio", "US-OH"),
    ("licensed clinical social worker in Washington State", "US-WA"), ("registered in PEI", "CA-PE"),
]
WORKERS_FR = [
    ("TS au Québec", "CA-QC"), ("je suis inscrite en Ontario", "CA-ON"), ("T.S. inscrit au Nouveau-Brunswick", "CA-NB"),
    ("membre de l'OTSTCFQ", "CA-QC"), ("assistante sociale en France", "FR"), ("je travaille au Manitoba", "CA-MB"),
    ("inscrite à l'Ordre des travailleurs sociaux et des thérapeutes conjugaux et familiaux du Québec", "CA-QC"),
    ("travailleuse sociale en Nouvelle-Écosse", "CA-NS"), ("inscrit en Alberta", "CA-AB"),
    ("assistant social en Belgique", "BE"), ("travailleur social en Suisse", "CH"), ("je suis TS en Colombie-Britannique", "CA-BC"),
]
# Towns GeoNames knows and the old hand-written lists did not, or did: (town, code).
TOWNS = [
    ("Kenora", "CA-ON"), ("Timmins", "CA-ON"), ("Thunder Bay", "CA-ON"), ("Fort Frances", "CA-ON"), ("North Bay", "CA-ON"),
    ("Rimouski", "CA-QC"), ("Rouyn-Noranda", "CA-QC"), ("Val-d'Or", "CA-QC"), ("Saint-Hyacinthe", "CA-QC"),
    ("Gaspé", "CA-QC"), ("Sept-Îles", "CA-QC"), ("Joliette", "CA-QC"), ("Drummondville", "CA-QC"), ("Baie-Comeau", "CA-QC"),
    ("Trois-Rivières", "CA-QC"), ("Gatineau", "CA-QC"), ("Red Deer", "CA-AB"), ("Lethbridge", "CA-AB"),
    ("Medicine Hat", "CA-AB"), ("Grande Prairie", "CA-AB"), ("Kamloops", "CA-BC"), ("Nanaimo", "CA-BC"),
    ("Prince George", "CA-BC"), ("Thompson, Manitoba", "CA-MB"), ("Moose Jaw", "CA-SK"), ("Prince Albert", "CA-SK"),
    ("Fredericton", "CA-NB"), ("Corner Brook", "CA-NL"), ("Summerside, PEI", "CA-PE"), ("Yellowknife", "CA-NT"),
    ("Iqaluit", "CA-NU"), ("Whitehorse", "CA-YT"), ("Bend", "US-OR"), ("Lubbock", "US-TX"), ("Boise", "US-ID"),
    ("Spokane", "US-WA"), ("Albuquerque", "US-NM"), ("Tucson", "US-AZ"), ("Fresno", "US-CA"), ("Amarillo", "US-TX"),
    ("Tulsa", "US-OK"), ("Omaha", "US-NE"), ("Des Moines", "US-IA"), ("Duluth, Minnesota", "US-MN"), ("Fargo", "US-ND"),
    ("Sioux Falls", "US-SD"), ("Billings", "US-MT"), ("Cheyenne", "US-WY"), ("Asheville", "US-NC"), ("Chattanooga", "US-TN"),
    ("Anchorage", "US-AK"), ("Honolulu", "US-HI"), ("Bangor, Maine", "US-ME"), ("Scranton", "US-PA"), ("Ann Arbor", "US-MI"),
    ("Baton Rouge", "US-LA"), ("Little Rock", "US-AR"), ("Cardiff", "GB-WLS"), ("Swansea", "GB-WLS"), ("Wrexham", "GB-WLS"),
    ("Dundee", "GB-SCT"), ("Inverness", "GB-SCT"), ("Belfast", "GB-NIR"), ("Newry", "GB-NIR"), ("Leeds", "GB-ENG"),
    ("Darwin", "AU-NT"), ("Hobart", "AU-TAS"), ("Cairns", "AU-QLD"), ("Townsville", "AU-QLD"), ("Geelong", "AU-VIC"),
    ("Wollongong", "AU-NSW"), ("Canberra", "AU-ACT"), ("Fremantle", "AU-WA"), ("Christchurch", "NZ"), ("Dunedin, NZ", "NZ"),
    ("Rotorua", "NZ"), ("Galway", "IE"), ("Limerick", "IE"), ("Lyon", "FR"), ("Toulouse", "FR"), ("Strasbourg", "FR"),
    ("Rennes", "FR"), ("Namur", "BE"), ("Charleroi", "BE"), ("Lausanne", "CH"), ("Fribourg", "CH"), ("Neuchâtel", "CH"),
]
OUTSIDE = [("Cancun", "MX"), ("Lisbon", "PT"), ("Porto", "PT"), ("Luxembourg", "LU"), ("Madrid", "ES"),
           ("Barcelona", "ES"), ("Rome", "IT"), ("Tokyo", "JP"), ("Casablanca", "MA"), ("Port-au-Prince", "HT"),
           ("Dakar", "SN"), ("Amsterdam", "NL"), ("Mexico", "MX"), ("Portugal", "PT"), ("Mexico City", "MX"),
           ("Marrakesh", "MA"), ("Punta Cana, Dominican Republic", "DO"), ("Germany", "DE")]
CLIENTS_EN = ["client in {}", "my client moved to {}", "client vacationing in {}", "can I keep seeing a client who is in {}?",
              "my client lives in {} now", "client temporarily in {} for school"]
CLIENTS_FR = ["client à {}", "ma cliente habite à {}", "mon client a déménagé à {}", "une cliente en vacances à {}"]
AGES_EN = [("", None), (", client is 15", 15), (" (she's 13)", 13), (", 16-year-old", 16), (", 13 y/o", 13),
           (", my client, 15, is a teen", 15), (", sixteen-year-old client", 16), (", client age 17", 17)]
AGES_FR = [("", None), (", elle a quinze ans", 15), (", 14 ans", 14), (", âgée de 16 ans", 16), (", il a treize ans", 13)]


def _generated() -> list[Item]:
    items: list[Item] = []
    for i, (town, code) in enumerate(TOWNS):
        phrase, worker = WORKERS_EN[i % len(WORKERS_EN)]
        client = CLIENTS_EN[i % len(CLIENTS_EN)].format(town)
        suffix, age = AGES_EN[i % len(AGES_EN)]
        items.append(Item(f"{phrase}, {client}{suffix}", worker, code, age, "answer"))
        fr_phrase, fr_worker = WORKERS_FR[i % len(WORKERS_FR)]
        fr_client = CLIENTS_FR[i % len(CLIENTS_FR)].format(town)
        fr_suffix, fr_age = AGES_FR[i % len(AGES_FR)]
        items.append(Item(f"{fr_phrase}, {fr_client}{fr_suffix}", fr_worker, code, fr_age, "answer"))
        phrase2, worker2 = WORKERS_EN[(i * 7 + 3) % len(WORKERS_EN)]  # the other order: the client first
        items.append(Item(f"Client in {town}; {phrase2}. Video OK?", worker2, code, None, "answer"))
    for i, (place, country) in enumerate(OUTSIDE):
        phrase, worker = WORKERS_EN[(i * 5) % len(WORKERS_EN)]
        items.append(Item(f"{phrase}, {CLIENTS_EN[i % len(CLIENTS_EN)].format(place)}", worker, country, None, "not_covered"))
        fr_phrase, fr_worker = WORKERS_FR[i % len(WORKERS_FR)]
        items.append(Item(f"{fr_phrase}, {CLIENTS_FR[i % len(CLIENTS_FR)].format(place)}", fr_worker, country, None, "not_covered"))
    return items


# Written one by one: the examples, namesakes, qualifiers, typos, three places.
HAND: list[Item] = [
    Item("registered in Quebec, client in Cornwall, Ontario", "CA-QC", "CA-ON", None, "answer"),
    Item("registered in Quebec, client in Stratford, Ontario", "CA-QC", "CA-ON", None, "answer"),
    Item("TS au Québec, client à Joliette", "CA-QC", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Durham, England", "CA-ON", "GB-ENG", None, "answer"),
    Item("RSW in Ontario, client vacationing in Cancun", "CA-ON", "MX", None, "not_covered"),
    Item("TS au Québec, cliente en vacances à Lisbonne", "CA-QC", "PT", None, "not_covered"),
    Item("TS au Québec, client à Rabat, au Maroc", "CA-QC", "MA", None, "not_covered"),
    Item("RSW in B.C., client in Calgary", "CA-BC", "CA-AB", None, "answer"),
    Item("LCSW in California, client in Texas", "US-CA", "US-TX", None, "answer"),
    Item("LICSW in Massachusetts, client moved to NH", "US-MA", "US-NH", None, "answer"),
    Item("social worker in Winnipeg, client in Thunder Bay", "CA-MB", "CA-ON", None, "answer"),
    Item("TS au Québec, client à Ottawa", "CA-QC", "CA-ON", None, "answer"),
    Item("SWE registered, client in Cardiff", "GB-ENG", "GB-WLS", None, "answer"),
    Item("assistante sociale en France, client à Genève", "FR", "CH", None, "answer"),
    Item("registered with Social Work England, client in Glasgow", "GB-ENG", "GB-SCT", None, "answer"),
    Item("Social Care Wales registrant, client in Derry", "GB-WLS", "GB-NIR", None, "answer"),
    Item("membre de l'Ordre des travailleurs sociaux et des thérapeutes conjugaux et familiaux du Québec, client à Ottawa",
         "CA-QC", "CA-ON", None, "answer"),
    Item("registered with SASW but I'm in Toronto for the summer — can I keep seeing my Saskatoon clients?",
         "CA-SK", "CA-SK", None, "answer"),
    # where the asker lives says nothing of where the client is
    Item("licensed in Arizona, I have a client in Phoenix but I live in Nevada now, can I see them by video?",
         "US-AZ", "US-AZ", None, "answer"),
    Item("je suis inscrite au Québec, je vis maintenant en Ontario, mon client est à Montréal", "CA-QC", "CA-QC", None,
         "answer"),
    Item("registered in NB, I've moved to Halifax, my client lives in Fredericton", "CA-NB", "CA-NB", None, "answer"),
    Item("registered in Ontario, client in Vancouver", "CA-ON", "CA-BC", None, "answer"),
    Item("registered in Manitoba, client in Brandon", "CA-MB", "CA-MB", None, "answer"),
    Item("registered in Victoria, client in Sydney", "AU-VIC", "AU-NSW", None, "answer"),
    Item("registered in New Zealand, client in Sydney", "NZ", "AU-NSW", None, "answer"),
    Item("registered with Social Care Wales, client in Derry", "GB-WLS", "GB-NIR", None, "answer"),
    Item("registered in Alberta, client in Vancouver (British Columbia)", "CA-AB", "CA-BC", None, "answer"),
    Item("licensed in Washington, client in Portland, Oregon", "US-WA", "US-OR", None, "answer"),
    Item("registered in NSW, client in Perth WA", "AU-NSW", "AU-WA", None, "answer"),
    Item("registered in Quebec, client in London (England)", "CA-QC", "GB-ENG", None, "answer"),
    Item("registered in Ontario, client (15) in Gatineau", "CA-ON", "CA-QC", 15, "answer"),
    Item("registered in Ontario, client in Gatineau, she's 13", "CA-ON", "CA-QC", 13, "answer"),
    Item("registered in Ontario, 13 y/o client in Gatineau", "CA-ON", "CA-QC", 13, "answer"),
    Item("registered in Ontario, my client, 15, lives in Gatineau", "CA-ON", "CA-QC", 15, "answer"),
    Item("registered in Ontario, sixteen-year-old client in Gatineau", "CA-ON", "CA-QC", 16, "answer"),
    Item("inscrite en Ontario, client de quinze ans à Gatineau", "CA-ON", "CA-QC", 15, "answer"),
    Item("registered in Ontario, client in Paris", "CA-ON", "FR", None, "answer"),
    Item("registered in Texas, client in Paris, Texas", "US-TX", "US-TX", None, "answer"),
    Item("licensed in Massachusetts, client in Portland", "US-MA", None, None, "ask"),
    Item("registered in Quebec, client in Stratford", "CA-QC", None, None, "ask"),
    Item("registered in Texas, client in Victoria", "US-TX", None, None, "ask"),
    Item("registered in Ontario, client in Portland", "CA-ON", None, None, "ask"),
    Item("registered in Quebec, client in London", "CA-QC", "CA-ON", None, "answer"),
    Item("registered in England, client in London", "GB-ENG", "GB-ENG", None, "answer"),
    Item("registered in Ontario, client in Sault Ste. Marie", "CA-ON", "CA-ON", None, "answer"),
    Item("LCSW in Michigan, client in Sault Ste. Marie", "US-MI", "US-MI", None, "answer"),
    Item("registered in Quebec, client in Peterborough", "CA-QC", "CA-ON", None, "answer"),
    Item("registered in Wales, client in Peterborough", "GB-WLS", "GB-ENG", None, "answer"),
    Item("registered in Nova Scotia, client in Sydney", "CA-NS", "CA-NS", None, "answer"),
    Item("licensed in New Hampshire, client in Manchester", "US-NH", "US-NH", None, "answer"),
    Item("registered in Scotland, client in Manchester", "GB-SCT", "GB-ENG", None, "answer"),
    Item("LCSW in Alabama, client in Birmingham", "US-AL", "US-AL", None, "answer"),
    Item("registered in Wales, client in Birmingham", "GB-WLS", "GB-ENG", None, "answer"),
    Item("registered in New Brunswick, client in Bathurst", "CA-NB", "CA-NB", None, "answer"),
    Item("registered in NSW, client in Bathurst", "AU-NSW", "AU-NSW", None, "answer"),
    Item("LCSW in North Carolina, client in Durham", "US-NC", "US-NC", None, "answer"),
    Item("registered in England, client in Durham", "GB-ENG", "GB-ENG", None, "answer"),
    Item("licensed in Illinois, client in Joliet", "US-IL", "US-IL", None, "answer"),
    Item("registered in Ontario, client in Kingston", "CA-ON", "CA-ON", None, "answer"),
    Item("registered in Ontario, client in Hamilton", "CA-ON", "CA-ON", None, "answer"),
    Item("registered in New Zealand, client in Hamilton", "NZ", "NZ", None, "answer"),
    Item("registered in Ontario, client in Halifax", "CA-ON", "CA-NS", None, "answer"),
    Item("registered in Ontario, client in Windsor", "CA-ON", "CA-ON", None, "answer"),
    Item("registered in Ontario, client in Cambridge, Massachusetts", "CA-ON", "US-MA", None, "answer"),
    Item("registered in Ontario, client in St. John's", "CA-ON", "CA-NL", None, "answer"),
    Item("registered in Ontario, client in Saint John", "CA-ON", "CA-NB", None, "answer"),
    Item("registered in Ontario, client in Sherbrooke", "CA-ON", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Moncton, NB", "CA-ON", "CA-NB", None, "answer"),
    Item("registered in Onatrio, client in Kenora", "CA-ON", "CA-ON", None, "answer"),
    Item("registered in Saskatchewn, client in Winipeg", "CA-SK", "CA-MB", None, "answer"),
    Item("regsitered in Manitoba, client in Edmonton", "CA-MB", "CA-AB", None, "answer"),
    Item("registered in Qebec, client in Toronto", "CA-QC", "CA-ON", None, "answer"),
    Item("licensed in Californa, client in Nevada", "US-CA", "US-NV", None, "answer"),
    Item("registered in Nova Scota, client in New Brunswik", "CA-NS", "CA-NB", None, "answer"),
    Item("inscrite au Nouveau-Brunswik, client à Montreal", "CA-NB", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Luxembourg", "CA-ON", "LU", None, "not_covered"),
    Item("registered in Ontario, client moved to Portugal", "CA-ON", "PT", None, "not_covered"),
    Item("TS au Québec, client en vacances au Mexique", "CA-QC", "MX", None, "not_covered"),
    Item("registered in Quebec, client in Lunenburg", "CA-QC", "CA-NS", None, "answer"),
    Item("registered in Wisconsin, client in Kenosha", "US-WI", "US-WI", None, "answer"),
    Item("I'm in Edmonton and registered in Alberta; the client is in Kelowna, online", "CA-AB", "CA-BC", None, "answer"),
    Item("I live in Ottawa but I'm registered in Quebec; client in Gatineau", "CA-QC", "CA-QC", None, "answer"),
    Item("LCSW in New Jersey, I'm in Florida for the winter, my client is in Newark", "US-NJ", "US-NJ", None, "answer"),
    Item("registered in NB, client moved to Montreal", "CA-NB", "CA-QC", None, "answer"),
    Item("Ontario RSW, client (17) studying in Halifax", "CA-ON", "CA-NS", 17, "answer"),
    Item("Quebec social worker, client in Ottawa, 14 years old", "CA-QC", "CA-ON", 14, "answer"),
    Item("je suis TS au Québec et ma cliente de 12 ans est à Cornwall, en Ontario", "CA-QC", "CA-ON", 12, "answer"),
    Item("T.S. au Québec; mon client étudie à Kingston", "CA-QC", "CA-ON", None, "answer"),
    Item("assistante sociale en Belgique, cliente à Lausanne", "BE", "CH", None, "answer"),
    Item("inscrite en Suisse, client à Lyon", "CH", "FR", None, "answer"),
    Item("registered in Ireland, client in Belfast", "IE", "GB-NIR", None, "answer"),
    Item("registered in Northern Ireland, client in Dublin", "GB-NIR", "IE", None, "answer"),
    Item("LCSW in Oregon, client moved to Vancouver, WA", "US-OR", "US-WA", None, "answer"),
    Item("registered in Ontario, client in Ontario, California", "CA-ON", "US-CA", None, "answer"),
    Item("LCSW in California, client in Ontario", "US-CA", None, None, "ask"),
    Item("I'm registered in NSW, can I see a client who is visiting Auckland?", "AU-NSW", "NZ", None, "answer"),
    Item("registered in Nova Scotia, client in Halifax, England", "CA-NS", "GB-ENG", None, "answer"),
    Item("registered in Georgia, client in Atlanta", "US-GA", "US-GA", None, "answer"),
    Item("licensed in Georgia, client in Tbilisi", "US-GA", "GE", None, "not_covered"),
    Item("RSW in Alberta; client moving to Berlin next month", "CA-AB", "DE", None, "not_covered"),
    Item("LCSW in New Hampshire, client in Berlin, NH", "US-NH", "US-NH", None, "answer"),
    Item("registered in England, client in Dunedin", "GB-ENG", None, None, "ask"),  # New Zealand or Florida
    Item("licensed in Washington, client in Summerside", "US-WA", None, None, "ask"),  # PEI or Ohio
    Item("registered with Social Work England, client in Duluth", "GB-ENG", None, None, "ask"),  # Minnesota or Georgia
    Item("ON -> QC", "CA-ON", "CA-QC", None, "answer"),
    Item("NB → Gatineau, 15 ans, par vidéo", "CA-NB", "CA-QC", 15, "answer"),
    Item("Hi! Video OK? registered in Ohio, client in Kentucky", "US-OH", "US-KY", None, "answer"),
    Item("registered in Ontario, client in Bend, Oregon", "CA-ON", "US-OR", None, "answer"),
    Item("my client in bend oregon, I'm an LCSW in Idaho", "US-ID", "US-OR", None, "answer"),
    Item("rsw in alberta, client in kamloops", "CA-AB", "CA-BC", None, "answer"),
    Item("ts au quebec, client a rimouski", "CA-QC", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Gaspe", "CA-ON", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Sept-Iles", "CA-ON", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Val d'Or", "CA-ON", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in St-Hyacinthe", "CA-ON", "CA-QC", None, "answer"),
    Item("registered in Ontario, client in Sault Ste Marie", "CA-ON", "CA-ON", None, "answer"),
]


def corpus() -> list[Item]:
    return HAND + _generated()


@dataclass(frozen=True)
class Outcome:
    worker: str | None
    client: str | None  # for "not_covered", the country named
    age: int | None
    family: str  # "answer", "ask", "not_covered", "not_understood"


def judge(item: Item, got: Outcome) -> tuple[bool, bool]:
    """(right, wrong_place): a wrong place is an answer naming a jurisdiction other than the expected one
    (worse than asking back)."""
    named = [(got.worker, item.worker)]
    if got.family in ("answer", "not_covered"):
        named.append((got.client, item.client))
    wrong = any(g is not None and g != e for g, e in named) and got.family != "not_understood"
    if got.family == "answer" and item.family != "answer":
        wrong = True
    client_ok = item.family == "ask" or got.client == item.client
    right = got.family == item.family and got.worker == item.worker and client_ok and got.age == item.age
    return right, wrong
