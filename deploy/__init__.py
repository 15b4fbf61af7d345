"""Running the catalogue in production: the nginx front and the gunicorn application servers."""
