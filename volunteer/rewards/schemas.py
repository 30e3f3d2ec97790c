"""Time bank and rewards: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.records import TransferKind
from volunteer.accounts.schemas import PHONE
from volunteer.masking import mask_name
from volunteer.schemas import Choice, Id, PageArgsSchema
from volunteer.messages import field_code

MAX_STOCK = 1_000_000  # a reward's stock, as documented; restocking keeps within it too


class LedgerLineSchema(ma.Schema):
    id = ma.fields.Integer()
    amount = ma.fields.Integer(metadata={"description": "Signed: + received, - spent or given"})
    kind = Choice(TransferKind)
    memo = ma.fields.String()
    counterparty = ma.fields.String(metadata={"description": "Community name, or a masked person's name"})
    created_at = ma.fields.DateTime()


class PointsSchema(ma.Schema):
    balance = ma.fields.Integer(metadata={"description": "Sum of my ledger lines"})
    lines = ma.fields.List(ma.fields.Nested(LedgerLineSchema))


class PointsArgsSchema(PageArgsSchema):
    pass


class GiftSchema(ma.Schema):
    to_phone = ma.fields.String(required=True, load_only=True, validate=validate.Regexp(
        PHONE, error=field_code("mobile_number")))
    amount = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, 1_000_000))
    memo = ma.fields.String(load_default="", validate=validate.Length(max=100))
    id = ma.fields.Integer(dump_only=True)
    to_name = ma.fields.String(dump_only=True, metadata={"description": "The recipient, masked"})
    created_at = ma.fields.DateTime(dump_only=True)


def gift_view(movement, recipient) -> dict:
    return {"id": movement.id, "amount": movement.amount, "memo": movement.memo,
            "to_name": mask_name(recipient.name) if recipient else "", "created_at": movement.created_at}


class RewardSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    community_id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(1, 100))
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    points_cost = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, 1_000_000))
    stock = ma.fields.Integer(required=True, strict=True, validate=validate.Range(0, MAX_STOCK))
    active = ma.fields.Boolean(dump_only=True)


class RewardUpdateSchema(ma.Schema):
    name = ma.fields.String(load_default=None, validate=validate.Length(1, 100))
    description = ma.fields.String(load_default=None, validate=validate.Length(max=2000))
    points_cost = ma.fields.Integer(load_default=None, strict=True, validate=validate.Range(1, 1_000_000))
    active = ma.fields.Boolean(load_default=None)
    stock_delta = ma.fields.Integer(load_default=0, strict=True, validate=validate.Range(-MAX_STOCK, MAX_STOCK),
                                    metadata={"description": "Add (or with a minus, take) this many"})


class RedeemSchema(ma.Schema):
    quantity = ma.fields.Integer(load_default=1, strict=True, validate=validate.Range(1, 100))


class RedemptionSchema(ma.Schema):
    id = ma.fields.Integer()
    reward_id = Id()
    reward_name = ma.fields.String(attribute="reward.name")
    quantity = ma.fields.Integer()
    points = ma.fields.Integer()
    created_at = ma.fields.DateTime()
