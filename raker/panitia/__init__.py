"""The committee (panitia) of a meeting: members, kartu panitia, SK panitia and SK tim perumus."""
