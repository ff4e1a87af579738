"""PDF papers (reportlab): inspection sheets, shift logs, reports. No Qt here."""
