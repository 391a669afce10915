"""Views of the participants app, split by concern (participants, referrals, placements)."""
