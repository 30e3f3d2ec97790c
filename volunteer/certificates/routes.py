"""Certificates over HTTP: my certificate as a PDF; public verification by number."""
from flask import Response, request, url_for
from flask_smorest import Blueprint

from volunteer import clock
from volunteer.access import public, signed_in
from volunteer.auth import current_user
from volunteer.errors import language
from volunteer.certificates import pdf, rules, schemas, services, verify_page
from volunteer.masking import mask_phone
from volunteer.links import public_base

bp = Blueprint("certificates", __name__, description="Certificates of confirmed hours")


@bp.get("/me/certificate.pdf")
@signed_in
@bp.arguments(schemas.PeriodArgsSchema, location="query")
@bp.doc(responses={"200": {"description": "The certificate", "content": {"application/pdf": {}}}})
def my_certificate(args):
    """A PDF certificate of my confirmed hours between two dates (recorded, verifiable)."""
    user = current_user()
    base = public_base()  # before anything is issued
    first, last = rules.year_to_date(clock.local(clock.now()).date(), args.get("date_from"), args.get("date_to"))
    certificate, records = services.issue(user, first, last)
    body = pdf.render(_view(certificate, user, records, base))
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{certificate.number}.pdf"'})


@bp.get("/certificates/<string:number>/verify")
@public
@bp.response(200, schemas.VerificationSchema)
@bp.doc(responses={"200": {"content": {"text/html": {}}}})
def verify(number):
    """Public: is this certificate genuine, and do the records still say the same?

    JSON for machines; a browser (Accept: text/html first) gets a page a person reads,
    in zh-CN or en by Accept-Language.
    """
    view = schemas.verification_view(services.verify(number))
    if verify_page.wants_html(request.accept_mimetypes):
        return verify_page.response(view, language())
    return view, 200, {"Vary": "Accept, Accept-Language"}


def _view(certificate, user, records, base: str) -> pdf.CertificateView:
    lines = [pdf.ServiceLine(day=clock.local(r.started_at).date(), title=r.need.title,
                             place=r.place, hours=str(r.hours)) for r in records]
    return pdf.CertificateView(
        number=certificate.number, name=user.name, masked_phone=mask_phone(user.phone),
        period_from=certificate.period_from, period_to=certificate.period_to,
        hours=str(certificate.hours), lines=lines,
        community=certificate.community.name if certificate.community else "",
        issued_on=clock.local(certificate.issued_at).date(), verify_url=base + url_for("certificates.verify", number=certificate.number),
        content_hash=certificate.content_hash)
