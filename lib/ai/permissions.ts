// An OpenAI-compatible endpoint is reached only with the rep's permission for its exact origin, asked for when
// the rep saves it (manifest: optional_host_permissions). Chrome match patterns ignore the port, so the
// pattern names scheme and host.

export interface PermissionsPort {
  contains(origins: string[]): Promise<boolean>;
  request(origins: string[]): Promise<boolean>;
}

/** `http://localhost:11434/v1` → `http://localhost/*`. */
export function originPattern(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) endpoint: ${endpoint}`);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Ask for the endpoint's origin. Must run in an extension page during the rep's click (a user gesture), before
 * the settings are saved. Resolves true when the permission is held.
 */
export async function requestEndpointPermission(permissions: PermissionsPort, endpoint: string): Promise<boolean> {
  const pattern = originPattern(endpoint);
  if (await permissions.contains([pattern])) return true;
  return permissions.request([pattern]);
}
