LOGINS = []
def seed(volunteers=240): return False
