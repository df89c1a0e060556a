"""Passerelle's domain: jurisdiction data, matching, verdicts and rendering. No Discord here."""
