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

from typing import TypedDict


class Entry(TypedDict):
    en: str
    fr: str


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
    # ----- short runtime messages: the bot's `t(key, lang)` (app/i18n.py) reads `msg.<key>`; the terminal some -----
    "msg.no_match": {"en": "No jurisdiction matches “{q}”.", "fr": "Aucun territoire ne correspond à « {q} »."},
    "msg.ambiguous": {
        "en": "“{q}” could be: {c}. Pick one from the list.",
        "fr": "« {q} » peut désigner : {c}. Choisissez dans la liste."},
    "msg.did_you_mean": {"en": "Did you mean: {c}?", "fr": "Vouliez-vous dire : {c}?"},
    "msg.age_range": {"en": "The age must be between 0 and 120.", "fr": "L'âge doit être compris entre 0 et 120."},
    "msg.days_range": {
        "en": "The number of days must be between 1 and 3660.",
        "fr": "Le nombre de jours doit être compris entre 1 et 3660."},
    "msg.no_minors": {
        "en": "We have no sourced notes on minor clients for {name}.",
        "fr": "Nous n'avons pas de notes sourcées sur les clients mineurs pour {name}."},
    "msg.jurisdictions_title": {"en": "Jurisdictions", "fr": "Territoires"},
    "msg.page": {"en": "Page {n} of {total}", "fr": "Page {n} sur {total}"},
    "msg.not_yours": {
        "en": "These buttons belong to the person who ran the command.",
        "fr": "Ces boutons appartiennent à la personne qui a lancé la commande."},
    "msg.error": {
        "en": "Something went wrong on our side; the error was logged. Please try again.",
        "fr": "Un problème est survenu de notre côté; l'erreur a été consignée. Veuillez réessayer."},
    "msg.cooldown": {
        "en": "You are asking quickly: try again in {s} s.",
        "fr": "Vous posez des questions rapidement : réessayez dans {s} s."},
    "msg.not_moderator": {"en": "Only moderators can do this.", "fr": "Seuls les modérateurs peuvent faire cela."},
    "msg.guild_only": {"en": "This command works in a server only.", "fr": "Cette commande ne fonctionne que dans un serveur."},
    "msg.moderation_unconfigured": {
        "en": "Moderation is switched off: this bot serves several servers and MODERATION_GUILD_IDS does not say whose moderators may edit the shared entries. Ask the bot's operator to set it.",
        "fr": "La modération est désactivée : ce bot sert plusieurs serveurs et MODERATION_GUILD_IDS n'indique pas quels modérateurs peuvent modifier les fiches partagées. Demandez à l'exploitant du bot de le régler."},
    "msg.db_unavailable": {
        "en": "The database is temporarily unavailable, so nothing was changed. Lookups still work; please try again in a few minutes.",
        "fr": "La base de données est temporairement indisponible : rien n'a été modifié. Les recherches fonctionnent toujours; réessayez dans quelques minutes."},
    "msg.no_registry": {
        "en": "Editing is not available: the database is not connected.",
        "fr": "La modification n'est pas disponible : la base de données n'est pas connectée."},
    "msg.unknown_field": {
        "en": "Unknown field “{f}”. Pick one from the list.",
        "fr": "Champ inconnu « {f} ». Choisissez dans la liste."},
    "msg.saved": {"en": "Saved: {place} · {field} (revision {rev}).", "fr": "Enregistré : {place} · {field} (révision {rev})."},
    "msg.conflict": {
        "en": "Someone else changed {place} · {field} while you were editing. Current value (version {version}):",
        "fr": "Quelqu'un d'autre a modifié {place} · {field} pendant votre modification. Valeur actuelle (version {version}) :"},
    "msg.edit": {"en": "Edit", "fr": "Modifier"},
    "msg.your_text": {"en": "Your text:", "fr": "Votre texte :"},
    "msg.retry": {"en": "Edit again", "fr": "Modifier de nouveau"},
    "msg.invalid": {"en": "Not saved: {msg}", "fr": "Non enregistré : {msg}"},
    "msg.no_history": {"en": "No edits recorded for {place}.", "fr": "Aucune modification enregistrée pour {place}."},
    "msg.history_title": {"en": "History of {place}", "fr": "Historique de {place}"},
    "msg.revert_confirm": {
        "en": "Revert revision {rev}? {place} · {field} goes back to:",
        "fr": "Annuler la révision {rev}? {place} · {field} redevient :"},
    "msg.confirm": {"en": "Confirm", "fr": "Confirmer"},
    "msg.cancel": {"en": "Cancel", "fr": "Annuler"},
    "msg.cancelled": {"en": "Cancelled; nothing changed.", "fr": "Annulé; rien n'a changé."},
    "msg.reverted": {
        "en": "Reverted revision {rev} (new revision {new}).",
        "fr": "Révision {rev} annulée (nouvelle révision {new})."},
    "msg.no_revision": {"en": "There is no revision {rev}.", "fr": "Il n'y a pas de révision {rev}."},
    "msg.verified": {
        "en": "{place}: {n} sources marked verified today.",
        "fr": "{place} : {n} sources marquées vérifiées aujourd'hui."},
    "msg.stale_none": {
        "en": "Every entry was verified in the last {days} days.",
        "fr": "Toutes les fiches ont été vérifiées dans les {days} derniers jours."},
    "msg.stale_title": {"en": "Not verified in {days} days", "fr": "Non vérifiées depuis {days} jours"},
    "msg.links_title": {"en": "Broken or moved links ({n} of {total})", "fr": "Liens brisés ou déplacés ({n} sur {total})"},
    "msg.links_ok": {"en": "All {total} links answered.", "fr": "Les {total} liens ont répondu."},
    "msg.watching": {
        "en": "Edits to {place} will be posted in {channel}.",
        "fr": "Les modifications de {place} seront publiées dans {channel}."},
    "msg.unwatched": {
        "en": "Edits to {place} will no longer be posted in {channel}.",
        "fr": "Les modifications de {place} ne seront plus publiées dans {channel}."},
    "msg.watch_notice": {
        "en": "{place} · {field} was edited by {who} (revision {rev})",
        "fr": "{place} · {field} modifié par {who} (révision {rev})"},
    "msg.watch_batch": {"en": "{n} edits committed together (first revision {rev})",
                        "fr": "{n} modifications enregistrées ensemble (première révision {rev})"},
    "msg.before": {"en": "Before", "fr": "Avant"},
    "msg.after": {"en": "After", "fr": "Après"},
    "msg.reason": {"en": "Reason", "fr": "Motif"},
    "msg.source_url": {"en": "Source URL", "fr": "URL de la source"},
    "msg.value": {"en": "New value", "fr": "Nouvelle valeur"},
    "msg.bad_url": {"en": "the source URL is not valid: {msg}", "fr": "l'URL de la source n'est pas valide : {msg}"},
    "msg.import_bad": {"en": "Import refused, nothing changed: {msg}", "fr": "Importation refusée, rien n'a changé : {msg}"},
    "msg.import_nothing": {
        "en": "The file matches the entries: nothing to import.",
        "fr": "Le fichier correspond aux fiches : rien à importer."},
    "msg.import_preview": {
        "en": "Import preview ({n} changes). Apply all of them?",
        "fr": "Aperçu de l'importation ({n} changements). Les appliquer tous?"},
    "msg.import_done": {"en": "Imported {n} changes.", "fr": "{n} changements importés."},
    "msg.import_too_big": {"en": "The file is too large (max {kb} KB).", "fr": "Le fichier est trop volumineux (max. {kb} Ko)."},
    "msg.budget_file_size": {
        "en": "{name} is larger than the {kb} KB a jurisdiction file may have.",
        "fr": "{name} dépasse les {kb} Ko permis pour un fichier de juridiction."},
    "msg.budget_member_size": {
        "en": "{name} in the archive is larger than {kb} KB once decompressed: the archive is refused.",
        "fr": "{name}, dans l'archive, dépasse {kb} Ko une fois décompressé : l'archive est refusée."},
    "msg.budget_total_size": {
        "en": "{name}: the files inside add up to more than {mb} MB once decompressed.",
        "fr": "{name} : les fichiers contenus dépassent {mb} Mo une fois décompressés."},
    "msg.budget_members": {"en": "{name} holds more than {limit} entries.", "fr": "{name} contient plus de {limit} entrées."},
    "msg.budget_depth": {
        "en": "{name}: nested more than {limit} levels deep (line {line}).",
        "fr": "{name} : imbriqué sur plus de {limit} niveaux (ligne {line})."},
    "msg.budget_aliases": {
        "en": "{name}: more than {limit} YAML aliases (line {line}).",
        "fr": "{name} : plus de {limit} alias YAML (ligne {line})."},
    "msg.budget_expanded": {
        "en": "{name}: with its YAML aliases expanded, the document grows beyond {kb} KB or {nodes} values (line {line}); write the values out without anchors.",
        "fr": "{name} : une fois ses alias YAML développés, le document dépasse {kb} Ko ou {nodes} valeurs (ligne {line}) ; écrivez les valeurs sans ancres."},
    "msg.budget_duplicate_key": {
        "en": "{name}: the key {field!r} appears twice (line {first} and line {line}); YAML would silently keep the last one.",
        "fr": "{name} : la clé {field!r} figure deux fois (ligne {first} et ligne {line}) ; YAML garderait la dernière sans le dire."},
    "msg.export_done": {"en": "Export of {n} entries.", "fr": "Exportation de {n} fiches."},
    "msg.no_question": {"en": "That message has no text to answer.", "fr": "Ce message n'a pas de texte auquel répondre."},
    "msg.ask_help": {
        "en": "Ask me a question, e.g. “registered in NB, client (15) in Gatineau by video”, or use /canserve.",
        "fr": "Posez-moi une question, p. ex. « inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo », ou utilisez /puis-je-servir."},
    # ----- slash command, option and choice names and descriptions: `command.` + the English (app/i18n translator) -----
    # Localised names follow Discord's rule: lower case, 1-32 chars, letters/digits/-/_/' only.
    "command.canserve": {"en": "canserve", "fr": "puis-je-servir"},
    "command.regulator": {"en": "regulator", "fr": "organisme"},
    "command.minors": {"en": "minors", "fr": "mineurs"},
    "command.jurisdictions": {"en": "jurisdictions", "fr": "territoires"},
    "command.crisis": {"en": "crisis", "fr": "crise"},
    "command.help": {"en": "help", "fr": "aide"},
    "command.Ask Passerelle": {"en": "Ask Passerelle", "fr": "Demander à Passerelle"},
    "command.How to ask, the commands and what the verdicts mean": {
        "en": "How to ask, the commands and what the verdicts mean",
        "fr": "Comment poser une question, les commandes et le sens des verdicts"},
    "command.entry": {"en": "entry", "fr": "fiche"},
    "command.edit": {"en": "edit", "fr": "modifier"},
    "command.history": {"en": "history", "fr": "historique"},
    "command.revert": {"en": "revert", "fr": "annuler"},
    "command.verify": {"en": "verify", "fr": "vérifier"},
    "command.stale": {"en": "stale", "fr": "périmées"},
    "command.watch": {"en": "watch", "fr": "suivre"},
    "command.unwatch": {"en": "unwatch", "fr": "ne-plus-suivre"},
    "command.import": {"en": "import", "fr": "importer"},
    "command.export": {"en": "export", "fr": "exporter"},
    "command.from": {"en": "from", "fr": "de"},
    "command.to": {"en": "to", "fr": "vers"},
    "command.age": {"en": "age", "fr": "âge"},
    "command.private": {"en": "private", "fr": "privé"},
    "command.place": {"en": "place", "fr": "lieu"},
    "command.field": {"en": "field", "fr": "champ"},
    "command.revision": {"en": "revision", "fr": "révision"},
    "command.days": {"en": "days", "fr": "jours"},
    "command.links": {"en": "links", "fr": "liens"},
    "command.channel": {"en": "channel", "fr": "salon"},
    "command.file": {"en": "file", "fr": "fichier"},
    "command.source": {"en": "source", "fr": "source"},
    "command.situation": {"en": "situation", "fr": "situation"},
    "command.modality": {"en": "modality", "fr": "modalité"},
    "command.How many days the client is there (or you practise there) this year": {
        "en": "How many days the client is there (or you practise there) this year",
        "fr": "Combien de jours le client y est (ou vous y exercez) cette année"},
    "command.Why the client is there, or whether they are new": {
        "en": "Why the client is there, or whether they are new",
        "fr": "Pourquoi le client est là, ou s'il est nouveau"},
    "command.How you will see the client": {"en": "How you will see the client", "fr": "Comment vous verrez le client"},
    "command.visiting (holiday, work trip, family)": {
        "en": "visiting (holiday, work trip, family)",
        "fr": "de passage (vacances, travail, famille)"},
    "command.moved or moving there": {"en": "moved or moving there", "fr": "installé ou en train de s'y installer"},
    "command.studying there": {"en": "studying there", "fr": "y étudie"},
    "command.an existing client": {"en": "an existing client", "fr": "client existant"},
    "command.a new client": {"en": "a new client", "fr": "nouveau client"},
    "command.video": {"en": "video", "fr": "vidéo"},
    "command.phone": {"en": "phone", "fr": "téléphone"},
    "command.text or chat": {"en": "text or chat", "fr": "texte ou clavardage"},
    "command.in person": {"en": "in person", "fr": "en personne"},
    "command.One source (default: all of the entry's sources)": {
        "en": "One source (default: all of the entry's sources)",
        "fr": "Une source (par défaut : toutes les sources de la fiche)"},
    "command.May I serve a client located elsewhere? A sourced answer": {
        "en": "May I serve a client located elsewhere? A sourced answer",
        "fr": "Puis-je servir un client situé ailleurs? Une réponse sourcée"},
    "command.Where you are registered (province, state, country, city)": {
        "en": "Where you are registered (province, state, country, city)",
        "fr": "Où vous êtes inscrit·e (province, État, pays, ville)"},
    "command.Where the client is located now": {
        "en": "Where the client is located now",
        "fr": "Où le client se trouve maintenant"},
    "command.The client's age, if a minor might be involved": {
        "en": "The client's age, if a minor might be involved",
        "fr": "L'âge du client, s'il pourrait être mineur"},
    "command.Only you see the answer": {"en": "Only you see the answer", "fr": "Vous seul·e voyez la réponse"},
    "command.The regulator of a place: contacts, rule, sources": {
        "en": "The regulator of a place: contacts, rule, sources",
        "fr": "L'organisme d'un lieu : coordonnées, règle, sources"},
    "command.Minor clients in a place: age of majority, consent, duty to report": {
        "en": "Minor clients in a place: age of majority, consent, duty to report",
        "fr": "Clients mineurs à un endroit : majorité, consentement, signalement"},
    "command.Every jurisdiction we cover": {"en": "Every jurisdiction we cover", "fr": "Tous les territoires couverts"},
    "command.Emergency and crisis contacts where the client is": {
        "en": "Emergency and crisis contacts where the client is",
        "fr": "Contacts d'urgence et de crise là où se trouve le client"},
    "command.Where the client is located now (province, state, country, city)": {
        "en": "Where the client is located now (province, state, country, city)",
        "fr": "Où le client se trouve maintenant (province, État, pays, ville)"},
    "command.The client's age (a minor gets child protection first)": {
        "en": "The client's age (a minor gets child protection first)",
        "fr": "L'âge du client (pour un mineur, la protection de l'enfance d'abord)"},
    "command.A province, state, country or city": {
        "en": "A province, state, country or city",
        "fr": "Une province, un État, un pays ou une ville"},
    "command.Moderators: edit and review the regulator entries": {
        "en": "Moderators: edit and review the regulator entries",
        "fr": "Modération : modifier et réviser les fiches"},
    "command.Edit one field of an entry (opens a form)": {
        "en": "Edit one field of an entry (opens a form)",
        "fr": "Modifier un champ d'une fiche (ouvre un formulaire)"},
    "command.The field to edit": {"en": "The field to edit", "fr": "Le champ à modifier"},
    "command.The edits made to an entry": {"en": "The edits made to an entry", "fr": "Les modifications d'une fiche"},
    "command.Undo one edit (asks to confirm)": {
        "en": "Undo one edit (asks to confirm)",
        "fr": "Annuler une modification (demande confirmation)"},
    "command.The revision number, from /entry history": {
        "en": "The revision number, from /entry history",
        "fr": "Le numéro de révision, tiré de /fiche historique"},
    "command.Mark an entry's facts as checked today": {
        "en": "Mark an entry's facts as checked today",
        "fr": "Marquer les faits d'une fiche comme vérifiés aujourd'hui"},
    "command.Entries not verified for a while": {
        "en": "Entries not verified for a while",
        "fr": "Fiches non vérifiées depuis un moment"},
    "command.Older than this many days (default 180)": {
        "en": "Older than this many days (default 180)",
        "fr": "Plus anciennes que ce nombre de jours (180 par défaut)"},
    "command.Also check every source and regulator link (takes up to a minute)": {
        "en": "Also check every source and regulator link (takes up to a minute)",
        "fr": "Vérifier aussi chaque lien de source et d'organisme (jusqu'à une minute)"},
    "command.Post every edit of an entry in a channel": {
        "en": "Post every edit of an entry in a channel",
        "fr": "Publier chaque modification d'une fiche dans un salon"},
    "command.Stop posting edits of an entry in a channel": {
        "en": "Stop posting edits of an entry in a channel",
        "fr": "Ne plus publier les modifications d'une fiche dans un salon"},
    "command.The channel that receives the notices": {
        "en": "The channel that receives the notices",
        "fr": "Le salon qui reçoit les avis"},
    "command.Import data files (shows the changes first)": {
        "en": "Import data files (shows the changes first)",
        "fr": "Importer des fichiers de données (montre d'abord les changements)"},
    "command.A .yaml data file, or a .zip of them": {
        "en": "A .yaml data file, or a .zip of them",
        "fr": "Un fichier .yaml, ou un .zip de fichiers"},
    "command.Download the entries as data files": {
        "en": "Download the entries as data files",
        "fr": "Télécharger les fiches en fichiers de données"},
    # ----- issue 15: reports on answers, /settings, the source watch -----
    "msg.report_button": {"en": "Report a problem", "fr": "Signaler un problème"},
    "msg.report_problem": {"en": "What is wrong", "fr": "Ce qui ne va pas"},
    "msg.report_source": {"en": "Source URL (optional)", "fr": "URL de la source (facultatif)"},
    "msg.report_value": {"en": "Correct value (optional)", "fr": "Valeur correcte (facultatif)"},
    "msg.report_filed": {"en": "Thank you: report #{id} was sent to the moderators. You will be told privately what becomes of it.", "fr": "Merci : le signalement n° {id} a été transmis aux modérateurs. Vous serez informé·e en privé de la suite."},
    "msg.report_refused": {"en": "Report not sent: {msg}", "fr": "Signalement non envoyé : {msg}"},
    "msg.report_title": {"en": "Report #{id} · {place}", "fr": "Signalement n° {id} · {place}"},
    "msg.report_fact": {"en": "Fact", "fr": "Fait"},
    "msg.report_answer": {"en": "Answer", "fr": "Réponse"},
    "msg.report_proposed": {"en": "Proposed value", "fr": "Valeur proposée"},
    "msg.report_by": {"en": "Reported by", "fr": "Signalé par"},
    "msg.report_status": {"en": "Status", "fr": "Statut"},
    "msg.review_accept": {"en": "Accept", "fr": "Accepter"},
    "msg.review_dismiss": {"en": "Dismiss", "fr": "Écarter"},
    "msg.review_source": {"en": "Needs source", "fr": "Source requise"},
    "msg.status_open": {"en": "open", "fr": "ouvert"},
    "msg.status_accepted": {"en": "accepted by {who}", "fr": "accepté par {who}"},
    "msg.status_accepted_rev": {"en": "accepted by {who} (revision {rev})", "fr": "accepté par {who} (révision {rev})"},
    "msg.status_dismissed": {"en": "dismissed by {who}: {note}", "fr": "écarté par {who} : {note}"},
    "msg.status_needs_source": {"en": "source requested by {who}", "fr": "source demandée par {who}"},
    "msg.report_handled": {"en": "Already handled: {msg}", "fr": "Déjà traité : {msg}"},
    "msg.dismiss_title": {"en": "Dismiss report #{id}", "fr": "Écarter le signalement n° {id}"},
    "msg.dismiss_reason": {"en": "Reason (sent to the reporter)", "fr": "Motif (envoyé à l'auteur)"},
    "msg.report_pick_field": {"en": "Report #{id} names no field: pick the one to correct (opens the edit form), or accept it without an edit.", "fr": "Le signalement n° {id} ne nomme aucun champ : choisissez celui à corriger (ouvre le formulaire), ou acceptez-le sans modification."},
    "msg.report_no_edit": {"en": "Accept without an edit", "fr": "Accepter sans modification"},
    "msg.report_fact_gone": {"en": "{place} · {field} no longer exists: nothing was changed.", "fr": "{place} · {field} n'existe plus : rien n'a changé."},
    "msg.dm_accepted": {"en": "Your report #{id} on {place} was accepted: {field} was corrected (revision {rev}). Thank you!", "fr": "Votre signalement n° {id} sur {place} a été accepté : {field} a été corrigé (révision {rev}). Merci!"},
    "msg.dm_accepted_noedit": {"en": "Your report #{id} on {place} was accepted by the moderators. Thank you!", "fr": "Votre signalement n° {id} sur {place} a été accepté par les modérateurs. Merci!"},
    "msg.dm_dismissed": {"en": "Your report #{id} on {place} was not taken up. The moderators' reason: {note}", "fr": "Votre signalement n° {id} sur {place} n'a pas été retenu. Motif des modérateurs : {note}"},
    "msg.dm_needs_source": {"en": "Your report #{id} on {place} needs a source: please report it again with the address of the page (statute, regulator) that says so.", "fr": "Votre signalement n° {id} sur {place} a besoin d'une source : signalez-le de nouveau avec l'adresse de la page (loi, organisme) qui le dit."},
    "msg.reports_none": {"en": "No open reports.", "fr": "Aucun signalement ouvert."},
    "msg.reports_list": {"en": "Open reports ({n})", "fr": "Signalements ouverts ({n})"},
    "msg.settings_title": {"en": "Settings of {guild}", "fr": "Réglages de {guild}"},
    "msg.settings_lang": {"en": "Answer language", "fr": "Langue des réponses"},
    "msg.settings_role": {"en": "Moderator role", "fr": "Rôle de modération"},
    "msg.settings_review": {"en": "Review channel", "fr": "Salon de revue"},
    "msg.settings_alert": {"en": "Alert channel", "fr": "Salon des alertes"},
    "msg.settings_private": {"en": "Members' answers private", "fr": "Réponses des membres privées"},
    "msg.settings_default": {"en": "{value} (default)", "fr": "{value} (par défaut)"},
    "msg.settings_unset": {"en": "not set", "fr": "aucun"},
    "msg.settings_yes": {"en": "yes", "fr": "oui"},
    "msg.settings_no": {"en": "no", "fr": "non"},
    "msg.settings_saved": {"en": "Saved.", "fr": "Enregistré."},
    "msg.settings_manage": {"en": "Only members with Manage Server can change this server's settings.", "fr": "Seuls les membres ayant « Gérer le serveur » peuvent modifier les réglages du serveur."},
    "msg.setup": {"en": "Hello! I am Passerelle: sourced answers on serving a client located elsewhere. Try /canserve or /help. Server managers: /settings chooses the answer language, the moderator role and the channel where members' reports on answers are posted.", "fr": "Bonjour! Je suis Passerelle : des réponses sourcées pour servir un client situé ailleurs. Essayez /puis-je-servir ou /aide. Gestionnaires du serveur : /réglages choisit la langue des réponses, le rôle de modération et le salon où sont publiés les signalements des membres."},
    "msg.page_changed": {"en": "A cited page changed", "fr": "Une page citée a changé"},
    "msg.mark_verified": {"en": "Mark verified", "fr": "Marquer vérifiée"},
    "msg.page_verified": {"en": "{url}: {n} source(s) marked verified today.", "fr": "{url} : {n} source(s) marquée(s) vérifiée(s) aujourd'hui."},
    "msg.page_not_cited": {"en": "That page is no longer cited.", "fr": "Cette page n'est plus citée."},
    "msg.fact_value": {"en": "Value", "fr": "Valeur"},
    "msg.fact_verified": {"en": "Source read on", "fr": "Source lue le"},
    "command.reports": {"en": "reports", "fr": "signalements"},
    "command.Open reports from members on the answers": {"en": "Open reports from members on the answers", "fr": "Signalements ouverts des membres sur les réponses"},
    "command.settings": {"en": "settings", "fr": "réglages"},
    "command.This server's settings: language, moderator role, channels, private answers": {"en": "This server's settings: language, moderator role, channels, private answers", "fr": "Les réglages du serveur : langue, rôle de modération, salons, réponses privées"},
    "command.language": {"en": "language", "fr": "langue"},
    "command.moderator_role": {"en": "moderator_role", "fr": "rôle-modération"},
    "command.review_channel": {"en": "review_channel", "fr": "salon-revue"},
    "command.alert_channel": {"en": "alert_channel", "fr": "salon-alertes"},
    "command.clear": {"en": "clear", "fr": "effacer"},
    "command.Default answer language of this server": {"en": "Default answer language of this server", "fr": "Langue des réponses par défaut sur ce serveur"},
    "command.The role whose members may moderate entries": {"en": "The role whose members may moderate entries", "fr": "Le rôle dont les membres peuvent modérer les fiches"},
    "command.Where members' reports and page-change notices are posted": {"en": "Where members' reports and page-change notices are posted", "fr": "Où sont publiés les signalements et les avis de pages modifiées"},
    "command.Where alerts are posted": {"en": "Where alerts are posted", "fr": "Où sont publiées les alertes"},
    "command.Members' answers private by default": {"en": "Members' answers private by default", "fr": "Réponses des membres privées par défaut"},
    "command.Go back to the default for one setting": {"en": "Go back to the default for one setting", "fr": "Revenir à la valeur par défaut d'un réglage"},
    # ----- /help (cogs/help.py): the command lines, example questions and headings -----
    "help.title": {"en": "Passerelle — help", "fr": "Passerelle — aide"},
    "help.intro": {"en": "Sourced answers on serving a client located elsewhere: the client's location governs.", "fr": "Des réponses sourcées pour servir un client situé ailleurs : c'est le lieu où se trouve le client qui compte."},
    "help.commands": {"en": "Commands", "fr": "Commandes"},
    "help.verdicts": {"en": "Verdicts", "fr": "Verdicts"},
    "help.examples": {"en": "Example questions", "fr": "Exemples de questions"},
    "help.command.canserve": {"en": "`/canserve from: to: [age:] [days:] [situation:] [modality:]` — May I serve a client located elsewhere?", "fr": "`/puis-je-servir de: vers: [âge:] [jours:] [situation:] [modalité:]` — Puis-je servir un client situé ailleurs?"},
    "help.command.regulator": {"en": "`/regulator place:` — the regulator of a place: contacts, public register, rule, sources", "fr": "`/organisme lieu:` — l'organisme d'un lieu : coordonnées, registre public, règle, sources"},
    "help.command.minors": {"en": "`/minors place:` — minor clients: age of majority, consent, duty to report", "fr": "`/mineurs lieu:` — clients mineurs : majorité, consentement, obligation de signaler"},
    "help.command.crisis": {"en": "`/crisis place: [age:]` — emergency and crisis contacts where the client is", "fr": "`/crise lieu: [âge:]` — contacts d'urgence et de crise là où se trouve le client"},
    "help.command.jurisdictions": {"en": "`/jurisdictions` — every place we cover", "fr": "`/territoires` — tous les territoires couverts"},
    "help.command.ask_menu": {"en": "`Apps → Ask Passerelle` — on a colleague's message: answers the question in it, privately", "fr": "`Applications → Demander à Passerelle` — sur le message d'un collègue : répond à sa question, en privé"},
    "help.command.mention": {"en": "`@Passerelle question` — ask in your own words (or in a DM), in English or French", "fr": "`@Passerelle question` — posez votre question dans vos mots (ou en message privé), en français ou en anglais"},
    "help.example.1": {"en": "registered in NB, client (15) moved to Gatineau, by video", "fr": "inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo"},
    "help.example.2": {"en": "LCSW in New York, client on vacation in Florida for 3 weeks", "fr": "TS au Québec, client en vacances en Floride pendant deux semaines"},
    "help.example.3": {"en": "RSW in Ontario, client studying in Glasgow", "fr": "travailleuse sociale en Ontario, client à Lyon"},
}
