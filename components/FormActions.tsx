import { t } from '@/lib/i18n';
/** A form's error, read out when it appears (`id` lets a field point at it with aria-describedby). */
export function FormError({ error, id }: { error?: string | null; id?: string }) {
  if (!error) return null;
  return (
    <p id={id} className="error" role="alert">
      {error}
    </p>
  );
}

/** Every editing form ends the same way: its one primary Save, and Cancel. */
export function FormActions({ save, onCancel }: { save: string; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary">
        {save}
      </button>
      <button type="button" onClick={onCancel}>
        {t('formActions_cancel')}</button>
    </div>
  );
}
