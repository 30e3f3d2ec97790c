"""Once served, a need's board says who served, the hours each recorded and where those
stand, and the resident's rating."""
from tests.helpers import served


def test_the_board_of_a_served_need_shows_hours_record_status_and_rating(client, world, place):
    volunteer, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    board = client.get(f"/api/v1/needs/{record['need_id']}/offers", headers=sw).json
    [row] = [p for p in board["people"] if p["user_id"] == volunteer["id"]]
    assert (row["hours"], row["record_status"]) == (record["hours"], "pending") and board["rating"] is None
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    rated = client.post(f"/api/v1/needs/{record['need_id']}/rating", headers=place["resident"]["headers"],
                        json={"score": 4, "comment": "很细心"})
    assert rated.status_code == 201, rated.json
    board = client.get(f"/api/v1/needs/{record['need_id']}/offers", headers=sw).json
    [row] = [p for p in board["people"] if p["user_id"] == volunteer["id"]]
    assert row["record_status"] == "verified" and board["rating"] == {"score": 4, "comment": "很细心"}
    others = [p for p in board["people"] if p["user_id"] != volunteer["id"]]
    assert all(p["hours"] is None and p["record_status"] is None for p in others)
