import { z } from 'zod';

// Import first in every entrypoint. Extension pages, the background and content scripts all forbid eval by
// CSP; zod probes `new Function` once to decide whether to compile parsers, and the refused probe is logged
// as a CSP error in every page (seen in Firefox ESR 153). Without the probe zod parses the same way.
z.config({ jitless: true });
