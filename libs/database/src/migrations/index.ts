import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { IntakeJournal1764100000000 } from './1764100000000-intake-journal.js';
import { DecisionLogLeanIndexes1765100000000 } from './1765100000000-decision-log-lean-indexes.js';
import { DecisionLogAnyStudent1765200000000 } from './1765200000000-decision-log-any-student.js';
import { SectionWaitlist1765300000000 } from './1765300000000-section-waitlist.js';

/** Every migration in order. Classes, not globs, so the same list works from TS source and from dist. */
export const MIGRATIONS = [InitialSchema1764000000000, IntakeJournal1764100000000, DecisionLogLeanIndexes1765100000000, DecisionLogAnyStudent1765200000000, SectionWaitlist1765300000000];
