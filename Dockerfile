# Production image: gunicorn serving Django, static files by WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 scoran
WORKDIR /app

COPY requirements-prod.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements-prod.lock

COPY --chown=scoran:scoran . .
# Settings need these to import; they are not used to collect static files.
RUN SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DATABASE_URL=postgresql://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 0

USER scoran
EXPOSE 8000
CMD ["gunicorn", "scoran.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
