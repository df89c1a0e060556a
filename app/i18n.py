"""English/French for the Discord side: command names through an `app_commands.Translator`, and the
short runtime messages through `t(key, lang)`. Answers themselves are bilingual in the engine."""

from __future__ import annotations

import discord
from discord import app_commands

from app.embeds import Markup, md

# Command, group and option names/descriptions: English default (what Discord dispatches on) -> French.
# Localised names follow Discord's rule: lower case, 1-32 chars, letters/digits/-/_/' only.
COMMAND_FR: dict[str, str] = {
    # names
    "canserve": "puis-je-servir",
    "regulator": "organisme",
    "minors": "mineurs",
    "jurisdictions": "territoires",
    "crisis": "crise",
    "help": "aide",
    "Ask Passerelle": "Demander à Passerelle",
    "How to ask, the commands and what the verdicts mean": "Comment poser une question, les commandes et le sens des verdicts",
    "entry": "fiche",
    "edit": "modifier",
    "history": "historique",
    "revert": "annuler",
    "verify": "vérifier",
    "stale": "périmées",
    "watch": "suivre",
    "unwatch": "ne-plus-suivre",
    "import": "importer",
    "export": "exporter",
    "from": "de",
    "to": "vers",
    "age": "âge",
    "private": "privé",
    "place": "lieu",
    "field": "champ",
    "revision": "révision",
    "days": "jours",
    "links": "liens",
    "channel": "salon",
    "file": "fichier",
    "source": "source",
    "situation": "situation",
    "modality": "modalité",
    "How many days the client is there (or you practise there) this year": "Combien de jours le client y est (ou vous y exercez) cette année",
    "Why the client is there, or whether they are new": "Pourquoi le client est là, ou s'il est nouveau",
    "How you will see the client": "Comment vous verrez le client",
    "visiting (holiday, work trip, family)": "de passage (vacances, travail, famille)",
    "moved or moving there": "installé ou en train de s'y installer",
    "studying there": "y étudie",
    "an existing client": "client existant",
    "a new client": "nouveau client",
    "video": "vidéo",
    "phone": "téléphone",
    "text or chat": "texte ou clavardage",
    "in person": "en personne",
    "One source (default: all of the entry's sources)": "Une source (par défaut : toutes les sources de la fiche)",
    # descriptions
    "May I serve a client located elsewhere? A sourced answer": "Puis-je servir un client situé ailleurs? Une réponse sourcée",
    "Where you are registered (province, state, country, city)": "Où vous êtes inscrit·e (province, État, pays, ville)",
    "Where the client is located now": "Où le client se trouve maintenant",
    "The client's age, if a minor might be involved": "L'âge du client, s'il pourrait être mineur",
    "Only you see the answer": "Vous seul·e voyez la réponse",
    "The regulator of a place: contacts, rule, sources": "L'organisme d'un lieu : coordonnées, règle, sources",
    "Minor clients in a place: age of majority, consent, duty to report": "Clients mineurs à un endroit : majorité, consentement, signalement",
    "Every jurisdiction we cover": "Tous les territoires couverts",
    "Emergency and crisis contacts where the client is": "Contacts d'urgence et de crise là où se trouve le client",
    "Where the client is located now (province, state, country, city)": "Où le client se trouve maintenant (province, État, pays, ville)",
    "The client's age (a minor gets child protection first)": "L'âge du client (pour un mineur, la protection de l'enfance d'abord)",
    "A province, state, country or city": "Une province, un État, un pays ou une ville",
    "Moderators: edit and review the regulator entries": "Modération : modifier et réviser les fiches",
    "Edit one field of an entry (opens a form)": "Modifier un champ d'une fiche (ouvre un formulaire)",
    "The field to edit": "Le champ à modifier",
    "The edits made to an entry": "Les modifications d'une fiche",
    "Undo one edit (asks to confirm)": "Annuler une modification (demande confirmation)",
    "The revision number, from /entry history": "Le numéro de révision, tiré de /fiche historique",
    "Mark an entry's facts as checked today": "Marquer les faits d'une fiche comme vérifiés aujourd'hui",
    "Entries not verified for a while": "Fiches non vérifiées depuis un moment",
    "Older than this many days (default 180)": "Plus anciennes que ce nombre de jours (180 par défaut)",
    "Also check every source and regulator link (takes up to a minute)": "Vérifier aussi chaque lien de source et d'organisme (jusqu'à une minute)",
    "Post every edit of an entry in a channel": "Publier chaque modification d'une fiche dans un salon",
    "Stop posting edits of an entry in a channel": "Ne plus publier les modifications d'une fiche dans un salon",
    "The channel that receives the notices": "Le salon qui reçoit les avis",
    "Import data files (shows the changes first)": "Importer des fichiers de données (montre d'abord les changements)",
    "A .yaml data file, or a .zip of them": "Un fichier .yaml, ou un .zip de fichiers",
    "Download the entries as data files": "Télécharger les fiches en fichiers de données",
    # issue 15: reports, /settings
    "reports": "signalements",
    "Open reports from members on the answers": "Signalements ouverts des membres sur les réponses",
    "settings": "réglages",
    "This server's settings: language, moderator role, channels, private answers": "Les réglages du serveur : langue, rôle de modération, salons, réponses privées",
    "language": "langue",
    "moderator_role": "rôle-modération",
    "review_channel": "salon-revue",
    "alert_channel": "salon-alertes",
    "clear": "effacer",
    "Default answer language of this server": "Langue des réponses par défaut sur ce serveur",
    "The role whose members may moderate entries": "Le rôle dont les membres peuvent modérer les fiches",
    "Where members' reports and page-change notices are posted": "Où sont publiés les signalements et les avis de pages modifiées",
    "Where alerts are posted": "Où sont publiées les alertes",
    "Members' answers private by default": "Réponses des membres privées par défaut",
    "Go back to the default for one setting": "Revenir à la valeur par défaut d'un réglage",}


