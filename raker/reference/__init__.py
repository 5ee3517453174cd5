"""Fixed domain facts: regions, ranks, NIP rules, roles. No database access here."""
