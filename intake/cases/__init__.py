"""After registration: the case (lifecycle.py) and its completeness check (completeness.py).
"""
