"""Certificates (sertifikat) of attendance with hours of learning (JP) and a public check page."""
