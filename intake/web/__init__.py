"""Web pages for registry clerks and heads of unit (`intake serve`)."""
from intake.web.app import create_app
from intake.web.auth import set_password

__all__ = ["create_app", "set_password"]
