import { z } from 'zod';
import { defineAction } from './types';
import { words } from '../../words';

/** Tell the rep, outside the page they are on. Nothing to undo. */
export const notify = defineAction({
  kind: 'notify',
  label: 'notify me',
  params: z.object({ title: z.string().min(1).max(100), message: z.string().max(500).default('') }),
  external: true,
  async run({ ports }, { title, message }) {
    await ports.notify(title, message);
    return { result: 'ok', detail: `notified: ${title}`, detailWords: words('audit_notified', { title }) };
  },
});
