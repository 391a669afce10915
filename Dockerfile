# One image for web, worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt build-constraints.txt ./
# The image's own pip and setuptools upgraded as in the Makefile (VENV_TOOLS): no setuptools with advisories.
RUN pip install --upgrade "pip>=25.3" "setuptools>=78.1.1,<81" \
    && pip install --build-constraint build-constraints.txt -c constraints.txt .
COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput \
    && DEBUG=true python manage.py compilemessages --ignore=.venv || true
RUN useradd --create-home iop && mkdir -p /data/files && chown -R iop /data /app
USER iop
EXPOSE 8000
# gunicorn.conf.py sets the logger that keeps query strings and personnummer out of the logs.
CMD ["gunicorn", "config.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
