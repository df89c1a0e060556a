"""The Discord extensions only (one per feature), loaded by `app.bot.Passerelle.setup_hook`; what they share is
in `app/`."""
