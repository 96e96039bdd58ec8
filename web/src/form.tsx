import type { ComponentChildren } from 'preact';

/** A labelled multiple choice list; its value is the chosen ids. */
export function MultiSelect({
  label,
  options,
  value,
  onChange,
  hint,
}: {
  label: string;
  options: { id: string; name: string }[];
  value: string[];
  onChange: (ids: string[]) => void;
  hint?: string;
}) {
  return (
    <label>
      {label}
      <select
        multiple
        size={Math.min(6, options.length)}
        onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id} selected={value.includes(o.id)}>
            {o.name}
          </option>
        ))}
      </select>
      {hint && <span class="muted small">{hint}</span>}
    </label>
  );
}

export function Field({ label, children, hint }: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label>
      {label}
      {children}
      {hint && <span class="muted small">{hint}</span>}
    </label>
  );
}
