import type { InputHTMLAttributes } from "react";

type LabelledInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className"> & { id: string; label: string };

/** A label above a full-width input, the one field style of the sign-in forms. */
export function LabelledInput({ id, label, ...input }: LabelledInputProps) {
  return (
    <div>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-zinc-200">
        {label}
      </label>
      <input
        id={id}
        {...input}
        className="w-full rounded-lg border border-white/10 bg-ink-900 px-3 py-2.5 text-zinc-100 placeholder:text-zinc-500 focus:border-accent-400"
      />
    </div>
  );
}
