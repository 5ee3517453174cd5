"""The refusal of a settings form, field by field: the domains raise it (nothing saved), and the
pages put each message under its field (`web.save_settings_form`)."""


class SettingsInvalid(ValueError):
    """Settings that cannot be saved: field name -> message. Nothing was saved."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(fields.values()))
        self.fields = fields
