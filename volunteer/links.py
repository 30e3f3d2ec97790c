"""Links printed or shown for others to open: the public base address, and QR codes of links.

The one module that imports segno; QR codes are drawn here as SVG, never fetched from
elsewhere (deployments sit on intranets).
"""
import io

import segno
from flask import current_app, request

from volunteer.errors import ServiceError


def public_base() -> str:
    """Where printed pages (certificates, activity posters, boards) send their readers:
    PUBLIC_BASE_URL, which a deployment on a server database must set (a Host header is the
    caller's to choose)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        if not current_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            raise ServiceError("public_base_url_unset", 503)
        base = request.host_url
    return base.rstrip("/")


def qr_svg(url: str, scale: int = 5) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True,
                                    title=url)
    return out.getvalue().decode()
