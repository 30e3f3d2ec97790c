"""Steps shared by the time-bank tests."""
from models import PointsTransfer, db
from volunteer import clock


def credit(app, user_id: int, community_id: int, amount: int) -> None:
    """The community issues `amount` points to the user, as confirmed service would."""
    with app.app_context():
        db.session.add(PointsTransfer(from_account=f"issuer:{community_id}", to_account=f"user:{user_id}",
                                      amount=amount, kind="service", memo="服务积分", created_at=clock.now()))
        db.session.commit()


def add_reward(client, place, name="大米 5 斤", points_cost=10, stock=100) -> dict:
    r = client.post(f"/api/v1/communities/{place['community_id']}/rewards",
                    headers=place["social_worker"]["headers"],
                    json={"name": name, "points_cost": points_cost, "stock": stock})
    assert r.status_code == 201, r.json
    return r.json


def balance(client, person) -> int:
    return client.get("/api/v1/me/points", headers=person["headers"]).json["balance"]
