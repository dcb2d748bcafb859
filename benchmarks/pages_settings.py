"""Settings of ``benchmarks/pages.py``: the site's own settings, from the environment as in production, plus a
hello-world page. ``ROOT_URLCONF`` cannot be given through the environment, so this module sets it."""

from memorial.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.hello_urls"
