def test_home_lists_public_events(client, app):
    from tests.factories import make_event

    make_event(title="Rapat Kerja Terbuka")
    make_event(title="Rapat Draf Rahasia", status="draft")
    page = client.get("/").get_data(as_text=True)
    assert "Rapat Kerja Terbuka" in page
    assert "Rapat Draf Rahasia" not in page
