"""The meeting itself: commissions (sidang komisi), quorum from the day's check-ins, and votes in the
plenary (sidang pleno) where musyawarah untuk mufakat fails."""


class SidangRefused(Exception):
    """What the rules do not allow; the message is Indonesian and shown as it is. status: 409 for the
    state of things (closed, already voted, no quorum), 400 for bad input."""

    def __init__(self, message: str, code: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
