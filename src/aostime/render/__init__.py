"""Presentation: JSON, CSV and Rich tables. Nothing here decides anything."""
