"""The ``widget`` command line (placeholder until the commands land)."""

import click


@click.group()
def main() -> None:
    """Build accessible, private feed widgets for static websites."""
