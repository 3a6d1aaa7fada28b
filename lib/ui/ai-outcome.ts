import { t, type MessageKey } from '../i18n';
import type { AiLogRow } from '../records';

/** How an AI call ended, as the AI log's chip and table say it (the row stores the code). */
const OUTCOME_KEYS = { ok: 'aiOutcome_ok', fallback: 'aiOutcome_fallback', cancelled: 'aiOutcome_cancelled', refused: 'aiOutcome_refused' } as const satisfies Record<AiLogRow['outcome'], MessageKey>;

export const sayAiOutcome = (outcome: AiLogRow['outcome']): string => t(OUTCOME_KEYS[outcome]);
