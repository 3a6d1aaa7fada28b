export * from './schema';
export { SequenceCalendar, isKnownCountry, inWindow, nextSendTime, windowOn } from './calendar';
export { classifyInbound, isPersonsReply, type InboundKind, type InboundVerdict } from './inbound';
export { decide, mayInsert, mailboxKey, OOO_DEFAULT_DAYS, OOO_ASK_BEYOND_DAYS, type DecideInput } from './decide';
export { DEFAULT_LIMITS, checkSend, capsHold, planSlots, planAfterVacation, vacationEnds, type SafetyLimits, type Touch, type DueStep, type Slot } from './safety';
export { applyEdit, changedSteps, editSequence, reach, type Reach } from './versions';
