"""A local RFC 3161 timestamp server (HTTP POST of a TimeStampReq, application/timestamp-reply back),
answering with pyHanko's DummyTimeStamper and the dev CA's TSA certificate: B-T tested without internet."""

from asn1crypto import keys, pem, tsp, x509
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from werkzeug.wrappers import Request, Response

from tests.tte.local_server import LocalServer


def _der(path) -> bytes:
    data = path.read_bytes()
    return pem.unarmor(data)[2] if pem.detect(data) else data


class TsaServer(LocalServer):
    path = "/tsa"

    def __init__(self, cert_path, key_path):
        self.stamper = DummyTimeStamper(
            tsa_cert=x509.Certificate.load(_der(cert_path)), tsa_key=keys.PrivateKeyInfo.load(_der(key_path))
        )
        self.requests = 0
        super().__init__()

    @Request.application
    def app(self, request: Request) -> Response:
        self.requests += 1
        answer = self.stamper.request_tsa_response(tsp.TimeStampReq.load(request.get_data()))
        return Response(answer.dump(), mimetype="application/timestamp-reply")
