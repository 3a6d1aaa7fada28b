import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { LibraryState, TemplateRowView } from '@/lib/ui/library-store';
import { FormActions, FormError } from './FormActions';
import { t } from '@/lib/i18n';

function TemplateEditor({ template, onSave, onCancel }: { template?: TemplateRowView; onSave: LibraryState['saveTemplate']; onCancel: () => void }) {
  const [name, setName] = useState(template?.name ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <form
      className="card editor"
      aria-label={template ? t('templatesTab_edit_template_name', { name: template.name }) : t('templatesTab_new_template')}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ id: template?.id, name, body, kind: template?.kind ?? 'template', intents: template?.intents ?? [] }).then((problem) => (problem ? setError(problem) : onCancel()));
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('templatesTab_name')}</label>
        <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('templatesTab_text')}</label>
        <textarea id={`${id}-body`} rows={8} value={body} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => setBody(e.currentTarget.value)} />
      </div>
      <FormError id={`${id}-error`} error={error} />
      <FormActions save={t('templatesTab_save_template')} onCancel={onCancel} />
    </form>
  );
}

/** Reply templates and snippets: edit with merge fields checked, reset a shipped one, remove one. */
export function TemplatesTab({ store }: { store: StoreApi<LibraryState> }) {
  const { templates, notice, error, loadTemplates, saveTemplate, resetTemplate, deleteTemplate } = useStore(store);
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    void loadTemplates();
  }, [loadTemplates]);
  if (!templates) return error ? <p className="error">{error}</p> : <p className="muted">{t('templatesTab_loading_templates')}</p>;
  const shown = templates.templates.filter((t) => !t.hidden);
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">{t('templatesTab_templates')}</h1>
      <p className="muted">{t('templatesTab_the_replies_followthrough_suggests_start')}</p>
      {(notice || error) && (
        <p role="status" className={error ? 'error' : 'muted'}>
          {error ?? notice}
        </p>
      )}
      <details>
        <summary>{t('templatesTab_merge_fields_you_can_use')}</summary>
        <ul className="bullets">
          {templates.variables.map((v) => (
            <li key={v.name}>
              <code>{`{{${v.name}}}`}</code> <span className="muted">{v.description}</span>
            </li>
          ))}
        </ul>
      </details>
      <div className="actions">
        <button type="button" onClick={() => setEditing('new')}>
          {t('templatesTab_new_template')}</button>
      </div>
      {editing === 'new' && <TemplateEditor onSave={saveTemplate} onCancel={() => setEditing(null)} />}
      <ul aria-label={t('templatesTab_templates')} data-testid="templates">
        {shown.map((tpl) =>
          editing === tpl.id ? (
            <li key={tpl.id}>
              <TemplateEditor template={tpl} onSave={saveTemplate} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={tpl.id} className="card" data-testid="template">
              <div className="row">
                <strong className="wrap">{tpl.name}</strong>
                <span className="chip">{tpl.builtIn ? (tpl.edited ? t('templatesTab_edited') : t('templatesTab_built_in')) : tpl.kind}</span>
              </div>
              <p className="muted small wrap template-body">{tpl.body}</p>
              <div className="actions">
                <button type="button" aria-label={t('templatesTab_edit_name', { name: tpl.name })} onClick={() => setEditing(tpl.id)}>
                  {t('templatesTab_edit')}</button>
                {tpl.builtIn && tpl.edited && (
                  <button type="button" aria-label={t('templatesTab_reset_to_default_name', { name: tpl.name })} onClick={() => void resetTemplate(tpl.id)}>
                    {t('templatesTab_reset_to_default')}</button>
                )}
                <button type="button" aria-label={t('templatesTab_remove_name', { name: tpl.name })} onClick={() => void deleteTemplate(tpl.id)}>
                  {t('templatesTab_remove')}</button>
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
