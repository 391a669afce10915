"""Pages of the followup app: my participants with checklists, talks, self-assessments, progression,
follow-up after exit and reminders. Thin views: access, form, service, redirect."""
