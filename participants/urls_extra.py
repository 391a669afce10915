"""URLs of the occupancy view, the spreadsheet import and the access-log review (filled in by that work)."""

urlpatterns: list = []
