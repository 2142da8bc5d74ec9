/** Pretty JSON (or the raw text when it is not JSON) in a scrollable block. */
export function JsonView({ value, label, testId }: { value: unknown; label: string; testId?: string }) {
  let text: string;
  if (typeof value === "string") {
    try {
      text = JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      text = value;
    }
  } else {
    text = JSON.stringify(value, null, 2) ?? "null";
  }
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      className="max-h-96 overflow-auto rounded-lg border border-white/10 bg-ink-950 p-3 font-mono text-xs leading-relaxed text-zinc-300"
    >
      {text}
    </pre>
  );
}
