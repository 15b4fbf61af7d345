"""Settings for the bare-view baseline of `benchmarks/compare_refs.py`: the product's settings (middleware,
sessions, database, logging, all read from the environment as in production) with a URLconf that routes
nothing but `benchmarks.bare_urls`. Never used by the product."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bare_urls"
