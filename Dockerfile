# Two images from one build (compose.yaml builds both):
#   app    (the default): gunicorn serving the portal, static files collected and hashed, the
#          translation catalogues compiled, running as an unprivileged user;
#   proxy: nginx in front of it (deploy/nginx/), serving the same static files and the media.
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=iurc.settings.production \
    DJANGO_MEDIA_ROOT=/app/var/media \
    PORT=8000

# gettext compiles the catalogues; postgresql-client (15, as the database) runs pg_dump and
# pg_restore for `manage.py backup` and `restore`; PyICU (collation) builds against libicu-dev.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
        libicu-dev pkg-config g++ \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 iurc
WORKDIR /app

# Dependencies first, so code changes do not reinstall them. The editable install points at
# /app, where the code is copied next.
COPY pyproject.toml README.md ./
COPY iurc/__init__.py iurc/__init__.py
COPY regions/__init__.py regions/__init__.py
COPY partners/__init__.py partners/__init__.py
RUN pip install -e .

COPY . .
# Build-time values only: production settings refuse to start without real ones.
RUN export DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite:////tmp/build.db \
    && python manage.py collectstatic --noinput -v 0 \
    && python manage.py compilemessages -v 0 \
    && mkdir -p /app/var/media /app/var/backups \
    && chown -R iurc:iurc /app/var

USER iurc
EXPOSE 8000

# Liveness only: the process answers. Readiness (/readyz/: database, cache, media storage) is
# for whoever routes traffic to it (compose.yaml, an orchestrator).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz/\", timeout=4)"]

# Migrations run before the server starts; they never prompt. gunicorn's settings, and the
# variables that tune them, are in deploy/gunicorn.conf.py.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c deploy/gunicorn.conf.py iurc.wsgi:application"]


# nginx with the collected static files baked in and the site's configuration as a template:
# the image's entrypoint fills in the IURC_* variables (compose.yaml sets them) at start.
FROM nginx:1.27-bookworm AS proxy
ENV NGINX_ENVSUBST_FILTER=^IURC_
COPY --from=app /app/var/static /app/var/static
COPY deploy/nginx/iurc.conf.template /etc/nginx/templates/default.conf.template


# The default target stays the application.
FROM app
