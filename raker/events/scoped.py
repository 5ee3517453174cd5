"""Blueprints that live under one meeting (/…/<slug>/…)."""

from flask import Blueprint, abort, g

from .services import event_by_slug


def event_scoped(bp: Blueprint) -> Blueprint:
    """The meeting named by <slug> is loaded once into g.event (404 when unknown), and url_for
    inside the blueprint fills the slug in by itself."""

    @bp.url_value_preprocessor
    def load_event(endpoint, values):
        g.event = event_by_slug(values.pop("slug")) or abort(404)

    @bp.url_defaults
    def add_slug(endpoint, values):
        if "slug" not in values and g.get("event") is not None:
            values["slug"] = g.event.slug

    return bp
