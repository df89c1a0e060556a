"""Every EN/FR text the program writes itself (answers, labels, bot and terminal messages, command names), in one
table, so that no language can be missing and no placeholder differ between them (tests/jurisdictions/test_texts.py checks).

Stored data (names, rules, notes) is bilingual in the data; this is only our own wording. Plain dicts: the
command line imports this on every question. `text(key, lang, **fields)` is the one lookup; French for "fr",
English for anything else. Keys are grouped by prefix: `verdict.` titles, `label.` headings, `role.` bodies,
`engine.` the verdict engine's sentences, `fact.` what an unverified fact is called, `route.` condition words,
`crisis.`, `cli.`, `msg.` the short runtime messages (`app/i18n.t` adds the prefix) and `command.` the slash
commands' names and descriptions (the key is `command.` + the English text Discord dispatches on).
"""

from __future__ import annotations

from jurisdictions.texts_bot import BOT_TEXTS, Entry


def text(key: str, lang: str, **fields: object) -> str:
    """The text of `key` in `lang`, its `{name}` placeholders filled from `fields` (left as written without them)."""
    entry = TEXTS[key]
    template = entry["fr"] if lang == "fr" else entry["en"]
    return template.format(**fields) if fields else template


TEXTS: dict[str, Entry] = {
    # ----- verdict titles (jurisdictions/render.py VERDICT_TITLES) -----
    "verdict.allowed": {"en": "Allowed", "fr": "Permis"},
    "verdict.conditional": {"en": "Allowed after a step", "fr": "Permis après une démarche"},
    "verdict.registration_required": {"en": "Registration required first", "fr": "Inscription requise d'abord"},
    "verdict.unknown": {"en": "Unknown: ask the regulator", "fr": "Inconnu : renseignez-vous auprès de l'organisme"},
    "verdict.not_permitted": {"en": "Not permitted from where you are", "fr": "Non permis à partir de votre situation"},
    "verdict.depends": {"en": "It depends: see the cases", "fr": "Cela dépend : voyez les cas"},
    "verdict.not_understood": {"en": "Not understood", "fr": "Question non comprise"},
    # ----- headings and labels of answers and cards (terminal and Discord) -----
    "label.worker": {"en": "You (registered in)", "fr": "Vous (inscrit·e)"},
    "label.client": {"en": "Client (located in)", "fr": "Client (situé)"},
    "label.age": {"en": "age", "fr": "âge"},
    "label.route": {"en": "What to do", "fr": "Démarche"},
    "label.route_applied": {"en": "Route", "fr": "Voie"},
    "label.cases": {"en": "Depending on what you did not say", "fr": "Selon ce que la question ne précise pas"},
    "label.otherwise": {"en": "Otherwise", "fr": "Sinon"},
    "label.if": {"en": "If", "fr": "Si"},
    "label.and": {"en": " and ", "fr": " et "},
    "label.other_routes": {"en": "Other routes here", "fr": "Autres voies ici"},
    "label.regulator": {"en": "Client's regulator", "fr": "Organisme du lieu du client"},
    "label.worker_regulator": {"en": "Your regulator", "fr": "Votre organisme"},
    "label.minors": {"en": "Minor client", "fr": "Client mineur"},
    "label.checklist": {"en": "Telepractice checklist", "fr": "Liste de vérification (pratique à distance)"},
    "label.sources": {"en": "Sources", "fr": "Sources"},
    "label.verified": {"en": "verified", "fr": "vérifié le"},
    "label.page_dated": {"en": "page dated {year}, read {read}", "fr": "page datée de {year}, lue le {read}"},
    "label.unverified": {"en": "Not verified (confirm with the regulator)", "fr": "Non vérifié (à confirmer auprès de l'organisme)"},
    "label.notes": {"en": "Notes", "fr": "Notes"},
    "label.suggestions": {"en": "Did you mean", "fr": "Vouliez-vous dire"},
    "label.age_of_majority": {"en": "Age of majority", "fr": "Âge de la majorité"},
    "label.consent": {"en": "Consent", "fr": "Consentement"},
    "label.consent_age": {"en": "Consent age", "fr": "Âge du consentement"},
    "label.capacity": {"en": "capacity", "fr": "capacité"},
    "label.child_protection_under": {"en": "Child protection under", "fr": "Protection de la jeunesse avant"},
    "label.reporting": {"en": "Duty to report", "fr": "Obligation de signaler"},
    "label.website": {"en": "Website", "fr": "Site Web"},
    "label.register": {"en": "Public register", "fr": "Registre public"},
    "label.email": {"en": "Email", "fr": "Courriel"},
    "label.phone": {"en": "Phone", "fr": "Téléphone"},
    "label.address": {"en": "Address", "fr": "Adresse"},
    "label.titles": {"en": "Protected titles", "fr": "Titres réservés"},
    "label.rule": {"en": "Rule for workers registered elsewhere", "fr": "Règle pour les personnes inscrites ailleurs"},
    "label.permit": {"en": "Temporary permit", "fr": "Permis temporaire"},
    "label.electronic": {"en": "Electronic practice", "fr": "Pratique électronique"},
    "label.mobility": {"en": "Labour mobility", "fr": "Mobilité de la main-d'œuvre"},
    "label.no_regulator": {"en": "No regulator", "fr": "Aucun organisme de réglementation"},
    "label.other_bodies": {"en": "Other bodies (not regulators)", "fr": "Autres organismes (non réglementaires)"},
    "label.secondary_source": {"en": "secondary source", "fr": "source secondaire"},
    "label.association_source": {"en": "professional association", "fr": "association professionnelle"},
    # ----- what a body is (a regulator's `role`) -----
    "role.regulator": {"en": "regulator", "fr": "organisme de réglementation"},
    "role.association": {"en": "professional association", "fr": "association professionnelle"},
    "role.council": {"en": "council of regulators", "fr": "conseil d'organismes"},
    "role.accreditor": {"en": "education accreditor", "fr": "organisme d'agrément"},
    "role.national_body": {"en": "national body", "fr": "organisme national"},
    "role.authority": {"en": "public authority", "fr": "autorité publique"},
    # ----- the verdict engine's sentences (jurisdictions/verdict.py); {w}, {c}: places, {who}: a body -----
    "engine.same_place": {
        "en": "You are registered in {w}, where the client is located: your current registration covers this.",
        "fr": "Vous êtes inscrit·e là où se trouve le client ({w}) : votre inscription actuelle couvre cette situation."},
    "engine.client_governs": {
        "en": "The client is located in {c}, so {c}'s rules govern.",
        "fr": "Le client se trouve sur le territoire suivant : {c}; ce sont ses règles qui s'appliquent."},
    "engine.data_unverified": {
        "en": "Our data on this is not verified; what it suggests:",
        "fr": "Nos données à ce sujet ne sont pas vérifiées; elles indiquent :"},
    "engine.ask_first": {
        "en": "Ask {who} before serving the client.",
        "fr": "Renseignez-vous auprès de : {who}, avant de servir le client."},
    "engine.two_laws": {
        "en": "You and the client are under two laws: the client's location ({c}) governs, and your own regulator's "
              "rules ({w}) still apply to you.",
        "fr": "Vous et le client relevez de deux législations : le lieu où se trouve le client ({c}) détermine les "
              "règles, et celles de votre propre organisme ({w}) s'appliquent toujours à vous."},
    "engine.moving_permit": {
        "en": "The client is moving there: a temporary permit is for a limited time; plan for full registration or a "
              "transfer of care.",
        "fr": "Le client s'y installe : un permis temporaire est limité dans le temps; prévoyez l'inscription complète "
              "ou un transfert du suivi."},
    "engine.depends": {
        "en": "It depends on details the question did not give; see the cases below.",
        "fr": "Cela dépend de précisions absentes de la question; voyez les cas ci-dessous."},
    "engine.route_applies": {"en": "The route that applies to you: {r}.", "fr": "La voie qui s'applique à vous : {r}."},
    "engine.route_unverified": {
        "en": "Our data on this route is not verified.", "fr": "Nos données sur cette voie ne sont pas vérifiées."},
    "engine.otherwise_general": {
        "en": "Otherwise the general rule applies:", "fr": "Sinon, la règle générale s'applique :"},
    "engine.no_route_fits": {
        "en": "None of the special routes covers you here, so the general rule applies:",
        "fr": "Aucune des voies particulières ne vous couvre ici; la règle générale s'applique :"},
    "engine.general_rule": {"en": "General rule", "fr": "Règle générale"},
    "engine.assumed_residence": {
        "en": "We assumed you live in {w}, where you are registered: a route here depends on where you live.",
        "fr": "Nous avons supposé que vous résidez là où vous êtes inscrit·e ({w}) : une voie ici dépend de votre lieu "
              "de résidence."},
    "engine.register_first": {
        "en": "register in {c} before serving the client there.",
        "fr": "inscrivez-vous sur le territoire suivant : {c}, avant d'y servir le client."},
    "engine.mobility_unregistered": {
        "en": "Labour mobility needs a current registration with a regulator; {w} has none for social work, so apply as "
              "a new registrant.",
        "fr": "La mobilité de la main-d'œuvre exige une inscription en vigueur auprès d'un organisme de réglementation; "
              "{w} n'en a pas pour le travail social : présentez une demande d'inscription ordinaire."},
    "engine.no_minors_data": {
        "en": "We have no sourced information on minor clients here: ask the regulator.",
        "fr": "Nous n'avons pas d'information sourcée sur les clients mineurs ici : renseignez-vous auprès de "
              "l'organisme."},
    "engine.consent_any_age": {
        "en": "A minor of any age may consent alone to this care there (see the law cited).",
        "fr": "Un mineur de tout âge peut y consentir seul à ces soins (voyez la loi citée)."},
    "engine.consent_reached": {
        "en": "At {age}, the client has reached the age ({consent_age}) from which a minor consents alone to care there.",
        "fr": "À {age} ans, le client a atteint l'âge ({consent_age}) à partir duquel un mineur consent seul aux soins à "
              "cet endroit."},
    "engine.consent_under": {
        "en": "At {age}, the client is under the age ({consent_age}) from which a minor consents alone to care there: "
              "check who must consent.",
        "fr": "À {age} ans, le client n'a pas l'âge ({consent_age}) à partir duquel un mineur consent seul aux soins à "
              "cet endroit : vérifiez qui doit consentir."},
    "engine.mature_minor": {
        "en": "Consent there depends on the minor's capacity (mature minor), not on a fixed age: assess and document it.",
        "fr": "Le consentement y dépend de la capacité du mineur (mineur mature), et non d'un âge fixe : évaluez-la et "
              "consignez-la."},
    "engine.say_where": {
        "en": "Say where exactly, e.g. the province, state or city.",
        "fr": "Précisez où exactement, par exemple la province, l'État ou la ville."},
    "engine.which_place": {
        "en": "Which place did you mean? Several fit: {places}.",
        "fr": "De quel endroit parlez-vous? Plusieurs correspondent : {places}."},
    "engine.sides_unclear": {
        "en": "I found two places but can't tell which is yours and which is the client's. Try: \"registered in A, "
              "client in B\".",
        "fr": "J'ai trouvé deux endroits sans savoir lequel est le vôtre et lequel est celui du client. Essayez : "
              "« inscrite en A, client à B »."},
    "engine.where_registered": {
        "en": "Where are you registered? Say e.g. \"registered in Ontario, client in Gatineau\".",
        "fr": "Où êtes-vous inscrit·e? Dites par exemple « inscrite en Ontario, client à Gatineau »."},
    "engine.where_client": {
        "en": "Where is the client located? Say e.g. \"registered in Ontario, client in Gatineau\".",
        "fr": "Où se trouve le client? Dites par exemple « inscrite en Ontario, client à Gatineau »."},
    "engine.two_places": {
        "en": "I need two places: where you are registered and where the client is. Try: \"registered in NB, client "
              "in Quebec, 15 years old, by video\".",
        "fr": "Il me faut deux endroits : où vous êtes inscrit·e et où se trouve le client. Essayez : « inscrite au "
              "N.-B., client au Québec, 15 ans, par vidéo »."},
    "engine.not_covered_yet": {"en": "{place}, not covered yet", "fr": "{place}, pas encore couvert"},
    # a place we recognise but do not cover (jurisdictions/namesakes.py): named, never mapped elsewhere
    "engine.not_covered": {
        "en": "{place} is not covered yet: Passerelle answers for {coverage}. Ask the regulator of the place where the "
              "client is, or a lawyer there.",
        "fr": "{place} n'est pas encore couvert : Passerelle répond pour {coverage}. Renseignez-vous auprès de "
              "l'organisme de réglementation du lieu où se trouve le client, ou d'un avocat sur place."},
    "engine.coverage": {
        "en": "Canada, the United States, the United Kingdom, Ireland, Australia, New Zealand, France, Belgium and "
              "Switzerland",
        "fr": "le Canada, les États-Unis, le Royaume-Uni, l'Irlande, l'Australie, la Nouvelle-Zélande, la France, la "
              "Belgique et la Suisse"},
    # ----- what an unverified fact is called in "Not verified: …" (followed by the place) -----
    "fact.practice_rule": {"en": "practice rule", "fr": "règle d'exercice"},
    "fact.note": {"en": "note", "fr": "note"},
    "fact.route": {"en": "route", "fr": "démarche"},
    "fact.route_named": {"en": "route: {name}", "fr": "voie : {name}"},
    "fact.labour_mobility": {"en": "labour mobility", "fr": "mobilité de la main-d'œuvre"},
    "fact.no_regulator": {"en": "no regulator", "fr": "aucun organisme de réglementation"},
    "fact.name": {"en": "regulator's name", "fr": "nom de l'organisme"},
    "fact.acronym": {"en": "acronym", "fr": "sigle"},
    "fact.website": {"en": "website", "fr": "site Web"},
    "fact.register_url": {"en": "public register", "fr": "registre public"},
    "fact.email": {"en": "email", "fr": "courriel"},
    "fact.phone": {"en": "phone", "fr": "téléphone"},
    "fact.age_of_majority": {"en": "age of majority", "fr": "âge de la majorité"},
    "fact.consent": {"en": "minors' consent", "fr": "consentement des mineurs"},
    "fact.consent_age": {"en": "age of consent to care", "fr": "âge du consentement aux soins"},
    "fact.child_protection_under": {"en": "child-protection age", "fr": "âge de protection de la jeunesse"},
    "fact.reporting": {"en": "duty to report", "fr": "obligation de signaler"},
    "fact.minors_note": {"en": "note on minors", "fr": "note sur les mineurs"},
    # ----- a route's conditions in words (jurisdictions/routes.py); {places}: names joined by ", " -----
    "route.anywhere": {"en": "anywhere", "fr": "n'importe où"},
    "route.registered_in": {"en": "registered in {places}", "fr": "inscrit·e : {places}"},
    "route.not_registered_in": {"en": "not registered in {places}", "fr": "sauf inscription : {places}"},
    "route.living_in": {"en": "living in {places}", "fr": "résidant {places}"},
    "route.not_living_in": {"en": "not living in {places}", "fr": "ne résidant pas {places}"},
    "route.remotely": {"en": "remotely (video, phone or text)", "fr": "à distance (vidéo, téléphone ou texte)"},
    "route.by": {"en": "by {ways}", "fr": "par {ways}"},
    "route.or": {"en": " or ", "fr": " ou "},
    "route.existing_client": {"en": "an existing client", "fr": "client existant"},
    "route.new_client": {"en": "a new client", "fr": "nouveau client"},
    "route.modality.video": {"en": "video", "fr": "vidéo"},
    "route.modality.phone": {"en": "phone", "fr": "téléphone"},
    "route.modality.text": {"en": "text or chat", "fr": "texte ou clavardage"},
    "route.modality.in_person": {"en": "in person", "fr": "en personne"},
    "route.situation.visiting": {
        "en": "the client is there for a while (holiday, work trip, visit)",
        "fr": "le client y est pour un temps (vacances, voyage de travail, visite)"},
    "route.situation.moving": {
        "en": "the client moved or is moving there", "fr": "le client s'y est installé ou est en train de s'y installer"},
    "route.situation.studying": {"en": "the client is studying there", "fr": "le client y étudie"},
    "route.days.calendar_year": {"en": "at most {n} days per calendar year", "fr": "au plus {n} jours par année civile"},
    "route.days.year": {"en": "at most {n} days in any 12 months", "fr": "au plus {n} jours sur 12 mois"},
    "route.days.stay": {"en": "a stay of at most {n} days", "fr": "un séjour d'au plus {n} jours"},
    "route.days.consecutive": {"en": "at most {n} consecutive days", "fr": "au plus {n} jours consécutifs"},
    "route.days.after_move": {
        "en": "within {n} days after the client moved", "fr": "dans les {n} jours suivant le déménagement du client"},
    # a country code in a condition: the rest of the country (registered in), or the country (lives in)
    "route.group.CA": {"en": "another Canadian province or territory", "fr": "une autre province ou un autre territoire du Canada"},
    "route.group.US": {"en": "another US state or DC", "fr": "un autre État américain ou le district de Columbia"},
    "route.group.GB": {"en": "another UK nation", "fr": "une autre nation du Royaume-Uni"},
    "route.group.AU": {"en": "another Australian state or territory", "fr": "un autre État ou territoire australien"},
    "route.country.CA": {"en": "Canada", "fr": "au Canada"},
    "route.country.US": {"en": "the United States", "fr": "aux États-Unis"},
    "route.country.GB": {"en": "the United Kingdom", "fr": "au Royaume-Uni"},
    "route.country.AU": {"en": "Australia", "fr": "en Australie"},
    # ----- crisis cards (jurisdictions/crisis.py, render_crisis.py) -----
    "crisis.title": {"en": "Emergency and crisis contacts", "fr": "Contacts d'urgence et de crise"},
    "crisis.minor_first": {
        "en": "The client is a minor: child protection first.",
        "fr": "Le client est mineur : la protection de l'enfance d'abord."},
    "crisis.service.emergency": {"en": "Emergency", "fr": "Urgence"},
    "crisis.service.crisis": {"en": "Crisis line", "fr": "Ligne de crise"},
    "crisis.service.youth": {"en": "Youth line", "fr": "Ligne jeunesse"},
    "crisis.service.child_protection": {"en": "Child protection", "fr": "Protection de l'enfance"},
    "crisis.call": {"en": "call {number}", "fr": "appelez {number}"},
    "crisis.text": {"en": "text {number}", "fr": "texto {number}"},
    "crisis.missing": {
        "en": "No confirmed number in our data ({names}) for {place}: check local services with an official source.",
        "fr": "Aucun numéro confirmé dans nos données ({names}) pour ce lieu : {place}. Vérifiez les services locaux "
              "auprès d'une source officielle."},
    # ----- cited pages that changed (jurisdictions/pagewatch.py notice) -----
    "watch.changed_one": {
        "en": "{title} changed since {since}: {n} fact cite it ({listed})",
        "fr": "{title} a changé depuis le {since} : {n} fait(s) le citent ({listed})"},
    "watch.changed": {
        "en": "{title} changed since {since}: {n} facts cite it ({listed})",
        "fr": "{title} a changé depuis le {since} : {n} fait(s) le citent ({listed})"},
    # ----- the offline command line (jurisdictions/cli.py) -----
    "cli.no_match": {"en": "No jurisdiction matches {q!s}.", "fr": "Aucun territoire ne correspond à {q!s}."},
    "cli.ambiguous": {"en": "{q!s} could be: {c}. Be more specific.", "fr": "{q!s} peut désigner : {c}. Précisez."},
    "cli.language": {"en": "Language: English", "fr": "Langue : français"},
    "cli.console_help": {
        "en": """Type a question, e.g. "registered in NB, client (15) in Gatineau by video".
  /check FROM | TO [| AGE]   verdict for two places (separate with |)
  /regulator PLACE           the regulator card of a place
  /crisis PLACE [| AGE]      emergency and crisis contacts where the client is
  /lang en|fr                answer language
  /help                      this help
  /quit                      leave (or Ctrl-D)""",
        "fr": """Tapez une question, p. ex. « inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo ».
  /check DE | VERS [| ÂGE]   verdict pour deux endroits (séparés par |)
  /regulator ENDROIT         la fiche de l'organisme d'un endroit
  /crisis ENDROIT [| ÂGE]    contacts d'urgence et de crise là où se trouve le client
  /lang en|fr                langue des réponses
  /help                      cette aide
  /quit                      quitter (ou Ctrl-D)"""},
}
if TEXTS.keys() & BOT_TEXTS.keys():  # one key, one text: a key in both halves would silently take the second
    raise RuntimeError(f"texts defined twice: {sorted(TEXTS.keys() & BOT_TEXTS.keys())}")
TEXTS.update(BOT_TEXTS)
