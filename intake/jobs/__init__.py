"""What runs on a clock: the daemon's scheduler (polls, IDLE, delivery, archive, daily sweep).
"""
