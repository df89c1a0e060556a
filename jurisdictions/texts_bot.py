"""The bot's and the terminal's short messages (`msg.`), the slash commands' names and descriptions (`command.`),
`/help` (`help.`) and the page-watch notices (`watch.`): the second half of the one EN/FR table, kept in its own
file for size. `jurisdictions.texts.TEXTS` holds both halves; `text()` is the one lookup."""

from __future__ import annotations

from typing import TypedDict


class Entry(TypedDict):
    en: str
    fr: str


BOT_TEXTS: dict[str, Entry] = {
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
