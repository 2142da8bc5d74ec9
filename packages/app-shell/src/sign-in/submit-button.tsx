import type { ReactNode } from "react";

export function SubmitButton({ children }: { children: ReactNode }) {
  return (
    <button type="submit" className="w-full rounded-lg bg-accent-600 px-4 py-2.5 font-medium text-white hover:bg-accent-500">
      {children}
    </button>
  );
}
