import { getCACertificates } from "node:tls";

/**
 * The certificate authorities a connection to ConductorOne trusts: Node's bundled ones plus
 * NODE_EXTRA_CA_CERTS (the "default" set) and the operating system's store (a corporate CA installed
 * there, as Go's crypto/x509 would use), without duplicates.
 */
export const trustedCertificates = (): string[] => [
  ...new Set([...getCACertificates("default"), ...getCACertificates("system")]),
];
