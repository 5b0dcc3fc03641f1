import { webcrypto } from "node:crypto";

/** A throwaway CA and a server certificate it signed, all PEM. */
export interface TlsCertificates {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNING = { name: "ECDSA", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A CA made now (ECDSA P-256) and a leaf for `127.0.0.1` and `localhost` signed by it, valid from a day ago (clock
 * skew) for a week. A client trusts the CA the way it would trust a corporate one, so the TLS path is the real one:
 * no `rejectUnauthorized: false` anywhere.
 */
export async function makeTlsCertificates(): Promise<TlsCertificates> {
  const x509 = await loadX509();
  // Node's WebCrypto, typed as the Crypto @peculiar/x509 declares (the same API, separate type declarations).
  const crypto = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1] &
    typeof webcrypto;
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + 7 * DAY_MS);

  const caKeys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: "CN=baton-ts fake ConductorOne CA",
      keys: caKeys,
      notBefore,
      notAfter,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const leafKeys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const leaf = await x509.X509CertificateGenerator.create(
    {
      subject: "CN=127.0.0.1",
      issuer: ca.subject,
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      notBefore,
      notAfter,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          [
            { type: "ip", value: "127.0.0.1" },
            { type: "dns", value: "localhost" },
          ],
          false,
        ),
        await x509.AuthorityKeyIdentifierExtension.create(ca, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const pkcs8 = await crypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
  return {
    caPem: ca.toString("pem"),
    certPem: leaf.toString("pem"),
    keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
  };
}

/**
 * @peculiar/x509 resolves its services through tsyringe, which throws at load time unless a Reflect metadata
 * polyfill was loaded first. Loading both here, in that order and only when a fake starts, keeps the polyfill
 * and the ASN.1 code out of every test that imports the testing kit without starting a fake.
 */
async function loadX509(): Promise<typeof import("@peculiar/x509")> {
  await import("reflect-metadata");
  return import("@peculiar/x509");
}
