# Production image: gunicorn serving the portal, static files collected and hashed (WhiteNoise),
# translation catalogues compiled, running as an unprivileged user.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=iurc.settings.production \
    PORT=8000

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
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
    && mkdir -p /app/var/media \
    && chown -R iurc:iurc /app/var

USER iurc
EXPOSE 8000

# Migrations run before the server starts; they never prompt.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn iurc.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
