"""Models of the followup app: talks, self-assessments, follow-up after exit, reminders."""
