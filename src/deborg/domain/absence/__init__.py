"""From parent to school: absence reports (ziekmelden), leave requests (verlof aanvragen under
the Leerplichtwet) and a parent's conversations with their child's teacher, with the school's
settings for them (cut-off time, phone number, reachable hours, retention)."""
