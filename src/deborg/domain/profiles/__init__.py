"""Mijn account and Mijn kinderen: the personal data, contact numbers, photos, emergency
numbers and teacher notes that parents keep up to date, and the changes reported to staff."""
