import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { LibraryState, TemplateRowView } from '@/lib/ui/library-store';
import { FormActions, FormError } from './FormActions';

function TemplateEditor({ template, onSave, onCancel }: { template?: TemplateRowView; onSave: LibraryState['saveTemplate']; onCancel: () => void }) {
  const [name, setName] = useState(template?.name ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <form
      className="card editor"
      aria-label={template ? `Edit template ${template.name}` : 'New template'}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ id: template?.id, name, body, kind: template?.kind ?? 'template', intents: template?.intents ?? [] }).then((problem) => (problem ? setError(problem) : onCancel()));
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Text</label>
        <textarea id={`${id}-body`} rows={8} value={body} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(e) => setBody(e.currentTarget.value)} />
      </div>
      <FormError id={`${id}-error`} error={error} />
      <FormActions save="Save template" onCancel={onCancel} />
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
  if (!templates) return error ? <p className="error">{error}</p> : <p className="muted">Loading templates…</p>;
  const shown = templates.templates.filter((t) => !t.hidden);
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">Templates</h1>
      <p className="muted">The replies Followthrough suggests start from these. Merge fields fill in from the contact and thread.</p>
      {(notice || error) && (
        <p role="status" className={error ? 'error' : 'muted'}>
          {error ?? notice}
        </p>
      )}
      <details>
        <summary>Merge fields you can use</summary>
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
          New template
        </button>
      </div>
      {editing === 'new' && <TemplateEditor onSave={saveTemplate} onCancel={() => setEditing(null)} />}
      <ul aria-label="Templates" data-testid="templates">
        {shown.map((t) =>
          editing === t.id ? (
            <li key={t.id}>
              <TemplateEditor template={t} onSave={saveTemplate} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={t.id} className="card" data-testid="template">
              <div className="row">
                <strong className="wrap">{t.name}</strong>
                <span className="chip">{t.builtIn ? (t.edited ? 'edited' : 'built in') : t.kind}</span>
              </div>
              <p className="muted small wrap template-body">{t.body}</p>
              <div className="actions">
                <button type="button" aria-label={`Edit: ${t.name}`} onClick={() => setEditing(t.id)}>
                  Edit
                </button>
                {t.builtIn && t.edited && (
                  <button type="button" aria-label={`Reset to default: ${t.name}`} onClick={() => void resetTemplate(t.id)}>
                    Reset to default
                  </button>
                )}
                <button type="button" aria-label={`Remove: ${t.name}`} onClick={() => void deleteTemplate(t.id)}>
                  Remove
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
