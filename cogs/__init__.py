"""Discord extensions (one per feature), loaded by `bot.Passerelle.setup_hook`."""
