"""The web app's shell: the service worker at the root scope, the manifest, cache headers.

The app itself is static files under static/ (ES modules, no build step). The service
worker must be served from / so that its scope covers the whole app; the shell and the
worker are always revalidated, the other files are cached for STATIC_MAX_AGE seconds
(the service worker keeps its own versioned copy for offline use).
"""
from flask import Flask, current_app, request, send_from_directory

REVALIDATE = "no-cache"


def register_webapp(app: Flask) -> None:
    @app.get("/sw.js")
    def service_worker():
        response = send_from_directory(app.static_folder, "sw.js", mimetype="text/javascript")
        response.headers["Service-Worker-Allowed"] = "/"
        return response

    @app.get("/manifest.webmanifest")
    def manifest():
        return send_from_directory(app.static_folder, "manifest.webmanifest",
                                   mimetype="application/manifest+json")

    app.after_request(cache_headers)


def cache_headers(response):
    """Shell and worker: revalidate every time. Other static files: cache a while."""
    path = request.path
    if path in ("/", "/sw.js", "/manifest.webmanifest", "/static/index.html"):
        response.headers["Cache-Control"] = REVALIDATE
    elif path.startswith("/static/") and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['STATIC_MAX_AGE']}"
    return response
