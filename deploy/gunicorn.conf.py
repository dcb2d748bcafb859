"""gunicorn's settings for Yaddaş: ``gunicorn -c deploy/gunicorn.conf.py memorial.wsgi:application`` (the
yaddas-web unit). Behind nginx (deploy/nginx/yaddas.conf), on this machine's loopback."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each takes one request at a time, which nginx's buffering keeps short. Each is about 70 MB, plus what
# decoding an image takes (large scans are decoded by the background workers: ARCHIVE_MAX_IMAGE_DECODE_BYTES there).
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# The longest a request may take before its worker is replaced: reading, checking and storing a 2 GB recording
# (nginx's proxy_read_timeout for uploads is the same).
timeout = 300
graceful_timeout = 30
# A worker is replaced after this many requests, so memory a large image left behind is given back.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = "warning"
