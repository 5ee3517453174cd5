"""flask tte dev-ca: the development CA, its CRL and a PKCS#12 per signer in the instance folder, each
opening with the development passphrase and chaining to that CA; the expired and revoked ones refused."""

import pytest

from raker.tte import devca, services, signing


@pytest.mark.parametrize("names", [["Dr. Uji Coba, M.Si.", "Siti Uji"], []])
def test_dev_ca_writes_the_ca_and_a_certificate_per_signer(app_factory, names):
    application = app_factory()
    with application.app_context():
        args = ["tte", "dev-ca"] + [part for name in names for part in ("--signer", name)]
        result = application.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        ca = devca.DevCA(services.tte_directory())
        assert ca.ca_pem.exists() and ca.crl_pem.exists()
        assert f"CA pengembangan: {ca.ca_pem}" in result.output and devca.DEV_PASSPHRASE in result.output
        # No meeting with a tim perumus: one test signer.
        for name in names or ["Penanda Tangan Uji"]:
            path = ca.p12(devca.slugify(name))
            assert str(path) in result.output
            key = signing.load_pkcs12(path.read_bytes(), devca.DEV_PASSPHRASE)
            assert signing.certificate_name(key) == name
            signing.check_certificate(key, services.trust_roots(), services.crls())  # valid, trusted
        for slug, reason in (("kedaluwarsa", signing.EXPIRED), ("dicabut", signing.REVOKED)):
            key = signing.load_pkcs12(ca.p12(slug).read_bytes(), devca.DEV_PASSPHRASE)
            with pytest.raises(signing.SigningRefused) as refused:
                signing.check_certificate(key, services.trust_roots(), services.crls())
            assert refused.value.reason == reason
