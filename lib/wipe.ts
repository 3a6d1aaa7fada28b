import type { SecretStore } from './secrets';

// "Delete all data" beyond the main database: the secrets, every key in extension storage (settings, sync
// cursors, what earlier builds left behind) and the optional permissions the rep granted (CRM APIs and web
// apps, AI endpoints, the sign-in window). Afterwards Followthrough is as it was on the day it was installed.

export interface PermissionSet {
  origins?: string[];
  permissions?: string[];
}

export interface WipePorts {
  secrets: SecretStore;
  /** storage.local, storage.session: each emptied whole. */
  areas: { clear(): Promise<void> }[];
  permissions: {
    getAll(): Promise<PermissionSet>;
    remove(set: PermissionSet): Promise<boolean>;
  };
  /** What the manifest grants at install (never removable): host patterns and API permissions. */
  required: PermissionSet;
  log?: (message: string) => void;
}

export interface Wiped {
  secrets: number;
  origins: string[];
  permissions: string[];
}

/** Split an MV2 `permissions` list (hosts and API names together) the way MV3 keeps them. */
export function manifestPermissions(manifest: { permissions?: unknown[]; host_permissions?: unknown[] }): PermissionSet {
  const all = [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])].filter((p): p is string => typeof p === 'string');
  const isOrigin = (p: string) => p.includes('://') || p === '<all_urls>';
  return { origins: all.filter(isOrigin), permissions: all.filter((p) => !isOrigin(p)) };
}

export async function wipeBrowserData(ports: WipePorts): Promise<Wiped> {
  const secrets = await ports.secrets.clear();
  for (const area of ports.areas) await area.clear();
  const granted = await ports.permissions.getAll();
  const requiredOrigins = new Set(ports.required.origins ?? []);
  const requiredPermissions = new Set(ports.required.permissions ?? []);
  const removed: Wiped = { secrets, origins: [], permissions: [] };
  // One at a time: a browser that counts some origin as required (content-script hosts) refuses the whole
  // call otherwise, and the rest would stay granted.
  for (const origin of granted.origins ?? []) {
    if (requiredOrigins.has(origin)) continue;
    if (await ports.permissions.remove({ origins: [origin] }).catch(() => false)) removed.origins.push(origin);
    else ports.log?.(`could not remove host access ${origin}`);
  }
  for (const permission of granted.permissions ?? []) {
    if (requiredPermissions.has(permission)) continue;
    if (await ports.permissions.remove({ permissions: [permission] }).catch(() => false)) removed.permissions.push(permission);
  }
  return removed;
}
