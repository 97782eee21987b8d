"""A small Flask blog showing threadkit end to end: run ``python examples/flask_blog/app.py``."""

from flask_blog.app import create_app

__all__ = ["create_app"]
