# Passerelle: the Discord bot (and its command line) in a container. See README "Run it on a server".
#   docker build -t passerelle .        docker compose up -d   (compose.yaml adds PostgreSQL)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATUS_FILE=/tmp/passerelle-status.json

WORKDIR /app

# Dependencies first (cached while only the code or data change); every wheel used has a manylinux build.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The code and the data files (a fresh database is seeded from jurisdictions/data).
COPY bot.py settings.py alembic.ini ./
COPY app/ app/
COPY cogs/ cogs/
COPY db/ db/
COPY jurisdictions/ jurisdictions/
COPY ops/ ops/
COPY docs/ docs/

# The GeoNames gazetteer, derived once at build time (a few seconds) so the bot loads it in ~0.1 s.
ENV PASSERELLE_GAZETTEER=/app/gazetteer.marshal
RUN python -m jurisdictions.gazetteer /app/gazetteer.marshal

# An unprivileged user; it owns nothing but its home (status file in /tmp, data in the database).
RUN useradd --system --uid 10001 --home-dir /home/passerelle --create-home passerelle \
    && python -m compileall -q /app
USER passerelle

# `python bot.py health`: database reachable, migrations at head, data loaded, a recent gateway heartbeat.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["python", "bot.py", "health"]

# SIGTERM (docker stop) drains in-flight interactions before exiting; keep SHUTDOWN_TIMEOUT below the stop timeout.
STOPSIGNAL SIGTERM
CMD ["python", "bot.py", "run"]
