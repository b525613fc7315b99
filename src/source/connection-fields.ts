// Checks of the connection fields that the spec's JSON schema does not express (the spec stays
// compatible with the released one: narrowing it would break configs that Airbyte already
// validated against it; see the note above connectionSpecification in spec.ts).
// Without them a bad domain or secret fails deep in the HTTP layer as a system error.
import { isIP } from 'node:net';

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Why `domain` is not a host name, an IPv4 address or a bracketed IPv6 address; undefined when it is one. */
export function domainProblem(domain: string): string | undefined {
  const hint = 'set it to the host name of the Fauna endpoint alone, e.g. db.fauna.com or localhost';
  if (domain === '') return `it is empty; ${hint}`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain))
    return `'${domain}' starts with a scheme (the scheme has its own field); ${hint}`;
  if (/\s/.test(domain)) return `'${domain}' contains a space or line break; ${hint}`;
  if (domain.includes('/')) return `'${domain}' contains a path; ${hint}`;
  if (domain.startsWith('[') && domain.endsWith(']')) {
    return isIP(domain.slice(1, -1)) === 6 ? undefined : `'${domain}' is not an IPv6 address in brackets; ${hint}`;
  }
  if (isIP(domain) === 6) return `'${domain}' is an IPv6 address: write it in brackets, e.g. [${domain}]`;
  if (/:\d*$/.test(domain)) return `'${domain}' ends with a port (the port has its own field); ${hint}`;
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (isIP(name) === 4) return undefined;
  if (name.length > 253 || !name.split('.').every((label) => LABEL.test(label))) {
    return `'${domain}' is not a host name (letters, digits and hyphens, in labels separated by dots); ${hint}`;
  }
  return undefined;
}

/** Why `secret` cannot be a Fauna key's secret; undefined when it can. Never quotes the secret. */
export function secretProblem(secret: string): string | undefined {
  if (secret === '') return 'it is empty; paste the secret of a Fauna key (a read-only role is enough)';
  if (/^\s|\s$/.test(secret)) return "it starts or ends with a space or line break; paste the key's secret alone";
  // Sent in an HTTP header: only visible ASCII can travel there (Fauna secrets are base64-like).
  if (!/^[\x21-\x7e]+$/.test(secret))
    return "it contains a space, a control character or a non-ASCII character that no Fauna secret has; paste the key's secret alone";
  return undefined;
}

/** Why `port` is not a TCP port; undefined when it is one. */
export function portProblem(port: number): string | undefined {
  const hint = "a TCP port, 1 to 65535 (Fauna's cloud listens on 443, the local server on the port it prints)";
  if (port < 1) return `must be >= 1: ${hint}`;
  if (port > 65535) return `must be <= 65535: ${hint}`;
  return undefined;
}

/** Why `scheme` is not one the connector speaks; undefined when it is. */
export function schemeProblem(scheme: string): string | undefined {
  if (scheme === 'https' || scheme === 'http') return undefined;
  return 'must be one of "https", "http": https for Fauna\'s cloud or any TLS endpoint, http for a local server without TLS';
}
