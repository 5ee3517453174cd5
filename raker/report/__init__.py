"""The post-event report (laporan pelaksanaan): attendance, sessions and speakers, the rumusan attached."""
