"""Views of the occupancy page, the spreadsheet import and the access-log review (loggkontroll)."""
