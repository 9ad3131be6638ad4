"""widget: accessible, private, self-hosted social-media feed widgets for static sites."""

__version__ = "0.2.0"
