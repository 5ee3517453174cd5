"""Entry point: `flask --app run.py run`, `gunicorn run:app`."""

from raker import create_app

app = create_app()
