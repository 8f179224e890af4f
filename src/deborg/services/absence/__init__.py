"""From parent to school: absence reports and the cut-off mail, leave requests, and
conversations with teachers; the school's settings for them, their retention, and what they
contribute to the agenda feed and the data export."""
