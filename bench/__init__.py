"""Benchmarks: `nox -s bench` seeds a large school, serves it under gunicorn on 127.0.0.1 and
measures it from a second process. See bench/README.md."""
