"""Time bank over HTTP: my points, gifts, the rewards catalogue and redemption."""
from flask_smorest import Blueprint

from volunteer.access import COMMUNITY_STAFF, allow, signed_in
from volunteer.auth import current_user
from volunteer.hours.services import user_account
from volunteer.idempotency import key_from_request
from volunteer.rewards import catalogue, gifts, ledger, redemption, schemas
from volunteer.schemas import Page, PageArgsSchema

bp = Blueprint("rewards", __name__, description="Time bank: points, gifts, rewards")
IDEMPOTENT = {"parameters": [{"in": "header", "name": "Idempotency-Key", "schema": {"type": "string"},
                              "description": "A retry with the same key returns the first answer"}]}


@bp.get("/me/points")
@signed_in
@bp.arguments(schemas.PointsArgsSchema, location="query")
@bp.response(200, schemas.PointsSchema)
def my_points(args):
    """My points balance (the sum of my ledger) and my ledger lines, newest first."""
    account = user_account(current_user().id)
    return {"balance": ledger.balance(account),
            "lines": ledger.lines(account, args["page"], args["per_page"])}


@bp.post("/me/points/gifts")
@signed_in
@bp.arguments(schemas.GiftSchema)
@bp.response(201, schemas.GiftSchema)
@bp.doc(**IDEMPOTENT)
def give_points(args):
    """Give points to someone by phone, e.g. a family member (409 points_insufficient)."""
    movement = gifts.give(current_user(), args["to_phone"], args["amount"], args["memo"], key_from_request())
    return schemas.gift_view(movement, gifts.recipient_of(movement))


@bp.get("/communities/<int:community_id>/rewards")
@signed_in
@bp.response(200, schemas.RewardSchema(many=True))
def list_rewards(community_id):
    """The community's rewards catalogue, with stock."""
    return catalogue.list_rewards(current_user(), community_id)


@bp.post("/communities/<int:community_id>/rewards")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.RewardSchema)
@bp.response(201, schemas.RewardSchema)
def create_reward(args, community_id):
    """Staff of the community: add a reward with its price in points and its stock."""
    return catalogue.create_reward(current_user(), community_id, **args)


@bp.patch("/rewards/<int:reward_id>")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.RewardUpdateSchema)
@bp.response(200, schemas.RewardSchema)
def update_reward(args, reward_id):
    """Staff of the community: rename, reprice, withdraw, or restock by a delta."""
    return catalogue.update_reward(current_user(), reward_id, **args)


@bp.post("/rewards/<int:reward_id>/redeem")
@signed_in
@bp.arguments(schemas.RedeemSchema)
@bp.response(201, schemas.RedemptionSchema)
@bp.doc(**IDEMPOTENT)
def redeem(args, reward_id):
    """Spend points on a reward (409 out_of_stock or points_insufficient; nothing taken then)."""
    return redemption.redeem(current_user(), reward_id, args["quantity"], key_from_request())


@bp.get("/me/redemptions")
@signed_in
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.RedemptionSchema))
def my_redemptions(args):
    """My redemptions, newest first."""
    return redemption.my_redemptions(current_user(), **args)
