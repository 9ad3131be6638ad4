#!/usr/bin/env python3
"""Writes the invented sample recordings of the two example sites.

The recordings imitate X API v2 response bodies (and, for dk-i-verden, Mastodon,
Bluesky and an RSS feed: see sample_networks.py) byte for byte in shape, and the
hard part of that shape is the entity offsets: code points over the
HTML-escaped text. Writing them by hand drifts the moment a word changes, so
they are computed here from the post's pieces, and the committed files are
simply this script's output (a test regenerates them and compares).

Every account, post and picture below is fictional. Run from anywhere:

    python examples/generate_samples.py            # rewrites examples/*/recorded
    python examples/generate_samples.py --out DIR  # writes DIR/<site>/recorded
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from sample_content import borger_dk, dk_i_verden
from sample_format import HERE
from sample_networks import write_networks


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder holding the site folders")
    args = parser.parse_args(argv)
    for name, build in (("borger-dk", borger_dk), ("dk-i-verden", dk_i_verden)):
        site, timelines = build()
        site.write(args.out / name / "recorded", timelines)
        if name == "dk-i-verden":
            write_networks(args.out / name / "recorded")
        print(f"wrote {args.out / name / 'recorded'}")


if __name__ == "__main__":
    main()
