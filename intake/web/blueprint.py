"""The one blueprint every page module adds its routes to."""
from flask import Blueprint, current_app

bp = Blueprint("web", __name__)


def proc():
    """The Processor the app was made with (config, database, store, clock)."""
    return current_app.config["PROC"]
