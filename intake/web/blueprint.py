"""The one blueprint every page module adds its routes to."""
from flask import Blueprint, current_app

from intake.runtime import Runtime

bp = Blueprint("web", __name__)


def runtime() -> Runtime:
    """The Runtime the app was made with (config, database, store, clock)."""
    rt: Runtime = current_app.config["RUNTIME"]
    return rt
