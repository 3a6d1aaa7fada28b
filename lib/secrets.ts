import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import { SETTINGS_KEY, type KeyValuePort } from './settings';

// Secrets (CRM tokens, the AI provider's API key) live in the extension's own IndexedDB, which only extension
// pages and the background can open: a content script's IndexedDB is the web page's (Gmail's, the CRM's).
// storage.local, by contrast, is handed to content scripts too. A database of their own, beside the main one,
// keeps secrets out of every export, import and dump of the main database, and out of its schema versions.

export const SECRETS_DB_NAME = 'followthrough-secrets';
/** The AI provider's API key, split out of the settings object (which stays in storage.local). */
export const AI_KEY_SECRET = 'aiApiKey';

const SecretRow = z.object({ key: z.string().min(1).max(100), value: z.unknown(), updatedAt: z.number().int().nonnegative() });
type SecretRow = z.infer<typeof SecretRow>;

export class SecretsDb extends Dexie {
  secrets!: Table<SecretRow, string>;
  constructor(name: string = SECRETS_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ secrets: 'key' });
  }
}

/** A key-value area in the secrets database; the same port the stores above it already take. */
export class SecretStore implements KeyValuePort {
  constructor(
    private readonly db: SecretsDb,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<unknown> {
    const row = SecretRow.safeParse(await this.db.secrets.get(key));
    return row.success ? row.data.value : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    if (value === undefined) return this.remove(key);
    await this.db.secrets.put(SecretRow.parse({ key, value, updatedAt: this.now() }));
  }

  async remove(key: string): Promise<void> {
    await this.db.secrets.delete(key);
  }

  async keys(): Promise<string[]> {
    return (await this.db.secrets.toCollection().primaryKeys()).map(String);
  }

  /** Delete all data: every secret, gone. */
  async clear(): Promise<number> {
    const count = await this.db.secrets.count();
    await this.db.secrets.clear();
    return count;
  }
}

/** storage.local (or any area) with removal, for moving what earlier builds stored there. */
export interface LegacyArea extends KeyValuePort {
  remove(key: string): Promise<void>;
}

/**
 * One secret key read through the secret store, taking over what an earlier build (or anything else) left
 * under the same key in storage.local: it is moved on the first read that finds it, so a token never stays
 * where content scripts can read it.
 */
export function secretArea(secrets: SecretStore, legacy: LegacyArea): KeyValuePort {
  return {
    async get(key) {
      const old = await legacy.get(key);
      if (old !== undefined) {
        await secrets.set(key, old);
        await legacy.remove(key);
        return old;
      }
      return secrets.get(key);
    },
    async set(key, value) {
      await secrets.set(key, value);
      // A write is newer than anything left behind.
      if ((await legacy.get(key)) !== undefined) await legacy.remove(key);
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The settings area with the AI provider's key split off: settings stay in storage.local (extension pages read
 * them), the key goes to the secret store. Reads join them again, so everything above sees `ai.apiKey` as
 * before; a write without a key removes it (that is how the rep clears it). A key found in storage.local (an
 * earlier build stored it inside the settings) is moved on the first read.
 */
export function settingsWithSecretKey(local: KeyValuePort, secrets: SecretStore): KeyValuePort {
  const split = (value: unknown): { rest: unknown; key: string | undefined } => {
    if (!isRecord(value) || !isRecord(value.ai)) return { rest: value, key: undefined };
    const { apiKey, ...ai } = value.ai;
    return { rest: { ...value, ai }, key: typeof apiKey === 'string' && apiKey ? apiKey : undefined };
  };
  return {
    async get(key) {
      const stored = await local.get(key);
      if (key !== SETTINGS_KEY) return stored;
      const { rest, key: leftBehind } = split(stored);
      if (leftBehind !== undefined) {
        await secrets.set(AI_KEY_SECRET, leftBehind);
        await local.set(key, rest);
      }
      const apiKey = await secrets.get(AI_KEY_SECRET);
      if (!isRecord(rest) || typeof apiKey !== 'string') return rest;
      return { ...rest, ai: { ...(isRecord(rest.ai) ? rest.ai : {}), apiKey } };
    },
    async set(key, value) {
      if (key !== SETTINGS_KEY) return local.set(key, value);
      const { rest, key: apiKey } = split(value);
      // The secret first: a settings write that lands without its key would otherwise lose it.
      if (isRecord(value) && isRecord(value.ai)) await secrets.set(AI_KEY_SECRET, apiKey);
      await local.set(key, rest);
    },
  };
}
