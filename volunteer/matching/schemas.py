"""Matching: shape and format only."""
import marshmallow as ma
from marshmallow import validate


class CandidateArgsSchema(ma.Schema):
    limit = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class CandidateSchema(ma.Schema):
    user_id = ma.fields.Integer()
    name = ma.fields.String()
    distance_m = ma.fields.Integer(metadata={"description": "Great-circle metres from home to the need"})
    home_grid_id = ma.fields.Integer(allow_none=True)
    star_level = ma.fields.Integer()
    skills = ma.fields.List(ma.fields.String())
    is_social_worker = ma.fields.Boolean()
    score = ma.fields.Float(metadata={"description": "Weighted score in 0..1; higher ranks first"})
    explanation = ma.fields.String(metadata={
        "description": "At a glance, in the caller's language", "example": "1.2 km · 同网格 · 近30天 3 小时 · 履约率 98%"})
    reasons = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "The same reasons, language-neutral: {kind: distance|same_grid|same_community|"
                       "certified|recent_hours|reliability, value}"})
