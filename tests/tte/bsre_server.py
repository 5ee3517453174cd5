"""A local signing service implementing the request and response of BSrE's `POST /api/sign/pdf`
(multipart: file, nik, passphrase, tampilan, image, linkQR, page, xAxis, yAxis, width, height; HTTP
Basic for the application; 200 with the signed PDF, or JSON {"error", "status_code"}), signing with
the development CA's keys, so the remote adapter is tested against the contract, not a mock of itself."""

from werkzeug.wrappers import Request, Response

from raker.tte import signing
from tests.tte.local_server import LocalServer

USERNAME, PASSWORD = "raker-app", "rahasia-aplikasi"


class BsreServer(LocalServer):
    path = "/api/sign/pdf"

    def __init__(self, accounts: dict[str, tuple[str, bytes, str]]):
        """accounts: NIK -> (passphrase, PKCS#12 bytes, the PKCS#12's own passphrase)."""
        self.accounts = accounts
        self.requests: list[dict] = []
        super().__init__()

    @staticmethod
    def _error(message: str, code: int, status: int = 400) -> Response:
        return Response(f'{{"error": "{message}", "status_code": {code}}}', status=status, mimetype="application/json")

    @Request.application
    def app(self, request: Request) -> Response:
        if request.path != "/api/sign/pdf" or request.method != "POST":
            return self._error("Not Found", 404, 404)
        if request.authorization is None or (request.authorization.username, request.authorization.password) != (
            USERNAME,
            PASSWORD,
        ):
            return self._error("Unauthorized", 401, 401)
        form = request.form.to_dict()
        self.requests.append(form)
        upload = request.files.get("file")
        if upload is None:
            return self._error("Dokumen tidak ditemukan", 2011)
        pdf = upload.read()
        account = self.accounts.get(form.get("nik", ""))
        if account is None:
            return self._error("Pengguna tidak terdaftar", 2021)
        if form.get("passphrase") != account[0]:
            return self._error("Passphrase anda salah", 2031)
        key = signing.load_pkcs12(account[1], account[2])
        x, y = float(form["xAxis"]), float(form["yAxis"])
        box = (x, y, x + float(form["width"]), y + float(form["height"]))
        signed = signing.sign_pdf(
            pdf,
            key,
            page=int(form["page"]) - 1,
            box=box,
            field_name=f"bsre-{len(self.requests)}",
            lines=["Ditandatangani secara elektronik", signing.certificate_name(key)],
            url=form.get("linkQR", ""),
        )
        return Response(signed, mimetype="application/pdf")
