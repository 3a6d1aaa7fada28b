import type { z } from 'zod';
import type { MessageKey } from './i18n';
import { listWords, words, wordsOf, type Words } from './words';

// Why a value was refused by a schema (the settings, the meetings settings), in words the surface says in the
// rep's language. A schema's own message is written through `issue()`, which keeps its words beside the English
// (the English stays the zod message, for the background's errors and logs); zod's built-in checks are worded
// by their code and limits. test/unit/i18n-hardcoded.test.ts fails on a schema message written without words.

const KEYS = new Map<string, MessageKey>();

/** A schema's own message: the English, remembered with the message key the rep reads for it. */
export function issue(english: string, key: MessageKey): string {
  KEYS.set(english, key);
  return english;
}

/** Fields a rep fills in by these names, wherever they sit in what was refused. */
const FIELD_KEYS: Record<string, MessageKey> = {
  name: 'issueField_name',
  email: 'issueField_email',
  subject: 'issueField_subject',
  body: 'issueField_body',
  description: 'issueField_description',
  timeZone: 'issueField_time_zone',
};

/**
 * Where a refused value sits, in the rep's words: the rule's condition or action, the sequence's step, the field by
 * the name the form gives it ("Bedingung 2", "Schritt 1, Betreff"). Undefined for a path of our code's names only
 * (`conditions.0.params.in.1` says "Bedingung 1": the parameter's name is not the rep's), which the rep does not see;
 * the English line (`describeRowIssues`, the rule's issue path) keeps the raw path for logs.
 */
export function placeWords(path: readonly PropertyKey[] | string): Words | undefined {
  const parts = (typeof path === 'string' ? (path ? path.split('.') : []) : path.map(String)).map(String);
  const at = (i: number) => (/^\d+$/.test(parts[i] ?? '') ? Number(parts[i]) + 1 : undefined);
  const head = parts[0];
  const n = at(1);
  const place =
    n === undefined ? undefined : head === 'conditions' ? words('rulesTab_condition_i', { i: n }) : head === 'actions' ? words('rulesTab_action_i', { i: n }) : head === 'steps' ? words('issuePlace_step', { n }) : undefined;
  // A rule's parameters are named by our code: the place alone says where.
  const rest = place ? parts.slice(2) : parts;
  const fieldKey = rest[0] === 'params' ? undefined : [...rest].reverse().map((p) => FIELD_KEYS[p]).find(Boolean);
  const field = fieldKey ? { key: fieldKey } : undefined;
  return place && field ? words('issuePlace_field', { place, field }) : (place ?? field);
}

/** A refused row's or payload's issues as one line of words, each after where it sits when the rep can tell ("Schritt 1, Betreff: …; …"). */
export function issuesWords(found: readonly z.core.$ZodIssue[], limit = 4): Words {
  const each = found.map((i) => {
    const place = placeWords(i.path);
    return place ? words('issue_at', { path: place, issue: issueWords(i) }) : issueWords(i);
  });
  return listWords(each, limit) ?? words('issue_invalid');
}

/** The first issue of a refused value as words ("" when there is none), for a line that names one. */
export const firstIssueWords = (found: readonly z.core.$ZodIssue[]): Words | string => (found[0] ? issueWords(found[0]) : '');

/** A refused value's issue as words. */
export function issueWords(found: z.core.$ZodIssue): Words {
  const own = KEYS.get(found.message);
  if (own) return { key: own };
  // A message made from the value (`unknown time zone "Mars/Base"`) carries its words in the issue's params.
  const made = found.code === 'custom' ? wordsOf((found.params as { words?: unknown } | undefined)?.words) : undefined;
  if (made) return made;
  switch (found.code) {
    case 'too_small':
    case 'too_big': {
      const limit = Number(found.code === 'too_small' ? found.minimum : found.maximum);
      const small = found.code === 'too_small';
      if (found.origin === 'array' || found.origin === 'set') return words(small ? 'issue_min_items' : 'issue_max_items', { count: limit });
      if (found.origin === 'string') return words(small ? 'issue_min_chars' : 'issue_max_chars', { count: limit });
      return words(small ? 'issue_min' : 'issue_max', { limit });
    }
    case 'invalid_format':
      return found.format === 'email' ? words('issue_email') : found.format === 'url' ? words('issue_url') : found.format === 'date' ? words('issue_date') : words('issue_format');
    case 'invalid_type':
      return found.expected === 'number' || found.expected === 'int' ? words('issue_number') : words('issue_invalid');
    case 'invalid_value':
      return words('issue_choice');
    default:
      return words('issue_invalid');
  }
}
