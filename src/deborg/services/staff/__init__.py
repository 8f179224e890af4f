"""The school's side of the portal (issue #18): staff accounts and their sessions, what a
staff member may reach, the dashboard, and answers to parents' replies. The web's /school/
pages and the ``deborg staff`` commands call these same functions."""
