#!/usr/bin/python3
"""Makes a throwaway CA and server certificates for the TLS tests (python3-cryptography).

Usage: make_certs.py DIR   Writes ca.pem, and key+certificate pairs signed by that CA:
good (localhost and 127.0.0.1), wronghost (mail.example.net only), expired (valid
2020-2021); and selfsigned (not signed by the CA).
"""
import datetime
import ipaddress
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def name(common):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def write(path, key, cert):
    with open(f"{path}.key", "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with open(f"{path}.pem", "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))


def certificate(subject_key, subject, issuer_key, issuer, sans, start, end, ca=False):
    builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(issuer)
               .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    if ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                                      key_encipherment=False, data_encipherment=False, key_agreement=False,
                                                      encipher_only=False, decipher_only=False), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def main():
    folder = sys.argv[1]
    now = datetime.datetime.now(datetime.timezone.utc)
    year = datetime.timedelta(days=365)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate(ca_key, "outreach test CA", ca_key, name("outreach test CA"), None, now - year, now + year, ca=True)
    write(f"{folder}/ca", ca_key, ca)
    local = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    for label, sans, start, end in [
        ("good", local, now - year, now + year),
        ("wronghost", [x509.DNSName("mail.example.net")], now - year, now + year),
        ("expired", local, datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc), datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc)),
    ]:
        key = ec.generate_private_key(ec.SECP256R1())
        write(f"{folder}/{label}", key, certificate(key, label, ca_key, ca.subject, sans, start, end))
    key = ec.generate_private_key(ec.SECP256R1())
    write(f"{folder}/selfsigned", key, certificate(key, "localhost", key, name("localhost"), local, now - year, now + year))


if __name__ == "__main__":
    main()
