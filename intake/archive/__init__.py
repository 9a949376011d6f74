"""Stage 7, archive: the archival PDF/A bundle of a registered message (bundle.py), its receipt
stamp (stamp.py), the job that builds them (job.py) and the converters (convert/).
"""
