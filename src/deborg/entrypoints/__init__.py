"""Entry points: the Flask web app (portal and JSON API) and the click command line."""