class PasserelleTranslator(app_commands.Translator):
    """French localisations of command and option names and descriptions; `None` = keep English."""

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        if locale is not discord.Locale.french:
            return None
        key = string.extras.get("key", string.message)
        return COMMAND_FR.get(key)


def lang_of(locale: discord.Locale | str | None) -> str:
    """French for any `fr` locale, English otherwise."""
    value = locale.value if isinstance(locale, discord.Locale) else (locale or "")
    return "fr" if value.lower().startswith("fr") else "en"


def interaction_lang(interaction: discord.Interaction) -> str:
    return lang_of(interaction.locale)


MESSAGES: dict[str, dict[str, str]] = {
    "no_match": {"en": "No jurisdiction matches “{q}”.", "fr": "Aucun territoire ne correspond à « {q} »."},
    "ambiguous": {"en": "“{q}” could be: {c}. Pick one from the list.", "fr": "« {q} » peut désigner : {c}. Choisissez dans la liste."},
    "did_you_mean": {"en": "Did you mean: {c}?", "fr": "Vouliez-vous dire : {c}?"},
    "age_range": {"en": "The age must be between 0 and 120.", "fr": "L'âge doit être compris entre 0 et 120."},
    "days_range": {"en": "The number of days must be between 1 and 3660.", "fr": "Le nombre de jours doit être compris entre 1 et 3660."},
    "no_minors": {"en": "We have no sourced notes on minor clients for {name}.", "fr": "Nous n'avons pas de notes sourcées sur les clients mineurs pour {name}."},
    "page": {"en": "Page {n} of {total}", "fr": "Page {n} sur {total}"},
    "not_yours": {"en": "These buttons belong to the person who ran the command.", "fr": "Ces boutons appartiennent à la personne qui a lancé la commande."},
    "error": {"en": "Something went wrong on our side; the error was logged. Please try again.",
              "fr": "Un problème est survenu de notre côté; l'erreur a été consignée. Veuillez réessayer."},
    "cooldown": {"en": "You are asking quickly: try again in {s} s.", "fr": "Vous posez des questions rapidement : réessayez dans {s} s."},
    "not_moderator": {"en": "Only moderators can do this.", "fr": "Seuls les modérateurs peuvent faire cela."},
    "guild_only": {"en": "This command works in a server only.", "fr": "Cette commande ne fonctionne que dans un serveur."},
    "moderation_unconfigured": {
        "en": "Moderation is switched off: this bot serves several servers and MODERATION_GUILD_IDS does not say whose "
              "moderators may edit the shared entries. Ask the bot's operator to set it.",
        "fr": "La modération est désactivée : ce bot sert plusieurs serveurs et MODERATION_GUILD_IDS n'indique pas "
              "quels modérateurs peuvent modifier les fiches partagées. Demandez à l'exploitant du bot de le régler."},
    "db_unavailable": {"en": "The database is temporarily unavailable, so nothing was changed. Lookups still work; "
                              "please try again in a few minutes.",
                       "fr": "La base de données est temporairement indisponible : rien n'a été modifié. Les recherches "
                             "fonctionnent toujours; réessayez dans quelques minutes."},
    "no_registry": {"en": "Editing is not available: the database is not connected.", "fr": "La modification n'est pas disponible : la base de données n'est pas connectée."},
    "unknown_field": {"en": "Unknown field “{f}”. Pick one from the list.", "fr": "Champ inconnu « {f} ». Choisissez dans la liste."},
    "saved": {"en": "Saved: {place} · {field} (revision {rev}).", "fr": "Enregistré : {place} · {field} (révision {rev})."},
    "conflict": {"en": "Someone else changed {place} · {field} while you were editing. Current value (version {version}):",
                 "fr": "Quelqu'un d'autre a modifié {place} · {field} pendant votre modification. Valeur actuelle (version {version}) :"},
    "retry": {"en": "Edit again", "fr": "Modifier de nouveau"},
    "invalid": {"en": "Not saved: {msg}", "fr": "Non enregistré : {msg}"},
    "no_history": {"en": "No edits recorded for {place}.", "fr": "Aucune modification enregistrée pour {place}."},
    "history_title": {"en": "History of {place}", "fr": "Historique de {place}"},
    "revert_confirm": {"en": "Revert revision {rev}? {place} · {field} goes back to:", "fr": "Annuler la révision {rev}? {place} · {field} redevient :"},
    "confirm": {"en": "Confirm", "fr": "Confirmer"},
    "cancel": {"en": "Cancel", "fr": "Annuler"},
    "cancelled": {"en": "Cancelled; nothing changed.", "fr": "Annulé; rien n'a changé."},
    "reverted": {"en": "Reverted revision {rev} (new revision {new}).", "fr": "Révision {rev} annulée (nouvelle révision {new})."},
    "no_revision": {"en": "There is no revision {rev}.", "fr": "Il n'y a pas de révision {rev}."},
    "verified": {"en": "{place}: {n} sources marked verified today.", "fr": "{place} : {n} sources marquées vérifiées aujourd'hui."},
    "stale_none": {"en": "Every entry was verified in the last {days} days.", "fr": "Toutes les fiches ont été vérifiées dans les {days} derniers jours."},
    "stale_title": {"en": "Not verified in {days} days", "fr": "Non vérifiées depuis {days} jours"},
    "links_title": {"en": "Broken or moved links ({n} of {total})", "fr": "Liens brisés ou déplacés ({n} sur {total})"},
    "links_ok": {"en": "All {total} links answered.", "fr": "Les {total} liens ont répondu."},
    "watching": {"en": "Edits to {place} will be posted in {channel}.", "fr": "Les modifications de {place} seront publiées dans {channel}."},
    "unwatched": {"en": "Edits to {place} will no longer be posted in {channel}.", "fr": "Les modifications de {place} ne seront plus publiées dans {channel}."},
    "watch_notice": {"en": "{place} · {field} was edited by {who} (revision {rev})", "fr": "{place} · {field} modifié par {who} (révision {rev})"},
    "before": {"en": "Before", "fr": "Avant"},
    "after": {"en": "After", "fr": "Après"},
    "reason": {"en": "Reason", "fr": "Motif"},
    "source_url": {"en": "Source URL", "fr": "URL de la source"},
    "value": {"en": "New value", "fr": "Nouvelle valeur"},
    "bad_url": {"en": "the source URL is not valid: {msg}", "fr": "l'URL de la source n'est pas valide : {msg}"},
    "import_bad": {"en": "Import refused, nothing changed: {msg}", "fr": "Importation refusée, rien n'a changé : {msg}"},
    "import_nothing": {"en": "The file matches the entries: nothing to import.", "fr": "Le fichier correspond aux fiches : rien à importer."},
    "import_preview": {"en": "Import preview ({n} changes). Apply all of them?", "fr": "Aperçu de l'importation ({n} changements). Les appliquer tous?"},
    "import_done": {"en": "Imported {n} changes.", "fr": "{n} changements importés."},
    "import_too_big": {"en": "The file is too large (max {kb} KB).", "fr": "Le fichier est trop volumineux (max. {kb} Ko)."},
    # import budgets (db/import_budget.py): the reason an upload is refused before it is parsed in full
    "budget_file_size": {"en": "{name} is larger than the {kb} KB a jurisdiction file may have.",
                         "fr": "{name} dépasse les {kb} Ko permis pour un fichier de juridiction."},
    "budget_member_size": {"en": "{name} in the archive is larger than {kb} KB once decompressed: the archive is refused.",
                           "fr": "{name}, dans l'archive, dépasse {kb} Ko une fois décompressé : l'archive est refusée."},
    "budget_total_size": {"en": "{name}: the files inside add up to more than {mb} MB once decompressed.",
                          "fr": "{name} : les fichiers contenus dépassent {mb} Mo une fois décompressés."},
    "budget_members": {"en": "{name} holds more than {limit} entries.", "fr": "{name} contient plus de {limit} entrées."},
    "budget_depth": {"en": "{name}: nested more than {limit} levels deep (line {line}).",
                     "fr": "{name} : imbriqué sur plus de {limit} niveaux (ligne {line})."},
    "budget_aliases": {"en": "{name}: more than {limit} YAML aliases (line {line}).",
                       "fr": "{name} : plus de {limit} alias YAML (ligne {line})."},
    "budget_expanded": {"en": "{name}: with its YAML aliases expanded, the document grows beyond {kb} KB or {nodes} "
                              "values (line {line}); write the values out without anchors.",
                        "fr": "{name} : une fois ses alias YAML développés, le document dépasse {kb} Ko ou {nodes} "
                              "valeurs (ligne {line}) ; écrivez les valeurs sans ancres."},
    "budget_duplicate_key": {"en": "{name}: the key {field!r} appears twice (line {first} and line {line}); YAML would "
                                   "silently keep the last one.",
                             "fr": "{name} : la clé {field!r} figure deux fois (ligne {first} et ligne {line}) ; YAML "
                                   "garderait la dernière sans le dire."},
    "export_done": {"en": "Export of {n} entries.", "fr": "Exportation de {n} fiches."},
    "expired": {"en": "This confirmation has expired; run the command again.", "fr": "Cette confirmation a expiré; relancez la commande."},
    "no_question": {"en": "That message has no text to answer.", "fr": "Ce message n'a pas de texte auquel répondre."},
    "ask_help": {"en": "Ask me a question, e.g. “registered in NB, client (15) in Gatineau by video”, or use /canserve.",
                 "fr": "Posez-moi une question, p. ex. « inscrite au N.-B., cliente de 15 ans à Gatineau, par vidéo », ou utilisez /puis-je-servir."},

    # issue 15: members' reports (cogs/reports.py, app/report_views.py)
    "report_button": {"en": "Report a problem", "fr": "Signaler un problème"},
    "report_problem": {"en": "What is wrong", "fr": "Ce qui ne va pas"},
    "report_source": {"en": "Source URL (optional)", "fr": "URL de la source (facultatif)"},
    "report_value": {"en": "Correct value (optional)", "fr": "Valeur correcte (facultatif)"},
    "report_filed": {"en": "Thank you: report #{id} was sent to the moderators. You will be told privately what becomes of it.",
                     "fr": "Merci : le signalement n° {id} a été transmis aux modérateurs. Vous serez informé·e en privé de la suite."},
    "report_refused": {"en": "Report not sent: {msg}", "fr": "Signalement non envoyé : {msg}"},
    "report_title": {"en": "Report #{id} · {place}", "fr": "Signalement n° {id} · {place}"},
    "report_fact": {"en": "Fact", "fr": "Fait"},
    "report_answer": {"en": "Answer", "fr": "Réponse"},
    "report_proposed": {"en": "Proposed value", "fr": "Valeur proposée"},
    "report_by": {"en": "Reported by", "fr": "Signalé par"},
    "report_status": {"en": "Status", "fr": "Statut"},
    "review_accept": {"en": "Accept", "fr": "Accepter"},
    "review_dismiss": {"en": "Dismiss", "fr": "Écarter"},
    "review_source": {"en": "Needs source", "fr": "Source requise"},
    "status_open": {"en": "open", "fr": "ouvert"},
    "status_accepted": {"en": "accepted by {who}", "fr": "accepté par {who}"},
    "status_accepted_rev": {"en": "accepted by {who} (revision {rev})", "fr": "accepté par {who} (révision {rev})"},
    "status_dismissed": {"en": "dismissed by {who}: {note}", "fr": "écarté par {who} : {note}"},
    "status_needs_source": {"en": "source requested by {who}", "fr": "source demandée par {who}"},
    "report_handled": {"en": "Already handled: {msg}", "fr": "Déjà traité : {msg}"},
    "report_done": {"en": "Report #{id}: {status}.", "fr": "Signalement n° {id} : {status}."},
    "dismiss_title": {"en": "Dismiss report #{id}", "fr": "Écarter le signalement n° {id}"},
    "dismiss_reason": {"en": "Reason (sent to the reporter)", "fr": "Motif (envoyé à l'auteur)"},
    "report_pick_field": {"en": "Report #{id} names no field: pick the one to correct (opens the edit form), or accept it without an edit.",
                          "fr": "Le signalement n° {id} ne nomme aucun champ : choisissez celui à corriger (ouvre le formulaire), ou acceptez-le sans modification."},
    "report_no_edit": {"en": "Accept without an edit", "fr": "Accepter sans modification"},
    "report_fact_gone": {"en": "{place} · {field} no longer exists: nothing was changed.", "fr": "{place} · {field} n'existe plus : rien n'a changé."},
    "dm_accepted": {"en": "Your report #{id} on {place} was accepted: {field} was corrected (revision {rev}). Thank you!",
                    "fr": "Votre signalement n° {id} sur {place} a été accepté : {field} a été corrigé (révision {rev}). Merci!"},
    "dm_accepted_noedit": {"en": "Your report #{id} on {place} was accepted by the moderators. Thank you!",
                           "fr": "Votre signalement n° {id} sur {place} a été accepté par les modérateurs. Merci!"},
    "dm_dismissed": {"en": "Your report #{id} on {place} was not taken up. The moderators' reason: {note}",
                     "fr": "Votre signalement n° {id} sur {place} n'a pas été retenu. Motif des modérateurs : {note}"},
    "dm_needs_source": {"en": "Your report #{id} on {place} needs a source: please report it again with the address of the "
                              "page (statute, regulator) that says so.",
                        "fr": "Votre signalement n° {id} sur {place} a besoin d'une source : signalez-le de nouveau avec "
                              "l'adresse de la page (loi, organisme) qui le dit."},
    "reports_none": {"en": "No open reports.", "fr": "Aucun signalement ouvert."},
    "reports_list": {"en": "Open reports ({n})", "fr": "Signalements ouverts ({n})"},
    # issue 15: /settings (cogs/server_settings.py)
    "settings_title": {"en": "Settings of {guild}", "fr": "Réglages de {guild}"},
    "settings_lang": {"en": "Answer language", "fr": "Langue des réponses"},
    "settings_role": {"en": "Moderator role", "fr": "Rôle de modération"},
    "settings_review": {"en": "Review channel", "fr": "Salon de revue"},
    "settings_alert": {"en": "Alert channel", "fr": "Salon des alertes"},
    "settings_private": {"en": "Members' answers private", "fr": "Réponses des membres privées"},
    "settings_default": {"en": "{value} (default)", "fr": "{value} (par défaut)"},
    "settings_unset": {"en": "not set", "fr": "aucun"},
    "settings_yes": {"en": "yes", "fr": "oui"},
    "settings_no": {"en": "no", "fr": "non"},
    "settings_saved": {"en": "Saved.", "fr": "Enregistré."},
    "settings_manage": {"en": "Only members with Manage Server can change this server's settings.",
                        "fr": "Seuls les membres ayant « Gérer le serveur » peuvent modifier les réglages du serveur."},
    "setup": {"en": "Hello! I am Passerelle: sourced answers on serving a client located elsewhere. Try /canserve or "
                    "/help. Server managers: /settings chooses the answer language, the moderator role and the channel "
                    "where members' reports on answers are posted.",
              "fr": "Bonjour! Je suis Passerelle : des réponses sourcées pour servir un client situé ailleurs. Essayez "
                    "/puis-je-servir ou /aide. Gestionnaires du serveur : /réglages choisit la langue des réponses, le "
                    "rôle de modération et le salon où sont publiés les signalements des membres."},
    # issue 15: the source watch (cogs/sourcewatch.py)
    "page_changed": {"en": "A cited page changed", "fr": "Une page citée a changé"},
    "mark_verified": {"en": "Mark verified", "fr": "Marquer vérifiée"},
    "page_verified": {"en": "{url}: {n} source(s) marked verified today.", "fr": "{url} : {n} source(s) marquée(s) vérifiée(s) aujourd'hui."},
    "page_not_cited": {"en": "That page is no longer cited.", "fr": "Cette page n'est plus citée."},
    "fact_value": {"en": "Value", "fr": "Valeur"},
    "fact_verified": {"en": "Source read on", "fr": "Source lue le"},}


def t(key: str, lang: str, **values: object) -> Markup:
    """Our message in `lang`, with every value escaped for Discord (`md`) unless it is Markup already."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return Markup(text.format(**{k: md(v) for k, v in values.items()}) if values else text)
