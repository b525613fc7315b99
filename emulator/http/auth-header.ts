/**
 * The secret carried by an `Authorization` header, as Fauna's core reads it: `Bearer <secret>`, or
 * `Basic base64(<secret>[:])` (the Python driver and curl send the secret as the user name with an
 * empty password). Undefined when the header is absent or not one of these forms, so the engine
 * answers 401 exactly as for a missing secret.
 */
export function secretFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(\w+)\s+(.+)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, scheme, credentials] = match as unknown as [string, string, string];
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return credentials;
    case 'basic': {
      if (!/^[A-Za-z0-9+/_-]+=*$/.test(credentials)) return undefined;
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const secret = decoded.endsWith(':') ? decoded.slice(0, -1) : decoded;
      return secret === '' ? undefined : secret;
    }
    default:
      return undefined;
  }
}
