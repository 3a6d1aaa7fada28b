import type { z } from 'zod';
import { issueWords } from '../issue-words';
import { say } from '../say';

/** Why a schema refused a value, in the rep's language (lib/issue-words.ts); zod's English when it has no words. */
export const sayIssue = (issue: z.core.$ZodIssue): string => say(issueWords(issue), issue.message);

/** Every issue, each after the field it is about ("workingHours.end: …"). */
export const sayIssues = (issues: readonly z.core.$ZodIssue[], join = '; '): string => issues.map((i) => (i.path.length ? `${i.path.join(' ')}: ${sayIssue(i)}` : sayIssue(i))).join(join);
