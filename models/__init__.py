"""Table shapes. `db` and `Base` live here; one module per aggregate.

Models never import the application package (volunteer/): they hold table shapes
and the invariants of their own rows, nothing else.
"""
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic can diff and drop them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)

from models.accounts import ApiToken, Role, User, UserRole  # noqa: E402
from models.places import Community, Grid  # noqa: E402
from models.people import (  # noqa: E402
    Availability,
    Certification,
    Skill,
    SocialWorkerProfile,
    VolunteerProfile,
    social_worker_communities,
    volunteer_skills,
)
from models.needs import HelpRequest, Need, NeedServedGroup, need_skills  # noqa: E402
from models.assignments import Assignment  # noqa: E402
from models.records import Feedback, HoursEntry, PointsTransfer, ServiceRecord, StarAward  # noqa: E402
from models.records import Commendation, NoShow  # noqa: E402
from models.training import Training, TrainingAttendance  # noqa: E402
from models.idempotency import IdempotencyRecord  # noqa: E402
from models.search import SearchEntry  # noqa: E402
from models.audit import AuditEvent  # noqa: E402
from models.rewards import PointsBalance, Redemption, Reward  # noqa: E402
from models.certificates import IssuedCertificate  # noqa: E402
from models.dispatch import OfferPause, RecurringNeed, recurring_need_skills  # noqa: E402
from models.notifications import Notification, PushSubscription  # noqa: E402
from models.activities import Activity, ActivitySignup  # noqa: E402
from models.projects import EvaluationPack, Project, project_communities  # noqa: E402
from models.boards import PublicBoard  # noqa: E402
from models.jobs import JobRun  # noqa: E402
from models.organisations import NeedTeam, Organisation, OrganisationMember, organisation_communities  # noqa: E402

__all__ = [
    "db", "Base", "User", "UserRole", "Role", "ApiToken", "Community", "Grid", "Skill",
    "VolunteerProfile", "SocialWorkerProfile", "Availability", "volunteer_skills",
    "social_worker_communities", "HelpRequest", "Need", "need_skills", "Assignment",
    "ServiceRecord", "HoursEntry", "PointsTransfer", "StarAward", "Feedback",
    "IdempotencyRecord", "AuditEvent", "PointsBalance", "Reward", "Redemption",
    "IssuedCertificate",
    "OfferPause", "RecurringNeed", "recurring_need_skills", "Notification", "PushSubscription",
    "NoShow", "Commendation", "Training", "TrainingAttendance",
    "Certification", "SearchEntry", "Organisation", "OrganisationMember", "organisation_communities", "NeedTeam",
    "Activity", "ActivitySignup", "Project", "EvaluationPack", "project_communities",
    "PublicBoard", "JobRun",
]
