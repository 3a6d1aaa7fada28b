import type { z } from 'zod';
import { issueWords, placeWords } from '../issue-words';
import { t } from '../i18n';
import { say } from '../say';

/** Why a schema refused a value, in the rep's language (lib/issue-words.ts); zod's English when it has no words. */
export const sayIssue = (issue: z.core.$ZodIssue): string => say(issueWords(issue), issue.message);

/** Every issue, each after where it sits when the rep can tell (lib/issue-words.ts `placeWords`), never its raw path. */
export const sayIssues = (issues: readonly z.core.$ZodIssue[], join = '; '): string =>
  issues
    .map((i) => {
      const place = placeWords(i.path);
      return place ? t('issue_at', { path: say(place), issue: sayIssue(i) }) : sayIssue(i);
    })
    .join(join);
