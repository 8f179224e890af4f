"""E-mail notifications (SPEC §8): each parent's choice per category ("direct", "in de
weekmail", "uit"), the routing of a notice to mail or digest, and the weekly digest."""
